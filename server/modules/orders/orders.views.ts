import { and, asc, count, desc, eq, gte, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '../../db/columns.ts';
import { orderLines, orders, organizations } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { inJurisdiction, withinJurisdiction } from '../../platform/jurisdiction.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import { sortOf } from '../../../contracts/list-filters.ts';
import type { OrderListFilters } from '../../../contracts/orders.schemas.ts';
import type { Finding } from './orders.rules.ts';
import type { OrdersDeps } from './orders.context.ts';

/** What the parties read of orders: one, a page of the caller's side. */
export function createOrderViews(deps: OrdersDeps) {
  const { db } = deps;

  async function get(auth: AuthContext, id: string) {
    const [row] = await db.select().from(orders).where(eq(orders.id, id));
    const mayRead =
      row &&
      (row.purchaserOrgId === auth.orgId ||
        row.supplierId === auth.orgId ||
        (auth.roles.includes('regulator') && (await withinJurisdiction(db, auth, [row.purchaserOrgId]))));
    if (!row || !mayRead) throw new NotFoundError('order not found');
    return (await toDtos([row]))[0]!;
  }

  async function toDtos(rows: (typeof orders.$inferSelect)[]) {
    if (rows.length === 0) return [];
    const [lines, orgs] = await Promise.all([
      db
        .select()
        .from(orderLines)
        .where(
          inArray(
            orderLines.orderId,
            rows.map((o) => o.id),
          ),
        ),
      db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(inArray(organizations.id, [...new Set(rows.flatMap((o) => [o.purchaserOrgId, o.supplierId]))])),
    ]);
    return orderDtos(rows, lines, new Map(orgs.map((o) => [o.id, o.name])));
  }

  /** The rows of the caller's side: its unit's purchases, or its sales as a supplier; regulators their jurisdiction's units'. */
  const sideOf = (auth: AuthContext): SQL =>
    auth.roles.includes('regulator')
      ? inJurisdiction(auth, orders.purchaserOrgId)
      : auth.roles.includes('supplier')
        ? eq(orders.supplierId, auth.orgId)
        : eq(orders.purchaserOrgId, auth.orgId);

  /**
   * Orders of the caller's side, filtered and sorted. Every filter only narrows the side (a unit outside a
   * regulator's jurisdiction gives nothing); the days are Asia/Shanghai days of placing, the column UTC.
   */
  async function list(auth: AuthContext, filter: OrderListFilters, page: PageQuery) {
    const f = filter;
    const where = and(
      sideOf(auth),
      f.status ? eq(orders.status, f.status) : undefined,
      f.organizationId ? eq(orders.purchaserOrgId, f.organizationId) : undefined,
      f.supplierId ? eq(orders.supplierId, f.supplierId) : undefined,
      f.from ? sql`${orders.createdAt} >= (${f.from}::date)::timestamp at time zone 'Asia/Shanghai'` : undefined,
      f.to ? sql`${orders.createdAt} < (${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'` : undefined,
      f.minFen !== undefined ? gte(orders.totalFen, f.minFen) : undefined,
      f.maxFen !== undefined ? lte(orders.totalFen, f.maxFen) : undefined,
      f.q
        ? or(
            ilike(orders.orderNo, containsPattern(f.q)),
            sql`exists (select 1 from ${orderLines} where ${orderLines.orderId} = ${orders.id} and ${orderLines.title} ilike ${containsPattern(f.q)})`,
          )
        : undefined,
    );
    const sort = sortOf(f.sort, '-createdAt');
    const dir = sort.desc ? desc : asc;
    const [rows, [total]] = await Promise.all([
      db
        .select()
        .from(orders)
        .where(where)
        .orderBy(dir(sort.field === 'totalFen' ? orders.totalFen : orders.createdAt), dir(orders.id))
        .limit(page.pageSize)
        .offset(offsetOf(page)),
      db.select({ n: count() }).from(orders).where(where),
    ]);
    return { items: await toDtos(rows), total: total?.n ?? 0, ...page };
  }

  /**
   * The suppliers of the caller's orders whose name contains `q`, by name: what the list's supplier filter
   * offers. One statement over the side's orders, so no supplier outside it is named.
   */
  async function suppliers(auth: AuthContext, q: string | undefined, page: PageQuery) {
    const where = and(
      inArray(organizations.id, db.select({ id: orders.supplierId }).from(orders).where(sideOf(auth))),
      q ? ilike(organizations.name, containsPattern(q)) : undefined,
    );
    const [rows, [total]] = await Promise.all([
      db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(where)
        .orderBy(asc(organizations.name), asc(organizations.id))
        .limit(page.pageSize)
        .offset(offsetOf(page)),
      db.select({ n: count() }).from(organizations).where(where),
    ]);
    return { items: rows, total: total?.n ?? 0, ...page };
  }

  return { get, toDtos, list, suppliers };
}

export type OrderViews = ReturnType<typeof createOrderViews>;

/** Orders as the API shows them, from their rows, their lines and the parties' names (no statement of its own). */
export function orderDtos(
  rows: readonly (typeof orders.$inferSelect)[],
  lines: readonly (typeof orderLines.$inferSelect)[],
  name: ReadonlyMap<string, string>,
) {
  return rows.map((o) => ({
    id: o.id,
    orderNo: o.orderNo,
    status: o.status,
    purchaserOrgId: o.purchaserOrgId,
    purchaserName: name.get(o.purchaserOrgId) ?? '',
    supplierId: o.supplierId,
    supplierName: name.get(o.supplierId) ?? '',
    budgetLineId: o.budgetLineId,
    quotationId: o.quotationId,
    totalFen: o.totalFen,
    deliveryAddress: o.deliveryAddress,
    contactName: o.contactName,
    contactPhone: o.contactPhone,
    findings: o.findings as Finding[],
    needsApproval: o.needsApproval,
    approvalReasons: o.approvalReasons,
    overStandardReason: o.overStandardReason,
    decisionReason: o.decisionReason,
    confirmDeadline: o.confirmDeadline?.toISOString() ?? null,
    expectedDeliveryBy: o.expectedDeliveryBy?.toISOString() ?? null,
    cancelReason: o.cancelReason,
    rejectionReason: o.rejectionReason,
    rating: o.rating,
    acceptanceComment: o.acceptanceComment,
    confirmedAt: o.confirmedAt?.toISOString() ?? null,
    shippedAt: o.shippedAt?.toISOString() ?? null,
    deliveredAt: o.deliveredAt?.toISOString() ?? null,
    acceptedAt: o.acceptedAt?.toISOString() ?? null,
    settledAt: o.settledAt?.toISOString() ?? null,
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
    decidedAt: o.decidedAt?.toISOString() ?? null,
    createdAt: o.createdAt.toISOString(),
    lines: lines
      .filter((l) => l.orderId === o.id)
      .map((l) => ({
        id: l.id,
        listingId: l.listingId,
        productId: l.productId,
        categoryCode: l.categoryCode,
        title: l.title,
        brand: l.brand,
        model: l.model,
        specs: l.specs,
        unitPriceFen: l.unitPriceFen,
        quantity: l.quantity,
        lineTotalFen: l.lineTotalFen,
        overStandard: l.overStandard,
      })),
  }));
}
