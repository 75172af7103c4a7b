import { and, eq, isNull, sql } from 'drizzle-orm';
import { orgRegion } from '../../platform/jurisdiction.ts';
import type { Tx } from '../../db/client.ts';
import { organizations, quotationQuotes, quotations } from '../../db/schema/index.ts';
import type { AfterCommit } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { yuan } from '../../../contracts/money.ts';
import { unsealAll } from '../../platform/unseal.ts';
import { evaluateQuote, rankQuotes, type Evaluated, type Requirement } from './quotations.rules.ts';
import { quoteStatements } from './quotations.statement.ts';
import { quoteBinding, quoteContent, type QuotationRow, type QuotationsDeps, type QuoteRow } from './quotations.context.ts';
import type { QuotationRequests } from './quotations.requests.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import type { NoticeParams } from '../../../contracts/notifications.kinds.ts';
import type { NotificationInput } from '../notifications/notifications.service.ts';

/** A quote as opened at the close: its row, what was sealed, and its evaluation. */
interface OpenedQuote {
  row: QuoteRow;
  content: ReturnType<typeof quoteContent.parse>;
  submittedAt: Date;
  evaluated: Evaluated;
}

/** At the deadline: the sealed quotes opened, evaluated and ranked, the result published and the order placed (or the request failed). */
export function createQuotationClosing(
  deps: QuotationsDeps & {
    requests: QuotationRequests;
  },
) {
  const { credit, sealer } = deps;
  const { categoryOf, lock, releaseCeiling } = deps.requests;

  /**
   * The closing job, at the deadline: the private key is fetched by a query that only returns it once
   * the database clock has passed the deadline; every quote is opened, evaluated and ranked; with
   * enough compliant quotes the first becomes an order, else the quotation fails. The ceiling
   * reservation is released either way. A second run finds the quotation closed and changes nothing.
   */
  async function close(tx: Tx, afterCommit: AfterCommit, id: string): Promise<'awarded' | 'failed' | 'skipped' | 'not-due'> {
    const q = await lock(tx, id, 'update');
    if (q.status !== 'open') return 'skipped';
    const [keyRow] = await tx
      .select({ key: quotations.sealPrivateKeyWrapped })
      .from(quotations)
      .where(and(eq(quotations.id, id), sql`${quotations.deadline} <= jicai.now()`));
    if (!keyRow) return 'not-due';
    const category = await categoryOf(tx, q.categoryCode);
    const now = await dbNow(tx);
    const rows = await tx
      .select()
      .from(quotationQuotes)
      .where(and(eq(quotationQuotes.quotationId, id), isNull(quotationQuotes.withdrawnAt)));
    const requirement = {
      ceilingFen: q.ceilingFen,
      quantity: q.quantity,
      deliveryDays: q.deliveryDays,
      specs: q.specs,
      specSchema: category.specSchema,
      reservedForSme: q.reservedForSme,
      smeDeductionRate: q.smeDeductionRate,
      greenMandatory: category.greenPolicy === 'mandatory',
      today: shanghaiDate(now),
    };
    const opened = await openQuotes(tx, id, keyRow.key, rows, requirement);
    const ranks = rankQuotes(opened);
    await saveEvaluations(tx, opened, ranks, await quoteStatements(tx, q, category.name, opened));
    await releaseCeiling(tx, q);
    const winner = opened.find((o) => ranks.get(o) === 1);
    const compliantCount = ranks.size;
    if (!winner || compliantCount < q.minQuotes) {
      const note = `收到报价 ${opened.length} 家，有效报价 ${compliantCount} 家，少于 ${q.minQuotes} 家，竞价失败`;
      await tx.update(quotations).set({ status: 'failed', closedAt: now, resultNote: note, updatedAt: now }).where(eq(quotations.id, id));
      await appendAudit(tx, {
        actor: null,
        action: 'quotation.fail',
        entityType: 'quotation',
        entityId: id,
        data: { quotes: opened.length, compliant: compliantCount },
      });
      await recordReleases(tx, 'quotation', id);
      await deps.notify(
        tx,
        resultNotices(q, opened, { note, facts: { quotes: opened.length, compliant: compliantCount, minQuotes: q.minQuotes } }),
      );
      return 'failed';
    }
    await award(tx, afterCommit, q, { winner, compliantCount, now, opened });
    return 'awarded';
  }

  /**
   * Every quote opened (in batches, receipts checked: unsealAll) and evaluated against the request, with the
   * supplier's credit as it stands at the evaluation.
   */
  async function openQuotes(tx: Tx, id: string, key: string, rows: QuoteRow[], requirement: Requirement): Promise<OpenedQuote[]> {
    const unsealed = await unsealAll(sealer, key, rows, (row) => ({
      sealed: row.sealed!,
      aad: `${id}:${row.supplierId}`,
      commitment: row.commitment,
      binding: quoteBinding(id, row.supplierId),
      legacyPrefix: `${id}\n${row.supplierId}`,
    }));
    const opened: OpenedQuote[] = [];
    const [{ unit } = { unit: null }] = await tx.select({ unit: quotations.purchaserOrgId }).from(quotations).where(eq(quotations.id, id));
    const regionCode = await orgRegion(tx, unit);
    for (const { row, envelope, receiptHolds } of unsealed) {
      const content = quoteContent.parse(envelope.content);
      // Credit counts as it stands at the evaluation (信用: the check runs at every step that grants something).
      const eligibility = await credit.checkEligibility(tx, { supplierId: row.supplierId, action: 'award', regionCode });
      const problems = eligibility.reasons.map((r) => r.message);
      // The receipt the supplier holds must match what was sealed: a quote that does not is not counted.
      if (!receiptHolds) problems.push('报价回执与密封内容不符（回执承诺校验失败）');
      opened.push({ row, content, submittedAt: row.submittedAt, evaluated: evaluateQuote(requirement, content, problems) });
    }
    return opened;
  }

  /** Each opened quote written back with its content, evaluation and rank (none when not compliant). */
  async function saveEvaluations(tx: Tx, opened: OpenedQuote[], ranks: Map<OpenedQuote, number>, statements: ReadonlyMap<string, string>) {
    for (const o of opened) {
      await tx
        .update(quotationQuotes)
        .set({
          unitPriceFen: o.content.unitPriceFen,
          totalFen: o.evaluated.totalFen,
          brand: o.content.brand,
          model: o.content.model,
          offeredSpecs: o.content.specs,
          deliveryDays: o.content.deliveryDays,
          sizeClass: o.content.sizeClass,
          smeDeclared: o.content.smeDeclared,
          smeStatement: statements.get(o.row.id) ?? null,
          certificates: o.content.certificates,
          deductionRate: o.evaluated.deductionRate,
          evaluationFen: o.evaluated.evaluationFen,
          compliant: o.evaluated.compliant,
          issues: o.evaluated.issues,
          rank: ranks.get(o) ?? null,
        })
        .where(eq(quotationQuotes.id, o.row.id));
    }
  }

  /** The first-ranked quote wins: its order placed from the request, the result published and audited. */
  async function award(
    tx: Tx,
    afterCommit: AfterCommit,
    q: QuotationRow,
    result: { winner: OpenedQuote; compliantCount: number; now: Date; opened: OpenedQuote[] },
  ) {
    const { winner, compliantCount, now, opened } = result;
    const id = q.id;
    const order = await deps.orders.placeFromQuotation(tx, afterCommit, {
      quotationId: q.id,
      quotationNo: q.quotationNo,
      purchaserOrgId: q.purchaserOrgId,
      supplierId: winner.row.supplierId,
      budgetLineId: q.budgetLineId,
      deliveryAddress: q.deliveryAddress,
      contactName: q.contactName,
      contactPhone: q.contactPhone,
      placedBy: q.createdBy,
      deliveryDays: winner.content.deliveryDays,
      line: {
        categoryCode: q.categoryCode,
        title: q.title,
        brand: winner.content.brand,
        model: winner.content.model,
        specs: winner.content.specs,
        unitPriceFen: winner.content.unitPriceFen,
        quantity: q.quantity,
        lineTotalFen: winner.evaluated.totalFen,
        certificates: winner.content.certificates,
      },
    });
    const [supplier] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, winner.row.supplierId));
    const note = `有效报价 ${compliantCount} 家，成交供应商 ${supplier?.name ?? ''}，成交金额 ${yuan(winner.evaluated.totalFen)}（评审价 ${yuan(winner.evaluated.evaluationFen)}）`;
    await tx
      .update(quotations)
      .set({ status: 'awarded', closedAt: now, resultNote: note, awardedQuoteId: winner.row.id, orderId: order.id, updatedAt: now })
      .where(eq(quotations.id, id));
    await appendAudit(tx, {
      actor: null,
      action: 'quotation.award',
      entityType: 'quotation',
      entityId: id,
      data: {
        supplierId: winner.row.supplierId,
        totalFen: winner.evaluated.totalFen,
        evaluationFen: winner.evaluated.evaluationFen,
        orderId: order.id,
      },
    });
    await recordReleases(tx, 'quotation', id);
    const facts = {
      compliant: compliantCount,
      supplier: supplier?.name ?? '',
      amountFen: winner.evaluated.totalFen,
      evaluationFen: winner.evaluated.evaluationFen,
    };
    await deps.notify(tx, resultNotices(q, opened, { note, winner, facts }));
  }

  /** The result told to the buyer who posted the request and to every supplier that quoted. */
  function resultNotices(
    q: QuotationRow,
    opened: OpenedQuote[],
    result: { note: string; winner?: OpenedQuote; facts: NoticeParams },
  ): NotificationInput[] {
    const head = `网上竞价 ${q.quotationNo}「${q.title}」`;
    const params = { quotationNo: q.quotationNo, title: q.title, ...result.facts };
    const buyer: NotificationInput = {
      organizationId: q.purchaserOrgId,
      userId: q.createdBy,
      kind: result.winner ? 'quotation.awarded' : 'quotation.failed',
      title: `${result.winner ? '竞价成交' : '竞价失败'}：${q.quotationNo}`,
      body: `${head}已截止：${result.note}。`,
      params,
      link: `/purchaser/quotations/${q.id}`,
    };
    const suppliers = opened.map((o): NotificationInput => {
      const won = o === result.winner;
      const standing = o.evaluated.compliant ? '' : `（报价不符合要求：${o.evaluated.issues.join('；')}）`;
      return {
        organizationId: o.row.supplierId,
        kind: won ? 'quotation.won' : 'quotation.lost',
        title: `${won ? '竞价成交' : result.winner ? '竞价未成交' : '竞价失败'}：${q.quotationNo}`,
        body: won
          ? `${head}由贵单位成交，成交金额 ${yuan(o.evaluated.totalFen)}，订单已生成，请按时确认。`
          : `${head}已截止，贵单位未成交${standing}。${result.note}。`,
        params: {
          ...params,
          ...(won ? { amountFen: o.evaluated.totalFen } : { issues: o.evaluated.compliant ? '' : o.evaluated.issues.join('；') }),
          ...(result.winner ? {} : { variant: 'failed' }),
        },
        link: `/supplier/quotations/${q.id}`,
      };
    });
    return [buyer, ...suppliers];
  }

  return { close };
}

export type QuotationClosing = ReturnType<typeof createQuotationClosing>;
