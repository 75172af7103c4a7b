// Tender rule constants and score arithmetic, free of node imports: the server and the storefront share them.

import type { TenderKind } from './enums/tender.ts';
import { bp } from './rates.ts';

export { bp };

/** Points as exact hundredths: "45.5" → 4550. */
export const centi = (points: string) => bp(points) / 100;
/** Points as a score sheet takes them: up to three digits, at most two decimals ("45", "45.5", "45.25"). */
export const pointsPattern = /^\d{1,3}(\.\d{1,2})?$/;

/** A criterion's points as typed: the pattern, and 0 to its full marks (weight × 100: "0.50" → 50 points). */
export const pointsWithinWeight = (points: string, weight: string) => pointsPattern.test(points) && centi(points) <= bp(weight);

/**
 * 评分理由: a criterion scored below its full marks needs the member's reason on the sheet (评审专家应当对
 * 评分作出说明 — the records the committee signs, 财政部令第87号第六十四条 *verify* the wording in force).
 */
export const reasonRequired = (points: string, weight: string) => pointsWithinWeight(points, weight) && centi(points) < bp(weight);

/** Hundredths back to points text: 4550 → "45.50". */
export const points = (c: number) => `${Math.trunc(c / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;

/** 综合评分法 price weight bounds (财政部令第87号第五十五条): goods 30–60%, services 10–30%. Works follow goods here (*verify*). */
export const priceWeightBounds = { goods: ['0.30', '0.60'], services: ['0.10', '0.30'], works: ['0.30', '0.60'] } as const;

/**
 * 优先采购 of certified energy-saving and environmental-label products (财库〔2019〕9号; the preference
 * itself is set by the tender documents): a 综合评分法 lot may add up to this many points to the total of a
 * bid with a valid certificate, a 最低评标价法 lot may deduct up to this rate from its evaluation price.
 * The ceilings keep the price competition meaningful (*verify* against the local rules in force).
 */
export const greenBonusPointsMax = '10';
export const greenDeductionRateMax = '0.10';

/**
 * The SME and bond policy in force (since 2022-07-01) that the tender form words before the server checks it.
 * The server seeds its policy table from these values (server/modules/reference/reference-data.ts, with their
 * legal basis and dates) and checks a tender against the table's rows at the moment of creation and
 * publication, so the form and the seeded rows cannot drift apart.
 */
export const smePolicy = {
  /** 小微企业价格扣除 (财库〔2022〕19号): goods and services 10–20%, works 3–5%. */
  deduction: { goodsServices: { min: '0.10', max: '0.20' }, works: { min: '0.03', max: '0.05' } },
  /** …and 4–6% for a consortium or subcontract share of small/micro firms (goods and services). */
  consortiumDeduction: { min: '0.04', max: '0.06' },
  /** 财库〔2020〕46号第八条: within these budgets a suitable project is reserved for SMEs as a whole. */
  reserveWholeLimitFen: { goodsServices: 200_000_000, works: 400_000_000 },
  /** …and above them at least 30% of the budget is reserved… */
  reserveShareMin: '0.30',
  /** …of which at least 60% for small and micro enterprises. */
  reserveSmallMicroShareMin: '0.60',
  /**
   * 联合体 / 分包 (财库〔2020〕46号第九条, rates 财库〔2022〕19号): a consortium or a large/medium bidder
   * subcontracting to small/micro firms gets the lot's consortium deduction when the small/micro firms'
   * contract share reaches this, by the consortium agreement or subcontract letter of intent.
   */
  consortiumShareMin: '0.30',
} as const;

/** 投标保证金不超过预算 2% (政府采购法实施条例第三十三条). */
export const bidBondMaxRatio = '0.02';

const byKind = <T>(goodsServices: T, works: T): Record<TenderKind, T> => ({ goods: goodsServices, services: goodsServices, works });

/** The same policy by tender kind, as the tender form reads it. */
export const tenderPolicy = {
  deduction: byKind(
    [smePolicy.deduction.goodsServices.min, smePolicy.deduction.goodsServices.max] as const,
    [smePolicy.deduction.works.min, smePolicy.deduction.works.max] as const,
  ),
  consortiumDeduction: [smePolicy.consortiumDeduction.min, smePolicy.consortiumDeduction.max] as const,
  bidBondMaxRatio,
  reserveWholeLimitFen: byKind<number>(smePolicy.reserveWholeLimitFen.goodsServices, smePolicy.reserveWholeLimitFen.works),
  reserveShareMin: smePolicy.reserveShareMin,
  reserveSmallMicroShareMin: smePolicy.reserveSmallMicroShareMin,
} as const;
