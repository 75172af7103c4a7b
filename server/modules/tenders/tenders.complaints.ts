import { aliasedTable, and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import {
  lotEvaluations,
  organizations,
  regions,
  tenderChallenges,
  tenderAwardAnnulments,
  tenderClocks,
  tenderComplaints,
  tenderContracts,
  tenderLots,
  tenders,
} from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { beijingTime, workdayDeadline } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { policyValue } from '../../platform/policy.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import type { ComplaintDto } from '../../../contracts/tender-complaints.schemas.ts';
import type { ComplaintOutcome } from '../../../contracts/enums/tender-clocks.ts';
import type { NotificationInput, Notify } from '../notifications/notifications.service.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import { meetClock, pauseClocks, resumeClocks, startClock, stopClocks, tenderLink } from './tenders.clocks.ts';
import { actorOf } from './tenders.context.ts';
import { evaluationsOf } from './tenders.queries.ts';

type Tender = typeof tenders.$inferSelect;
type Complaint = typeof tenderComplaints.$inferSelect;
type Notice = Pick<NotificationInput, 'kind' | 'title' | 'body' | 'params'>;
const regulator = aliasedTable(organizations, 'regulator');
const outcomeLabels: Record<ComplaintOutcome, string> = {
  dismissed: '投诉事项不成立，驳回投诉，采购活动继续',
  reevaluate: '投诉事项成立，中标结果无效，责令重新评审',
  cancel: '投诉事项成立，采购活动终止',
};

/**
 * 投诉的主管部门: the finance department (a regulator organization) of the unit's region, else of the
 * nearest region above it, else the platform's first registered regulator (政府采购法 第十三条、第五十五条).
 */
export async function regulatorOf(tx: DbOrTx, unitId: string): Promise<string | null> {
  const all = await tx
    .select({ id: organizations.id, regionCode: organizations.regionCode })
    .from(organizations)
    .where(and(eq(organizations.kind, 'regulator'), eq(organizations.active, true)))
    .orderBy(organizations.createdAt);
  const [unit] = await tx.select({ regionCode: organizations.regionCode }).from(organizations).where(eq(organizations.id, unitId));
  for (let code: string | null = unit?.regionCode ?? null, depth = 0; code && depth < 6; depth++) {
    const here = all.find((r) => r.regionCode === code);
    if (here) return here.id;
    const [region] = await tx.select({ parent: regions.parentCode }).from(regions).where(eq(regions.code, code));
    code = region?.parent ?? null;
  }
  return all[0]?.id ?? null;
}

/**
 * 投诉 (政府采购法 第五十五条至第五十八条; 财政部令第94号): a challenger, after the reply or its missed
 * deadline, complains within 15 working days to the finance department of the unit; the department
 * accepts or refuses within 5 working days, and on acceptance the procedure is suspended until its
 * decision within 30 working days, which resumes it, orders a re-evaluation or cancels it. Only the
 * complainant, the unit, the center and the department see a complaint; its decision is public.
 */
export function createTenderComplaints(deps: { db: Db; jobs: JobSystem; notify: Notify }) {
  const { db, jobs, notify } = deps;

  const parties = (t: Tender, c: Pick<Complaint, 'supplierId' | 'regulatorOrgId'>) => [
    ...new Set([c.supplierId, t.purchaserOrgId, t.centerOrgId, c.regulatorOrgId]),
  ];
  const tell = (tx: Tx, t: Tender, c: Pick<Complaint, 'regulatorOrgId'>, orgIds: string[], n: Notice) =>
    notify(
      tx,
      orgIds.map((organizationId) => ({
        organizationId,
        ...n,
        params: { tenderNo: t.tenderNo, title: t.title, ...n.params },
        link: tenderLink(t, organizationId, c.regulatorOrgId),
      })),
    );

  /** 提起投诉: the complainant's own challenge, inside its complaint window, once. */
  async function file(auth: AuthContext, tenderId: string, input: { challengeId: string; grounds: string; evidence: string }) {
    const id = await inTransaction(db, async (tx, afterCommit) => {
      const [t] = await tx.select().from(tenders).where(eq(tenders.id, tenderId)).for('update');
      if (!t) throw new NotFoundError('tender not found');
      const mine = await tx
        .select()
        .from(tenderChallenges)
        .where(and(eq(tenderChallenges.tenderId, tenderId), eq(tenderChallenges.supplierId, auth.orgId)));
      if (mine.length === 0) throw new NotFoundError('not a challenger of this tender');
      const ch = mine.find((c) => c.id === input.challengeId);
      if (!ch) throw fieldError('challengeId', '只能就本单位对本项目提出的质疑投诉');
      const now = await dbNow(tx);
      const [earlier] = await tx.select({ id: tenderComplaints.id }).from(tenderComplaints).where(eq(tenderComplaints.challengeId, ch.id));
      if (earlier) throw new ConflictError('已就该质疑提起过投诉，同一事项不能再次投诉');
      const [window] = await tx
        .select()
        .from(tenderClocks)
        .where(and(eq(tenderClocks.kind, 'complaint_filing'), eq(tenderClocks.subjectId, ch.id)));
      if (!window) throw new ConflictError(`质疑答复期（至 ${beijingTime(ch.replyDue)}）届满或收到答复后方可投诉（政府采购法 第五十五条）`);
      if (window.status !== 'running' || now > window.due)
        throw new ConflictError(`投诉期已于 ${beijingTime(window.due)}届满（政府采购法 第五十五条）`);
      const regulatorOrgId = await regulatorOf(tx, t.purchaserOrgId);
      if (!regulatorOrgId) throw new ConflictError('平台尚未登记财政部门，无法受理投诉');
      const days = (await policyValue(tx, 'tender.complaintAcceptWorkdays', z.number().int())).value;
      const acceptDue = await workdayDeadline(tx, now, days);
      const [c] = await tx
        .insert(tenderComplaints)
        .values({
          tenderId,
          challengeId: ch.id,
          supplierId: auth.orgId,
          regulatorOrgId,
          filedBy: auth.userId,
          grounds: input.grounds,
          evidence: input.evidence,
          filedAt: now,
          acceptDue,
        })
        .onConflictDoNothing()
        .returning();
      if (!c) throw new ConflictError('已就该质疑提起投诉');
      await meetClock(tx, jobs, tenderId, 'complaint_filing', ch.id, now);
      const clock = { tenderId, subjectId: c.id, responsibleOrgId: regulatorOrgId, startedAt: now, due: acceptDue };
      await startClock(tx, afterCommit, jobs, { ...clock, kind: 'complaint_acceptance' });
      await tell(
        tx,
        t,
        c,
        parties(t, c).filter((o) => o !== auth.orgId),
        {
          kind: 'tender.complaint.filed',
          title: `收到投诉：${t.tenderNo}`,
          body: `「${t.title}」的质疑人已于 ${beijingTime(now)}向财政部门提起投诉，财政部门应于 ${beijingTime(acceptDue)}前决定是否受理。`,
          params: { filedAt: now.toISOString(), acceptDue: acceptDue.toISOString() },
        },
      );
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.complaint.file',
        entityType: 'tender',
        entityId: tenderId,
        data: { complaintId: c.id, challengeId: ch.id, regulatorOrgId, acceptDue: acceptDue.toISOString() },
      });
      return c.id;
    });
    return get(auth, id);
  }

  /** The addressed department's complaint, locked, with its tender. */
  async function lockOwn(tx: Tx, auth: AuthContext, complaintId: string) {
    const [c] = await tx.select().from(tenderComplaints).where(eq(tenderComplaints.id, complaintId)).for('update');
    if (!c || c.regulatorOrgId !== auth.orgId) throw new NotFoundError('complaint not found');
    const [t] = await tx.select().from(tenders).where(eq(tenders.id, c.tenderId)).for('update');
    return { c, t: t! };
  }

  /** 受理审查 within 5 working days: accepted (the procedure is suspended, 第五十七条) or refused with the reason. */
  async function accept(auth: AuthContext, complaintId: string, input: { accept: boolean; reason?: string | undefined }) {
    await inTransaction(db, async (tx, afterCommit) => {
      const { c, t } = await lockOwn(tx, auth, complaintId);
      if (c.status !== 'filed') throw new ConflictError('该投诉已作出受理决定');
      const now = await dbNow(tx);
      await meetClock(tx, jobs, t.id, 'complaint_acceptance', c.id, now);
      if (!input.accept) {
        await tx.update(tenderComplaints).set({ status: 'refused', refusalReason: input.reason! }).where(eq(tenderComplaints.id, c.id));
        await tell(tx, t, c, parties(t, c), {
          kind: 'tender.complaint.refused',
          title: `投诉不予受理：${t.tenderNo}`,
          body: `「${t.title}」的投诉不予受理：${input.reason}`,
          params: { reason: input.reason ?? '' },
        });
      } else {
        const days = (await policyValue(tx, 'tender.complaintHandlingWorkdays', z.number().int())).value;
        const handleDue = await workdayDeadline(tx, c.filedAt, days);
        await tx.update(tenderComplaints).set({ status: 'accepted', acceptedAt: now, handleDue }).where(eq(tenderComplaints.id, c.id));
        // Suspended from the first accepted complaint until the last one is decided.
        if (!t.suspendedAt) {
          await tx.update(tenders).set({ suspendedAt: now, updatedAt: now }).where(eq(tenders.id, t.id));
          await pauseClocks(tx, jobs, t.id, now);
        }
        const clock = { tenderId: t.id, subjectId: c.id, responsibleOrgId: c.regulatorOrgId, startedAt: now, due: handleDue };
        await startClock(tx, afterCommit, jobs, { ...clock, kind: 'complaint_handling' });
        await tell(tx, t, c, parties(t, c), {
          kind: 'tender.complaint.accepted',
          title: `投诉已受理，采购活动暂停：${t.tenderNo}`,
          body: `「${t.title}」的投诉已于 ${beijingTime(now)}受理，财政部门应于 ${beijingTime(handleDue)}前作出处理决定；处理期间暂停采购活动（政府采购法 第五十七条）。`,
          params: { acceptedAt: now.toISOString(), handleDue: handleDue.toISOString() },
        });
      }
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: input.accept ? 'tender.complaint.accept' : 'tender.complaint.refuse',
        entityType: 'tender',
        entityId: t.id,
        data: { complaintId: c.id, reason: input.reason ?? null },
      });
    });
    return get(auth, complaintId);
  }

  /** 处理决定, published with its reasons: the procedure resumes, is re-evaluated (the award annulled) or is cancelled. */
  async function decide(auth: AuthContext, complaintId: string, input: { outcome: ComplaintOutcome; reasons: string }) {
    await inTransaction(db, async (tx, afterCommit) => {
      const { c, t } = await lockOwn(tx, auth, complaintId);
      if (c.status !== 'accepted')
        throw new ConflictError(
          c.status === 'decided' ? '该投诉已作出处理决定' : c.status === 'refused' ? '该投诉已不予受理' : '投诉尚未受理',
        );
      const now = await dbNow(tx);
      await meetClock(tx, jobs, t.id, 'complaint_handling', c.id, now);
      await tx
        .update(tenderComplaints)
        .set({ status: 'decided', outcome: input.outcome, decisionReasons: input.reasons, decidedAt: now, decidedBy: auth.userId })
        .where(eq(tenderComplaints.id, c.id));
      const note = `${t.resultNote ?? ''}；投诉处理决定 ${beijingTime(now)}：${outcomeLabels[input.outcome]}`;
      // Another accepted complaint still being handled keeps the procedure suspended (政府采购法 第五十七条).
      const [pending] = await tx
        .select({ id: tenderComplaints.id })
        .from(tenderComplaints)
        .where(and(eq(tenderComplaints.tenderId, t.id), eq(tenderComplaints.status, 'accepted'), ne(tenderComplaints.id, c.id)));
      const suspended = !!pending && input.outcome !== 'cancel';
      await tx
        .update(tenders)
        .set({ suspendedAt: suspended ? t.suspendedAt : null, resultNote: note, updatedAt: now })
        .where(eq(tenders.id, t.id));
      if (input.outcome === 'dismissed') {
        if (!suspended) await resumeClocks(tx, afterCommit, jobs, t.id, now);
      } else if (input.outcome === 'reevaluate') await annulAward(tx, t, c.id, now);
      else {
        // Cancelled: the awards without a contract fall with it.
        await annulAward(tx, t, c.id, now);
        await tx
          .update(tenders)
          .set({ status: 'cancelled', cancelReason: `投诉处理决定：${input.reasons}` })
          .where(eq(tenders.id, t.id));
        await stopClocks(tx, jobs, t.id, now, [
          'documents',
          'award_confirmation',
          'contract_signing',
          'challenge_reply',
          'complaint_filing',
        ]);
      }
      await tell(tx, t, c, parties(t, c), {
        kind: 'tender.complaint.decided',
        title: `投诉处理决定：${t.tenderNo}`,
        body: `「${t.title}」投诉处理决定（${beijingTime(now)}）：${outcomeLabels[input.outcome]}。理由：${input.reasons.slice(0, 300)}`,
        params: { decidedAt: now.toISOString(), outcome: input.outcome, reason: input.reasons.slice(0, 300) },
      });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.complaint.decide',
        entityType: 'tender',
        entityId: t.id,
        data: { complaintId: c.id, outcome: input.outcome, reasons: input.reasons },
      });
      await recordReleases(tx, 'tender', t.id);
    });
    return get(auth, complaintId);
  }

  /**
   * 责令重新评审: the awards without a contract are annulled (each kept in tender_award_annulments: the open
   * data cancels it and gives the next award an id of its own) and the tender returns to evaluation, its
   * clocks stopped.
   */
  async function annulAward(tx: Tx, t: Tender, complaintId: string, now: Date) {
    const signed = (await tx.select().from(tenderContracts).where(eq(tenderContracts.tenderId, t.id))).map((x) => x.lotId);
    const lots = (await tx.select().from(tenderLots).where(eq(tenderLots.tenderId, t.id))).filter(
      (l) => l.status === 'awarded' && !signed.includes(l.id),
    );
    const annulled = (await evaluationsOf(tx, t.id)).flatMap((e) =>
      lots.some((l) => l.id === e.lotId) && e.awardedBidId && e.awardedAt
        ? [{ tenderId: t.id, lotId: e.lotId, complaintId, bidId: e.awardedBidId, awardedAt: e.awardedAt, annulledAt: now }]
        : [],
    );
    if (annulled.length) await tx.insert(tenderAwardAnnulments).values(annulled);
    for (const l of lots) {
      await tx.update(tenderLots).set({ status: 'opened' }).where(eq(tenderLots.id, l.id));
      await tx
        .update(lotEvaluations)
        .set({ awardedBidId: null, awardedAt: null, confirmedBy: null, contractPriceFen: null })
        .where(eq(lotEvaluations.lotId, l.id));
    }
    await tx.update(tenders).set({ status: 'evaluation', awardNoticeAt: null, challengeUntil: null }).where(eq(tenders.id, t.id));
    await stopClocks(tx, jobs, t.id, now, ['award_confirmation', 'contract_signing', 'challenge_reply', 'complaint_filing']);
  }

  /** Who may read a complaint: the complainant, the unit, the center and the addressed department. */
  const mayRead = (auth: AuthContext, t: Tender, c: Complaint) =>
    [c.supplierId, c.regulatorOrgId, t.purchaserOrgId, t.centerOrgId].includes(auth.orgId);

  async function rows(where: ReturnType<typeof eq>) {
    const supplier = aliasedTable(organizations, 'complainant');
    return db
      .select({ c: tenderComplaints, t: tenders, supplierName: supplier.name, regulatorName: regulator.name })
      .from(tenderComplaints)
      .innerJoin(tenders, eq(tenders.id, tenderComplaints.tenderId))
      .innerJoin(supplier, eq(supplier.id, tenderComplaints.supplierId))
      .innerJoin(regulator, eq(regulator.id, tenderComplaints.regulatorOrgId))
      .where(where)
      .orderBy(tenderComplaints.filedAt);
  }

  const toDto = (r: Awaited<ReturnType<typeof rows>>[number]): ComplaintDto => ({
    id: r.c.id,
    tenderId: r.c.tenderId,
    tenderNo: r.t.tenderNo,
    challengeId: r.c.challengeId,
    supplierId: r.c.supplierId,
    supplierName: r.supplierName,
    regulatorOrgId: r.c.regulatorOrgId,
    regulatorName: r.regulatorName,
    grounds: r.c.grounds,
    evidence: r.c.evidence,
    filedAt: r.c.filedAt.toISOString(),
    status: r.c.status,
    acceptDue: r.c.acceptDue.toISOString(),
    acceptedAt: r.c.acceptedAt?.toISOString() ?? null,
    refusalReason: r.c.refusalReason,
    handleDue: r.c.handleDue?.toISOString() ?? null,
    outcome: r.c.outcome,
    decisionReasons: r.c.decisionReasons,
    decidedAt: r.c.decidedAt?.toISOString() ?? null,
  });

  async function get(auth: AuthContext, complaintId: string) {
    const [r] = await rows(eq(tenderComplaints.id, complaintId));
    if (!r || !mayRead(auth, r.t, r.c)) throw new NotFoundError('complaint not found');
    return toDto(r);
  }

  /** A tender's complaints, to those who may read them; to anyone else the tender has none to show (404). */
  async function list(auth: AuthContext, tenderId: string) {
    const [t] = await db.select().from(tenders).where(eq(tenders.id, tenderId));
    if (!t) throw new NotFoundError('tender not found');
    const found = (await rows(eq(tenderComplaints.tenderId, tenderId))).filter((r) => mayRead(auth, r.t, r.c));
    const party = [t.purchaserOrgId, t.centerOrgId].includes(auth.orgId);
    const challenger = await db
      .select({ id: tenderChallenges.id })
      .from(tenderChallenges)
      .where(and(eq(tenderChallenges.tenderId, tenderId), eq(tenderChallenges.supplierId, auth.orgId)));
    if (!party && challenger.length === 0 && found.length === 0) throw new NotFoundError('tender not found');
    return found.map(toDto);
  }

  return { file, accept, decide, get, list };
}

export type TenderComplaints = ReturnType<typeof createTenderComplaints>;
