import { writeFileSync } from 'node:fs';
import { loadRegister, renderRulesDoc, rulesDocPath, testsNaming } from './rules-register-doc.ts';

/** `npm run docs:rules`: writes docs/rules.md from the register of rules. */
const root = process.cwd();
const rules = await loadRegister(root);
writeFileSync(rulesDocPath, renderRulesDoc(rules, testsNaming(root)));
console.log(`${rulesDocPath}: ${rules.length} rules`);
