// The API's own zod schemas and rules for tenders (contracts/): plain zod and constants shared with the
// server, so the forms cannot drift from what it accepts. The procurement methods are the rows the server
// seeds its table from (the API has no route that lists them).
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
export { bp, greenBonusPointsMax, greenDeductionRateMax, priceWeightBounds, tenderPolicy } from '@contracts/tenders.policy.ts';
export { percentOfRate, rateOfPercent } from '@contracts/rates.ts';
// The rules between the fields, as the API checks a new tender: the form runs the same schema on every save.
export { checkedTenderInput, fieldOfPath, tenderRuleIssues } from '@contracts/tender-checks.ts';
export type { TenderCheckContext, TenderIssue, TenderRule } from '@contracts/tender-checks.ts';
export type { EvaluationMethod, ProcurementMethod } from '@contracts/procurement-methods.ts';

/** 采购方式 and their rules, as the server seeds them (it checks against its table; the form only words them). */
export const procurementMethods: readonly ProcurementMethod[] = procurementMethodRows;

export const methodOf = (code: string | undefined) => procurementMethods.find((m) => m.code === code);
