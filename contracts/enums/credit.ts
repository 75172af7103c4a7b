/** The credit enums as plain arrays, free of drizzle: the web imports them through the zod schemas. */
export const creditSources = [
  'order_acceptance',
  'late_confirmation',
  'late_delivery',
  'order_rejection',
  'tender_misconduct',
  'auction_payment_default',
  'regulator_penalty',
  'external_list',
] as const;
export const creditSeverities = ['positive', 'minor', 'general', 'serious', 'major'] as const;
export const creditEventStatuses = ['recorded', 'confirmed', 'appealed', 'upheld', 'revoked'] as const;
export const exclusionListTypes = ['bad_conduct', 'serious_dishonesty', 'dishonest_debtor', 'tax_violation'] as const;
export type CreditSource = (typeof creditSources)[number];
export type CreditSeverity = (typeof creditSeverities)[number];
export type CreditEventStatus = (typeof creditEventStatuses)[number];
export type ExclusionListType = (typeof exclusionListTypes)[number];

/** What a supplier's eligibility is checked for (checkEligibility / assertEligible). */
export const eligibilityActions = ['list', 'quote', 'bid', 'award', 'order', 'auction_register', 'auction_win'] as const;
export type EligibilityAction = (typeof eligibilityActions)[number];
