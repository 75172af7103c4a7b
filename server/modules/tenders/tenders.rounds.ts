import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { bids, tenderRequirementChanges, tenderRoundParticipants, tenderRoundRecords, tenderLots, tenders } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDateTime } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { defineJob } from '../../platform/queue/definitions.ts';
import { actorOf, type TendersDeps } from './tenders.context.ts';
import { assertStage, methodConfig, procedureOf, setProcedureStage } from './tenders.stages.ts';
import { requireReviewed } from './tenders.review.ts';

export const roundJobs = {
  /** At the final-offer deadline: open every sealed final offer once and publish the final-offer record. */
  openFinalOffers: defineJob({
    name: 'tenders.final-offers.open',
    queue: 'deadlines',
    payload: z.object({ tenderId: z.uuid() }),
    durable: true,
  }),
} as const;

type TenderRow = typeof tenders.$inferSelect;

/**
 * 竞争性谈判 / 竞争性磋商 (#22): after the first responses are opened, the group meets each supplier still in,
 * round by round (a record per supplier per round); a change of requirements is told in writing to every
 * supplier still in; a supplier leaves or is eliminated with a reason between rounds; then the center sets
 * the final-offer deadline (tenders.final-offers.ts seals and opens the offers).
 */
export function createTenderRounds(deps: TendersDeps) {
  const { db } = deps;

  async function lockCenter(tx: Tx, auth: AuthContext, id: string) {
    const [t] = await tx.select().from(tenders).where(eq(tenders.id, id)).for('update');
    if (!t || t.centerOrgId !== auth.orgId) throw new NotFoundError('tender not found');
    return t;
  }

  /** The suppliers in the negotiation: from the opened first responses, on the first call. */
  async function participantsOf(tx: Tx, t: TenderRow) {
    const rows = await tx.select().from(tenderRoundParticipants).where(eq(tenderRoundParticipants.tenderId, t.id));
    if (rows.length) return rows;
    const opened = await tx
      .selectDistinct({ supplierId: bids.supplierId })
      .from(bids)
      .where(and(eq(bids.tenderId, t.id), eq(bids.status, 'opened')));
    if (!opened.length) return [];
    return tx
      .insert(tenderRoundParticipants)
      .values(opened.map((o) => ({ tenderId: t.id, supplierId: o.supplierId })))
      .onConflictDoNothing()
      .returning();
  }

  /** Still in: not withdrawn or eliminated, and its first response still standing (not failed at review). */
  async function activeOf(tx: Tx, t: TenderRow) {
    const standing = new Set(
      (
        await tx
          .select({ supplierId: bids.supplierId })
          .from(bids)
          .where(and(eq(bids.tenderId, t.id), eq(bids.status, 'opened')))
      ).map((b) => b.supplierId),
    );
    return (await participantsOf(tx, t)).filter((p) => p.status === 'active' && standing.has(p.supplierId));
  }

  /** The group negotiates only with responses it has reviewed (qualification and compliance) first. */
  async function assertReviewed(tx: Tx, t: TenderRow) {
    const lots = await tx.select().from(tenderLots).where(eq(tenderLots.tenderId, t.id));
    for (const lot of lots.filter((l) => l.status === 'opened')) await requireReviewed(tx, lot);
  }

  async function roundNo(tx: Tx, id: string) {
    return Math.max(1, (await procedureOf(tx, id))?.round ?? 0);
  }

  /** 谈判记录: the group's notes of this round with one supplier still in (replacing its notes of the round). */
  async function recordRound(auth: AuthContext, id: string, input: { supplierId: string; notes: string }) {
    return inTransaction(db, async (tx) => {
      const t = await lockCenter(tx, auth, id);
      const now = await dbNow(tx);
      await assertStage(tx, t, ['rounds'], '记录谈判轮次', now);
      await assertReviewed(tx, t);
      if (!(await activeOf(tx, t)).some((p) => p.supplierId === input.supplierId))
        throw fieldError('supplierId', '该供应商不在本轮谈判中（未通过首次响应或已退出）');
      const round = await roundNo(tx, id);
      await setProcedureStage(tx, id, 'rounds', now, { round });
      await tx
        .insert(tenderRoundRecords)
        .values({ tenderId: id, round, supplierId: input.supplierId, notes: input.notes, recordedBy: auth.userId, recordedAt: now })
        .onConflictDoUpdate({
          target: [tenderRoundRecords.tenderId, tenderRoundRecords.round, tenderRoundRecords.supplierId],
          set: { notes: input.notes, recordedBy: auth.userId, recordedAt: now },
        });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.round.record',
        entityType: 'tender',
        entityId: id,
        data: { round, supplierId: input.supplierId },
      });
      return { round, supplierId: input.supplierId };
    });
  }

  /**
   * 实质性变动 (政府采购法第三十八条): the change in writing to every supplier still in — a notice to each and
   * the text on its page — and the next round begins.
   */
  async function announceChange(auth: AuthContext, id: string, input: { text: string }) {
    return inTransaction(db, async (tx) => {
      const t = await lockCenter(tx, auth, id);
      const now = await dbNow(tx);
      await assertStage(tx, t, ['rounds'], '发布需求变更', now);
      await assertReviewed(tx, t);
      const active = await activeOf(tx, t);
      if (!active.length) throw new ConflictError('没有仍在谈判中的供应商');
      const round = await roundNo(tx, id);
      const [row] = await tx
        .insert(tenderRequirementChanges)
        .values({
          tenderId: id,
          afterRound: round,
          text: input.text,
          recipients: active.map((p) => p.supplierId),
          announcedBy: auth.userId,
          announcedAt: now,
        })
        .returning();
      await setProcedureStage(tx, id, 'rounds', now, { round: round + 1 });
      await deps.notify(
        tx,
        active.map((p) => ({
          organizationId: p.supplierId,
          kind: 'tender.requirement_change' as const,
          title: `谈判需求变更：${t.tenderNo}`,
          body: `「${t.title}」第 ${round} 轮谈判后，${methodConfig(t.methodCode).name}小组书面通知变更如下：${input.text}`,
          params: { tenderNo: t.tenderNo, title: t.title, round, method: t.methodCode, text: input.text },
          link: `/supplier/tenders/${id}`,
        })),
      );
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.round.change',
        entityType: 'tender',
        entityId: id,
        data: { afterRound: round, recipients: active.length },
      });
      return { id: row!.id, afterRound: round, recipients: active.map((p) => p.supplierId) };
    });
  }

  /** Between rounds without a change: the next round begins. */
  async function nextRound(auth: AuthContext, id: string) {
    return inTransaction(db, async (tx) => {
      const t = await lockCenter(tx, auth, id);
      const now = await dbNow(tx);
      await assertStage(tx, t, ['rounds'], '进入下一轮', now);
      await assertReviewed(tx, t);
      const round = (await roundNo(tx, id)) + 1;
      await setProcedureStage(tx, id, 'rounds', now, { round });
      return { round };
    });
  }

  async function leave(tx: Tx, t: TenderRow, who: { supplierId: string; kind: 'withdrawn' | 'eliminated'; reason: string }, now: Date) {
    await assertStage(tx, t, ['rounds'], who.kind === 'withdrawn' ? '退出谈判' : '淘汰供应商', now);
    if (!(await activeOf(tx, t)).some((p) => p.supplierId === who.supplierId)) throw new ConflictError('该供应商不在谈判中');
    const round = await roundNo(tx, t.id);
    await tx
      .update(tenderRoundParticipants)
      .set({ status: who.kind, reason: who.reason, leftAfterRound: round, changedAt: now })
      .where(and(eq(tenderRoundParticipants.tenderId, t.id), eq(tenderRoundParticipants.supplierId, who.supplierId)));
    return round;
  }

  /** The group records a supplier leaving (at its word) or eliminated, with the reason. */
  async function removeSupplier(
    auth: AuthContext,
    id: string,
    input: { supplierId: string; kind: 'withdrawn' | 'eliminated'; reason: string },
  ) {
    return inTransaction(db, async (tx) => {
      const t = await lockCenter(tx, auth, id);
      const now = await dbNow(tx);
      const round = await leave(tx, t, input, now);
      await deps.notify(tx, {
        organizationId: input.supplierId,
        kind: `tender.round.${input.kind}`,
        title: `${input.kind === 'withdrawn' ? '已退出谈判' : '谈判中被淘汰'}：${t.tenderNo}`,
        body: `「${t.title}」第 ${round} 轮后：${input.reason}`,
        params: { tenderNo: t.tenderNo, title: t.title, round, reason: input.reason },
        link: `/supplier/tenders/${id}`,
      });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: `tender.round.${input.kind}`,
        entityType: 'tender',
        entityId: id,
        data: { ...input, round },
      });
      return { supplierId: input.supplierId, status: input.kind, round };
    });
  }

  /** A supplier leaves the negotiation itself, between rounds. */
  async function withdraw(auth: AuthContext, id: string, input: { reason: string }) {
    return inTransaction(db, async (tx) => {
      const [t] = await tx.select().from(tenders).where(eq(tenders.id, id)).for('update');
      if (!t || t.status === 'draft') throw new NotFoundError('tender not found');
      const now = await dbNow(tx);
      const round = await leave(tx, t, { supplierId: auth.orgId, kind: 'withdrawn', reason: input.reason }, now);
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.round.withdrawn',
        entityType: 'tender',
        entityId: id,
        data: { round },
      });
      return { supplierId: auth.orgId, status: 'withdrawn' as const, round };
    });
  }

  /**
   * 最后报价截止: the rounds end; every supplier still in is told the time, a key is made for the final
   * offers (its private half released by the database clock only at the deadline) and the opening job
   * scheduled. Fewer than the method's minimum go on only under one of its two-supplier cases.
   */
  async function setFinalOfferDeadline(
    auth: AuthContext,
    id: string,
    input: { deadline: string; fewerSuppliersCase?: string | undefined },
  ) {
    return inTransaction(db, async (tx, afterCommit) => {
      const t = await lockCenter(tx, auth, id);
      const now = await dbNow(tx);
      await assertStage(tx, t, ['rounds'], '设定最后报价截止时间', now);
      await assertReviewed(tx, t);
      const deadline = new Date(input.deadline);
      if (deadline <= now) throw fieldError('deadline', '最后报价截止时间须晚于现在');
      if (deadline.getTime() - now.getTime() > 30 * 86_400_000) throw fieldError('deadline', '最后报价截止时间须在 30 日内');
      const m = methodConfig(t.methodCode);
      const active = await activeOf(tx, t);
      const fewer = input.fewerSuppliersCase ? m.fewerSuppliers?.cases.find((c) => c.code === input.fewerSuppliersCase) : undefined;
      if (input.fewerSuppliersCase && !fewer) throw fieldError('fewerSuppliersCase', `${m.name}没有这种可少于 ${m.minBidders} 家的情形`);
      const min = fewer ? m.fewerSuppliers!.min : m.minBidders;
      if (active.length < min)
        throw new ConflictError(
          `仍在谈判中的供应商只有 ${active.length} 家，少于 ${min} 家，不能进入最后报价（${fewer ? m.fewerSuppliers!.basis : m.basis}）`,
        );
      const keys = await deps.sealer.newKeyPair();
      await setProcedureStage(tx, id, 'final_offers', now, {
        finalOfferDeadline: deadline,
        finalSealPublicKey: keys.publicKey,
        finalSealPrivateKeyWrapped: keys.wrappedPrivateKey,
        fewerSuppliersCase: fewer?.code ?? null,
      });
      await deps.jobs.schedule(tx, afterCommit, roundJobs.openFinalOffers, { key: id, runAt: deadline, payload: { tenderId: id } });
      await deps.notify(
        tx,
        active.map((p) => ({
          organizationId: p.supplierId,
          kind: 'tender.final_offer_call' as const,
          title: `请提交最后报价：${t.tenderNo}`,
          body: `「${t.title}」谈判结束，请于 ${shanghaiDateTime(deadline)}（北京时间）前提交密封的最后报价。`,
          params: { tenderNo: t.tenderNo, title: t.title, deadline: deadline.toISOString() },
          link: `/supplier/tenders/${id}`,
        })),
      );
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.final_offer.deadline',
        entityType: 'tender',
        entityId: id,
        data: { deadline: deadline.toISOString(), suppliers: active.length, fewerSuppliersCase: fewer?.code ?? null },
      });
      return { deadline: deadline.toISOString(), suppliers: active.map((p) => p.supplierId) };
    });
  }

  return { participantsOf, recordRound, announceChange, nextRound, removeSupplier, withdraw, setFinalOfferDeadline };
}

export type TenderRounds = ReturnType<typeof createTenderRounds>;

/** The opened first-response bids' suppliers per lot: what a final offer may be made for. */
export async function openedLotsOf(tx: Tx, tenderId: string, supplierId: string) {
  const rows = await tx
    .select({ lotId: bids.lotId })
    .from(bids)
    .where(and(eq(bids.tenderId, tenderId), eq(bids.supplierId, supplierId), inArray(bids.status, ['opened'])));
  return rows.map((r) => r.lotId);
}
