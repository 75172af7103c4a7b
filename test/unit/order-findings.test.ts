import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findingBasisDocs,
  findingCodes,
  findingPolicies,
  findingTextKey,
  findingTextKeys,
  findingVariants,
} from '../../contracts/orders.findings.ts';
import en from '../../web/src/app/i18n/en.ts';
import zhCN from '../../web/src/app/i18n/zh-CN.ts';

/**
 * The storefront words every policy finding the cart and checkout can produce, in both languages (#21
 * item 9): each finding the server writes (`code: '…', level: …`) is listed in contracts/orders.findings.ts,
 * and both catalogues have its text and the documents it cites. Pure: reads the sources.
 */
const serverDir = join(import.meta.dirname, '../../server');
const sources = readdirSync(serverDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(serverDir, f), 'utf8'));

/** A finding literal: its code, then its level (`code: 'stock',\n level: 'block'`). */
const findingLiteral = /\bcode:\s*'([a-z_]+)'(?:\s+as const)?,\s*level:/g;
const emitted = new Set(sources.flatMap((s) => [...s.matchAll(findingLiteral)].map((m) => m[1]!)));
/** In the files that write findings: the cases (`variant: 'short'`) and cited documents (`doc: 'mallRules'`). */
const writers = sources.filter((s) => new RegExp(findingLiteral.source).test(s));
const variants = new Set(writers.flatMap((s) => [...s.matchAll(/\bvariant:\s*'([a-z_]+)'/g)].map((m) => m[1]!)));
const policies = new Set(writers.flatMap((s) => [...s.matchAll(/(?:\bpolicy: |ruleParams\([^,]+, )'([A-Za-z]+)'/g)].map((m) => m[1]!)));
const docs = new Set(writers.flatMap((s) => [...s.matchAll(/\bdoc:\s*'([A-Za-z0-9]+)'/g)].map((m) => m[1]!)));

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('policy findings in both languages', () => {
  it('lists every finding code the server writes, and writes every listed code', () => {
    expect(emitted.size).toBeGreaterThan(10);
    expect([...emitted].sort()).toEqual([...findingCodes].sort());
  });

  it('lists each case a finding is written with, and every reason a supplier can be ineligible for', () => {
    const listed = new Set(Object.values(findingVariants).flat());
    expect(variants.size).toBeGreaterThan(2);
    for (const v of variants) expect(listed, `variant '${v}'`).toContain(v);
    const credit = readFileSync(join(serverDir, 'modules/credit/credit.eligibility.ts'), 'utf8');
    const reasons = /interface EligibilityReason \{\s*code: ([^;]+);/
      .exec(credit)![1]!
      .match(/'([a-z_]+)'/g)!
      .map((c) => c.slice(1, -1));
    expect([...findingVariants.supplier_ineligible].sort()).toEqual(reasons.sort());
  });

  it('words each code and case in zh-CN and en, with the same facts', () => {
    const zh = zhCN.orders.findingText as Record<string, string>;
    const english = en.orders.findingText as Record<string, string>;
    for (const key of findingTextKeys) {
      expect(zh[key], `zh-CN orders.findingText.${key}`).toBeTruthy();
      expect(english[key], `en orders.findingText.${key}`).toBeTruthy();
      expect(placeholders(english[key]!), key).toEqual(placeholders(zh[key]!));
    }
  });

  it('names each cited document in zh-CN and en', () => {
    expect(docs.size).toBeGreaterThan(5);
    for (const d of docs) expect(findingBasisDocs as readonly string[], `doc '${d}'`).toContain(d);
    const zh = zhCN.orders.findingBasis as unknown as Record<string, string>;
    const english = en.orders.findingBasis as unknown as Record<string, string>;
    for (const d of findingBasisDocs) {
      expect(zh[d], `zh-CN orders.findingBasis.${d}`).toBeTruthy();
      expect(english[d], `en orders.findingBasis.${d}`).toBeTruthy();
    }
  });

  it('names each policy value a finding cites in zh-CN and en', () => {
    expect([...policies].sort()).toEqual([...findingPolicies].sort());
    for (const p of findingPolicies) {
      expect(zhCN.orders.findingBasis.policies[p], `zh-CN orders.findingBasis.policies.${p}`).toBeTruthy();
      expect(en.orders.findingBasis.policies[p], `en orders.findingBasis.policies.${p}`).toBeTruthy();
    }
  });

  it('falls back to the server message for a code the storefront does not know', () => {
    expect(findingTextKey({ code: 'stock', params: { variant: 'short' } })).toBe('stock_short');
    expect(findingTextKey({ code: 'band_tender', params: {} })).toBe('band_tender');
    expect(findingTextKey({ code: 'something_new', params: {} })).toBeNull();
    expect(findingTextKey({ code: 'stock', params: { variant: 'unheard_of' } })).toBeNull();
  });
});
