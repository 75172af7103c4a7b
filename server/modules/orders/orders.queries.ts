import { and, asc, eq, inArray, sql } from 'drizzle-orm';
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

/**
 * What the unit's live orders (not rejected or cancelled) spent on one category in the days before `at`:
 * the other half of a split-purchase check.
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
        inArray(orders.status, ['pending_approval', 'placed', 'confirmed', 'shipped', 'delivered', 'accepted', 'settled']),
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
    .where(
      and(
        inArray(orderLines.replacesAssetId, [...new Set(assetIds)]),
        inArray(orders.status, ['pending_approval', 'placed', 'confirmed', 'shipped', 'delivered', 'accepted', 'settled']),
      ),
    );
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
