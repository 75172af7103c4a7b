import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { numbersIn, type SourceRefLookup } from '../credit/credit.source-ref.ts';
import { textArray } from '../../db/columns.ts';
import type { DbOrTx } from '../../db/client.ts';
import { builtOnce } from '../../db/built-once.ts';
import { orderLines, orders } from '../../db/schema/index.ts';

/** Order numbers by order id. */
export async function orderNumbers(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: orders.id, orderNo: orders.orderNo })
    .from(orders)
    .where(inArray(orders.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.orderNo]));
}

export async function orderById(db: DbOrTx, orderId: string) {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  return order;
}

/** An order's lines in a stable order. */
export const orderLinesOf = (db: DbOrTx, orderId: string) =>
  db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.id));

/** The orders that count as bought (not rejected or cancelled). */
const LIVE_ORDER_STATUSES = ['pending_approval', 'placed', 'confirmed', 'shipped', 'delivered', 'accepted', 'settled'] as const;

/** The policy that sets the split-purchase window (拆分采购), in days. */
export const SPLIT_WINDOW_KEY = 'ordering.splitWindowDays';

/**
 * What the unit's live orders spent on each of these 品目 in the days before `at`, for every split window
 * (SPLIT_WINDOW_KEY) in force on `day` in any region — the one in force for the unit is among them — as
 * one jsonb value for the cart's judgement statement: `[{days, spent: {categoryCode: fen}}]`. Inputs are
 * SQL expressions (purchaserOrgId uuid, categoryCodes text[], at timestamptz, day date). Read with
 * priorSpendOf for the window the policy resolution picked.
 */
export const priorSpendSql = (input: { purchaserOrgId: SQL; categoryCodes: SQL; at: SQL; day: SQL }): SQL => sql`(
  select coalesce(jsonb_agg(jsonb_build_object('days', w.days, 'spent', (
    select coalesce(jsonb_object_agg(s.code, s.total), '{}') from (
      select ol.category_code as code, sum(ol.line_total_fen) as total
        from ${orderLines} ol join ${orders} o on o.id = ol.order_id
       where o.purchaser_org_id = ${input.purchaserOrgId} and ol.category_code = any(${input.categoryCodes})
         and o.status::text = any(${textArray(LIVE_ORDER_STATUSES)})
         and o.created_at > ${input.at} - make_interval(days => w.days)
       group by 1) s))), '[]')
  from (
    select distinct (pv.value::text)::int as days from jicai.policy_values pv
     where pv.key = ${SPLIT_WINDOW_KEY} and jsonb_typeof(pv.value) = 'number' and pv.value::text ~ '^[0-9]{1,6}$'
       and pv.effective_from <= ${input.day} and (pv.effective_to is null or pv.effective_to >= ${input.day})) w)`;

/** A category's prior spend in a priorSpendSql value for a window of `days`; undefined when that window was not read. */
export function priorSpendOf(value: unknown, days: number, categoryCode: string): number | undefined {
  const windows = (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as {
    days: number;
    spent: Record<string, number | string>;
  }[];
  const window = windows.find((w) => Number(w.days) === days);
  return window ? Number(window.spent[categoryCode] ?? 0) : undefined;
}

/**
 * What the unit's live orders (not rejected or cancelled) spent on one category in the days before `at`:
 * the other half of a split-purchase check, read on its own.
 */
const priorCategorySpendQuery = builtOnce((db) =>
  db
    .select({ total: sql<string>`coalesce(sum(${orderLines.lineTotalFen}), 0)` })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(
      and(
        eq(orders.purchaserOrgId, sql.placeholder('purchaserOrgId')),
        eq(orderLines.categoryCode, sql.placeholder('categoryCode')),
        inArray(orders.status, [...LIVE_ORDER_STATUSES]),
        sql`${orders.createdAt} > ${sql.placeholder('at')}::timestamptz - make_interval(days => ${sql.placeholder('days')}::int)`,
      ),
    )
    .prepare('jicai_prior_category_spend'),
);

export async function priorCategorySpend(db: DbOrTx, input: { purchaserOrgId: string; categoryCode: string; at: Date; days: number }) {
  const [prior] = await priorCategorySpendQuery(db).execute({ ...input, at: input.at.toISOString() });
  return Number(prior?.total ?? 0);
}

/** The live orders (not cancelled or rejected) that already replace these assets: asset id → order number. */
export async function replacingOrders(db: DbOrTx, assetIds: readonly string[]): Promise<Map<string, string>> {
  if (assetIds.length === 0) return new Map();
  const rows = await db
    .select({ assetId: orderLines.replacesAssetId, orderNo: orders.orderNo })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(inArray(orderLines.replacesAssetId, [...new Set(assetIds)]), inArray(orders.status, [...LIVE_ORDER_STATUSES])));
  return new Map(rows.map((r) => [r.assetId!, r.orderNo]));
}

const liveStatuses = ['placed', 'confirmed', 'shipped', 'delivered', 'accepted', 'settled'] as const;

/**
 * Call-offs under framework agreements, for the agreement-level figures and the framework's OCDS record:
 * the live orders whose lines rest on these agreements (直接选定) or that these online quotations placed
 * (二次竞价), each with its supplier and total.
 */
export async function callOffOrders(db: DbOrTx, input: { agreementIds: readonly string[]; quotationIds: readonly string[] }) {
  const direct = input.agreementIds.length
    ? await db
        .selectDistinct({
          id: orders.id,
          orderNo: orders.orderNo,
          supplierId: orders.supplierId,
          totalFen: orders.totalFen,
          createdAt: orders.createdAt,
        })
        .from(orders)
        .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
        .where(and(inArray(orderLines.agreementId, [...input.agreementIds]), inArray(orders.status, [...liveStatuses])))
    : [];
  const quoted = input.quotationIds.length
    ? await db
        .select({
          id: orders.id,
          orderNo: orders.orderNo,
          supplierId: orders.supplierId,
          totalFen: orders.totalFen,
          createdAt: orders.createdAt,
          quotationId: orders.quotationId,
        })
        .from(orders)
        .where(and(inArray(orders.quotationId, [...input.quotationIds]), inArray(orders.status, [...liveStatuses])))
    : [];
  return { direct, quoted };
}

/** The orders a credit event's source reference names (订单号, or an order's id): the unit, and whether the order is the supplier's. */
export const orderSourceRef: SourceRefLookup = {
  shape: /JC\d{14}/,
  find: async (tx, ref, supplierId) => {
    const numbers = numbersIn(ref, 'JC', 14);
    if (numbers.length === 0 && ref.uuids.length === 0) return [];
    const rows = await tx
      .select({ unit: orders.purchaserOrgId, supplier: orders.supplierId })
      .from(orders)
      .where(sql`${orders.orderNo} = any(${sql.param(numbers)}::text[]) or ${orders.id} = any(${sql.param(ref.uuids)}::uuid[])`);
    return rows.map((o) => ({ parties: [o.unit], linked: o.supplier === supplierId }));
  },
};
