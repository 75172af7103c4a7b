import type { OrderStatus } from '../../db/schema/orders.ts';

/** A policy finding shown at checkout: what rule, what it means for this order, and its source. */
export interface Finding {
  code:
    | 'band_direct'
    | 'band_quotation'
    | 'band_tender'
    | 'over_standard'
    | 'green_mandatory'
    | 'green_priority'
    | 'split_purchase'
    | 'new_energy_share'
    | 'surplus_available'
    | 'supplier_ineligible'
    | 'stock'
    | 'approval_threshold';
  /** block: the order cannot be placed; approval: it waits for an approver; info: shown only. */
  level: 'block' | 'approval' | 'info';
  message: string;
  basis: string;
  listingId?: string;
  /** A warehouse asset the unit could ask for instead (surplus first). */
  assetId?: string;
}

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

/** States in which the order's amount is held on the budget line (reserved, not yet spent or released). */
export const RESERVING: readonly OrderStatus[] = ['pending_approval', 'placed', 'confirmed', 'shipped', 'delivered'];

export { yuan } from '../../platform/money.ts';

export const orderStatusLabels: Record<OrderStatus, string> = {
  pending_approval: '待审批',
  placed: '待供应商确认',
  confirmed: '已确认',
  shipped: '已发货',
  delivered: '已送达',
  accepted: '已验收',
  rejected: '验收不合格',
  settled: '已结算',
  cancelled: '已取消',
};
