export interface LegalRule {
  id: string;
  title: string;
  source: string;
  enforcedBy: { file: string; fn: string };
  effective: { from: string; to?: string };
}
export const defineRules = (module: string, rules: LegalRule[]) => rules.map((r) => ({ ...r, module }));
