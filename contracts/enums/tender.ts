/** Tender enums as plain arrays, free of drizzle: the web imports them through the zod schemas. */
export const tenderStatuses = [
  'draft',
  'bidding',
  'opened',
  'evaluation',
  'awarded',
  'challenge',
  'contracted',
  'failed',
  'cancelled',
] as const;
export const bidStatuses = ['submitted', 'withdrawn', 'invalidated', 'opened', 'rejected'] as const;
/** What a tender buys (货物, 服务, 工程) and how its bids are evaluated (最低评标价法, 综合评分法). */
export const tenderKinds = ['goods', 'services', 'works'] as const;
export type TenderKind = (typeof tenderKinds)[number];
export const evaluationMethods = ['lowest_price', 'comprehensive'] as const;
export type EvaluationMethod = (typeof evaluationMethods)[number];

/** What an expert declares for recusal (回避), and where each declaration stands after the center's review. */
export const affiliationKinds = ['employee', 'director', 'supervisor', 'controlling_holder', 'relative_of_legal_rep'] as const;
export const affiliationStatuses = ['declared', 'accepted', 'rejected'] as const;
