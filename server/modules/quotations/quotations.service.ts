import { and, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { quotations } from '../../db/schema/index.ts';
import type { QuotationsDeps } from './quotations.context.ts';
import { createQuotationClosing } from './quotations.closing.ts';
import { createQuoting } from './quotations.quoting.ts';
import { createQuotationRequests } from './quotations.requests.ts';
import { createQuotationViews } from './quotations.views.ts';

export { quotationJobs } from './quotations.context.ts';

/**
 * 询价采购, made of parts: the request (quotations.requests.ts), the suppliers' quotes (quotations.quoting.ts),
 * the close at the deadline (quotations.closing.ts) and what is read (quotations.views.ts).
 */
export function createQuotationsService(deps: QuotationsDeps) {
  const views = createQuotationViews(deps);
  const requests = createQuotationRequests({ ...deps, views });
  const quoting = createQuoting({ ...deps, requests, views });
  const closing = createQuotationClosing({ ...deps, requests });
  const { get, getPublic, list, listPublic } = views;
  const { create, cancel } = requests;
  const { submitQuote, withdrawQuote, myReceipt, verifyReceipt, listForSupplier } = quoting;
  const { close } = closing;

  return { create, submitQuote, withdrawQuote, myReceipt, verifyReceipt, cancel, close, get, getPublic, list, listPublic, listForSupplier };
}

export type QuotationsService = ReturnType<typeof createQuotationsService>;

/** Of these quotations, the ones whose quotes were never opened (still open, or cancelled before the close): who quoted stays secret. */
export async function unopenedQuotations(db: DbOrTx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: quotations.id })
    .from(quotations)
    .where(and(inArray(quotations.id, ids), inArray(quotations.status, ['open', 'cancelled'])));
  return new Set(rows.map((r) => r.id));
}
