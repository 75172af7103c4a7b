import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { categories, organizations, procurementPlans, type PlanLineRow } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { inJurisdiction, withinJurisdiction } from '../../platform/jurisdiction.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { policyValue } from '../../platform/policy.ts';
import { bp } from '../../../contracts/rates.ts';
import { yuan } from '../../../contracts/money.ts';
import { planStatusLabels, type Plan, type PlanInput } from '../../../contracts/plans.schemas.ts';
import { orderingBands, requiredMethod } from '../orders/orders.method.ts';
import type { Notify } from '../notifications/notifications.service.ts';

type PlanRow = typeof procurementPlans.$inferSelect;

/** Works (B…) are not sold in the e-mall; goods and services may be ordered or quoted there. */
export const inMall = (categoryCode: string) => !categoryCode.startsWith('B');

/** A share as a percentage with one decimal, rounded down: 2_250 of 10_000 → "22.5". */
const percent = (part: number, whole: number) => (whole === 0 ? '0.0' : (Math.floor((part * 1000) / whole) / 10).toFixed(1));

/** The year's totals: the budget, the SME-suitable part, what is reserved and how much of that for small/micro. */
export function planTotals(lines: PlanLineRow[]): Plan['totals'] {
  const sum = (f: (l: PlanLineRow) => number) => lines.reduce((s, l) => s + f(l), 0);
  const smeSuitableFen = sum((l) => (l.smeSuitable ? l.budgetFen : 0));
  const smeReservedFen = sum((l) => l.smeReservedFen);
  const smallMicroReservedFen = sum((l) => l.smallMicroReservedFen);
  return {
    budgetFen: sum((l) => l.budgetFen),
    smeSuitableFen,
    smeReservedFen,
    smallMicroReservedFen,
    reservedPercent: percent(smeReservedFen, smeSuitableFen),
    smallMicroPercent: percent(smallMicroReservedFen, smeReservedFen),
  };
}

/**
 * 财库〔2020〕46号第八条 at the unit's year: of the budget suitable for SMEs at least `sme.reserveShareMin`
 * (30%) reserved for them, and of that at least `sme.reserveSmallMicroShareMin` (60%) for small and micro
 * enterprises — unless the plan states why not. A refusal is a 422 naming the figure.
 */
export async function checkYearReservation(tx: DbOrTx, plan: Pick<PlanRow, 'lines' | 'smeExemptReason'>, at: Date) {
  if (plan.smeExemptReason) return;
  const t = planTotals(plan.lines);
  if (t.smeSuitableFen === 0) return;
  const shareMin = await policyValue(tx, 'sme.reserveShareMin', z.string(), { at });
  const smallMicroMin = await policyValue(tx, 'sme.reserveSmallMicroShareMin', z.string(), { at });
  if (t.smeReservedFen * 10_000 < t.smeSuitableFen * bp(shareMin.value))
    throw fieldError(
      'lines',
      `预留比例 ${t.reservedPercent}% 低于 ${bp(shareMin.value) / 100}%：适宜由中小企业提供的预算 ${yuan(t.smeSuitableFen)}，预留 ${yuan(t.smeReservedFen)}；不预留的须说明理由（${shareMin.basis}）`,
    );
  if (t.smallMicroReservedFen * 10_000 < t.smeReservedFen * bp(smallMicroMin.value))
    throw fieldError(
      'lines',
      `预留份额中面向小微企业的比例 ${t.smallMicroPercent}% 低于 ${bp(smallMicroMin.value) / 100}%（${smallMicroMin.basis}）`,
    );
}

/** 年度采购计划: a unit drafts and submits its year's plan; the finance department approves or returns it. */
export function createAnnualPlans(deps: { db: Db; notify: Notify }) {
  const { db } = deps;
  const isRegulator = (auth: AuthContext) => auth.roles.includes('regulator');
  const actor = (auth: AuthContext) => ({ userId: auth.userId, orgId: auth.orgId });

  /** Each line told its required method by the cart's own decision, at the bands of the unit's region now. */
  async function view(tx: DbOrTx, row: PlanRow): Promise<Plan> {
    const [unit] = await tx.select().from(organizations).where(eq(organizations.id, row.unitOrgId));
    const at = await dbNow(tx);
    const bands = await orderingBands(tx, unit?.regionCode ? { regionCode: unit.regionCode, at } : { at });
    return {
      id: row.id,
      unitOrgId: row.unitOrgId,
      unitName: unit?.name ?? '',
      fiscalYear: row.fiscalYear,
      status: row.status,
      lines: row.lines.map((l) => ({ ...l, requiredMethod: requiredMethod(l.budgetFen, bands, { inMall: inMall(l.categoryCode) }) })),
      totals: planTotals(row.lines),
      smeExemptReason: row.smeExemptReason,
      submittedAt: row.submittedAt?.toISOString() ?? null,
      decidedAt: row.decidedAt?.toISOString() ?? null,
      decisionNote: row.decisionNote,
    };
  }

  /** The plan if the caller may read it (its unit, or a regulator); anyone else gets 404. */
  async function readable(tx: DbOrTx, auth: AuthContext, id: string, lock = false) {
    const q = tx.select().from(procurementPlans).where(eq(procurementPlans.id, id));
    const [row] = lock ? await q.for('update') : await q;
    if (!row || (row.unitOrgId !== auth.orgId && !(isRegulator(auth) && (await withinJurisdiction(tx, auth, [row.unitOrgId])))))
      throw new NotFoundError('采购计划不存在');
    return row;
  }

  /** The unit's plan for the year, created or replaced while it is a draft or returned. */
  async function save(auth: AuthContext, body: PlanInput) {
    const id = await inTransaction(db, async (tx) => {
      const codes = [...new Set(body.lines.map((l) => l.categoryCode))];
      const known = new Set(
        (await tx.select({ code: categories.code }).from(categories).where(inArray(categories.code, codes))).map((c) => c.code),
      );
      body.lines.forEach((l, i) => {
        if (!known.has(l.categoryCode)) throw fieldError(`lines[${i}].categoryCode`, '品目不存在');
      });
      const [existing] = await tx
        .select()
        .from(procurementPlans)
        .where(and(eq(procurementPlans.unitOrgId, auth.orgId), eq(procurementPlans.fiscalYear, body.fiscalYear)))
        .for('update');
      if (existing && !['draft', 'returned'].includes(existing.status))
        throw new ConflictError(`${body.fiscalYear} 年度采购计划当前为「${planStatusLabels[existing.status]}」，不能修改`);
      const values = { lines: body.lines as PlanLineRow[], smeExemptReason: body.smeExemptReason ?? null, status: 'draft' as const };
      const [row] = existing
        ? await tx
            .update(procurementPlans)
            .set({ ...values, updatedAt: await dbNow(tx) })
            .where(eq(procurementPlans.id, existing.id))
            .returning()
        : await tx
            .insert(procurementPlans)
            .values({ ...values, unitOrgId: auth.orgId, fiscalYear: body.fiscalYear, createdBy: auth.userId })
            .returning();
      await appendAudit(tx, {
        actor: actor(auth),
        action: 'plan.save',
        entityType: 'plan',
        entityId: row!.id,
        data: { fiscalYear: body.fiscalYear, lines: body.lines.length, smeExemptReason: body.smeExemptReason ?? null },
      });
      return row!.id;
    });
    return get(auth, id);
  }

  async function move(
    auth: AuthContext,
    id: string,
    step: { from: PlanRow['status'][]; to: PlanRow['status']; action: string; note?: string | undefined },
    guard?: (tx: Tx, row: PlanRow, at: Date) => Promise<void>,
  ) {
    await inTransaction(db, async (tx) => {
      const row = await readable(tx, auth, id, true);
      if (!step.from.includes(row.status)) throw new ConflictError(`采购计划当前为「${planStatusLabels[row.status]}」，不能${step.action}`);
      const now = await dbNow(tx);
      if (guard) await guard(tx, row, now);
      const decided = step.to === 'approved' || step.to === 'returned';
      await tx
        .update(procurementPlans)
        .set({
          status: step.to,
          updatedAt: now,
          ...(step.to === 'submitted' ? { submittedAt: now } : {}),
          ...(decided ? { decidedAt: now, decidedByOrgId: auth.orgId, decisionNote: step.note ?? null } : {}),
        })
        .where(eq(procurementPlans.id, id));
      await appendAudit(tx, {
        actor: actor(auth),
        action: `plan.${step.to}`,
        entityType: 'plan',
        entityId: id,
        data: { note: step.note ?? null },
      });
      if (decided)
        await deps.notify(tx, {
          organizationId: row.unitOrgId,
          kind: step.to === 'approved' ? 'plan.approved' : 'plan.returned',
          title: `${row.fiscalYear} 年度采购计划${step.to === 'approved' ? '已批复' : '已退回'}`,
          body: step.note ?? (step.to === 'approved' ? '财政部门已批复本单位年度采购计划。' : '财政部门退回了本单位年度采购计划。'),
          params: { fiscalYear: row.fiscalYear, note: step.note ?? '' },
          link: `/purchaser/plans`,
        });
    });
    return get(auth, id);
  }

  const ownOnly = (auth: AuthContext) => async (_tx: Tx, row: PlanRow) => {
    if (row.unitOrgId !== auth.orgId) throw new NotFoundError('采购计划不存在');
  };
  const submit = (auth: AuthContext, id: string) =>
    move(auth, id, { from: ['draft', 'returned'], to: 'submitted', action: '提交' }, ownOnly(auth));
  const approve = (auth: AuthContext, id: string, note?: string) =>
    move(auth, id, { from: ['submitted'], to: 'approved', action: '批复', note }, (tx, row, at) => checkYearReservation(tx, row, at));
  const returnPlan = (auth: AuthContext, id: string, note: string) =>
    move(auth, id, { from: ['submitted'], to: 'returned', action: '退回', note });

  async function get(auth: AuthContext, id: string) {
    return view(db, await readable(db, auth, id));
  }

  async function list(auth: AuthContext, filter: { fiscalYear?: number | undefined; status?: PlanRow['status'] | undefined }) {
    const where: (SQL | undefined)[] = [
      isRegulator(auth) ? inJurisdiction(auth, procurementPlans.unitOrgId) : eq(procurementPlans.unitOrgId, auth.orgId),
      filter.fiscalYear ? eq(procurementPlans.fiscalYear, filter.fiscalYear) : undefined,
      filter.status ? eq(procurementPlans.status, filter.status) : undefined,
    ];
    const rows = await db
      .select()
      .from(procurementPlans)
      .where(and(...where))
      .orderBy(desc(procurementPlans.fiscalYear), desc(procurementPlans.updatedAt))
      .limit(200);
    return Promise.all(rows.map((r) => view(db, r)));
  }

  return { save, submit, approve, returnPlan, get, list };
}

export type AnnualPlans = ReturnType<typeof createAnnualPlans>;

/** A unit's plan lines for a year, each with its required method (the dashboards' plan against execution), or null. */
export async function planLinesOf(db: DbOrTx, unitOrgId: string, fiscalYear: number) {
  const [row] = await db
    .select()
    .from(procurementPlans)
    .where(and(eq(procurementPlans.unitOrgId, unitOrgId), eq(procurementPlans.fiscalYear, fiscalYear)));
  if (!row) return null;
  const [unit] = await db.select().from(organizations).where(eq(organizations.id, unitOrgId));
  const at = await dbNow(db);
  const bands = await orderingBands(db, unit?.regionCode ? { regionCode: unit.regionCode, at } : { at });
  return {
    status: row.status,
    lines: row.lines.map((l) => ({ ...l, requiredMethod: requiredMethod(l.budgetFen, bands, { inMall: inMall(l.categoryCode) }) })),
  };
}
