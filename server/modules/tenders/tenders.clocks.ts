import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { organizations, tenderChallenges, tenderClocks, tenderComplaints, tenders } from '../../db/schema/index.ts';
import type { AfterCommit } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import { beijingTime, workdayDeadline } from '../../platform/calendar.ts';
import { fieldError } from '../../platform/errors.ts';
import { procedureSpan, sandboxNote } from '../../platform/sandbox.ts';
import { dbNow } from '../../platform/clock.ts';
import { policyValue } from '../../platform/policy.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import { tenderClockNames, type TenderClockKind } from '../../../contracts/enums/tender-clocks.ts';
import type { Notify } from '../notifications/notifications.service.ts';
import { raiseAlert } from '../risk/risk.alerts.ts';
import { DAY, tenderJobs } from './tenders.context.ts';

/**
 * 法定时限 (#16): every legal clock of a tender is a row of tender_clocks and a durable deadline job
 * (tenders.clock, keyed by the row's id), started in the transaction of the step that starts it and met
 * in the transaction of the step that answers it. A clock that runs out notifies whoever had to act,
 * raises a risk alert (missed_deadline) and leads where the law says (tenders.clock-expiry below).
 */

type ClockRow = typeof tenderClocks.$inferSelect;
export interface ClockStart {
  tenderId: string;
  kind: TenderClockKind;
  subjectId: string;
  responsibleOrgId: string;
  startedAt: Date;
  due: Date;
}

/** Starts (or restarts) a clock and schedules its deadline in the caller's transaction. */
export async function startClock(tx: Tx, afterCommit: AfterCommit, jobs: JobSystem, c: ClockStart): Promise<ClockRow> {
  const values = { ...c, status: 'running' as const, remainingMs: null, closedAt: null, updatedAt: c.startedAt };
  const [row] = await tx
    .insert(tenderClocks)
    .values(values)
    .onConflictDoUpdate({ target: [tenderClocks.tenderId, tenderClocks.kind, tenderClocks.subjectId], set: values })
    .returning();
  // A clock started again (a re-evaluation's new report) runs afresh, whatever became of its last deadline.
  await jobs.forget(tx, tenderJobs.clock, row!.id);
  await jobs.schedule(tx, afterCommit, tenderJobs.clock, { key: row!.id, runAt: c.due, payload: { clockId: row!.id } });
  return row!;
}

/**
 * A step the law times was done: its clock (running or paused) is met — or, done after the due time,
 * stays missed. A step the product does at once (the award notice on confirmation, the contract's
 * publication on signing) is recorded as a clock met when it starts. Returns the clock, if one ran.
 */
export async function meetClock(tx: Tx, jobs: JobSystem, tenderId: string, kind: TenderClockKind, subjectId: string, now: Date) {
  const [row] = await tx
    .update(tenderClocks)
    .set({ status: 'met', closedAt: now, remainingMs: null, updatedAt: now })
    .where(
      and(
        eq(tenderClocks.tenderId, tenderId),
        eq(tenderClocks.kind, kind),
        eq(tenderClocks.subjectId, subjectId),
        inArray(tenderClocks.status, ['running', 'paused']),
      ),
    )
    .returning();
  if (row) await jobs.cancel(tx, tenderJobs.clock, row.id);
  return row ?? null;
}

/** A step done at once: the clock it owes, started and met in one go (visible in the tender's clocks). */
export async function metAtOnce(tx: Tx, c: Omit<ClockStart, 'startedAt'> & { startedAt: Date }) {
  await tx
    .insert(tenderClocks)
    .values({ ...c, status: 'met', closedAt: c.startedAt })
    .onConflictDoUpdate({
      target: [tenderClocks.tenderId, tenderClocks.kind, tenderClocks.subjectId],
      set: { due: c.due, status: 'met', closedAt: c.startedAt, updatedAt: c.startedAt },
    });
}

const complaintKinds: TenderClockKind[] = ['complaint_filing', 'complaint_acceptance', 'complaint_handling'];

/** 暂停: the procedure's running clocks (not the complaint's own) stop with what was left of them. */
export async function pauseClocks(tx: Tx, jobs: JobSystem, tenderId: string, now: Date) {
  const running = await tx
    .select()
    .from(tenderClocks)
    .where(and(eq(tenderClocks.tenderId, tenderId), eq(tenderClocks.status, 'running'), notInArray(tenderClocks.kind, complaintKinds)));
  for (const c of running) {
    await tx
      .update(tenderClocks)
      .set({ status: 'paused', remainingMs: Math.max(0, c.due.getTime() - now.getTime()), updatedAt: now })
      .where(eq(tenderClocks.id, c.id));
    await jobs.cancel(tx, tenderJobs.clock, c.id);
  }
}

/** 恢复: each paused clock runs again for what was left of it. */
export async function resumeClocks(tx: Tx, afterCommit: AfterCommit, jobs: JobSystem, tenderId: string, now: Date) {
  const paused = await tx
    .select()
    .from(tenderClocks)
    .where(and(eq(tenderClocks.tenderId, tenderId), eq(tenderClocks.status, 'paused')));
  for (const c of paused) {
    const due = new Date(now.getTime() + (c.remainingMs ?? 0));
    await tx.update(tenderClocks).set({ status: 'running', due, remainingMs: null, updatedAt: now }).where(eq(tenderClocks.id, c.id));
    await jobs.forget(tx, tenderJobs.clock, c.id);
    await jobs.schedule(tx, afterCommit, tenderJobs.clock, { key: c.id, runAt: due, payload: { clockId: c.id } });
  }
}

/** The procedure ends (cancelled, or re-evaluated): the clocks of these kinds are no longer owed. */
export async function stopClocks(tx: Tx, jobs: JobSystem, tenderId: string, now: Date, kinds: TenderClockKind[]) {
  const stopped = await tx
    .update(tenderClocks)
    .set({ status: 'stopped', closedAt: now, remainingMs: null, updatedAt: now })
    .where(and(eq(tenderClocks.tenderId, tenderId), inArray(tenderClocks.status, ['running', 'paused']), inArray(tenderClocks.kind, kinds)))
    .returning({ id: tenderClocks.id });
  for (const c of stopped) await jobs.cancel(tx, tenderJobs.clock, c.id);
}

/** The clocks of these tenders as the tender view lists them, in the order they started. */
/** Clocks of a challenge or a complaint: their existence is for its parties, not the public (政府采购质疑和投诉办法). */
export const privateClockKinds: readonly TenderClockKind[] = [
  'challenge_reply',
  'complaint_filing',
  'complaint_acceptance',
  'complaint_handling',
];

export async function clocksOf(db: DbOrTx, tenderIds: string[]) {
  if (tenderIds.length === 0) return [];
  const rows = await db
    .select({ c: tenderClocks, challenger: tenderChallenges.supplierId, complainant: tenderComplaints.supplierId })
    .from(tenderClocks)
    .leftJoin(tenderChallenges, eq(tenderChallenges.id, tenderClocks.subjectId))
    .leftJoin(tenderComplaints, eq(tenderComplaints.id, tenderClocks.subjectId))
    .where(inArray(tenderClocks.tenderId, tenderIds))
    .orderBy(tenderClocks.startedAt);
  return rows.map(({ c, challenger, complainant }) => ({
    /** Who besides the tender's center and unit may see a private clock: the one who must act and the challenger or complainant. */
    parties: [c.responsibleOrgId, challenger, complainant].filter((x): x is string => !!x),
    tenderId: c.tenderId,
    id: c.id,
    kind: c.kind,
    name: tenderClockNames[c.kind].zh,
    nameEn: tenderClockNames[c.kind].en,
    basis: tenderClockNames[c.kind].basis,
    subjectId: c.subjectId,
    startedAt: c.startedAt.toISOString(),
    due: c.due.toISOString(),
    status: c.status,
    closedAt: c.closedAt?.toISOString() ?? null,
  }));
}

/** 投诉期: 15 working days from the reply, or from the day the reply was due and did not come (政府采购法 第五十五条). */
export async function openComplaintWindow(tx: Tx, afterCommit: AfterCommit, jobs: JobSystem, challengeId: string, from: Date) {
  const [ch] = await tx.select().from(tenderChallenges).where(eq(tenderChallenges.id, challengeId));
  if (!ch) return;
  const days = (await policyValue(tx, 'tender.complaintFilingWorkdays', z.number().int())).value;
  await startClock(tx, afterCommit, jobs, {
    tenderId: ch.tenderId,
    kind: 'complaint_filing',
    subjectId: ch.id,
    responsibleOrgId: ch.supplierId,
    startedAt: from,
    due: await workdayDeadline(tx, from, days),
  });
}

/**
 * 招标文件提供期限 (财政部令第87号 第十八条): the documents stay available from the announcement into the
 * Nth working day after it — N the method's own (令74号 methods: 3) and, for 招标, at least the policy's 5
 * (tender.documentsMinWorkdays) — and not past the bid deadline. Without a date of its own the documents are
 * available until the deadline. Returns when they stop being available.
 */
export async function checkDocumentsPeriod(
  tx: DbOrTx,
  method: { code: string; name: string; documentsMinWorkdays: number },
  publishAt: Date,
  body: { documentsUntil?: string | null | undefined; deadline: string },
): Promise<Date> {
  const deadline = new Date(body.deadline);
  const until = body.documentsUntil ? new Date(body.documentsUntil) : deadline;
  const policy = await policyValue(tx, 'tender.documentsMinWorkdays', z.number().int(), { at: publishAt });
  const workdays = ['open', 'invited'].includes(method.code)
    ? Math.max(policy.value, method.documentsMinWorkdays)
    : method.documentsMinWorkdays;
  // Into the Nth working day: the end of that day less one (procedure) day.
  const earliest = new Date((await workdayDeadline(tx, publishAt, workdays)).getTime() - procedureSpan(DAY) + 1);
  const field = body.documentsUntil ? 'documentsUntil' : 'deadline';
  if (until.getTime() < earliest.getTime())
    throw fieldError(
      field,
      `${method.name}招标文件自发出之日起提供期限不得少于 ${workdays} 个工作日，应至少提供至 ${beijingTime(earliest)}（${policy.basis}）${sandboxNote()}`,
    );
  if (until.getTime() > deadline.getTime()) throw fieldError('documentsUntil', '招标文件提供截止时间不得晚于投标截止时间');
  return until;
}

/** Where a party reads a tender in the storefront. */
export function tenderLink(t: { id: string; purchaserOrgId: string; centerOrgId: string }, orgId: string, regulatorOrgId?: string) {
  const role =
    orgId === t.purchaserOrgId ? 'purchaser' : orgId === t.centerOrgId ? 'center' : orgId === regulatorOrgId ? 'regulator' : 'supplier';
  return `/${role}/tenders/${t.id}`;
}

/**
 * Who hears of a missed clock: whoever had to act, and the unit and the center of the tender; of a missed
 * reply also the challenger, whose 15 working days to complain start; of a lapsed complaint window only
 * the challenger.
 */
async function tellMissed(notify: Notify, tx: Tx, c: ClockRow, t: typeof tenders.$inferSelect, responsible: string) {
  const name = tenderClockNames[c.kind];
  const late = `「${t.title}」${name.zh}已于 ${beijingTime(c.due)}届满（${name.basis}）`;
  const [challenger] =
    c.kind === 'challenge_reply'
      ? await tx.select({ id: tenderChallenges.supplierId }).from(tenderChallenges).where(eq(tenderChallenges.id, c.subjectId))
      : [];
  const others = c.kind === 'complaint_filing' ? [] : [t.centerOrgId, t.purchaserOrgId, ...(challenger ? [challenger.id] : [])];
  const regulatorOrgId = c.kind.startsWith('complaint_') ? c.responsibleOrgId : undefined;
  const body =
    c.kind === 'complaint_filing'
      ? `${late}，未提出投诉，投诉期已过。`
      : `${late}，${responsible}未在时限内完成，已提交风险提醒。` +
        (c.kind === 'challenge_reply' ? '质疑人可自答复期满之日起 15 个工作日内向财政部门投诉。' : '');
  await notify(
    tx,
    [...new Set([c.responsibleOrgId, ...others])].map((organizationId) => ({
      organizationId,
      kind: `tender.clock.missed.${c.kind}` as const,
      title: `法定时限已届满：${t.tenderNo} ${name.zh}`,
      body,
      params: {
        tenderNo: t.tenderNo,
        title: t.title,
        clock: c.kind,
        due: c.due.toISOString(),
        responsible,
        ...(c.kind === 'complaint_filing' ? { variant: 'lapsed' } : c.kind === 'challenge_reply' ? { variant: 'reply' } : {}),
      },
      link: tenderLink(t, organizationId, regulatorOrgId),
    })),
  );
}

/** What a clock running out does, by kind: whom it tells, whether it is an irregularity, where it leads. */
export function createClockExpiry(deps: { db: Db; jobs: JobSystem; notify: Notify }) {
  const { jobs, notify } = deps;

  /** The deadline job: a running clock past its due time is missed (a met, paused or stopped one is left alone). */
  async function expire(tx: Tx, afterCommit: AfterCommit, clockId: string): Promise<'missed' | 'served' | 'skipped' | 'not-due'> {
    const [c] = await tx.select().from(tenderClocks).where(eq(tenderClocks.id, clockId)).for('update');
    if (!c || c.status !== 'running') return 'skipped';
    const now = await dbNow(tx);
    if (now < c.due) return 'not-due';
    const [t] = await tx.select().from(tenders).where(eq(tenders.id, c.tenderId));
    // The documents period and the single-source objection window are served, not missed: they only had to last.
    if (c.kind === 'documents' || c.kind === 'objection_window') {
      await tx.update(tenderClocks).set({ status: 'met', closedAt: now, updatedAt: now }).where(eq(tenderClocks.id, c.id));
      return 'served';
    }
    await tx.update(tenderClocks).set({ status: 'missed', closedAt: now, updatedAt: now }).where(eq(tenderClocks.id, c.id));
    const name = tenderClockNames[c.kind];
    const [org] = await tx
      .select({ name: organizations.name, regionCode: organizations.regionCode })
      .from(organizations)
      .where(eq(organizations.id, c.responsibleOrgId));
    await tellMissed(notify, tx, c, t!, org?.name ?? '');
    const label = `${t!.tenderNo} ${t!.title}`;
    // A challenger who lets the complaint window pass breaks no rule: no alert for that one.
    if (c.kind !== 'complaint_filing')
      await raiseAlert(tx, 'missed_deadline', 'high', {
        fingerprint: `missed_deadline:${c.id}`,
        title: `${t!.tenderNo} ${name.zh}逾期：${org?.name ?? ''}未在 ${beijingTime(c.due)}前完成`,
        evidence: { tenderNo: t!.tenderNo, title: t!.title, clock: name.zh, basis: name.basis, startedAt: c.startedAt, due: c.due },
        subjectKind: 'tender',
        subjectId: t!.id,
        subjectLabel: label,
        organizationId: c.responsibleOrgId,
        regionCode: org?.regionCode ?? null,
      });
    if (c.kind === 'challenge_reply') await openComplaintWindow(tx, afterCommit, jobs, c.subjectId, c.due);
    await appendAudit(tx, {
      actor: null,
      action: 'tender.clock.missed',
      entityType: 'tender',
      entityId: t!.id,
      data: { clock: c.kind, subjectId: c.subjectId, due: c.due.toISOString() },
    });
    return 'missed';
  }

  return { expire };
}

export type ClockExpiry = ReturnType<typeof createClockExpiry>;
