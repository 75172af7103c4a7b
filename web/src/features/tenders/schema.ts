// The API's own zod schemas and rules for tenders (server/modules/tenders): plain zod and constants —
// the enums come from the drizzle-free tender.enums.ts — so the forms cannot drift from what the
// server accepts. The procurement methods and the price-weight bounds are copies: the API has no route
// that lists the methods, and tenders.rules.ts imports node:crypto, which the storefront cannot bundle.
import type { procurementMethodRows } from '../../../../server/modules/reference/reference-data.ts';
import type { bp as serverBp, priceWeightBounds as serverPriceWeightBounds } from '../../../../server/modules/tenders/tenders.rules.ts';

export {
  bidInput,
  cancelInput,
  clarificationInput,
  lotInput,
  questionInput,
  tenderInput,
  tenderListQuery,
} from '../../../../server/modules/tenders/tenders.schemas.ts';
export type { BidInput, TenderInput } from '../../../../server/modules/tenders/tenders.schemas.ts';
export { bidStatuses, tenderStatuses } from '../../../../server/db/schema/tender.enums.ts';
export { greenBonusPointsMax, greenDeductionRateMax } from '../../../../server/modules/tenders/tenders.policy.ts';

/** 综合评分法 price weight bounds (财政部令第87号第五十五条): goods 30–60%, services 10–30%; works as goods (server: *verify*). */
export const priceWeightBounds = { goods: ['0.30', '0.60'], services: ['0.10', '0.30'], works: ['0.30', '0.60'] } as const;

/** Decimal text to units of 1/10,000, exactly (the server's own arithmetic). */
export const bp: typeof serverBp = (rate) => {
  const [whole = '0', frac = ''] = rate.split('.');
  return Number(whole) * 10_000 + Number((frac + '0000').slice(0, 4));
};

export type EvaluationMethod = 'lowest_price' | 'comprehensive';
export type TenderKind = 'goods' | 'services' | 'works';
export const tenderKinds: readonly TenderKind[] = ['goods', 'services', 'works'];

export interface ProcurementMethod {
  code: string;
  name: string;
  nameEn: string;
  minBidders: number;
  minNoticeDays: number;
  documentsMinWorkdays: number;
  clarificationMinDays: number;
  invitationOnly: boolean;
  evaluationMethods: EvaluationMethod[];
  basis: string;
}

/**
 * 采购方式 and their rules, as server/modules/reference/reference-data.ts seeds them (the server checks
 * against its table; this copy only words the form). Held to the seed's row shape below.
 */
export const procurementMethods: readonly ProcurementMethod[] = [
  { code: 'open', name: '公开招标', nameEn: 'Open tender', minBidders: 3, minNoticeDays: 20, documentsMinWorkdays: 5, clarificationMinDays: 15, invitationOnly: false, evaluationMethods: ['lowest_price', 'comprehensive'], basis: '政府采购法第二十六条；财政部令第87号' },
  { code: 'invited', name: '邀请招标', nameEn: 'Invited tender', minBidders: 3, minNoticeDays: 20, documentsMinWorkdays: 5, clarificationMinDays: 15, invitationOnly: true, evaluationMethods: ['lowest_price', 'comprehensive'], basis: '政府采购法第二十九条；财政部令第87号' },
  { code: 'negotiation', name: '竞争性谈判', nameEn: 'Competitive negotiation', minBidders: 3, minNoticeDays: 3, documentsMinWorkdays: 3, clarificationMinDays: 3, invitationOnly: false, evaluationMethods: ['lowest_price'], basis: '政府采购法第三十八条；财政部令第74号 (待核 verify)' },
  { code: 'consultation', name: '竞争性磋商', nameEn: 'Competitive consultation', minBidders: 3, minNoticeDays: 10, documentsMinWorkdays: 5, clarificationMinDays: 5, invitationOnly: false, evaluationMethods: ['comprehensive'], basis: '财库〔2014〕214号 (待核 verify)' },
  { code: 'rfq', name: '询价', nameEn: 'Request for quotation', minBidders: 3, minNoticeDays: 3, documentsMinWorkdays: 3, clarificationMinDays: 3, invitationOnly: false, evaluationMethods: ['lowest_price'], basis: '政府采购法第四十条；财政部令第74号 (待核 verify)' },
  { code: 'single_source', name: '单一来源', nameEn: 'Single source', minBidders: 1, minNoticeDays: 5, documentsMinWorkdays: 5, clarificationMinDays: 0, invitationOnly: true, evaluationMethods: ['lowest_price'], basis: '政府采购法第三十一条、第三十九条 (待核 verify)' },
];

/**
 * Policy values the form words (server/modules/reference/reference-data.ts, policyRows in force since
 * 2022-07-01); the server reads its policy table at the moment of creation and publication.
 */
export const tenderPolicy = {
  /** 小微企业价格扣除 (财库〔2022〕19号): goods and services 10–20%, works 3–5%. */
  deduction: { goods: ['0.10', '0.20'], services: ['0.10', '0.20'], works: ['0.03', '0.05'] } as Record<TenderKind, readonly [string, string]>,
  /** 投标保证金不超过预算 2% (政府采购法实施条例第三十三条). */
  bidBondMaxRatio: '0.02',
  /** 财库〔2020〕46号第八条: within these budgets a suitable project is reserved for SMEs as a whole. */
  reserveWholeLimitFen: { goods: 200_000_000, services: 200_000_000, works: 400_000_000 } as Record<TenderKind, number>,
  /** …and above them at least 30% of the budget is reserved. */
  reserveShareMin: '0.30',
  /** …of which at least 60% for small and micro enterprises. */
  reserveSmallMicroShareMin: '0.60',
} as const;

// Compile-time only: a field added to, removed from or retyped in the seed's rows fails the web typecheck here.
type SeedRow = (typeof procurementMethodRows)[number];
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type MatchServer = [Assert<Same<keyof SeedRow, keyof ProcurementMethod>>, Assert<Same<typeof priceWeightBounds, typeof serverPriceWeightBounds>>];

export const methodOf = (code: string | undefined) => procurementMethods.find((m) => m.code === code);

/** A percentage as typed (30, 12.5) → the API's decimal text ("0.30", "0.125"), exactly to 1/100 of a percent. */
export function rateOfPercent(percent: number): string {
  const units = Math.round(percent * 100);
  if (units >= 10_000) return '1.00';
  const frac = String(units).padStart(4, '0').replace(/0+$/, '');
  return `0.${frac.padEnd(2, '0')}`;
}

/** The API's decimal text → a percentage for display ("0.30" → 30). */
export const percentOfRate = (rate: string) => bp(rate) / 100;
