import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import {
  bids,
  organizations,
  tenderFinalOffers,
  tenderLots,
  tenderProcedures,
  tenderRoundParticipants,
  tenders,
} from '../../db/schema/index.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDateTime } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { RECEIPT_SCHEME, commitmentOf, newReceiptNonce, sealedEnvelope } from '../../platform/receipts.ts';
import { unsealAll } from '../../platform/unseal.ts';
import { applyRate } from '../catalogue/catalogue.rules.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import { actorOf, type TendersDeps } from './tenders.context.ts';
import { openedLotsOf } from './tenders.rounds.ts';
import { overBudgetNote } from './tenders.rules.ts';
import { assertStage, methodConfig, procedureOf } from './tenders.stages.ts';

/** What a final offer's receipt is bound to besides its content: the tender, the lot and the supplier. */
export const finalOfferBinding = (tenderId: string, lotId: string, supplierId: string) =>
  ['final_offer', tenderId, lotId, supplierId] as const;

type OfferRow = typeof tenderFinalOffers.$inferSelect;
const receipt = (o: OfferRow) => ({
  offerId: o.id,
  tenderId: o.tenderId,
  lotId: o.lotId,
  version: o.version,
  submittedAt: o.submittedAt.toISOString(),
  commitment: o.commitment,
  status: o.status,
  statusNote: o.statusNote,
});

/**
 * 最后报价 (政府采购法第三十八条第（四）项; 财库〔2014〕214号): sealed with the same envelope, receipt and
 * opening as a bid (platform/receipts.ts, platform/unseal.ts), to the procedure's own key, until the
 * final-offer deadline; the deadline job opens them, writes each lot's ranking and carries the final prices
 * into the bids the evaluation reads.
 */
export function createTenderFinalOffers(deps: TendersDeps) {
  const { db, sealer } = deps;

  async function submit(auth: AuthContext, id: string, input: { lotId: string; priceFen: number; note: string }) {
    return inTransaction(db, async (tx) => {
      const [t] = await tx.select().from(tenders).where(eq(tenders.id, id)).for('share');
      if (!t || t.status === 'draft') throw new NotFoundError('tender not found');
      const now = await dbNow(tx);
      await assertStage(tx, t, ['final_offers'], '提交最后报价', now);
      const p = (await procedureOf(tx, id))!;
      if (now >= p.finalOfferDeadline!) throw new ConflictError(`最后报价已于 ${shanghaiDateTime(p.finalOfferDeadline!)}（北京时间）截止`);
      const [me] = await tx
        .select()
        .from(tenderRoundParticipants)
        .where(and(eq(tenderRoundParticipants.tenderId, id), eq(tenderRoundParticipants.supplierId, auth.orgId)));
      if (!me || me.status !== 'active') throw new ConflictError('你单位不在谈判中，不能提交最后报价');
      if (!(await openedLotsOf(tx, id, auth.orgId)).includes(input.lotId)) throw fieldError('lotId', '你单位没有参加这个包的谈判');
      const nonce = newReceiptNonce();
      const binding = finalOfferBinding(id, input.lotId, auth.orgId);
      const commitment = commitmentOf(nonce, binding, input);
      const sealed = sealer.seal(p.finalSealPublicKey!, sealedEnvelope(nonce, input, {}), `final:${id}:${input.lotId}:${auth.orgId}`);
      const [row] = await tx
        .insert(tenderFinalOffers)
        .values({
          tenderId: id,
          lotId: input.lotId,
          supplierId: auth.orgId,
          submittedBy: auth.userId,
          submittedAt: now,
          commitment,
          sealed,
        })
        .onConflictDoUpdate({
          target: [tenderFinalOffers.lotId, tenderFinalOffers.supplierId],
          set: { version: sql`${tenderFinalOffers.version} + 1`, submittedBy: auth.userId, submittedAt: now, commitment, sealed },
        })
        .returning();
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.final_offer',
        entityType: 'tender',
        entityId: id,
        data: { lotId: input.lotId, version: row!.version, commitment },
      });
      return { ...receipt(row!), supplierId: auth.orgId, scheme: RECEIPT_SCHEME, nonce };
    });
  }

  async function mine(auth: AuthContext, id: string) {
    const rows = await db
      .select()
      .from(tenderFinalOffers)
      .where(and(eq(tenderFinalOffers.tenderId, id), eq(tenderFinalOffers.supplierId, auth.orgId)));
    return rows.map(receipt);
  }

  /**
   * The deadline job: the key comes from a query that returns it only once the database clock has passed
   * the final-offer deadline. Each offer is opened once; an offer whose receipt fails or that exceeds the
   * budget is rejected; the bids of suppliers who left, were eliminated or sent no offer are closed with
   * the reason; each lot with fewer valid offers than required fails. A second run changes nothing.
   */
  async function open(tx: Tx, _afterCommit: AfterCommit, id: string): Promise<'opened' | 'failed' | 'skipped' | 'not-due'> {
    const [t] = await tx.select().from(tenders).where(eq(tenders.id, id)).for('update');
    const p = await procedureOf(tx, id);
    if (!t || !p || p.stage !== 'final_offers' || p.finalOpenedAt) return 'skipped';
    const [keyRow] = await tx
      .select({ key: tenderProcedures.finalSealPrivateKeyWrapped })
      .from(tenderProcedures)
      .where(and(eq(tenderProcedures.tenderId, id), sql`${tenderProcedures.finalOfferDeadline} <= jicai.now()`));
    if (!keyRow?.key) return 'not-due';
    const now = await dbNow(tx);
    // One after another: a transaction's connection runs one statement at a time (queued queries on one
    // client are deprecated in pg and go away in pg 9).
    const lots = await tx.select().from(tenderLots).where(eq(tenderLots.tenderId, id)).orderBy(tenderLots.lotNo);
    const offers = await tx
      .select()
      .from(tenderFinalOffers)
      .where(and(eq(tenderFinalOffers.tenderId, id), eq(tenderFinalOffers.status, 'submitted')));
    const firstBids = await tx
      .select()
      .from(bids)
      .where(and(eq(bids.tenderId, id), eq(bids.status, 'opened')));
    const people = await tx.select().from(tenderRoundParticipants).where(eq(tenderRoundParticipants.tenderId, id));
    const unsealed = await unsealAll(sealer, keyRow.key, offers, (o) => ({
      sealed: o.sealed!,
      aad: `final:${id}:${o.lotId}:${o.supplierId}`,
      commitment: o.commitment,
      binding: finalOfferBinding(id, o.lotId, o.supplierId),
      legacyPrefix: `${id}\n${o.lotId}\n${o.supplierId}`,
    }));
    const active = new Set(people.filter((x) => x.status === 'active').map((x) => x.supplierId));
    const results = firstBids.map((bid) => {
      const lot = lots.find((l) => l.id === bid.lotId)!;
      const person = people.find((x) => x.supplierId === bid.supplierId);
      const u = active.has(bid.supplierId)
        ? unsealed.find((x) => x.row.lotId === bid.lotId && x.row.supplierId === bid.supplierId)
        : undefined;
      const priceFen = u ? (u.envelope.content as { priceFen: number }).priceFen : null;
      const notes: string[] = [];
      if (!active.has(bid.supplierId))
        notes.push(person?.status === 'eliminated' ? `谈判中被淘汰：${person.reason ?? ''}` : `退出谈判：${person?.reason ?? ''}`);
      else if (!u) notes.push('未在截止前提交最后报价');
      else {
        if (!u.receiptHolds) notes.push('最后报价回执与密封内容不符（回执承诺校验失败）');
        const over = overBudgetNote(priceFen!, lot.budgetFen);
        if (over) notes.push(over);
      }
      const rate = bid.deductionRate ?? '0';
      return {
        bid,
        lot,
        offer: u?.row ?? null,
        priceFen,
        notes,
        rate,
        evaluationPriceFen: priceFen === null ? null : priceFen - applyRate(priceFen, rate),
      };
    });
    for (const r of results) {
      if (r.notes.length)
        await tx
          .update(bids)
          .set({ status: 'rejected', statusNote: r.notes.join('；') })
          .where(eq(bids.id, r.bid.id));
      else await tx.update(bids).set({ priceFen: r.priceFen, evaluationPriceFen: r.evaluationPriceFen }).where(eq(bids.id, r.bid.id));
      if (r.offer)
        await tx
          .update(tenderFinalOffers)
          .set({
            status: r.notes.length ? 'rejected' : 'opened',
            statusNote: r.notes.join('；') || null,
            priceFen: r.priceFen,
            openedAt: now,
          })
          .where(eq(tenderFinalOffers.id, r.offer.id));
    }
    return finish(tx, t, p, results, lots, now);
  }

  async function finish(
    tx: Tx,
    t: typeof tenders.$inferSelect,
    p: typeof tenderProcedures.$inferSelect,
    results: {
      bid: typeof bids.$inferSelect;
      lot: typeof tenderLots.$inferSelect;
      offer: OfferRow | null;
      priceFen: number | null;
      notes: string[];
      rate: string;
      evaluationPriceFen: number | null;
    }[],
    lots: (typeof tenderLots.$inferSelect)[],
    now: Date,
  ) {
    const m = methodConfig(t.methodCode);
    const min = p.fewerSuppliersCase ? m.fewerSuppliers!.min : m.minBidders;
    const supplierIds = [...new Set(results.map((r) => r.bid.supplierId))];
    const orgs = supplierIds.length
      ? await tx
          .select({ id: organizations.id, name: organizations.name })
          .from(organizations)
          .where(inArray(organizations.id, supplierIds))
      : [];
    const record = lots.flatMap((lot) => {
      const rows = results.filter((r) => r.lot.id === lot.id && r.offer);
      const valid = rows
        .filter((r) => !r.notes.length)
        .sort((a, b) => a.evaluationPriceFen! - b.evaluationPriceFen! || a.offer!.submittedAt.getTime() - b.offer!.submittedAt.getTime());
      return rows.map((r) => ({
        lotId: lot.id,
        lotNo: lot.lotNo,
        supplierId: r.bid.supplierId,
        supplierName: orgs.find((o) => o.id === r.bid.supplierId)?.name ?? '',
        priceFen: r.priceFen!,
        deductionRate: r.rate,
        evaluationPriceFen: r.evaluationPriceFen!,
        submittedAt: r.offer!.submittedAt.toISOString(),
        commitment: r.offer!.commitment,
        status: r.notes.length ? ('rejected' as const) : ('opened' as const),
        statusNote: r.notes.join('；') || null,
        rank: r.notes.length ? null : valid.indexOf(r) + 1,
      }));
    });
    const outcome = lots.map((lot) => ({ lot, n: record.filter((r) => r.lotId === lot.id && r.status === 'opened').length }));
    for (const o of outcome)
      if (o.n < min) await tx.update(tenderLots).set({ status: 'failed', failedAt: now }).where(eq(tenderLots.id, o.lot.id));
    const allFailed = outcome.every((o) => o.n < min);
    const note = outcome
      .map((o) => `第 ${o.lot.lotNo} 包：有效最后报价 ${o.n} 家${o.n < min ? `，少于 ${min} 家，采购失败` : ''}`)
      .join('；');
    await tx
      .update(tenderProcedures)
      .set({ stage: 'evaluation', finalOpenedAt: now, finalRecord: record, updatedAt: now })
      .where(eq(tenderProcedures.tenderId, t.id));
    await tx
      .update(tenders)
      .set({ resultNote: note, updatedAt: now, ...(allFailed ? { status: 'failed' as const } : {}) })
      .where(eq(tenders.id, t.id));
    await deps.notify(
      tx,
      supplierIds.map((organizationId) => ({
        organizationId,
        kind: 'tender.final_offers_opened' as const,
        title: `最后报价已开启：${t.tenderNo}`,
        body: `「${t.title}」的最后报价已于 ${shanghaiDateTime(now)}（北京时间）开启。${note}。`,
        params: { tenderNo: t.tenderNo, title: t.title, openedAt: now.toISOString(), note },
        link: `/supplier/tenders/${t.id}`,
      })),
    );
    await appendAudit(tx, {
      actor: null,
      action: 'tender.final_offer.open',
      entityType: 'tender',
      entityId: t.id,
      data: { offers: record.length, note },
    });
    await recordReleases(tx, 'tender', t.id);
    return allFailed ? ('failed' as const) : ('opened' as const);
  }

  return { submit, mine, open };
}

export type TenderFinalOffers = ReturnType<typeof createTenderFinalOffers>;
