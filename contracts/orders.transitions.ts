import type { OrderStatus } from './enums/orders.ts';

/** Order states and who moves them: the approver, the supplier, the purchasing unit, or the deadline job. */
export const orderTransitions = {
  approve: { from: ['pending_approval'], to: 'placed', by: 'approver' },
  return: { from: ['pending_approval'], to: 'cancelled', by: 'approver' },
  confirm: { from: ['placed'], to: 'confirmed', by: 'supplier' },
  ship: { from: ['confirmed'], to: 'shipped', by: 'supplier' },
  deliver: { from: ['shipped'], to: 'delivered', by: 'supplier' },
  accept: { from: ['delivered'], to: 'accepted', by: 'purchaser' },
  reject: { from: ['delivered'], to: 'rejected', by: 'purchaser' },
  settle: { from: ['accepted'], to: 'settled', by: 'purchaser' },
  cancel: { from: ['pending_approval', 'placed'], to: 'cancelled', by: 'purchaser' },
  decline: { from: ['placed'], to: 'cancelled', by: 'supplier' },
} as const satisfies Record<string, { from: readonly OrderStatus[]; to: OrderStatus; by: 'approver' | 'supplier' | 'purchaser' }>;
export type OrderAction = keyof typeof orderTransitions;
