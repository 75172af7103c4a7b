import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { orderLines, orders } from '../../db/schema/index.ts';
import type { Tx } from '../../db/client.ts';
import { jsonRows } from '../../db/columns.ts';
import { statementBuiltOnce } from '../../db/built-once.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { ConflictError } from '../../platform/errors.ts';
import { procedureAfter } from '../../platform/sandbox.ts';
import type { CartRow } from './orders.context.ts';
import { yuan, type Finding } from './orders.rules.ts';
import { prepareReleases, type PreparedReleases } from '../ocds/ocds.store.ts';
import { orderReleasesOf } from '../ocds/ocds.order-releases.ts';
import { orderFrameworkLinks } from '../ocds/ocds.framework-releases.ts';

/** One supplier's order of a checkout, worked out before anything is written. */
export interface PlannedOrder {
  id: string;
  supplierId: string;
  lines: CartRow[];
  orderTotal: number;
  own: Finding[];
  approvalReasons: string[];
  needsApproval: boolean;
}

/**
 * What a checkout asked, as a digest kept with its Idempotency-Key: the same key sent again with the same
 * request answers with the orders it made; with another request (other items, another line) it is refused.
 */
export function requestHash(input: {
  budgetLineId: string;
  deliveryAddress: string;
  contactName: string;
  contactPhone: string;
  overStandardReason?: string | undefined;
  lines?: unknown[] | undefined;
  items?: { listingId: string; quantity: number }[] | undefined;
}): string {
  const asked = [
    input.budgetLineId.toLowerCase(),
    input.deliveryAddress,
    input.contactName,
    input.contactPhone,
    input.overStandardReason ?? null,
    input.lines ?? null,
    input.items?.map((i) => [i.listingId.toLowerCase(), i.quantity]) ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(asked)).digest('base64url');
}

/** A key taken by a checkout that asked for something else (one taken before digests were kept passes). */
export function assertSameRequest(taken: string | null, input: Parameters<typeof requestHash>[0]) {
  if (taken !== null && taken !== requestHash(input))
    throw new ConflictError('idempotency key reused', {
      fields: [{ field: 'idempotency-key', message: '该 Idempotency-Key 已用于另一次不同内容的下单，请为新的下单换一个', in: 'headers' }],
    });
}

const overStandard = (r: CartRow) => r.category.allocationCapFen !== null && r.listing.priceFen > r.category.allocationCapFen;

/** The checkout's orders as rows for one INSERT (insertOrders): the order number comes from its sequence inside it. */
export function orderValues(
  planned: PlannedOrder[],
  ctx: {
    checkoutId: string;
    auth: AuthContext;
    input: {
      budgetLineId: string;
      deliveryAddress: string;
      contactName: string;
      contactPhone: string;
      overStandardReason?: string | undefined;
    };
    now: Date;
    confirmDeadline: Date | null;
  },
): Omit<typeof orders.$inferInsert, 'orderNo'>[] {
  const { input } = ctx;
  return planned.map((o) => {
    const maxLead = Math.max(...o.lines.map((l) => l.listing.leadTimeDays));
    return {
      id: o.id,
      checkoutId: ctx.checkoutId,
      purchaserOrgId: ctx.auth.orgId,
      supplierId: o.supplierId,
      budgetLineId: input.budgetLineId,
      status: o.needsApproval ? ('pending_approval' as const) : ('placed' as const),
      totalFen: o.orderTotal,
      deliveryAddress: input.deliveryAddress,
      contactName: input.contactName,
      contactPhone: input.contactPhone,
      findings: o.own,
      needsApproval: o.needsApproval,
      approvalReasons: o.approvalReasons,
      // Only the orders with an over-standard line carry the reason the approver reads.
      overStandardReason: o.lines.some(overStandard) ? (input.overStandardReason ?? null) : null,
      placedBy: ctx.auth.userId,
      expectedDeliveryBy: procedureAfter(ctx.now, (maxLead + 1) * 86_400_000),
      confirmDeadline: o.needsApproval ? null : ctx.confirmDeadline,
    };
  });
}

/** Every line of every order of the checkout as rows for one INSERT, with the certificates and replacements they carry. */
export function orderLineValues(
  planned: PlannedOrder[],
  certificates: { listingId: string; kind: string; number: string; validUntil: string }[],
  replacements: Map<string, { replacement: (typeof orderLines.$inferInsert)['replacement']; replacesAssetId: string | null }>,
): (typeof orderLines.$inferInsert)[] {
  return planned.flatMap((o) =>
    o.lines.map((r) => ({
      orderId: o.id,
      listingId: r.listing.id,
      agreementId: r.listing.agreementId,
      productId: r.product.id,
      categoryCode: r.product.categoryCode,
      title: r.product.name,
      brand: r.product.brand,
      model: r.product.model,
      specs: r.product.specs,
      unitPriceFen: r.listing.priceFen,
      quantity: r.cart.quantity,
      lineTotalFen: r.listing.priceFen * r.cart.quantity,
      overStandard: overStandard(r),
      certificates: certificates
        .filter((c) => c.listingId === r.listing.id)
        .map((c) => ({ kind: c.kind, number: c.number, validUntil: c.validUntil })),
      replacement: replacements.get(r.listing.id)?.replacement ?? null,
      replacesAssetId: replacements.get(r.listing.id)?.replacesAssetId ?? null,
    })),
  );
}

/**
 * Each supplier's order of a cart, with the findings that concern its lines; an order over the unit's own
 * approval threshold also gets that finding, so each approval reason has its words.
 */
export function planOrders(rows: CartRow[], findings: Finding[], threshold: number | null): PlannedOrder[] {
  return [...new Set(rows.map((r) => r.supplier.id))].map((supplierId) => {
    const lines = rows.filter((r) => r.supplier.id === supplierId);
    const orderTotal = lines.reduce((s, r) => s + r.listing.priceFen * r.cart.quantity, 0);
    const own = findings.filter((f) => !f.listingId || lines.some((l) => l.listing.id === f.listingId));
    if (threshold !== null && orderTotal > threshold)
      own.push({
        code: 'approval_threshold',
        level: 'approval',
        message: `订单金额 ${yuan(orderTotal)} 超过本单位审批阈值 ${yuan(threshold)}`,
        basis: '本单位内部控制制度：采购审批阈值',
        params: { amountFen: orderTotal, limitFen: threshold, doc: 'unitThreshold' },
      });
    const approvalReasons = own.filter((f) => f.level === 'approval').map((f) => f.message);
    return { id: randomUUID(), supplierId, lines, orderTotal, own, approvalReasons, needsApproval: approvalReasons.length > 0 };
  });
}

const ph = (name: string) => sql.placeholder(name);

/**
 * A checkout's orders and their lines, written by one statement built once (the lines' foreign keys are
 * checked at its end), and the rows as written. The rows go as two JSON parameters: a statement that
 * names every column of every row would be built again, and planned again, for each checkout. Each order's
 * number is JC + the Beijing day + six digits of the order sequence, taken in the rows' order.
 */
const insertOrdersStatement = statementBuiltOnce<{ placed: unknown; lines: unknown }>(
  'jicai_orders_insert',
  () => sql`
    with o as (
      select * from jsonb_to_recordset(${ph('orders')}::jsonb) as x(
        id uuid, "checkoutId" uuid, "purchaserOrgId" uuid, "supplierId" uuid, "budgetLineId" uuid, status jicai.order_status,
        "totalFen" bigint, "deliveryAddress" text, "contactName" text, "contactPhone" text, findings jsonb,
        "needsApproval" boolean, "approvalReasons" jsonb, "overStandardReason" text, "placedBy" uuid,
        "expectedDeliveryBy" timestamptz, "confirmDeadline" timestamptz, n bigint)),
    placed as (
      insert into ${orders} (id, order_no, checkout_id, purchaser_org_id, supplier_id, budget_line_id, status, total_fen,
                             delivery_address, contact_name, contact_phone, findings, needs_approval, approval_reasons,
                             over_standard_reason, placed_by, expected_delivery_by, confirm_deadline)
      select o.id, 'JC' || ${ph('day')}::text || case when length(seq.n) >= 6 then seq.n else lpad(seq.n, 6, '0') end,
             o."checkoutId", o."purchaserOrgId", o."supplierId", o."budgetLineId", o.status, o."totalFen",
             o."deliveryAddress", o."contactName", o."contactPhone", o.findings, o."needsApproval",
             array(select jsonb_array_elements_text(o."approvalReasons")), o."overStandardReason", o."placedBy",
             o."expectedDeliveryBy", o."confirmDeadline"
        -- one number per order (the lateral read names the row, so it is not run once for all)
        from o cross join lateral (select nextval('jicai.order_no_seq')::text as n, o.n as row_n) seq order by o.n
      returning *),
    placed_lines as (
      insert into ${orderLines} (order_id, listing_id, agreement_id, product_id, category_code, title, brand, model, specs,
                                 unit_price_fen, quantity, line_total_fen, over_standard, certificates, replacement, replaces_asset_id)
      select l."orderId", l."listingId", l."agreementId", l."productId", l."categoryCode", l.title, l.brand, l.model, l.specs,
             l."unitPriceFen", l.quantity, l."lineTotalFen", l."overStandard", l.certificates, l.replacement, l."replacesAssetId"
        from jsonb_to_recordset(${ph('lines')}::jsonb) as l(
          "orderId" uuid, "listingId" uuid, "agreementId" uuid, "productId" uuid, "categoryCode" text, title text,
          brand text, model text, specs jsonb, "unitPriceFen" bigint, quantity int, "lineTotalFen" bigint,
          "overStandard" boolean, certificates jsonb, replacement text, "replacesAssetId" uuid)
      returning *)
    select (select jsonb_agg(to_jsonb(p)) from placed p) as placed, (select jsonb_agg(to_jsonb(l)) from placed_lines l) as lines`,
);

export async function insertOrders(
  tx: Tx,
  values: { day: string; orders: ReturnType<typeof orderValues>; lines: ReturnType<typeof orderLineValues> },
) {
  const [written] = await insertOrdersStatement(tx, {
    day: values.day,
    orders: JSON.stringify(values.orders.map((o, n) => ({ ...o, n }))),
    lines: JSON.stringify(values.lines),
  });
  return { placed: jsonRows(orders, written!.placed), lineRows: jsonRows(orderLines, written!.lines) };
}

/**
 * The open-data releases of a checkout's orders placed at once, built from the rows just written (an
 * order awaiting approval publishes nothing yet; a new order's process has no release stored).
 */
export async function placedReleases(
  tx: Tx,
  c: {
    planned: PlannedOrder[];
    byId: Map<string, typeof orders.$inferSelect>;
    lineRows: (typeof orderLines.$inferSelect)[];
    unit: Parameters<typeof orderReleasesOf>[2] | null | undefined;
    agreements: Parameters<typeof orderFrameworkLinks>[2];
  },
) {
  const releases: PreparedReleases[] = [];
  for (const o of c.planned) {
    const order = c.byId.get(o.id)!;
    const lines = c.lineRows.filter((l) => l.orderId === o.id).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    const links = c.unit
      ? await orderFrameworkLinks(
          tx,
          lines.map((l) => l.agreementId),
          c.agreements,
        )
      : null;
    releases.push(
      c.unit && links
        ? { kind: 'order', id: o.id, releases: orderReleasesOf(order, lines, c.unit, o.lines[0]!.supplier, links) }
        : await prepareReleases(tx, 'order', o.id),
    );
  }
  return releases;
}
