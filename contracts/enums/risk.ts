/** Drizzle-free, so the storefront can import them. */
export const alertSeverities = ['high', 'medium', 'low'] as const;
export const alertStatuses = ['open', 'assigned', 'closed'] as const;
export const riskRules = [
  'listing_price_cap',
  'listing_price_median',
  'split_purchase',
  'identical_bids',
  'shared_address',
  'shared_device',
  'winner_rotation',
  'expert_outlier',
  'late_supplier',
  'missed_deadline',
] as const;
export type RiskRule = (typeof riskRules)[number];
export type AlertSeverity = (typeof alertSeverities)[number];
export type AlertStatus = (typeof alertStatuses)[number];
/**
 * How a rule's last run ended: `completed`; `truncated` (more findings than the run's alert budget: the
 * most serious were raised); `timed_out` (the time budget ran out: nothing raised); `failed` (an error).
 */
export const ruleRunStatuses = ['completed', 'truncated', 'timed_out', 'failed'] as const;
export type RuleRunStatus = (typeof ruleRunStatuses)[number];
