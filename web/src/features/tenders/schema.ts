// The API's own zod schemas and rules for tenders (contracts/): plain zod and constants shared with the
// server, so the forms cannot drift from what it accepts. The procurement methods are the rows the server
// seeds its table from (the API has no route that lists them).
import type { TenderKind } from '@contracts/enums/tender.ts';
import { procurementMethodRows, type ProcurementMethod } from '@contracts/procurement-methods.ts';

export {
  bidInput,
  cancelInput,
  clarificationInput,
  lotInput,
  questionInput,
  tenderInput,
  tenderListQuery,
} from '@contracts/tenders.schemas.ts';
export type { BidInput, TenderInput } from '@contracts/tenders.schemas.ts';
export { bidStatuses, tenderKinds, tenderStatuses, type TenderKind } from '@contracts/enums/tender.ts';
export { bp, greenBonusPointsMax, greenDeductionRateMax, priceWeightBounds } from '@contracts/tenders.policy.ts';
export { percentOfRate, rateOfPercent } from '@contracts/rates.ts';
export type { EvaluationMethod, ProcurementMethod } from '@contracts/procurement-methods.ts';

/** 采购方式 and their rules, as the server seeds them (it checks against its table; the form only words them). */
export const procurementMethods: readonly ProcurementMethod[] = procurementMethodRows;

/**
 * Policy values the form words (server/modules/reference/reference-data.ts, policyRows in force since
 * 2022-07-01); the server reads its policy table at the moment of creation and publication.
 */
export const tenderPolicy = {
  /** 小微企业价格扣除 (财库〔2022〕19号): goods and services 10–20%, works 3–5%. */
  deduction: { goods: ['0.10', '0.20'], services: ['0.10', '0.20'], works: ['0.03', '0.05'] } as Record<
    TenderKind,
    readonly [string, string]
  >,
  /** 投标保证金不超过预算 2% (政府采购法实施条例第三十三条). */
  bidBondMaxRatio: '0.02',
  /** 财库〔2020〕46号第八条: within these budgets a suitable project is reserved for SMEs as a whole. */
  reserveWholeLimitFen: { goods: 200_000_000, services: 200_000_000, works: 400_000_000 } as Record<TenderKind, number>,
  /** …and above them at least 30% of the budget is reserved. */
  reserveShareMin: '0.30',
  /** …of which at least 60% for small and micro enterprises. */
  reserveSmallMicroShareMin: '0.60',
} as const;

export const methodOf = (code: string | undefined) => procurementMethods.find((m) => m.code === code);
