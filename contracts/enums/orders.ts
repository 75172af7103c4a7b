/** Order states as a plain array, free of drizzle: the order table's enum and the API's schemas take it from here. */
export const orderStatuses = [
  'pending_approval',
  'placed',
  'confirmed',
  'shipped',
  'delivered',
  'accepted',
  'rejected',
  'settled',
  'cancelled',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];
