import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import {
  bidReviews,
  bids,
  lotEvaluations,
  organizations,
  reportSignatures,
  tenderExperts,
  tenderLots,
  tenderScores,
} from '../../db/schema/index.ts';
import * as expertsQ from '../experts/experts.queries.ts';
import { yuan } from '../../../contracts/money.ts';
import { ocidOf, type TenderRow } from './tenders.context.ts';

/** The one pseudonym of a committee member wherever names are not shown: by seat, "评审专家 1". */
export const expertPseudonym = (drawPosition: number) => `评审专家 ${drawPosition + 1}`;

/** What the tender's results publish: the 无效投标 with their reasons, and the award notice once out. */
export async function resultsOf(db: DbOrTx, rows: readonly TenderRow[]) {
  const opened = rows.filter((t) => t.openedAt);
  const ids = opened.map((t) => t.id);
  if (!ids.length) return new Map<string, Results>();
  const noticed = opened.filter((t) => t.awardNoticeAt).map((t) => t.id);
  const [rejected, reviews, lots, evals, seats] = await Promise.all([
    db
      .select({ bid: bids, name: organizations.name })
      .from(bids)
      .innerJoin(organizations, eq(organizations.id, bids.supplierId))
      .where(and(inArray(bids.tenderId, ids), eq(bids.status, 'rejected'))),
    db
      .select()
      .from(bidReviews)
      .where(and(inArray(bidReviews.tenderId, ids), eq(bidReviews.passed, false))),
    db.select().from(tenderLots).where(inArray(tenderLots.tenderId, ids)),
    noticed.length ? db.select().from(lotEvaluations).where(inArray(lotEvaluations.tenderId, noticed)) : [],
    noticed.length
      ? db.select().from(tenderExperts).where(inArray(tenderExperts.tenderId, noticed)).orderBy(tenderExperts.drawPosition)
      : [],
  ]);
  const awardedIds = evals.flatMap((e) => (e.awardedBidId ? [e.awardedBidId] : []));
  const [winners, profiles] = await Promise.all([
    awardedIds.length
      ? db
          .select({ id: bids.id, name: organizations.name })
          .from(bids)
          .innerJoin(organizations, eq(organizations.id, bids.supplierId))
          .where(inArray(bids.id, awardedIds))
      : [],
    expertsQ.profilesOf(
      db,
      seats.map((s) => s.expertId),
    ),
  ]);
  const out = new Map<string, Results>();
  for (const t of opened) {
    const lotNo = (lotId: string) => lots.find((l) => l.id === lotId)?.lotNo ?? 0;
    const invalidBids = rejected
      .filter((r) => r.bid.tenderId === t.id)
      .map((r) => {
        const review = reviews.find((x) => x.bidId === r.bid.id);
        return {
          bidId: r.bid.id,
          lotId: r.bid.lotId,
          lotNo: lotNo(r.bid.lotId),
          supplierId: r.bid.supplierId,
          supplierName: r.name,
          stage: (review?.stage ?? 'opening') as 'opening' | 'qualification' | 'compliance',
          reason: r.bid.statusNote ?? '',
        };
      })
      .sort((a, b) => a.lotNo - b.lotNo || a.supplierName.localeCompare(b.supplierName));
    out.set(t.id, {
      invalidBids,
      awardNotice: t.awardNoticeAt ? awardNoticeOf(t, lots, evals, winners, seats, profiles, invalidBids) : null,
    });
  }
  return out;
}

type Results = { invalidBids: InvalidBid[]; awardNotice: ReturnType<typeof awardNoticeOf> | null };
type InvalidBid = {
  bidId: string;
  lotId: string;
  lotNo: number;
  supplierId: string;
  supplierName: string;
  stage: 'opening' | 'qualification' | 'compliance';
  reason: string;
};

/**
 * 中标结果公告 (财政部令第87号第六十九条): per lot the winner and the amount, the committee's names, a summary
 * of the report, and where the open data is.
 */
function awardNoticeOf(
  t: TenderRow,
  lots: (typeof tenderLots.$inferSelect)[],
  evals: (typeof lotEvaluations.$inferSelect)[],
  winners: { id: string; name: string }[],
  seats: (typeof tenderExperts.$inferSelect)[],
  profiles: Map<string, { name: string }>,
  invalid: InvalidBid[],
) {
  const committee = seats
    .filter((s) => s.tenderId === t.id && s.status !== 'declined')
    .map((s) => profiles.get(s.expertId)?.name ?? expertPseudonym(s.drawPosition));
  return {
    publishedAt: t.awardNoticeAt!.toISOString(),
    committee,
    ocdsUrl: `/api/ocds/tenders/${t.id}/record`,
    ocid: ocidOf(t.tenderNo),
    lots: lots
      .filter((l) => l.tenderId === t.id)
      .sort((a, b) => a.lotNo - b.lotNo)
      .map((l) => {
        const e = evals.find((x) => x.lotId === l.id);
        const ranked = (e?.report as { ranking?: { bidId?: string }[] } | undefined)?.ranking ?? [];
        const ranking = ranked.length;
        // The award goes down the ranking past bidders the award's credit check refused (tenders.award.ts): say so.
        const place = e?.awardedBidId ? ranked.findIndex((r) => r.bidId === e.awardedBidId) + 1 : 0;
        const recommended =
          place > 1
            ? `评标委员会推荐排序第一的投标人为中标候选人；排序在前的 ${place - 1} 名投标人经中标前资格复核不具备中标资格，依次确认排序第 ${place} 的投标人`
            : '评标委员会推荐排序第一的投标人为中标候选人';
        const winner = e?.awardedBidId ? (winners.find((w) => w.id === e.awardedBidId)?.name ?? null) : null;
        const bad = invalid.filter((x) => x.lotId === l.id).length;
        const method = l.evaluationMethod === 'comprehensive' ? '综合评分法' : '最低评标价法';
        return {
          lotId: l.id,
          lotNo: l.lotNo,
          name: l.name,
          status: l.status,
          supplierName: winner,
          amountFen: e?.contractPriceFen ?? null,
          summary:
            l.status === 'failed'
              ? '本包流标'
              : `${method}；参与评审的有效投标 ${ranking} 份，无效投标 ${bad} 份；${recommended}${
                  winner && e?.contractPriceFen ? `，中标人 ${winner}，中标金额 ${yuan(e.contractPriceFen)}` : ''
                }`,
        };
      }),
  };
}

/** Whether each of the caller's bids won (中标) or lost (未中标), once the lot's award is confirmed. */
export async function outcomesOf(db: DbOrTx, tenderId: string) {
  const evals = await db.select().from(lotEvaluations).where(eq(lotEvaluations.tenderId, tenderId));
  return (bid: { id: string; lotId: string; status: string }) => {
    const e = evals.find((x) => x.lotId === bid.lotId);
    if (!e?.awardedBidId) return null;
    return e.awardedBidId === bid.id ? ('won' as const) : ('lost' as const);
  };
}

/** The signatures of each lot's report, by seat: who signed, agreeing or with dissent. */
export async function signaturesByLot(db: DbOrTx, tenderId: string) {
  const [rows, seats] = await Promise.all([
    db.select().from(reportSignatures).where(eq(reportSignatures.tenderId, tenderId)),
    db.select().from(tenderExperts).where(eq(tenderExperts.tenderId, tenderId)),
  ]);
  const members = seats.filter((s) => s.status !== 'declined');
  return (lotId: string) => ({
    required: members.length,
    final: members.every((m) => rows.some((r) => r.lotId === lotId && r.expertId === m.expertId)),
    signatures: rows
      .filter((r) => r.lotId === lotId)
      .map((r) => ({
        seat: (seats.find((s) => s.expertId === r.expertId)?.drawPosition ?? 0) + 1,
        expert: expertPseudonym(seats.find((s) => s.expertId === r.expertId)?.drawPosition ?? 0),
        agrees: r.agrees,
        dissent: r.dissent,
        signedAt: r.signedAt.toISOString(),
      }))
      .sort((a, b) => a.seat - b.seat),
  });
}

/**
 * 评分理由 of each lot's report: per member (by seat, 评审专家 N), per bidder, per criterion, the points and the
 * reason given (members of the committee only; a declined seat's sheets are not part of the report).
 */
export async function scoreReasonsByLot(db: DbOrTx, tenderId: string, lots: readonly (typeof tenderLots.$inferSelect)[]) {
  const [scores, seats] = await Promise.all([
    db.select().from(tenderScores).where(eq(tenderScores.tenderId, tenderId)),
    db.select().from(tenderExperts).where(eq(tenderExperts.tenderId, tenderId)),
  ]);
  return (lotId: string, report: { ranking: { bidId: string; supplierName: string }[] }) => {
    const lot = lots.find((l) => l.id === lotId);
    const out: ScoreReason[] = [];
    for (const s of scores.filter((x) => x.lotId === lotId)) {
      const seat = seats.find((x) => x.expertId === s.expertId && x.status !== 'declined');
      const bidder = report.ranking.find((r) => r.bidId === s.bidId);
      if (!seat || !bidder) continue;
      const reasons = (s.reasons ?? {}) as Record<string, string>;
      for (const c of lot?.criteria ?? [])
        out.push({
          seat: seat.drawPosition + 1,
          expert: expertPseudonym(seat.drawPosition),
          bidId: s.bidId,
          supplierName: bidder.supplierName,
          criterion: c.key,
          criterionName: c.name,
          points: s.points[c.key] ?? '',
          reason: reasons[c.key]?.trim() ?? '',
        });
    }
    return out.sort(
      (a, b) =>
        a.seat - b.seat ||
        a.supplierName.localeCompare(b.supplierName, 'zh-CN') ||
        (lot?.criteria.findIndex((c) => c.key === a.criterion) ?? 0) - (lot?.criteria.findIndex((c) => c.key === b.criterion) ?? 0),
    );
  };
}

type ScoreReason = {
  seat: number;
  expert: string;
  bidId: string;
  supplierName: string;
  criterion: string;
  criterionName: string;
  points: string;
  reason: string;
};
