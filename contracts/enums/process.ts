/** Enums of the quotation, asset and auction tables as plain arrays, free of drizzle: the web imports them through the zod schemas. */
export const quotationStatuses = ['open', 'awarded', 'failed', 'cancelled'] as const;
export const assetStatuses = ['registered', 'offered', 'reallocated', 'in_auction', 'sold', 'written_off'] as const;
export const assetConditions = ['as_new', 'good', 'fair', 'poor', 'scrap'] as const;
export const reallocationStatuses = ['pending', 'granted', 'declined', 'withdrawn'] as const;
export const lotStatuses = ['open', 'sold', 'failed', 'paid', 'defaulted', 'cancelled'] as const;
/** Where an auction lot stands in time (derived from its start and end, not stored). */
export const lotPhases = ['upcoming', 'live', 'ended'] as const;
export const depositStatuses = ['paid', 'released', 'applied', 'forfeited'] as const;
