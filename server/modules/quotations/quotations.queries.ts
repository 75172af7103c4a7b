import { and, eq, inArray } from 'drizzle-orm';
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

/** The online quotation a credit event's source reference names (竞价编号): the unit, and whether the supplier quoted. */
export const quotationSourceRef: SourceRefLookup = async (tx, ref, supplierId) => {
  const found = await tx
    .select({ id: quotations.id, unit: quotations.purchaserOrgId })
    .from(quotations)
    .where(eq(quotations.quotationNo, ref));
  return Promise.all(
    found.map(async (q) => ({
      parties: [q.unit],
      linked:
        (
          await tx
            .select({ id: quotationQuotes.id })
            .from(quotationQuotes)
            .where(and(eq(quotationQuotes.quotationId, q.id), eq(quotationQuotes.supplierId, supplierId)))
        ).length > 0,
    })),
  );
};
