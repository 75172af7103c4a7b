import type { ListingStatus } from './enums/listings.ts';

/** Listing states: draft → submitted → active ⇄ suspended → delisted; a rejected submission returns to draft. */
export const listingTransitions: Record<string, { from: ListingStatus[]; to: ListingStatus }> = {
  submit: { from: ['draft'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'active' },
  reject: { from: ['submitted'], to: 'draft' },
  suspend: { from: ['active'], to: 'suspended' },
  reactivate: { from: ['suspended'], to: 'active' },
  delist: { from: ['draft', 'submitted', 'active', 'suspended'], to: 'delisted' },
};
export type ListingAction = keyof typeof listingTransitions;

export function canTransition(action: ListingAction, from: ListingStatus): boolean {
  return listingTransitions[action]?.from.includes(from) ?? false;
}
