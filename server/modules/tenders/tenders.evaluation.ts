import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../db/client.ts';
import {
  bids,
  lotEvaluations,
  organizations,
  reportSignatures,
  tenderExperts,
  tenderLots,
  tenders,
  tenderScores,
} from '../../db/schema/index.ts';
import { createTenderReview, requireReviewed } from './tenders.review.ts';
import { createScoreSheets, refuseStandingReport } from './tenders.score-sheets.ts';
import { recuseConflictedMembers } from './tenders.recusal.ts';
import { methodConfig } from './tenders.stages.ts';
import { resultLetter } from './tenders.letters.ts';
import { expertPseudonym, resultsOf, scoreReasonsByLot, signaturesByLot } from './tenders.results.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import { startClock } from './tenders.clocks.ts';
import { assertStage } from './tenders.stages.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate, workdayDeadline } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { policyValue } from '../../platform/policy.ts';
import type { CreditService } from '../credit/credit.service.ts';
import * as expertsQ from '../experts/experts.queries.ts';
import type { Notify } from '../notifications/notifications.service.ts';
import { notifyExperts, reportToSignNotice } from './tenders.notices.ts';
import { readableTender, readsAsExpert, overseesTender } from './tenders.access.ts';
import { createTenderAward } from './tenders.award.ts';
import { createContractNotice } from './tenders.contract-notice.ts';
import type { FileStore } from '../../platform/storage.ts';
import { evaluateLot, greenCertificateCounts, tenderStatusLabels, type GreenCertificate } from './tenders.rules.ts';

type Report = ReturnType<typeof evaluateLot>;

/** 评审: experts' score sheets and the computed report per lot; 定标 and what follows it in tenders.award.ts. */
export function createTenderEvaluation(deps: { db: Db; jobs: JobSystem; credit: CreditService; notify: Notify; files: FileStore }) {
  const { db } = deps;
  const { confirmAward, lodgeChallenge, replyChallenge, challenges } = createTenderAward({ ...deps, report });
  const contract = createContractNotice(deps);
  const { qualify, comply, sign, reviews } = createTenderReview(deps);

  /**
   * The center computes each lot's report once every seated expert has scored; rank 1 is the recommendation.
   * A report is computed once: again only after a complaint decision ordered re-evaluation (standingReport).
   * A member who must stand aside now is recused first (committed) and the report refused until the seat is filled.
   */
  async function evaluate(auth: AuthContext, tenderId: string) {
    const recused = await inTransaction(db, async (tx, afterCommit) => {
      const [t] = await tx.select().from(tenders).where(eq(tenders.id, tenderId)).for('update');
      if (!t || t.centerOrgId !== auth.orgId) throw new NotFoundError('tender not found');
      if (t.status !== 'evaluation') throw new ConflictError(`项目当前为「${tenderStatusLabels[t.status]}」，不能出具评标报告`);
      const now = await dbNow(tx);
      await assertStage(tx, t, ['evaluation', 'award'], '出具评审报告', now);
      const ratio = (await policyValue(tx, 'tender.scoreOutlierRatio', z.string())).value;
      const seated = (await tx.select().from(tenderExperts).where(eq(tenderExperts.tenderId, tenderId))).filter(
        (s) => s.status !== 'declined',
      );
      if (seated.some((s) => s.status !== 'confirmed')) throw new ConflictError('尚有专家未签署回避声明');
      const lots = (await tx.select().from(tenderLots).where(eq(tenderLots.tenderId, tenderId)).orderBy(tenderLots.lotNo)).filter(
        (l) => l.status === 'opened',
      );
      for (const lot of lots) await refuseStandingReport(tx, tenderId, lot, '不能重新计算（投诉处理决定责令重新评审的除外）');
      const named = await recuseConflictedMembers(tx, { userId: auth.userId, orgId: auth.orgId }, t, seated, now);
      if (named.length) return named;
      // The reviews are the committee's: a single-source negotiation record has no committee stage.
      const reviewed = methodConfig(t.methodCode).stages.includes('evaluation');
      for (const lot of lots) {
        if (reviewed) await requireReviewed(tx, lot);
        // A report computed again (re-evaluation ordered) is signed again.
        await tx.delete(reportSignatures).where(eq(reportSignatures.lotId, lot.id));
        const rows = await tx
          .select({ bid: bids, name: organizations.name })
          .from(bids)
          .innerJoin(organizations, eq(organizations.id, bids.supplierId))
          .where(and(eq(bids.lotId, lot.id), eq(bids.status, 'opened')));
        const sheets = await tx.select().from(tenderScores).where(eq(tenderScores.lotId, lot.id));
        if (lot.evaluationMethod === 'comprehensive') {
          const missing = seated.filter((s) => rows.some((r) => !sheets.some((x) => x.bidId === r.bid.id && x.expertId === s.expertId)));
          if (missing.length) throw new ConflictError(`第 ${lot.lotNo} 包尚有 ${missing.length} 位专家未完成评分`);
        }
        const report = evaluateLot(
          lot,
          rows.map((r) => ({
            bidId: r.bid.id,
            supplierId: r.bid.supplierId,
            supplierName: r.name,
            sizeClass: r.bid.sizeClass,
            priceFen: r.bid.priceFen!,
            deductionRate: r.bid.deductionRate ?? '0',
            evaluationPriceFen: r.bid.evaluationPriceFen!,
            submittedAt: r.bid.submittedAt.toISOString(),
            greenCertificate: (r.bid.greenCertificate as GreenCertificate | null) ?? null,
            greenValid: greenCertificateCounts(r.bid.greenCertificate as GreenCertificate | null, shanghaiDate(t.deadline)),
          })),
          sheets
            .filter((s) => seated.some((x) => x.expertId === s.expertId))
            .map((s) => ({ bidId: s.bidId, expertId: s.expertId, points: s.points })),
          ratio,
        );
        const recommended = report.ranking[0]?.bidId ?? null;
        await tx
          .insert(lotEvaluations)
          .values({ lotId: lot.id, tenderId, report, recommendedBidId: recommended })
          .onConflictDoUpdate({
            target: lotEvaluations.lotId,
            set: { report, recommendedBidId: recommended, computedAt: await dbNow(tx) },
          });
        await confirmationClock(tx, afterCommit, t, lot.id);
      }
      await notifyExperts(
        tx,
        seated.map((m) => m.expertId),
        reportToSignNotice(t),
      );
      return [];
    });
    if (recused.length)
      throw new ConflictError(`评标委员会成员须回避，已由候补专家递补，待其确认并评分后方可出具评标报告（${recused.join('；')}）`);
    return report(auth, tenderId);
  }

  /** 确定中标人 within 5 working days of the report (财政部令第87号 第六十八条): the unit's clock, per lot. */
  async function confirmationClock(tx: Tx, afterCommit: AfterCommit, t: typeof tenders.$inferSelect, lotId: string) {
    const now = await dbNow(tx);
    const days = (await policyValue(tx, 'tender.awardConfirmWorkdays', z.number().int())).value;
    await startClock(tx, afterCommit, deps.jobs, {
      tenderId: t.id,
      kind: 'award_confirmation',
      subjectId: lotId,
      responsibleOrgId: t.purchaserOrgId,
      startedAt: now,
      due: await workdayDeadline(tx, now, days),
    });
  }

  /**
   * The evaluation report: the running center, the purchasing unit and regulators; an expert seated on the
   * committee after the opening (and no other expert, whatever its organization: tenders.access.ts); everyone
   * else once awarded.
   */
  async function report(auth: AuthContext | null, tenderId: string) {
    const t = await readableTender(db, auth, tenderId);
    const seated = t !== undefined && readsAsExpert(auth);
    const party =
      auth !== null &&
      t !== undefined &&
      !readsAsExpert(auth) &&
      (t.centerOrgId === auth.orgId || t.purchaserOrgId === auth.orgId || (await overseesTender(db, auth, t)));
    if (!t || !(party || seated || ['awarded', 'challenge', 'contracted'].includes(t.status))) throw new NotFoundError('report not found');
    const lots = await db.select().from(tenderLots).where(eq(tenderLots.tenderId, tenderId)).orderBy(tenderLots.lotNo);
    const evals = lots.length
      ? await db
          .select()
          .from(lotEvaluations)
          .where(
            inArray(
              lotEvaluations.lotId,
              lots.map((l) => l.id),
            ),
          )
      : [];
    // Flagged scores name the expert by seat for everyone (one pseudonym: 评审专家 N), not by who the expert is.
    const seats = await db.select().from(tenderExperts).where(eq(tenderExperts.tenderId, tenderId));
    const shown = (r: Report): Report => ({
      ...r,
      outliers: r.outliers.map((o) => ({
        ...o,
        expertId: `seat:${(seats.find((x) => x.expertId === o.expertId)?.drawPosition ?? 0) + 1}`,
      })),
    });
    const [signed, invalid, reasons] = await Promise.all([
      signaturesByLot(db, tenderId),
      resultsOf(db, [t]),
      scoreReasonsByLot(db, tenderId, lots),
    ]);
    return {
      tenderId,
      tenderNo: t.tenderNo,
      status: t.status,
      lots: lots.map((l) => {
        const e = evals.find((x) => x.lotId === l.id);
        return {
          lotId: l.id,
          lotNo: l.lotNo,
          name: l.name,
          status: l.status,
          computedAt: e?.computedAt.toISOString() ?? null,
          recommendedBidId: e?.recommendedBidId ?? null,
          awardedBidId: e?.awardedBidId ?? null,
          awardedAt: e?.awardedAt?.toISOString() ?? null,
          contractPriceFen: e?.contractPriceFen ?? null,
          report: e?.report ? shown(e.report as Report) : null,
          invalidBids: (invalid.get(tenderId)?.invalidBids ?? []).filter((x) => x.lotId === l.id),
          signing: signed(l.id),
          reasons: e?.report ? reasons(l.id, e.report as Report) : [],
        };
      }),
    };
  }

  /**
   * One lot's report as a document: everything the report route shows to the same caller, with the tender's
   * facts and the committee (评审专家名单, which the award notice publishes: 财政部令第87号第六十九条).
   * Flagged scores name the expert for the parties, the seat otherwise, as the report route does.
   */
  async function reportDocument(auth: AuthContext, tenderId: string, lotId: string) {
    const shown = await report(auth, tenderId);
    const lot = shown.lots.find((l) => l.lotId === lotId);
    if (!lot?.report) throw new NotFoundError('该包尚未出具评标报告');
    const [t] = await db.select().from(tenders).where(eq(tenders.id, tenderId));
    const [[lotRow], [purchaser], [center], seats] = await Promise.all([
      db.select().from(tenderLots).where(eq(tenderLots.id, lotId)),
      db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, t!.purchaserOrgId)),
      db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, t!.centerOrgId)),
      db
        .select({ expertId: tenderExperts.expertId, drawPosition: tenderExperts.drawPosition, status: tenderExperts.status })
        .from(tenderExperts)
        .where(eq(tenderExperts.tenderId, tenderId))
        .orderBy(tenderExperts.drawPosition),
    ]);
    const profiles = await expertsQ.profilesOf(
      db,
      seats.map((s) => s.expertId),
    );
    // Names are published with the award notice (令87 第六十九条); before it each member is 评审专家 N.
    const named = ['awarded', 'challenge', 'contracted'].includes(t!.status);
    const committee = seats
      .filter((s) => s.status !== 'declined')
      .map((s) => ({
        seat: s.drawPosition + 1,
        expertId: s.expertId,
        name: named ? profiles.get(s.expertId)!.name : expertPseudonym(s.drawPosition),
        title: named ? profiles.get(s.expertId)!.title : '',
        employer: named ? profiles.get(s.expertId)!.employer : '',
      }));
    const expertLabel = (expertId: string) => expertPseudonym(Number(expertId.slice(5)) - 1);
    return {
      tenderNo: t!.tenderNo,
      title: t!.title,
      purchaserName: purchaser?.name ?? '',
      centerName: center?.name ?? '',
      deadline: t!.deadline.toISOString(),
      openedAt: t!.openedAt?.toISOString() ?? null,
      lotNo: lot.lotNo,
      lotName: lot.name,
      budgetFen: lotRow!.budgetFen,
      smeDeductionRate: lotRow!.smeReserved ? null : lotRow!.smeDeductionRate,
      criteria: lotRow!.criteria,
      computedAt: lot.computedAt,
      awardedBidId: lot.awardedBidId,
      recommendedBidId: lot.recommendedBidId,
      contractPriceFen: lot.contractPriceFen,
      report: lot.report,
      committee: committee.map(({ seat, name, title, employer }) => ({ seat, name, title, employer })),
      invalidBids: lot.invalidBids,
      signing: lot.signing,
      reasons: lot.reasons,
      outliers: lot.report.outliers.map((o) => ({
        ...o,
        expert: expertLabel(o.expertId),
        bidder: lot.report!.ranking.find((r) => r.bidId === o.bidId)?.supplierName ?? o.bidId,
      })),
    };
  }

  const { submitScores, sheet } = createScoreSheets(deps);

  return {
    submitScores,
    evaluate,
    report,
    reportDocument,
    confirmAward,
    lodgeChallenge,
    replyChallenge,
    challenges,
    signContract: contract.signContract,
    contract,
    sheet,
    qualify,
    comply,
    sign,
    reviews,
    resultLetter: (auth: AuthContext, tenderId: string, lotId: string) => resultLetter(db, auth, tenderId, lotId),
  };
}

export type TenderEvaluation = ReturnType<typeof createTenderEvaluation>;
