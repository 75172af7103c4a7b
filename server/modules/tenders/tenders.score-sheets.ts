import { and, eq, gte } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import {
  bids,
  lotEvaluations,
  organizations,
  tenderComplaints,
  tenderExperts,
  tenderLots,
  tenders,
  tenderScores,
} from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { beijingTime } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, RuleViolationError, fieldError } from '../../platform/errors.ts';
import * as expertsQ from '../experts/experts.queries.ts';
import { scoreSheetProblems } from '../../../contracts/tenders.schemas.ts';
import { lotSteps, requireReviewed } from './tenders.review.ts';
import { conflictRefusal, recuseIfConflicted, seatConflicts } from './tenders.recusal.ts';
import { assertStage } from './tenders.stages.ts';
import { tenderStatusLabels } from './tenders.rules.ts';

type Sheet = { bidId: string; points: Record<string, string>; reasons?: Record<string, string> };

/**
 * The lot's report as it stands: computed, and not voided since by a complaint decision ordering re-evaluation
 * (政府采购法 第五十八条, tenders.complaints.ts). While it stands the score sheets are closed and it is not
 * computed again; undefined when there is none (not computed yet, or re-evaluation ordered after it).
 */
export async function standingReport(db: DbOrTx, tenderId: string, lotId: string) {
  const [e] = await db
    .select({ computedAt: lotEvaluations.computedAt })
    .from(lotEvaluations)
    .where(and(eq(lotEvaluations.lotId, lotId), eq(lotEvaluations.tenderId, tenderId)));
  if (!e) return undefined;
  return (await reevaluationOrderedSince(db, tenderId, e.computedAt)) ? undefined : e;
}

/** A complaint decision ordering re-evaluation made at or after `since` (it voids every report computed before it), or undefined. */
export async function reevaluationOrderedSince(db: DbOrTx, tenderId: string, since: Date) {
  const [voided] = await db
    .select({ at: tenderComplaints.decidedAt })
    .from(tenderComplaints)
    .where(
      and(eq(tenderComplaints.tenderId, tenderId), eq(tenderComplaints.outcome, 'reevaluate'), gte(tenderComplaints.decidedAt, since)),
    );
  return voided;
}

/** Refuses when the lot's report stands (409 naming when it was computed). */
export async function refuseStandingReport(db: DbOrTx, tenderId: string, lot: { id: string; lotNo: number }, what: string) {
  const e = await standingReport(db, tenderId, lot.id);
  if (e) throw new ConflictError(`第 ${lot.lotNo} 包评标报告已于 ${beijingTime(e.computedAt)}出具，${what}`);
}

/** A score sheet names each bid once. */
const duplicateBid = (sheets: readonly Sheet[]) => new Set(sheets.map((s) => s.bidId.toLowerCase())).size !== sheets.length;

/** 评分: an expert's score sheets and what the expert reads to fill them in. */
export function createScoreSheets(deps: { db: Db }) {
  const { db } = deps;

  /**
   * An expert who took the seat scores every qualified bid of a lot against its criteria (0 to weight × 100 points
   * each), until the lot's report is computed. Recusal is checked again: a conflicted expert is recused (the seat
   * goes to the next candidate, committed) and refused with the conflict named.
   */
  async function submitScores(auth: AuthContext, seatId: string, input: { lotId: string; sheets: Sheet[] }) {
    const actor = { userId: auth.userId, orgId: auth.orgId };
    const conflict = await inTransaction(db, async (tx) => {
      const me = await expertsQ.expertOfUser(tx, auth.userId);
      const [seat] = await tx.select().from(tenderExperts).where(eq(tenderExperts.id, seatId)).for('update');
      if (!me || !seat || seat.expertId !== me.id) throw new NotFoundError('assignment not found');
      if (seat.status !== 'confirmed') throw new ConflictError('请先签署回避声明');
      const [t] = await tx.select().from(tenders).where(eq(tenders.id, seat.tenderId));
      if (t!.status !== 'evaluation') throw new ConflictError(`项目当前为「${tenderStatusLabels[t!.status]}」，不能评分`);
      const now = await dbNow(tx);
      await assertStage(tx, t!, ['evaluation', 'award'], '评分', now);
      const [lot] = await tx
        .select()
        .from(tenderLots)
        .where(and(eq(tenderLots.id, input.lotId), eq(tenderLots.tenderId, t!.id)));
      if (!lot) throw fieldError('lotId', '该项目没有这个包');
      if (lot.evaluationMethod !== 'comprehensive') throw fieldError('lotId', '最低评标价法无需打分');
      await refuseStandingReport(tx, t!.id, lot, '评分表已关闭，不能再修改评分');
      const recused = await recuseIfConflicted(tx, actor, seat, t!, now);
      if (recused) return recused;
      await requireReviewed(tx, lot);
      const qualified = await tx
        .select({ id: bids.id })
        .from(bids)
        .where(and(eq(bids.lotId, lot.id), eq(bids.status, 'opened')));
      const ids = new Set(qualified.map((q) => q.id));
      if (duplicateBid(input.sheets)) throw fieldError('sheets', '同一份投标只能评分一次，评分表中有重复的投标');
      if (input.sheets.length !== ids.size || input.sheets.some((s) => !ids.has(s.bidId)))
        throw fieldError('sheets', `须对本包全部 ${ids.size} 份有效投标逐一评分`);
      // Every problem at once, by the schema the score sheet page checks with (points in range, 评分理由 below full marks).
      const problems = scoreSheetProblems(lot.criteria, input.sheets);
      if (problems.length)
        throw new RuleViolationError(problems[0]!.message, { fields: problems.map((p) => ({ ...p, in: 'body' as const })) });
      for (const s of input.sheets) {
        await tx
          .insert(tenderScores)
          .values({ tenderId: t!.id, lotId: lot.id, bidId: s.bidId, expertId: me.id, points: s.points, reasons: s.reasons ?? {} })
          .onConflictDoUpdate({
            target: [tenderScores.bidId, tenderScores.expertId],
            set: { points: s.points, reasons: s.reasons ?? {}, submittedAt: now },
          });
      }
      await appendAudit(tx, {
        actor,
        action: 'tender.score',
        entityType: 'tender',
        entityId: t!.id,
        data: { lotId: lot.id, expertId: me.id, bids: input.sheets.length },
      });
      return null;
    });
    if (conflict) throw conflictRefusal(conflict);
    return { ok: true };
  }

  /**
   * What a seated expert evaluates: each lot's criteria and its qualified bids (bidder, size class,
   * price, evaluation price, technical response), with the expert's own points so far. Nothing of the bids
   * before the no-conflict declaration, nor to an expert who must stand aside now (409 naming why).
   */
  async function sheet(auth: AuthContext, seatId: string) {
    const me = await expertsQ.expertOfUser(db, auth.userId);
    const [seat] = await db.select().from(tenderExperts).where(eq(tenderExperts.id, seatId));
    if (!me || !seat || seat.expertId !== me.id) throw new NotFoundError('assignment not found');
    const [t] = await db.select().from(tenders).where(eq(tenders.id, seat.tenderId));
    const lots = await db.select().from(tenderLots).where(eq(tenderLots.tenderId, seat.tenderId)).orderBy(tenderLots.lotNo);
    const confirmed = seat.status === 'confirmed';
    if (confirmed) {
      const conflict = (await seatConflicts(db, t!, [me.id], await dbNow(db))).get(me.id);
      if (conflict) throw conflictRefusal(conflict);
    }
    const rows = confirmed
      ? await db
          .select({ bid: bids, name: organizations.name })
          .from(bids)
          .innerJoin(organizations, eq(organizations.id, bids.supplierId))
          .where(and(eq(bids.tenderId, seat.tenderId), eq(bids.status, 'opened')))
      : [];
    const mine = confirmed
      ? await db
          .select()
          .from(tenderScores)
          .where(and(eq(tenderScores.tenderId, seat.tenderId), eq(tenderScores.expertId, me.id)))
      : [];
    const steps = await lotSteps(db, lots, me.id);
    return {
      seatId,
      seatStatus: seat.status,
      tenderId: t!.id,
      tenderNo: t!.tenderNo,
      title: t!.title,
      tenderStatus: t!.status,
      lots: lots.map((l) => ({
        lotId: l.id,
        lotNo: l.lotNo,
        name: l.name,
        status: l.status,
        evaluationMethod: l.evaluationMethod,
        priceWeight: l.priceWeight,
        criteria: l.criteria,
        ...steps.get(l.id)!,
        bids: rows
          .filter((r) => r.bid.lotId === l.id)
          .map((r) => ({
            bidId: r.bid.id,
            supplierName: r.name,
            sizeClass: r.bid.sizeClass,
            priceFen: r.bid.priceFen!,
            deductionRate: r.bid.deductionRate ?? '0',
            evaluationPriceFen: r.bid.evaluationPriceFen!,
            technicalResponse: r.bid.technicalResponse ?? '',
            myPoints: mine.find((m) => m.bidId === r.bid.id)?.points ?? null,
            myReasons: mine.find((m) => m.bidId === r.bid.id)?.reasons ?? null,
          })),
      })),
    };
  }

  return { submitScores, sheet };
}
