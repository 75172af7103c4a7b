import { overseesTender } from './tenders.access.ts';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import {
  bidReviews,
  bids,
  lotEvaluations,
  organizations,
  reportSignatures,
  tenderExperts,
  tenderLots,
  tenders,
} from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import * as expertsQ from '../experts/experts.queries.ts';
import { distinctBidders, tenderStatusLabels } from './tenders.rules.ts';
import { methodConfig } from './tenders.stages.ts';
import { conflictRefusal, seatConflicts } from './tenders.recusal.ts';
import type { Notify } from '../notifications/notifications.service.ts';
import { recordReleases } from '../ocds/ocds.store.ts';

export type ReviewStage = 'qualification' | 'compliance';
export const stageLabels: Record<ReviewStage, string> = { qualification: '资格性审查', compliance: '符合性审查' };
export interface ReviewResult {
  bidId: string;
  passed: boolean;
  reason?: string | undefined;
}

/**
 * 符合性审查, the automatic part: in a lot reserved for SMEs (专门面向中小企业, or for small and micro ones), a bid
 * without the 中小企业声明函 does not respond to the reservation and fails (财库〔2020〕46号 第十一条、第十二条).
 */
export function reservedLotDeclarationFailure(lot: { smeReserved: boolean; smallMicroOnly: boolean }, bid: { smeDeclared: boolean }) {
  if (!lot.smeReserved || bid.smeDeclared) return null;
  return `${stageLabels.compliance}不通过：本包专门面向${lot.smallMicroOnly ? '小微企业' : '中小企业'}，投标未提供中小企业声明函`;
}

/** Bids of the lot still standing (opened and not failed) that have no review of the stage yet. */
async function unreviewed(tx: DbOrTx, lotId: string, stage: ReviewStage) {
  const open = await tx
    .select({ id: bids.id })
    .from(bids)
    .where(and(eq(bids.lotId, lotId), eq(bids.status, 'opened')));
  const done = open.length
    ? await tx
        .select({ bidId: bidReviews.bidId })
        .from(bidReviews)
        .where(
          and(
            eq(bidReviews.stage, stage),
            inArray(
              bidReviews.bidId,
              open.map((b) => b.id),
            ),
          ),
        )
    : [];
  return open.filter((b) => !done.some((d) => d.bidId === b.id)).map((b) => b.id);
}

/** The review of the stage is complete for the lot: every bid still standing has passed it. */
export const lotReviewed = async (tx: DbOrTx, lotId: string, stage: ReviewStage) => (await unreviewed(tx, lotId, stage)).length === 0;

/** Refuses the step unless both reviews are complete for the lot (scoring and the report come after them). */
export async function requireReviewed(tx: DbOrTx, lot: { id: string; lotNo: number }) {
  for (const stage of ['qualification', 'compliance'] as const)
    if (!(await lotReviewed(tx, lot.id, stage))) throw new ConflictError(`第 ${lot.lotNo} 包尚未完成${stageLabels[stage]}`);
}

/** Where each lot stands for a committee member: reviews done, the report out, signed by this member. */
export async function lotSteps(db: DbOrTx, lots: readonly { id: string }[], expertId: string) {
  const out = new Map<string, { qualificationDone: boolean; complianceDone: boolean; reportOut: boolean; signedByMe: boolean }>();
  for (const l of lots) {
    // One after the other: db may be a transaction, whose one connection only queues queries sent at once.
    const [e] = await db.select({ lotId: lotEvaluations.lotId }).from(lotEvaluations).where(eq(lotEvaluations.lotId, l.id));
    const [mine] = await db
      .select({ id: reportSignatures.id })
      .from(reportSignatures)
      .where(and(eq(reportSignatures.lotId, l.id), eq(reportSignatures.expertId, expertId)));
    out.set(l.id, {
      qualificationDone: await lotReviewed(db, l.id, 'qualification'),
      complianceDone: await lotReviewed(db, l.id, 'compliance'),
      reportOut: Boolean(e),
      signedByMe: Boolean(mine),
    });
  }
  return out;
}

/** Records the automatic failures found at the opening (the bids are already written as rejected with the reason). */
export async function recordAutomaticReviews(tx: Tx, tenderId: string, failed: { bidId: string; lotId: string; reason: string }[]) {
  if (!failed.length) return;
  await tx.insert(bidReviews).values(
    failed.map((f) => ({
      tenderId,
      lotId: f.lotId,
      bidId: f.bidId,
      stage: 'compliance' as const,
      passed: false,
      reason: f.reason,
      automatic: true,
    })),
  );
}

/** Whether a lot's report is final: every seated member (not declined) has signed it. */
export async function signaturesOf(tx: DbOrTx, tenderId: string, lotId: string) {
  const seats = await tx.select().from(tenderExperts).where(eq(tenderExperts.tenderId, tenderId));
  const signed = await tx.select().from(reportSignatures).where(eq(reportSignatures.lotId, lotId));
  const members = seats.filter((s) => s.status !== 'declined');
  const final = members.every((m) => signed.some((x) => x.expertId === m.expertId));
  return { members, signed, final };
}

/**
 * 政府采购法第三十六条, 87号令第四十四条: when the reviews leave a lot fewer valid bids than the method's minimum (one brand
 * counting once, as at the opening), the lot fails (废标) with the reason instead of being scored; with
 * every lot failed, the tender fails. The unit and the lot's bidders are told, as at the opening.
 */
async function failShortLot(
  tx: Tx,
  notify: Notify,
  t: typeof tenders.$inferSelect,
  lot: typeof tenderLots.$inferSelect,
  stage: ReviewStage,
) {
  const inLot = await tx
    .select({ supplierId: bids.supplierId, brand: bids.brand, status: bids.status })
    .from(bids)
    .where(and(eq(bids.lotId, lot.id), inArray(bids.status, ['opened', 'rejected'])));
  const n = distinctBidders(inLot.filter((b) => b.status === 'opened'));
  const min = methodConfig(t.methodCode).minBidders;
  if (n >= min) return;
  const now = await dbNow(tx);
  const reason = `第 ${lot.lotNo} 包：${stageLabels[stage]}后有效投标 ${n} 家，少于 ${min} 家，废标`;
  await tx.update(tenderLots).set({ status: 'failed', failedAt: now }).where(eq(tenderLots.id, lot.id));
  const lots = await tx.select({ status: tenderLots.status }).from(tenderLots).where(eq(tenderLots.tenderId, t.id));
  const allFailed = lots.every((l) => l.status === 'failed');
  await tx
    .update(tenders)
    .set({
      resultNote: t.resultNote ? `${t.resultNote}；${reason}` : reason,
      ...(allFailed ? { status: 'failed' as const } : {}),
      updatedAt: now,
    })
    .where(eq(tenders.id, t.id));
  const body = `「${t.title}」${reason}。`;
  const params = { tenderNo: t.tenderNo, title: t.title, lotNo: lot.lotNo, stage, valid: n, minimum: min };
  await notify(tx, [
    {
      organizationId: t.purchaserOrgId,
      kind: 'tender.lot.failed' as const,
      title: `废标：${t.tenderNo} 第 ${lot.lotNo} 包`,
      body,
      params,
      link: `/purchaser/tenders/${t.id}`,
    },
    ...[...new Set(inLot.map((b) => b.supplierId))].map((organizationId) => ({
      organizationId,
      kind: 'tender.lot.failed' as const,
      title: `废标：${t.tenderNo} 第 ${lot.lotNo} 包`,
      body,
      params,
      link: `/supplier/tenders/${t.id}`,
    })),
  ]);
  await appendAudit(tx, {
    actor: null,
    action: 'tender.lot.fail',
    entityType: 'tender',
    entityId: t.id,
    data: { lotId: lot.id, lotNo: lot.lotNo, stage, valid: n, minimum: min, tenderFailed: allFailed },
  });
  await recordReleases(tx, 'tender', t.id);
}

/** 资格性审查 by the purchaser or the center, 符合性审查 and the report's signatures by the committee. */
export function createTenderReview(deps: { db: Db; notify: Notify }) {
  const { db } = deps;

  /** Writes one stage's results for every bid still standing in the lot; a failed one becomes 无效投标 with its reason. */
  async function record(
    tx: Tx,
    auth: AuthContext,
    t: typeof tenders.$inferSelect,
    lotId: string,
    stage: ReviewStage,
    results: ReviewResult[],
  ) {
    const [lot] = await tx
      .select()
      .from(tenderLots)
      .where(and(eq(tenderLots.id, lotId), eq(tenderLots.tenderId, t.id)));
    if (!lot || lot.status !== 'opened') throw fieldError('lotId', '该项目没有待审查的包');
    if (stage === 'compliance' && !(await lotReviewed(tx, lotId, 'qualification')))
      throw new ConflictError(`第 ${lot.lotNo} 包尚未完成资格性审查`);
    const pending = await unreviewed(tx, lotId, stage);
    if (pending.length === 0) throw new ConflictError(`第 ${lot.lotNo} 包${stageLabels[stage]}已完成`);
    if (results.length !== pending.length || results.some((r) => !pending.includes(r.bidId)))
      throw fieldError('results', `须对本包全部 ${pending.length} 份待审查投标逐一给出${stageLabels[stage]}结论`);
    results.forEach((r, i) => {
      if (!r.passed && !r.reason?.trim()) throw fieldError(`results[${i}].reason`, '不通过的须说明理由');
    });
    const now = await dbNow(tx);
    await tx.insert(bidReviews).values(
      results.map((r) => ({
        tenderId: t.id,
        lotId,
        bidId: r.bidId,
        stage,
        passed: r.passed,
        reason: r.reason?.trim() || null,
        reviewedBy: auth.userId,
        reviewedAt: now,
      })),
    );
    for (const r of results.filter((x) => !x.passed))
      await tx
        .update(bids)
        .set({ status: 'rejected', statusNote: `${stageLabels[stage]}不通过：${r.reason!.trim()}` })
        .where(eq(bids.id, r.bidId));
    await appendAudit(tx, {
      actor: { userId: auth.userId, orgId: auth.orgId },
      action: `tender.review.${stage}`,
      entityType: 'tender',
      entityId: t.id,
      data: { lotId, passed: results.filter((r) => r.passed).length, failed: results.filter((r) => !r.passed).map((r) => r.bidId) },
    });
    if (results.some((r) => !r.passed)) await failShortLot(tx, deps.notify, t, lot, stage);
  }

  /** 资格性审查 (令87 第四十四条): by the purchasing unit or the running center, after the opening. */
  async function qualify(auth: AuthContext, tenderId: string, input: { lotId: string; results: ReviewResult[] }) {
    await inTransaction(db, async (tx) => {
      const [t] = await tx.select().from(tenders).where(eq(tenders.id, tenderId)).for('update');
      if (!t || (t.centerOrgId !== auth.orgId && t.purchaserOrgId !== auth.orgId)) throw new NotFoundError('tender not found');
      if (t.status !== 'opened' && t.status !== 'evaluation')
        throw new ConflictError(`项目当前为「${tenderStatusLabels[t.status]}」，不能进行资格性审查`);
      await record(tx, auth, t, input.lotId, 'qualification', input.results);
    });
    return { ok: true };
  }

  /** The seat of the calling expert on a tender under evaluation, confirmed, with no conflict of interest now. */
  async function seatOf(tx: Tx, auth: AuthContext, seatId: string) {
    const me = await expertsQ.expertOfUser(tx, auth.userId);
    const [seat] = await tx.select().from(tenderExperts).where(eq(tenderExperts.id, seatId));
    if (!me || !seat || seat.expertId !== me.id) throw new NotFoundError('assignment not found');
    if (seat.status !== 'confirmed') throw new ConflictError('请先签署回避声明');
    const [t] = await tx.select().from(tenders).where(eq(tenders.id, seat.tenderId)).for('update');
    if (t!.status !== 'evaluation') throw new ConflictError(`项目当前为「${tenderStatusLabels[t!.status]}」，评标委员会不能进行此操作`);
    // 回避 weighed again: a member who must stand aside now neither reviews nor signs.
    const conflict = (await seatConflicts(tx, t!, [seat.expertId], await dbNow(tx))).get(seat.expertId);
    if (conflict) throw conflictRefusal(conflict);
    return { seat, t: t! };
  }

  /** 符合性审查 (令87 第五十条): recorded for the committee by a seated member, after the qualification review. */
  async function comply(auth: AuthContext, seatId: string, input: { lotId: string; results: ReviewResult[] }) {
    await inTransaction(db, async (tx) => {
      const { t } = await seatOf(tx, auth, seatId);
      await record(tx, auth, t, input.lotId, 'compliance', input.results);
    });
    return { ok: true };
  }

  /** A member signs the lot's report: agreeing, or recording dissent with reasons (令87 第六十四条). */
  async function sign(auth: AuthContext, seatId: string, input: { lotId: string; agrees: boolean; dissent?: string | undefined }) {
    await inTransaction(db, async (tx) => {
      const { seat, t } = await seatOf(tx, auth, seatId);
      const [e] = await tx
        .select()
        .from(lotEvaluations)
        .where(and(eq(lotEvaluations.lotId, input.lotId), eq(lotEvaluations.tenderId, t.id)));
      if (!e) throw fieldError('lotId', '该包尚未出具评标报告');
      if (!input.agrees && !input.dissent?.trim()) throw fieldError('dissent', '持不同意见的须书面说明理由');
      const [already] = await tx
        .select()
        .from(reportSignatures)
        .where(and(eq(reportSignatures.lotId, input.lotId), eq(reportSignatures.expertId, seat.expertId)));
      if (already) throw new ConflictError('已签署本包评标报告');
      await tx.insert(reportSignatures).values({
        tenderId: t.id,
        lotId: input.lotId,
        expertId: seat.expertId,
        agrees: input.agrees,
        dissent: input.agrees ? null : input.dissent!.trim(),
        signedAt: await dbNow(tx),
      });
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'tender.report.sign',
        entityType: 'tender',
        entityId: t.id,
        data: { lotId: input.lotId, seat: seat.drawPosition + 1, agrees: input.agrees },
      });
    });
    return { ok: true };
  }

  /** Each opened bid with its reviews so far, for the purchaser, the running center and regulators. */
  async function reviews(auth: AuthContext, tenderId: string) {
    const [t] = await db.select().from(tenders).where(eq(tenders.id, tenderId));
    const party = t && (t.centerOrgId === auth.orgId || t.purchaserOrgId === auth.orgId || (await overseesTender(db, auth, t)));
    if (!t || !party || !t.openedAt) throw new NotFoundError('tender not found');
    const [rows, done] = await Promise.all([
      db
        .select({ bid: bids, name: organizations.name })
        .from(bids)
        .innerJoin(organizations, eq(organizations.id, bids.supplierId))
        .where(and(eq(bids.tenderId, tenderId), inArray(bids.status, ['opened', 'rejected']))),
      db.select().from(bidReviews).where(eq(bidReviews.tenderId, tenderId)),
    ]);
    const of = (bidId: string, stage: ReviewStage) => {
      const r = done.find((x) => x.bidId === bidId && x.stage === stage);
      return r ? { passed: r.passed, reason: r.reason, automatic: r.automatic } : null;
    };
    return rows
      .map(({ bid, name }) => ({
        bidId: bid.id,
        lotId: bid.lotId,
        supplierName: name,
        status: bid.status,
        statusNote: bid.statusNote,
        brand: bid.brand,
        priceFen: bid.priceFen,
        smeDeclared: bid.smeDeclared,
        qualification: of(bid.id, 'qualification'),
        compliance: of(bid.id, 'compliance'),
      }))
      .sort((a, b) => a.supplierName.localeCompare(b.supplierName));
  }

  return { qualify, comply, sign, reviews };
}
