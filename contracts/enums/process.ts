/** Enums of the quotation, asset and auction tables as plain arrays, free of drizzle: the web imports them through the zod schemas. */
export const quotationStatuses = ['open', 'awarded', 'failed', 'cancelled'] as const;
export const assetStatuses = ['registered', 'offered', 'reallocated', 'in_auction', 'sold', 'written_off'] as const;
export const assetConditions = ['as_new', 'good', 'fair', 'poor', 'scrap'] as const;
export const reallocationStatuses = ['pending', 'granted', 'declined', 'withdrawn'] as const;
export const lotStatuses = ['open', 'sold', 'failed', 'paid', 'defaulted', 'cancelled'] as const;
/** Where an auction lot stands in time (derived from its start and end, not stored). */
export const lotPhases = ['upcoming', 'live', 'ended'] as const;
/** 保证金: pending until center staff record the bank receipt (or the bank's signed callback arrives); then paid,
 * and at the close released (others), applied to the price (the winner who pays) or forfeited (a winner who defaults). */
export const depositStatuses = ['pending', 'paid', 'released', 'applied', 'forfeited'] as const;
/** How a deposit came to be recorded as received. */
export const depositSources = ['staff', 'callback'] as const;
