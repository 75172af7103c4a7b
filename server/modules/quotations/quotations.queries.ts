import { eq, inArray, sql } from 'drizzle-orm';
import type { SourceRefLookup } from '../credit/credit.source-ref.ts';
import type { DbOrTx } from '../../db/client.ts';
import { quotationQuotes, quotations } from '../../db/schema/index.ts';

/** Quotation numbers by quotation id. */
export async function quotationNumbers(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: quotations.id, quotationNo: quotations.quotationNo })
    .from(quotations)
    .where(inArray(quotations.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.quotationNo]));
}

export async function quotationById(db: DbOrTx, quotationId: string) {
  const [quotation] = await db.select().from(quotations).where(eq(quotations.id, quotationId));
  return quotation;
}

/** Every quote a quotation received (sealed ones stay sealed: callers read them only once it closed). */
export const quotesOf = (db: DbOrTx, quotationId: string) =>
  db.select().from(quotationQuotes).where(eq(quotationQuotes.quotationId, quotationId));

/** The online quotations run as 二次竞价 under a framework call (newest last). */
export const quotationsUnderFramework = (db: DbOrTx, callId: string) =>
  db.select().from(quotations).where(eq(quotations.frameworkCallId, callId)).orderBy(quotations.createdAt);

/** The online quotations a credit event's source reference names (竞价编号, or an id): the unit, and whether the supplier quoted. */
export const quotationSourceRef: SourceRefLookup = {
  shape: /WJ\d{13}/,
  find: async (tx, ref, supplierId) => {
    const rows = await tx.execute<{ unit: string; linked: boolean }>(sql`
      select q.purchaser_org_id as unit,
             exists (select 1 from ${quotationQuotes} qq where qq.quotation_id = q.id and qq.supplier_id = ${supplierId}::uuid) as linked
        from ${quotations} q
       where position(q.quotation_no in ${ref.compact}) > 0 or q.id = any(${sql.param(ref.uuids)}::uuid[])`);
    return rows.rows.map((q) => ({ parties: [q.unit], linked: q.linked }));
  },
};
