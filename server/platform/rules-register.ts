/**
 * The register of rules (#16): every legal rule the code enforces is declared once, in its module's
 * `<module>.legal.ts`, with its legal source, the function that enforces it and its effective dates.
 * `docs/rules.md` is generated from these declarations (`npm run docs:rules`), and a unit test fails when a
 * declared rule names a function that is not in its file, has no test naming `[rule:<id>]`, or when the
 * document is stale.
 */
export interface LegalRule {
  /** `<module>.<kebab-name>`, named by the tests that prove it as `[rule:<id>]`. */
  id: string;
  /** What the rule says, in Chinese first. */
  title: string;
  /** The legal source: 法规名 第N条 / 财库〔YYYY〕NN号. */
  source: string;
  /** Where it is enforced: a source file and a function (or const) defined in it. */
  enforcedBy: { file: string; fn: string };
  /** In force from (and, for a superseded value, until) — ISO dates. */
  effective: { from: string; to?: string };
  /** What was recalled rather than read from the source and still needs checking against it. */
  verify?: string;
}

export type DeclaredRule = LegalRule & { module: string };

export const defineRules = (module: string, rules: LegalRule[]): DeclaredRule[] => rules.map((r) => ({ ...r, module }));
