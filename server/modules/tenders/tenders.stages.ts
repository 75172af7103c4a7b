import { eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { tenderProcedures, tenderLots, type tenders } from '../../db/schema/index.ts';
import type { AfterCommit } from '../../db/tx.ts';
import { workdayDeadline } from '../../platform/calendar.ts';
import { ConflictError, fieldError } from '../../platform/errors.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import { procurementMethodRows, type ProcurementMethod } from '../../../contracts/procurement-methods.ts';
import { stageNames, stageOf, type ProcedureStage, type StageKind } from '../../../contracts/tender-stages.ts';
import { startClock } from './tenders.clocks.ts';

type TenderRow = typeof tenders.$inferSelect;

/** The method's configuration row (contracts/procurement-methods.ts): its stages and legal values. */
export function methodConfig(code: string): ProcurementMethod {
  const m = procurementMethodRows.find((r) => r.code === code);
  if (!m) throw fieldError('methodCode', '采购方式不存在');
  return m;
}

export async function procedureOf(db: DbOrTx, tenderId: string) {
  const [p] = await db.select().from(tenderProcedures).where(eq(tenderProcedures.tenderId, tenderId));
  return p ?? null;
}

/** The stage the tender is in now (by the database clock `now`). */
export function currentStage(t: TenderRow, p: { stage: ProcedureStage | null } | null, now: Date): StageKind {
  return stageOf(methodConfig(t.methodCode).stages, { status: t.status, deadlinePassed: now >= t.deadline }, p?.stage ?? null);
}

/**
 * The stage check every procedure action makes: an action of another stage is refused with 409, naming
 * the stage the tender is in (its Chinese name and its code).
 */
export async function assertStage(tx: DbOrTx, t: TenderRow, allowed: readonly StageKind[], action: string, now: Date) {
  const stage = currentStage(t, await procedureOf(tx, t.id), now);
  if (!allowed.includes(stage))
    throw new ConflictError(
      `项目当前处于「${stageNames[stage].zh}」阶段（${stage}），不能${action}；须在「${allowed.map((s) => stageNames[s].zh).join('」或「')}」阶段`,
    );
  return stage;
}

/** The total budget of the tender's lots. */
async function budgetOf(tx: DbOrTx, tenderId: string) {
  const lots = await tx.select({ budgetFen: tenderLots.budgetFen }).from(tenderLots).where(eq(tenderLots.tenderId, tenderId));
  return lots.reduce((s, l) => s + l.budgetFen, 0);
}

/** Whether a single-source tender must publish its reasons and the supplier (at or above the threshold). */
export async function needsObjectionWindow(tx: DbOrTx, t: TenderRow) {
  const m = methodConfig(t.methodCode);
  if (!m.objectionWorkdays) return false;
  return (await budgetOf(tx, t.id)) >= (m.noticeThresholdFen ?? 0);
}

/**
 * At publication, in its transaction: a procedure of stages gets its row; an above-threshold single
 * source must have its notice of reasons and supplier, and its objection window (≥ 5 working days by the
 * holiday calendar) starts as a durable clock, which the bid deadline may not precede.
 */
export async function onPublish(tx: Tx, afterCommit: AfterCommit, jobs: JobSystem, t: TenderRow, now: Date) {
  const m = methodConfig(t.methodCode);
  if (!m.stages.includes('rounds') && !m.objectionWorkdays) return;
  const p = await procedureOf(tx, t.id);
  if (!p) await tx.insert(tenderProcedures).values({ tenderId: t.id, updatedAt: now });
  if (!(await needsObjectionWindow(tx, t))) return;
  if (!p?.singleSourceReasons || !p.proposedSupplierId)
    throw fieldError('singleSourceReasons', '达到公开招标数额标准的单一来源采购，发布前须填写单一来源理由和拟定供应商并公示');
  const due = await workdayDeadline(tx, now, m.objectionWorkdays!);
  if (t.deadline.getTime() < due.getTime())
    throw fieldError('deadline', `单一来源公示期不少于 ${m.objectionWorkdays} 个工作日，响应截止不得早于公示期满`);
  await startClock(tx, afterCommit, jobs, {
    tenderId: t.id,
    kind: 'objection_window',
    subjectId: t.id,
    responsibleOrgId: t.centerOrgId,
    startedAt: now,
    due,
  });
}

export async function setProcedureStage(
  tx: Tx,
  tenderId: string,
  stage: ProcedureStage,
  now: Date,
  more: Partial<typeof tenderProcedures.$inferInsert> = {},
) {
  await tx
    .insert(tenderProcedures)
    .values({ tenderId, stage, updatedAt: now, ...more })
    .onConflictDoUpdate({ target: tenderProcedures.tenderId, set: { stage, updatedAt: now, ...more } });
}
