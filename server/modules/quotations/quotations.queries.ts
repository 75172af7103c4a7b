import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { quotations } from '../../db/schema/index.ts';

/** Quotation numbers by quotation id. */
export async function quotationNumbers(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: quotations.id, quotationNo: quotations.quotationNo }).from(quotations).where(inArray(quotations.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.quotationNo]));
}
