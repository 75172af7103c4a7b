/** Tender enums as plain arrays, free of drizzle: the web imports them through the zod schemas. */
export const tenderStatuses = ['draft', 'bidding', 'opened', 'evaluation', 'awarded', 'challenge', 'contracted', 'failed', 'cancelled'] as const;
export const bidStatuses = ['submitted', 'withdrawn', 'invalidated', 'opened', 'rejected'] as const;
