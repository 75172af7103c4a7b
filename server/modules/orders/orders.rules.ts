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

export { orderTransitions, type OrderAction } from '../../../contracts/orders.transitions.ts';

/** States in which the order's amount is held on the budget line (reserved, not yet spent or released). */
export const RESERVING: readonly OrderStatus[] = ['pending_approval', 'placed', 'confirmed', 'shipped', 'delivered'];

export { yuan } from '../../../contracts/money.ts';

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
