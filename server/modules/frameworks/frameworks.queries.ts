import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { SourceRefLookup } from '../credit/credit.source-ref.ts';
import type { DbOrTx } from '../../db/client.ts';
import { frameworkCalls, frameworkResponses, frameworkRotationOrders } from '../../db/schema/index.ts';

/**
 * What other modules read of a framework call, without its tables: the call, its admitted members (for a
 * 二次竞价 restricted to them) and its rotation call-offs (for open data and the figures).
 */
/** The calls among `ids` whose responses are still sealed (not yet closed at their deadline): their log withholds who responded. */
export async function unopenedFrameworkCalls(db: DbOrTx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: frameworkCalls.id })
    .from(frameworkCalls)
    .where(and(sql`${frameworkCalls.id} = any(${sql.param(ids)}::uuid[])`, isNull(frameworkCalls.closedAt)));
  return new Set(rows.map((r) => r.id));
}

export async function frameworkCallById(db: DbOrTx, callId: string) {
  const [call] = await db.select().from(frameworkCalls).where(eq(frameworkCalls.id, callId));
  return call;
}

/** The admitted members of a call in rotation order, with their agreement. */
export const admittedMembers = (db: DbOrTx, callId: string) =>
  db
    .select()
    .from(frameworkResponses)
    .where(and(eq(frameworkResponses.callId, callId), eq(frameworkResponses.admitted, true), isNotNull(frameworkResponses.position)))
    .orderBy(asc(frameworkResponses.position));

/** Every response of a call (sealed ones hold no price: callers read them only after the close). */
export const responsesOf = (db: DbOrTx, callId: string) =>
  db.select().from(frameworkResponses).where(eq(frameworkResponses.callId, callId)).orderBy(asc(frameworkResponses.submittedAt));

/** The calls a supplier is admitted to and not suspended from: the 二次竞价 it may quote on. */
export async function admittedCallIds(db: DbOrTx, supplierId: string): Promise<string[]> {
  const rows = await db
    .select({ callId: frameworkResponses.callId })
    .from(frameworkResponses)
    .where(
      and(eq(frameworkResponses.supplierId, supplierId), eq(frameworkResponses.admitted, true), isNull(frameworkResponses.suspendedReason)),
    );
  return rows.map((r) => r.callId);
}

export const rotationOrdersOf = (db: DbOrTx, callId: string) =>
  db
    .select()
    .from(frameworkRotationOrders)
    .where(eq(frameworkRotationOrders.callId, callId))
    .orderBy(asc(frameworkRotationOrders.createdAt));

export async function rotationOrderById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(frameworkRotationOrders).where(eq(frameworkRotationOrders.id, id));
  return row;
}

/**
 * 二次竞价: why this supplier may not quote under the call, or null. Only a member admitted by the call,
 * not suspended, may quote; the agreement's own status and term are checked by the caller's category rule.
 */
export async function frameworkQuoteRefusal(db: DbOrTx, callId: string, supplierId: string): Promise<string | null> {
  const [member] = await db
    .select()
    .from(frameworkResponses)
    .where(
      and(eq(frameworkResponses.callId, callId), eq(frameworkResponses.supplierId, supplierId), eq(frameworkResponses.admitted, true)),
    );
  if (!member) return '贵司未入围本框架协议，不能参加二次竞价';
  if (member.suspendedReason) return `贵司在本框架协议中已被暂停：${member.suspendedReason}`;
  return null;
}

/**
 * The framework calls and call-offs a credit event's source reference names (征集编号, 轮候下单编号, or an id):
 * the center of the call and the unit of a call-off, and whether the supplier responded to the call or
 * holds the call-off.
 */
export const frameworkSourceRef: SourceRefLookup = {
  shape: /(KJ|LH)\d{8}[0-9A-F]{6}/,
  find: async (tx, ref, supplierId) => {
    const rows = await tx.execute<{ parties: string[]; linked: boolean }>(sql`
      select array[c.center_org_id]::text[] as parties,
             exists (select 1 from ${frameworkResponses} r where r.call_id = c.id and r.supplier_id = ${supplierId}::uuid) as linked
        from ${frameworkCalls} c where position(c.call_no in ${ref.compact}) > 0 or c.id = any(${sql.param(ref.uuids)}::uuid[])
      union all
      select array[o.purchaser_org_id, c.center_org_id]::text[], o.supplier_id = ${supplierId}::uuid
        from ${frameworkRotationOrders} o join ${frameworkCalls} c on c.id = o.call_id
       where position(o.order_no in ${ref.compact}) > 0 or o.id = any(${sql.param(ref.uuids)}::uuid[])`);
    return rows.rows.map((r) => ({ parties: r.parties, linked: r.linked }));
  },
};
