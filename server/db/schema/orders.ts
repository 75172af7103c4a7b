import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, fen, id, jicai, updatedAt, utc } from '../columns.ts';
import { budgetLines } from './budget.ts';
import { organizations, users } from './identity.ts';
import { listings, products } from './listings.ts';
import { assets } from './assets.ts';
import { quotations } from './quotations.ts';
import { orderStatuses, type OrderStatus } from '../../../contracts/enums/orders.ts';

export const cartItems = jicai.table(
  'cart_items',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    listingId: uuid('listing_id')
      .notNull()
      .references(() => listings.id),
    quantity: integer('quantity').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('cart_items_user_listing_key').on(t.userId, t.listingId),
    check('cart_items_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

export { orderStatuses, type OrderStatus };
export const orderStatus = jicai.enum('order_status', orderStatuses);

/** One checkout: its idempotency key and the orders it made, so a retried request returns the same orders. */
export const checkouts = jicai.table(
  'checkouts',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    idempotencyKey: text('idempotency_key').notNull(),
    /** What was asked under the key (a digest of the checkout's body): the same key with another request is refused. */
    requestHash: text('request_hash'),
    orderIds: uuid('order_ids').array().notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('checkouts_org_key').on(t.organizationId, t.idempotencyKey)],
);

export const orders = jicai.table(
  'orders',
  {
    id: id(),
    orderNo: text('order_no').notNull(),
    /** The checkout that placed it, or the online quotation it came from (exactly one of the two). */
    checkoutId: uuid('checkout_id').references(() => checkouts.id),
    quotationId: uuid('quotation_id').references(() => quotations.id),
    purchaserOrgId: uuid('purchaser_org_id')
      .notNull()
      .references(() => organizations.id),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => organizations.id),
    budgetLineId: uuid('budget_line_id')
      .notNull()
      .references(() => budgetLines.id),
    status: orderStatus('status').notNull(),
    totalFen: fen('total_fen').notNull(),
    deliveryAddress: text('delivery_address').notNull(),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    /** Policy findings at checkout (bands, allocation standards, green, split purchase, surplus first). */
    findings: jsonb('findings').$type<unknown[]>().notNull(),
    needsApproval: boolean('needs_approval').notNull(),
    approvalReasons: text('approval_reasons').array().notNull(),
    overStandardReason: text('over_standard_reason'),
    placedBy: uuid('placed_by').references(() => users.id),
    decidedBy: uuid('decided_by').references(() => users.id),
    decisionReason: text('decision_reason'),
    decidedAt: utc('decided_at'),
    /** When the approver approved it (an order that needed approval became a contract then); null if never. */
    approvedAt: utc('approved_at'),
    confirmDeadline: utc('confirm_deadline'),
    expectedDeliveryBy: utc('expected_delivery_by'),
    confirmedAt: utc('confirmed_at'),
    shippedAt: utc('shipped_at'),
    deliveredAt: utc('delivered_at'),
    acceptedAt: utc('accepted_at'),
    settledAt: utc('settled_at'),
    cancelledAt: utc('cancelled_at'),
    cancelReason: text('cancel_reason'),
    rejectionReason: text('rejection_reason'),
    rating: integer('rating'),
    acceptanceComment: text('acceptance_comment'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orders_order_no_key').on(t.orderNo),
    index('orders_purchaser_idx').on(t.purchaserOrgId, t.createdAt),
    index('orders_supplier_idx').on(t.supplierId, t.createdAt),
    index('orders_status_idx').on(t.status),
    // The lists' sorts: everyone's newest first (oversight), a unit's by amount.
    index('orders_created_idx').on(t.createdAt),
    index('orders_purchaser_total_idx').on(t.purchaserOrgId, t.totalFen),
    check('orders_one_source', sql`(${t.checkoutId} is null) <> (${t.quotationId} is null)`),
  ],
);

/** Order lines copy what was bought at that moment: a later catalogue edit cannot change a past order. */
export const orderLines = jicai.table(
  'order_lines',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    /** The listing and product bought from the e-mall; null for a line won in an online quotation. */
    listingId: uuid('listing_id').references(() => listings.id),
    /** 直接选定: the framework agreement the listing rested on when bought (its cap was checked then). */
    agreementId: uuid('agreement_id'),
    productId: uuid('product_id').references(() => products.id),
    categoryCode: text('category_code').notNull(),
    title: text('title').notNull(),
    brand: text('brand').notNull(),
    model: text('model').notNull(),
    specs: jsonb('specs').$type<Record<string, string | number>>().notNull(),
    unitPriceFen: fen('unit_price_fen').notNull(),
    quantity: integer('quantity').notNull(),
    lineTotalFen: fen('line_total_fen').notNull(),
    overStandard: boolean('over_standard').notNull(),
    certificates: jsonb('certificates').$type<unknown[]>().notNull(),
    /**
     * For a 品目 with a minimum years in use (最低使用年限): the unit's registered asset this line replaces, or
     * 'new' (新增, declared additional within the allocation standard's quantity) and then approved.
     */
    replacement: text('replacement', { enum: ['replace', 'new'] }),
    replacesAssetId: uuid('replaces_asset_id').references(() => assets.id),
  },
  (t) => [index('order_lines_order_idx').on(t.orderId)],
);

export const budgetMovements = jicai.table(
  'budget_movements',
  {
    id: id(),
    budgetLineId: uuid('budget_line_id')
      .notNull()
      .references(() => budgetLines.id),
    orderId: uuid('order_id').references(() => orders.id),
    /** An online quotation's ceiling, held from posting until it closes. */
    quotationId: uuid('quotation_id').references(() => quotations.id),
    kind: text('kind', { enum: ['reserve', 'release', 'spend'] }).notNull(),
    amountFen: fen('amount_fen').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('budget_movements_line_idx').on(t.budgetLineId, t.createdAt)],
);

/** One item of a shipment: which order line, how many, and the serial numbers of those units (when they have any). */
export interface ShipmentItem {
  lineId: string;
  quantity: number;
  serialNumbers: string[];
}

/**
 * 发货: one consignment of an order (an order may ship in several), with its carrier and waybill (运单号),
 * what it holds, and when it was delivered. The delivery note (送货单) is printed from it.
 */
export const orderShipments = jicai.table(
  'order_shipments',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    /** 1, 2, … within the order. */
    seq: integer('seq').notNull(),
    carrier: text('carrier').notNull(),
    waybillNo: text('waybill_no').notNull(),
    items: jsonb('items').$type<ShipmentItem[]>().notNull(),
    note: text('note'),
    shippedBy: uuid('shipped_by')
      .notNull()
      .references(() => users.id),
    shippedAt: utc('shipped_at').notNull(),
    deliveredBy: uuid('delivered_by').references(() => users.id),
    deliveredAt: utc('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('order_shipments_seq_key').on(t.orderId, t.seq)],
);
