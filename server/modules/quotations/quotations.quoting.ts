import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { organizations, quotationQuotes, quotations } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import { dbNow } from '../../platform/clock.ts';
import { quoteStatement } from './quotations.statement.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import type { PageQuery } from '../../../contracts/paging.ts';
import { RECEIPT_SCHEME, commitmentMatches, commitmentOf, newReceiptNonce, sealedEnvelope } from '../../platform/receipts.ts';
import type { QuotationListFilters, QuoteBody } from '../../../contracts/quotations.schemas.ts';
import type { RequestOrigin } from '../../platform/origin.ts';
import { actorOf, quoteBinding, type QuotationRow, type QuoteRow, type QuotationsDeps } from './quotations.context.ts';
import type { QuotationRequests } from './quotations.requests.ts';
import type { QuotationViews } from './quotations.views.ts';
import { smeDeclarationProblem, smeStandingOf } from '../../../contracts/sme-treatment.ts';

/** 报价: a supplier's sealed quote and its receipt, withdrawn before the deadline, checked after the close; the supplier's hall. */
export function createQuoting(
  deps: QuotationsDeps & {
    requests: QuotationRequests;
    views: QuotationViews;
  },
) {
  const { db, sealer } = deps;
  const { categoryOf, checkSpecs, lock, assertOpen, admission } = deps.requests;
  const { page, filters } = deps.views;

  /** Submit or replace this supplier's sealed quote before the deadline; the reply is a receipt, never the price. */
  async function submitQuote(auth: AuthContext, id: string, body: QuoteBody, origin: RequestOrigin | null = null) {
    return inTransaction(db, async (tx) => {
      const q = await lock(tx, id, 'share');
      await assertOpen(tx, q);
      const refusal = await admission(tx, q, auth.orgId, body.brand);
      if (refusal) throw fieldError('supplier', refusal);
      const category = await categoryOf(tx, q.categoryCode);
      checkSpecs(category.specSchema, body.specs, 'specs');
      if (body.unitPriceFen * q.quantity > q.ceilingFen)
        throw fieldError('unitPriceFen', `报价总额 ${yuan(body.unitPriceFen * q.quantity)} 超过最高限价 ${yuan(q.ceilingFen)}`);
      // A delivery later than the requirement allows would make the quote invalid at the opening
      // (quoteIssues): refused now, on its field, as a price over the ceiling is.
      if (body.deliveryDays > q.deliveryDays)
        throw fieldError('deliveryDays', `交货期 ${body.deliveryDays} 天，超过要求的 ${q.deliveryDays} 天`);
      const [org] = await tx.select().from(organizations).where(eq(organizations.id, auth.orgId));
      const declaration = smeDeclarationProblem(org!, body.smeDeclared);
      if (declaration) throw fieldError('smeDeclared', declaration);
      const { basis } = smeStandingOf(org!);
      const at = await dbNow(tx);
      const smeStatement = body.smeDeclared ? await quoteStatement(tx, q, org!, category.name, at) : null;
      // The receipt commits to what the supplier sent under a nonce only it gets; the nonce is sealed with the quote.
      const nonce = newReceiptNonce();
      const commitment = commitmentOf(nonce, quoteBinding(id, auth.orgId), body);
      const sealed = sealer.seal(
        q.sealPublicKey,
        sealedEnvelope(nonce, body, { sizeClass: org!.sizeClass ?? 'large', smeTreatment: basis === 'size_class' ? null : basis }),
        `${id}:${auth.orgId}`,
      );
      const [row] = await tx
        .insert(quotationQuotes)
        .values({
          quotationId: id,
          supplierId: auth.orgId,
          submittedBy: auth.userId,
          submittedAt: at,
          commitment,
          sealed,
          submittedIp: origin?.ip ?? null,
          deviceId: origin?.deviceId ?? null,
        })
        .onConflictDoUpdate({
          target: [quotationQuotes.quotationId, quotationQuotes.supplierId],
          set: {
            version: sql`${quotationQuotes.version} + 1`,
            submittedBy: auth.userId,
            submittedAt: at,
            commitment,
            sealed,
            withdrawnAt: null,
            submittedIp: origin?.ip ?? null,
            deviceId: origin?.deviceId ?? null,
          },
        })
        .returning();
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'quotation.quote',
        entityType: 'quotation',
        entityId: id,
        data: { version: row!.version, commitment: row!.commitment },
      });
      // The nonce leaves the platform here, once: it is stored nowhere in clear.
      return { ...receipt(q, row!), supplierId: auth.orgId, scheme: RECEIPT_SCHEME, nonce, smeStatement };
    });
  }

  async function withdrawQuote(auth: AuthContext, id: string) {
    return inTransaction(db, async (tx) => {
      const q = await lock(tx, id, 'share');
      await assertOpen(tx, q);
      const [row] = await tx
        .update(quotationQuotes)
        .set({ sealed: null, withdrawnAt: sql`jicai.clock_timestamp()` })
        .where(and(eq(quotationQuotes.quotationId, id), eq(quotationQuotes.supplierId, auth.orgId), isNull(quotationQuotes.withdrawnAt)))
        .returning();
      if (!row) throw new NotFoundError('no quote to withdraw');
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'quotation.withdraw',
        entityType: 'quotation',
        entityId: id,
        data: { version: row.version },
      });
      return receipt(q, row);
    });
  }

  const receipt = (q: QuotationRow, row: QuoteRow) => ({
    quoteId: row.id,
    quotationId: q.id,
    quotationNo: q.quotationNo,
    version: row.version,
    submittedAt: row.submittedAt.toISOString(),
    commitment: row.commitment,
    withdrawn: row.withdrawnAt !== null,
  });

  async function myReceipt(auth: AuthContext, id: string) {
    const [q] = await db.select().from(quotations).where(eq(quotations.id, id));
    if (!q) throw new NotFoundError('quotation not found');
    const [row] = await db
      .select()
      .from(quotationQuotes)
      .where(and(eq(quotationQuotes.quotationId, id), eq(quotationQuotes.supplierId, auth.orgId)));
    if (!row) throw new NotFoundError('no quote');
    return receipt(q, row);
  }

  /**
   * 回执核验: after the opening, anyone holding a supplier's quote as sent and its 回执密钥 can have the stored
   * commitment checked. Before it the answer would say who quoted, so it waits for the result.
   */
  async function verifyReceipt(id: string, input: { supplierId: string; nonce: string; quote: QuoteBody }) {
    const [q] = await db.select().from(quotations).where(eq(quotations.id, id));
    if (!q) throw new NotFoundError('quotation not found');
    if (q.status !== 'awarded' && q.status !== 'failed') throw new ConflictError('报价开启后方可核验回执');
    const [row] = await db
      .select()
      .from(quotationQuotes)
      .where(
        and(eq(quotationQuotes.quotationId, id), eq(quotationQuotes.supplierId, input.supplierId), isNull(quotationQuotes.withdrawnAt)),
      );
    if (!row) throw new NotFoundError('no quote of this supplier');
    return {
      quotationId: id,
      supplierId: input.supplierId,
      version: row.version,
      submittedAt: row.submittedAt.toISOString(),
      commitment: row.commitment,
      valid: commitmentMatches(row.commitment, input.nonce, quoteBinding(id, input.supplierId), input.quote),
    };
  }

  /** For a supplier: quotations open now or that it quoted on, each with whether it may quote and its receipt. */
  async function listForSupplier(auth: AuthContext, f: QuotationListFilters, p: PageQuery) {
    const mine = db.select({ id: quotationQuotes.quotationId }).from(quotationQuotes).where(eq(quotationQuotes.supplierId, auth.orgId));
    const { rows, items, ...rest } = await page(
      and(or(eq(quotations.status, 'open'), inArray(quotations.id, mine)), ...filters(f)),
      p,
      'public',
      f.sort,
    );
    const receipts = rows.length
      ? await db
          .select()
          .from(quotationQuotes)
          .where(
            and(
              eq(quotationQuotes.supplierId, auth.orgId),
              inArray(
                quotationQuotes.quotationId,
                rows.map((r) => r.id),
              ),
            ),
          )
      : [];
    const out = [];
    for (const [i, q] of rows.entries()) {
      const note = q.status === 'open' ? await admission(db, q, auth.orgId, null) : null;
      const r = receipts.find((x) => x.quotationId === q.id);
      out.push({ ...items[i]!, admitted: note === null, admissionNote: note, myReceipt: r ? receipt(q, r) : null });
    }
    return { items: out, ...rest };
  }

  return { submitQuote, withdrawQuote, receipt, myReceipt, verifyReceipt, listForSupplier };
}

export type Quoting = ReturnType<typeof createQuoting>;
