import { z } from 'zod';
import { orderStatuses } from './enums/orders.ts';
import { checkRanges, commonListFilters, sortParam } from './list-filters.ts';

export const cartAddBody = z.object({
  listingId: z.uuid('报价编号格式不正确'),
  quantity: z.number().int('数量须为整数').min(1, '数量至少为 1').max(10_000, '单次数量不超过 10000'),
});
export const cartUpdateBody = z.object({ quantity: z.number().int().min(1, '数量至少为 1').max(10_000) });

/**
 * A cart line's declaration for a 品目 with a minimum years in use (最低使用年限): the unit's asset it replaces,
 * or reason 'new' (新增, within the allocation standard's quantity), which goes to approval.
 */
export const checkoutLine = z.object({
  listingId: z.uuid('报价编号格式不正确'),
  replacesAssetId: z.uuid('请选择所更换的资产').optional(),
  reason: z.enum(['replace', 'new'], { error: '请选择更换或新增' }).optional(),
});
export type CheckoutLine = z.infer<typeof checkoutLine>;

/** One line of 立即购买, as a cart line is added. */
export const directItem = cartAddBody;

export const checkoutBody = z.object({
  budgetLineId: z.uuid('请选择预算指标'),
  deliveryAddress: z.string().trim().min(4, '请填写收货地址').max(200),
  contactName: z.string().trim().min(1, '请填写联系人').max(50),
  contactPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\-\s]{7,20}$/, '联系电话格式不正确'),
  /** Required when a line is over the allocation standard (配置标准): the approver reads it. */
  overStandardReason: z.string().trim().max(1000).optional(),
  /** Per line, for 品目 with a minimum years in use: which registered asset it replaces, or 'new'. */
  lines: z.array(checkoutLine).max(200).optional(),
  /** 立即购买: order these listings and quantities now; the cart is neither read nor emptied. */
  items: z
    .array(directItem)
    .min(1, '请至少选择一件商品')
    .max(50, '立即购买一次最多 50 种商品')
    .refine((items) => new Set(items.map((i) => i.listingId.toLowerCase())).size === items.length, '同一报价请合并数量')
    .optional(),
});

/** 立即购买's order page: the item as the cart would show it, with the findings checkout would raise. */
export const buyNowQuery = z.object({
  listingId: cartAddBody.shape.listingId,
  quantity: z.coerce.number({ error: '数量须为整数' }).pipe(cartAddBody.shape.quantity),
});

export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string({ error: '请在请求头 Idempotency-Key 中给出本次下单的唯一编号' })
    .trim()
    .min(8, 'Idempotency-Key 至少 8 个字符')
    .max(64)
    .regex(/^[A-Za-z0-9._:-]+$/, 'Idempotency-Key 只能包含字母、数字和 . _ : -'),
});

const findingSchema = z.object({
  code: z.string(),
  level: z.enum(['block', 'approval', 'info']),
  message: z.string(),
  basis: z.string(),
  /** The facts the message words (amounts in fen, limits, names, category code, cited document): the storefront words the finding from `code` and these in its language. Absent on orders recorded before. */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  listingId: z.string().optional(),
  assetId: z.string().optional(),
});

/**
 * The offers of a product as the buyer's cart would judge one unit of each now: the block findings
 * (not on sale or out of stock, mandatory green without a certificate, the supplier excluded or
 * credit-blocked, one unit already over the direct-order limit) and those that need approval.
 */
export const offerChecksSchema = z.object({
  productId: z.string(),
  offers: z.array(
    z.object({
      listingId: z.string(),
      /** No block finding: it can be added to the cart and ordered (approval findings may still apply). */
      purchasable: z.boolean(),
      findings: z.array(findingSchema),
    }),
  ),
});

export const cartSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      listingId: z.string(),
      productId: z.string(),
      productName: z.string(),
      brand: z.string(),
      model: z.string(),
      categoryCode: z.string(),
      /** The 品目's name, in Chinese and in English. */
      categoryName: z.string(),
      categoryNameEn: z.string(),
      supplierId: z.string(),
      supplierName: z.string(),
      unitPriceFen: z.number(),
      quantity: z.number(),
      lineTotalFen: z.number(),
      available: z.boolean(),
      /** The 品目's minimum years in use; when set, checkout asks which asset the line replaces. */
      allocationMinYears: z.number().nullable(),
      /** The unit's registered assets of that 品目, with the day each may be replaced from. */
      replaceableAssets: z.array(
        z.object({
          id: z.string(),
          assetNo: z.string(),
          name: z.string(),
          quantity: z.number(),
          acquiredOn: z.string(),
          eligibleFrom: z.string(),
          /** The live order that already replaces it, if any. */
          replacedBy: z.string().nullable(),
          eligible: z.boolean(),
        }),
      ),
    }),
  ),
  totalFen: z.number(),
  /** What checkout would find now, before anything is reserved. */
  findings: z.array(findingSchema),
});

export const orderStatusSchema = z.enum(orderStatuses);

export const orderSchema = z.object({
  id: z.string(),
  orderNo: z.string(),
  status: orderStatusSchema,
  purchaserOrgId: z.string(),
  purchaserName: z.string(),
  supplierId: z.string(),
  supplierName: z.string(),
  budgetLineId: z.string(),
  /** The online quotation (网上竞价) this order came from, if any. */
  quotationId: z.string().nullable(),
  totalFen: z.number(),
  deliveryAddress: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  findings: z.array(findingSchema),
  needsApproval: z.boolean(),
  approvalReasons: z.array(z.string()),
  overStandardReason: z.string().nullable(),
  decisionReason: z.string().nullable(),
  confirmDeadline: z.string().nullable(),
  expectedDeliveryBy: z.string().nullable(),
  cancelReason: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  rating: z.number().nullable(),
  acceptanceComment: z.string().nullable(),
  /** When each step happened (null until it does). */
  confirmedAt: z.string().nullable(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  settledAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  lines: z.array(
    z.object({
      id: z.string(),
      /** Null for a line won in an online quotation (no catalogue listing behind it). */
      listingId: z.string().nullable(),
      productId: z.string().nullable(),
      categoryCode: z.string(),
      title: z.string(),
      brand: z.string(),
      model: z.string(),
      specs: z.record(z.string(), z.union([z.string(), z.number()])),
      unitPriceFen: z.number(),
      quantity: z.number(),
      lineTotalFen: z.number(),
      overStandard: z.boolean(),
    }),
  ),
});

export const checkoutResultSchema = z.object({ checkoutId: z.string(), orders: z.array(orderSchema) });

export const orderActionBody = z.object({ reason: z.string().trim().max(1000).optional() });
/** One check of an acceptance (验收记录): what was checked, whether it passed, and what was seen. */
export const acceptanceFinding = z.object({
  item: z.string().trim().min(1, '请填写验收项目').max(200),
  passed: z.boolean(),
  note: z.string().trim().max(500).optional(),
});
export const acceptBody = z.object({
  rating: z.number().int().min(1, '评分为 1–5').max(5, '评分为 1–5'),
  comment: z.string().trim().max(1000).optional(),
  /** The acceptance record's findings, item by item. */
  findings: z.array(acceptanceFinding).max(50).optional(),
});
export const rejectBody = z.object({ reason: z.string().trim().min(4, '请填写拒收理由').max(1000) });
/** What the order list sorts by: when placed, the total. */
export const orderSortFields = ['createdAt', 'totalFen'] as const;
/** The order list's filters (the days are the placing day, Asia/Shanghai; the amount is the order's total). */
export const orderListFilters = z.object({
  status: orderStatusSchema.optional(),
  ...commonListFilters,
  q: commonListFilters.q.describe('Order no contains this text, or a line title does'),
  supplierId: z.uuid('应为供应商编号').optional().describe('Orders of this supplier'),
  sort: sortParam(orderSortFields),
});
export const orderListQuery = orderListFilters.superRefine(checkRanges);
export type OrderListFilters = z.infer<typeof orderListFilters>;

/** One item of a shipment: the order line, how many units, and their serial numbers (none, or one per unit). */
export const shipmentItemBody = z.object({
  lineId: z.uuid('请选择订单商品'),
  quantity: z.number().int().min(1, '数量至少为 1').max(100_000),
  serialNumbers: z.array(z.string().trim().min(1, '序列号不能为空').max(100)).max(100_000).default([]),
});

/** 发货: a consignment with its carrier and waybill number (运单号); an order may ship in several. */
export const shipmentBody = z.object({
  carrier: z.string().trim().min(2, '请填写承运商').max(100),
  waybillNo: z
    .string()
    .trim()
    .min(4, '请填写运单号')
    .max(60)
    .regex(/^[A-Za-z0-9-]+$/, '运单号只能包含字母、数字和连字符'),
  items: z.array(shipmentItemBody).min(1, '请至少发出一件商品').max(500),
  note: z.string().trim().max(500).optional(),
});

export const shipmentSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  carrier: z.string(),
  waybillNo: z.string(),
  note: z.string().nullable(),
  items: z.array(z.object({ lineId: z.string(), title: z.string(), quantity: z.number().int(), serialNumbers: z.array(z.string()) })),
  shippedAt: z.string(),
  shippedByName: z.string(),
  deliveredAt: z.string().nullable(),
  deliveredByName: z.string().nullable(),
});
export const shipmentListSchema = z.object({
  items: z.array(shipmentSchema),
  /** Per order line: ordered, shipped so far, still to ship. */
  remaining: z.array(z.object({ lineId: z.string(), title: z.string(), ordered: z.number().int(), shipped: z.number().int() })),
});
export type ShipmentDto = z.infer<typeof shipmentSchema>;
