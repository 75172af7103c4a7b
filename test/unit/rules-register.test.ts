import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRegister, renderRulesDoc, rulesDocPath, testsNaming } from '../../scripts/rules-register-doc.ts';

/** The register of rules (#16): every declared rule is enforced where it says, proven by a test, and documented. */
const root = process.cwd();
const rules = await loadRegister(root);
const tests = testsNaming(root);

const defines = (source: string, fn: string) =>
  new RegExp(
    `(function\\*?\\s+${fn}\\b|\\b(const|let)\\s+${fn}\\b|\\basync\\s+${fn}\\s*\\(|^\\s+${fn}\\s*[(:]|\\b${fn}\\s*[:=]\\s*(async\\s*)?\\()`,
    'm',
  ).test(source);

describe('register of rules', () => {
  it('declares rules, each id once, named <module>.<kebab-name>', () => {
    expect(rules.length).toBeGreaterThan(20);
    const ids = rules.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const r of rules) expect(r.id, r.id).toMatch(new RegExp(`^${r.module}\\.[a-z0-9]+(-[a-z0-9]+)*$`));
  });

  it('every rule names a legal source, an effective date and a function its file defines', () => {
    const problems: string[] = [];
    for (const r of rules) {
      if (r.source.trim().length < 4) problems.push(`${r.id}: no source`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(r.effective.from)) problems.push(`${r.id}: effective.from`);
      const file = join(root, r.enforcedBy.file);
      if (!existsSync(file)) problems.push(`${r.id}: ${r.enforcedBy.file} does not exist`);
      else if (!defines(readFileSync(file, 'utf8'), r.enforcedBy.fn))
        problems.push(`${r.id}: ${r.enforcedBy.fn} not defined in ${r.enforcedBy.file}`);
    }
    expect(problems).toEqual([]);
  });

  it('every rule has a test that names it, and every test names a declared rule', () => {
    const declared = new Set(rules.map((r) => r.id));
    expect(rules.filter((r) => !tests.has(r.id)).map((r) => r.id)).toEqual([]);
    expect([...tests.keys()].filter((id) => !declared.has(id))).toEqual([]);
  });

  it('docs/rules.md is generated from the register (npm run docs:rules)', () => {
    expect(readFileSync(join(root, rulesDocPath), 'utf8')).toBe(renderRulesDoc(rules, tests));
  });
});
