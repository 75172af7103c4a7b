/** Listing states as a plain array, free of drizzle: the listing table's enum and the API's schemas take it from here. */
export const listingStatuses = ['draft', 'submitted', 'active', 'suspended', 'delisted'] as const;
export type ListingStatus = (typeof listingStatuses)[number];
