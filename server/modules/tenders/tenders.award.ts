import { overseesTender } from './tenders.access.ts';
import { and, eq, inArray, ne } from 'drizzle-orm';
import { orgRegion } from '../../platform/jurisdiction.ts';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { bids, lotEvaluations, organizations, tenderChallenges, tenderLots, tenders } from '../../db/schema/index.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import type { Tx } from '../../db/client.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import { meetClock, metAtOnce, openComplaintWindow, startClock } from './tenders.clocks.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { dayDeadline, shanghaiDateTime, workdayDeadline } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import { policyValue } from '../../platform/policy.ts';
import type { CreditService } from '../credit/credit.service.ts';
import type { Notify } from '../notifications/notifications.service.ts';
import { tenderStatusLabels, type evaluateLot } from './tenders.rules.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import { signaturesOf } from './tenders.review.ts';
import { reevaluationOrderedSince } from './tenders.score-sheets.ts';

type Report = ReturnType<typeof evaluateLot>;

/** 定标 to 合同: the unit's confirmation of the award, the bidders' challenges (质疑) and the center's reply, the contract. */
export function createTenderAward<R>(deps: {
  db: Db;
  jobs: JobSystem;
  credit: CreditService;
  notify: Notify;
  /** The evaluation's report, which a confirmation answers with. */
  report: (auth: AuthContext | null, tenderId: string) => Promise<R>;
}) {
  const { db, jobs, credit, report } = deps;

  /**
   * 确认中标: the purchasing unit confirms a lot's recommendation. Credit is checked again now; an
   * ineligible first is passed over for the next ranked. The contract price is the bid, not the
   * evaluation price. With every lot decided the award notice is out and the 7-working-day challenge
   * window (质疑期) starts.
   */
  async function confirmAward(auth: AuthContext, tenderId: string, lotId: string) {
    await inTransaction(db, async (tx, afterCommit) => {
      const [t] = await tx.select().from(tenders).where(eq(tenders.id, tenderId)).for('update');
      if (!t || t.purchaserOrgId !== auth.orgId) throw new NotFoundError('tender not found');
      if (t.status !== 'evaluation') throw new ConflictError(`项目当前为「${tenderStatusLabels[t.status]}」，不能确认中标`);
      refuseSuspended(t);
      const [e] = await tx
        .select()
        .from(lotEvaluations)
        .where(and(eq(lotEvaluations.lotId, lotId), eq(lotEvaluations.tenderId, tenderId)))
        .for('update');
      if (!e) {
        const [lot] = await tx
          .select({ id: tenderLots.id })
          .from(tenderLots)
          .where(and(eq(tenderLots.id, lotId), eq(tenderLots.tenderId, tenderId)));
        if (!lot) throw new NotFoundError('lot not found', { fields: [{ field: 'lotId', message: '本项目没有这个包', in: 'params' }] });
        throw new RuleViolationError('no evaluation report', { fields: [{ field: 'lotId', message: '该包尚无评标报告', in: 'params' }] });
      }
      if (e.awardedBidId) throw new ConflictError('该包已确认中标');
      const signatures = await signaturesOf(tx, tenderId, lotId);
      if (!signatures.final)
        throw new ConflictError(
          `评标报告尚未由评标委员会全体成员签署（已签 ${signatures.signed.length} / ${signatures.members.length} 人），签署后方为定稿`,
        );
      // A complaint decision that ordered re-evaluation voids every report computed before it (政府采购法 第五十八条).
      const voided = await reevaluationOrderedSince(tx, tenderId, e.computedAt);
      if (voided)
        throw new ConflictError(`投诉处理决定于 ${shanghaiDateTime(voided.at!)}（北京时间）责令重新评审，须重新出具评标报告后方可确认中标`);
      const ranking = (e.report as Report).ranking;
      let chosen: (typeof ranking)[number] | undefined;
      const passed: string[] = [];
      const regionCode = await orgRegion(tx, t.purchaserOrgId);
      for (const r of ranking) {
        const eligibility = await credit.checkEligibility(tx, { supplierId: r.supplierId, action: 'award', regionCode });
        if (eligibility.eligible) {
          chosen = r;
          break;
        }
        passed.push(`${r.supplierName}：${eligibility.reasons[0]?.message ?? ''}`);
      }
      if (!chosen) throw new ConflictError('排序内投标人均不具备中标资格，应重新组织采购');
      const now = await dbNow(tx);
      await tx
        .update(lotEvaluations)
        .set({ awardedBidId: chosen.bidId, awardedAt: now, confirmedBy: auth.userId, contractPriceFen: chosen.priceFen })
        .where(eq(lotEvaluations.lotId, lotId));
      await tx.update(tenderLots).set({ status: 'awarded' }).where(eq(tenderLots.id, lotId));
      await meetClock(tx, jobs, tenderId, 'award_confirmation', lotId, now);
      const lots = await tx.select().from(tenderLots).where(eq(tenderLots.tenderId, tenderId));
      if (lots.every((l) => l.status === 'awarded' || l.status === 'failed')) await noticeAward(tx, afterCommit, t, now);
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'tender.award',
        entityType: 'tender',
        entityId: tenderId,
        data: {
          lotId,
          bidId: chosen.bidId,
          supplierId: chosen.supplierId,
          contractPriceFen: chosen.priceFen,
          passedOver: passed,
          price: yuan(chosen.priceFen),
        },
      });
      await recordReleases(tx, 'tender', tenderId);
    });
    return report(auth, tenderId);
  }

  /** 中标公告 with every lot decided: published at once (the 2-working-day clock met), the challenge window and the contract clocks start. */
  async function noticeAward(tx: Tx, afterCommit: AfterCommit, t: typeof tenders.$inferSelect, now: Date) {
    const tenderId = t.id;
    const window = await workdayDeadline(tx, now, (await policyValue(tx, 'tender.challengeWorkdays', z.number().int())).value);
    await tx
      .update(tenders)
      .set({
        status: 'awarded',
        awardNoticeAt: now,
        challengeUntil: window,
        resultNote: `${t.resultNote ?? ''}；中标公告 ${shanghaiDateTime(now)}，质疑期至 ${shanghaiDateTime(window)}（北京时间）`,
        updatedAt: now,
      })
      .where(eq(tenders.id, tenderId));
    const bidders = await tx
      .selectDistinct({ supplierId: bids.supplierId })
      .from(bids)
      .where(and(eq(bids.tenderId, tenderId), inArray(bids.status, ['opened', 'rejected'])));
    const winners = new Set(
      (await tx.select({ bidId: lotEvaluations.awardedBidId }).from(lotEvaluations).where(eq(lotEvaluations.tenderId, tenderId))).map(
        (e) => e.bidId,
      ),
    );
    const winning = new Set(
      (await tx.select({ id: bids.id, supplierId: bids.supplierId }).from(bids).where(eq(bids.tenderId, tenderId)))
        .filter((b) => winners.has(b.id))
        .map((b) => b.supplierId),
    );
    await deps.notify(
      tx,
      bidders.map((b) => ({
        organizationId: b.supplierId,
        kind: 'tender.awarded' as const,
        title: `中标公告：${t.tenderNo}`,
        body: `「${t.title}」中标结果已于 ${shanghaiDateTime(now)}（北京时间）公告${winning.has(b.supplierId) ? '，你单位为中标人' : ''}。对结果有异议的，可在 ${shanghaiDateTime(window)}（北京时间）前提出质疑。`,
        params: {
          tenderNo: t.tenderNo,
          title: t.title,
          awardedAt: now.toISOString(),
          challengeUntil: window.toISOString(),
          ...(winning.has(b.supplierId) ? { variant: 'won' } : {}),
        },
        link: `/supplier/tenders/${tenderId}`,
      })),
    );
    const signDays = (await policyValue(tx, 'tender.contractSignDays', z.number().int())).value;
    const noticeDays = (await policyValue(tx, 'tender.awardNoticeWorkdays', z.number().int())).value;
    await metAtOnce(tx, {
      tenderId,
      kind: 'award_notice',
      subjectId: tenderId,
      responsibleOrgId: t.centerOrgId,
      startedAt: now,
      due: await workdayDeadline(tx, now, noticeDays),
    });
    for (const l of await tx
      .select()
      .from(tenderLots)
      .where(and(eq(tenderLots.tenderId, tenderId), eq(tenderLots.status, 'awarded'))))
      await startClock(tx, afterCommit, jobs, {
        tenderId,
        kind: 'contract_signing',
        subjectId: l.id,
        responsibleOrgId: t.purchaserOrgId,
        startedAt: now,
        due: dayDeadline(now, signDays),
      });
  }

  /** 暂停采购活动 (政府采购法 第五十七条): while a complaint is handled, no award or contract step. */
  function refuseSuspended(t: typeof tenders.$inferSelect) {
    if (t.suspendedAt)
      throw new ConflictError(`项目因投诉处理已于 ${shanghaiDateTime(t.suspendedAt)}（北京时间）暂停采购活动，待财政部门处理决定后继续`);
  }

  /** 质疑: a bidder of the tender, within the working-day window after the award notice; the reply is due in as many working days. */
  async function lodgeChallenge(auth: AuthContext, tenderId: string, grounds: string) {
    await inTransaction(db, async (tx, afterCommit) => {
      const [t] = await tx.select().from(tenders).where(eq(tenders.id, tenderId)).for('update');
      if (!t) throw new NotFoundError('tender not found');
      const [mine] = await tx
        .select({ id: bids.id })
        .from(bids)
        // A bid withdrawn before the deadline took no part in the procurement (财政部令第94号 第十一条).
        .where(and(eq(bids.tenderId, tenderId), eq(bids.supplierId, auth.orgId), ne(bids.status, 'withdrawn')));
      if (!mine) throw new NotFoundError('not a bidder of this tender');
      if (t.status !== 'awarded' && t.status !== 'challenge')
        throw new ConflictError(`项目当前为「${tenderStatusLabels[t.status]}」，不能提出质疑`);
      const now = await dbNow(tx);
      if (!t.challengeUntil || now > t.challengeUntil)
        throw new ConflictError(`质疑期已于 ${t.challengeUntil ? shanghaiDateTime(t.challengeUntil) : ''}（北京时间）届满`);
      const days = (await policyValue(tx, 'tender.challengeWorkdays', z.number().int())).value;
      const replyDue = await workdayDeadline(tx, now, days);
      const [lodged] = await tx
        .insert(tenderChallenges)
        .values({ tenderId, supplierId: auth.orgId, lodgedBy: auth.userId, grounds, lodgedAt: now, replyDue })
        .returning({ id: tenderChallenges.id });
      // 答复 within 7 working days (政府采购法 第五十三条): the center's clock.
      await startClock(tx, afterCommit, jobs, {
        tenderId,
        kind: 'challenge_reply',
        subjectId: lodged!.id,
        responsibleOrgId: t.centerOrgId,
        startedAt: now,
        due: replyDue,
      });
      await tx.update(tenders).set({ status: 'challenge', updatedAt: now }).where(eq(tenders.id, tenderId));
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'tender.challenge',
        entityType: 'tender',
        entityId: tenderId,
        data: { replyDue: replyDue.toISOString() },
      });
    });
    return challenges(auth, tenderId);
  }

  /** The center's reply. With every challenge answered and none upheld the award stands; an upheld one keeps the tender in 质疑 for the center to re-evaluate or cancel. */
  async function replyChallenge(auth: AuthContext, challengeId: string, input: { reply: string; upheld: boolean }) {
    const tenderId = await inTransaction(db, async (tx, afterCommit) => {
      const [c] = await tx.select().from(tenderChallenges).where(eq(tenderChallenges.id, challengeId)).for('update');
      if (!c) throw new NotFoundError('challenge not found');
      const [t] = await tx.select().from(tenders).where(eq(tenders.id, c.tenderId)).for('update');
      if (!t || t.centerOrgId !== auth.orgId) throw new NotFoundError('challenge not found');
      if (c.repliedAt) throw new ConflictError('已答复');
      const now = await dbNow(tx);
      await tx
        .update(tenderChallenges)
        .set({ reply: input.reply, upheld: input.upheld, repliedAt: now })
        .where(eq(tenderChallenges.id, challengeId));
      // Answered in time: the reply clock is met and the challenger's 15 working days to complain start now.
      if (await meetClock(tx, jobs, t.id, 'challenge_reply', challengeId, now))
        await openComplaintWindow(tx, afterCommit, jobs, challengeId, now);
      await deps.notify(tx, {
        organizationId: c.supplierId,
        kind: 'tender.challenge.replied',
        title: `质疑已答复：${t.tenderNo}`,
        body: `你单位对「${t.title}」提出的质疑已于 ${shanghaiDateTime(now)}（北京时间）答复：${input.upheld ? '质疑成立' : '质疑不成立'}。${input.reply.slice(0, 200)}`,
        params: {
          tenderNo: t.tenderNo,
          title: t.title,
          repliedAt: now.toISOString(),
          reply: input.reply.slice(0, 200),
          ...(input.upheld ? { variant: 'upheld' } : {}),
        },
        link: `/supplier/tenders/${t.id}/challenges`,
      });
      const open = (await tx.select().from(tenderChallenges).where(eq(tenderChallenges.tenderId, t.id))).filter(
        (x) => x.id !== challengeId && !x.repliedAt,
      );
      const upheld =
        input.upheld ||
        (
          await tx
            .select()
            .from(tenderChallenges)
            .where(and(eq(tenderChallenges.tenderId, t.id), eq(tenderChallenges.upheld, true)))
        ).length > 0;
      if (open.length === 0 && !upheld) await tx.update(tenders).set({ status: 'awarded', updatedAt: now }).where(eq(tenders.id, t.id));
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'tender.challenge.reply',
        entityType: 'tender',
        entityId: t.id,
        data: { challengeId, upheld: input.upheld, late: now > c.replyDue },
      });
      await recordReleases(tx, 'tender', t.id);
      return t.id;
    });
    return challenges(auth, tenderId);
  }

  /** Challenges: the center, the unit and regulators see all; a bidder its own. */
  async function challenges(auth: AuthContext, tenderId: string) {
    const [t] = await db.select().from(tenders).where(eq(tenders.id, tenderId));
    if (!t) throw new NotFoundError('tender not found');
    const all = t.centerOrgId === auth.orgId || t.purchaserOrgId === auth.orgId || (await overseesTender(db, auth, t));
    const rows = await db
      .select({ c: tenderChallenges, name: organizations.name })
      .from(tenderChallenges)
      .innerJoin(organizations, eq(organizations.id, tenderChallenges.supplierId))
      .where(and(eq(tenderChallenges.tenderId, tenderId), all ? undefined : eq(tenderChallenges.supplierId, auth.orgId)))
      .orderBy(tenderChallenges.lodgedAt);
    return rows.map(({ c, name }) => ({
      id: c.id,
      supplierId: c.supplierId,
      supplierName: name,
      grounds: c.grounds,
      lodgedAt: c.lodgedAt.toISOString(),
      replyDue: c.replyDue.toISOString(),
      reply: c.reply,
      upheld: c.upheld,
      repliedAt: c.repliedAt?.toISOString() ?? null,
      late: c.repliedAt ? c.repliedAt > c.replyDue : false,
    }));
  }

  return { confirmAward, lodgeChallenge, replyChallenge, challenges };
}
