import type { SpecField } from '../../db/schema/catalogue.ts';
import type { ListingStatus } from '../../db/schema/listings.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';

import type { ListingAction } from '../../../contracts/listings.transitions.ts';
export { canTransition, listingTransitions, type ListingAction } from '../../../contracts/listings.transitions.ts';

/** Specs of a standard product against its category's spec schema; problems name `specs.<key>`. */
export function specProblems(schema: readonly SpecField[], specs: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of schema) {
    const value = specs[field.key];
    if (value === undefined || value === null || value === '') {
      if (field.required) problems.push({ field: `specs.${field.key}`, message: `请填写${field.label}`, in: 'body' });
      continue;
    }
    if (field.type === 'number' && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) {
      problems.push({
        field: `specs.${field.key}`,
        message: `${field.label}应为正数${field.unit ? `（单位：${field.unit}）` : ''}`,
        in: 'body',
      });
    }
    if (field.type === 'text' && (typeof value !== 'string' || value.length > 200))
      problems.push({ field: `specs.${field.key}`, message: `${field.label}应为 200 字以内的文字`, in: 'body' });
    if (field.type === 'enum' && !field.options?.includes(String(value))) {
      problems.push({ field: `specs.${field.key}`, message: `${field.label}应为：${field.options?.join('、')}`, in: 'body' });
    }
  }
  const known = new Set(schema.map((f) => f.key));
  for (const key of Object.keys(specs))
    if (!known.has(key)) problems.push({ field: `specs.${key}`, message: `该品目没有「${key}」参数`, in: 'body' });
  return problems;
}

/** Exact decimal × integer fen, rounded half up: money never goes through floating point. */
export function applyRate(amountFen: number, rate: string): number {
  const [whole = '0', frac = ''] = rate.split('.');
  const scale = 10 ** frac.length;
  const rateUnits = BigInt(whole) * BigInt(scale) + BigInt(frac || '0');
  const product = BigInt(amountFen) * rateUnits;
  return Number((product * 2n + BigInt(scale)) / (2n * BigInt(scale)));
}

export interface PriceRule {
  priceCapFen: number | null;
  minDiscount: string | null;
  referencePriceFen: number | null;
}

/** The highest price an agreement allows: its cap, and the reference price less its minimum discount. */
export function agreementCeiling(rule: PriceRule): number | null {
  const ceilings: number[] = [];
  if (rule.priceCapFen !== null) ceilings.push(rule.priceCapFen);
  if (rule.minDiscount !== null && rule.referencePriceFen !== null) {
    ceilings.push(rule.referencePriceFen - applyRate(rule.referencePriceFen, rule.minDiscount));
  }
  return ceilings.length ? Math.min(...ceilings) : null;
}

/** Flag for review when the price is above the category reference by more than the ratio. */
export function priceFlag(priceFen: number, referencePriceFen: number | null, ratio: string): string | null {
  if (referencePriceFen === null) return null;
  const threshold = referencePriceFen + applyRate(referencePriceFen, ratio);
  return priceFen > threshold
    ? `价格 ${yuan(priceFen)} 高于品目参考价 ${yuan(referencePriceFen)} 的 ${Math.round(Number(ratio) * 100)}% 以上`
    : null;
}

export const priceBands = [
  { key: '0-1000', label: '¥1,000 以下', min: 0, max: 100_000 },
  { key: '1000-3000', label: '¥1,000–3,000', min: 100_000, max: 300_000 },
  { key: '3000-5000', label: '¥3,000–5,000', min: 300_000, max: 500_000 },
  { key: '5000-10000', label: '¥5,000–10,000', min: 500_000, max: 1_000_000 },
  { key: '10000-50000', label: '¥10,000–50,000', min: 1_000_000, max: 5_000_000 },
  { key: '50000+', label: '¥50,000 以上', min: 5_000_000, max: Number.MAX_SAFE_INTEGER },
] as const;
export type PriceBandKey = (typeof priceBands)[number]['key'];

export const categoryPath = (code: string, known: ReadonlySet<string>) => {
  const path: string[] = [];
  for (let len = 1; len <= code.length; len++) if (known.has(code.slice(0, len))) path.push(code.slice(0, len));
  return path;
};

export const listingStatusLabels: Record<ListingStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  active: '在售',
  suspended: '已暂停',
  delisted: '已下架',
};
export const listingActionLabels: Record<ListingAction, string> = {
  submit: '提交审核',
  approve: '审核通过',
  reject: '退回',
  suspend: '暂停',
  reactivate: '重新上架',
  delist: '下架',
};
