import { and, desc, eq, ilike, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { containsPattern } from '../../db/columns.ts';
import { intentionUses, organizations, procurementIntentions } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { NotFoundError, fieldError } from '../../platform/errors.ts';
import { policyValue } from '../../platform/policy.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import type { Intention, IntentionInput } from '../../../contracts/plans.schemas.ts';

const DAY = 86_400_000;

type IntentionRow = typeof procurementIntentions.$inferSelect;

const view = (r: IntentionRow, unitName: string): Intention => ({
  id: r.id,
  unitOrgId: r.unitOrgId,
  unitName,
  itemName: r.itemName,
  categoryCode: r.categoryCode,
  budgetFen: r.budgetFen,
  expectedMonth: r.expectedMonth,
  smeReservation: r.smeReservation,
  smeShare: r.smeShare,
  description: r.description,
  publishedAt: r.publishedAt.toISOString(),
  withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
});

const withUnit = (db: DbOrTx) =>
  db
    .select({ i: procurementIntentions, unitName: organizations.name })
    .from(procurementIntentions)
    .innerJoin(organizations, eq(organizations.id, procurementIntentions.unitOrgId));

/** What a tender or an online quotation names as the intention it starts under (财库〔2020〕10号). */
export interface IntentionRef {
  intentionId?: string | undefined;
  intentionExemption?: string | undefined;
}

/**
 * 采购意向公开 at least `intention.minDaysBeforeStart` (30) days before the procurement starts
 * (财库〔2020〕10号): the intention must be the unit's own, published and not withdrawn, and published that
 * long before `at` by the one clock — or the start states why no intention was published (紧急采购, 涉密).
 * Each refusal is a 422 naming `intentionId`.
 */
export async function checkIntention(tx: DbOrTx, input: { unitOrgId: string; ref: IntentionRef; at: Date; checkAge?: boolean }) {
  const { ref, at } = input;
  if (ref.intentionId && ref.intentionExemption) throw fieldError('intentionId', '已选择采购意向的，不再填写不公开理由');
  if (ref.intentionExemption) return { intentionId: null, exemption: ref.intentionExemption };
  if (!ref.intentionId)
    throw fieldError('intentionId', '采购活动开始前须公开采购意向（财库〔2020〕10号）；紧急或涉密等不公开的，须说明理由');
  const [row] = await tx.select().from(procurementIntentions).where(eq(procurementIntentions.id, ref.intentionId));
  if (!row || row.unitOrgId !== input.unitOrgId) throw fieldError('intentionId', '采购意向不存在或不属于该采购人');
  if (row.withdrawnAt) throw fieldError('intentionId', '该采购意向已撤回');
  if (input.checkAge === false) return { intentionId: row.id, exemption: null };
  const minDays = await policyValue(tx, 'intention.minDaysBeforeStart', z.number().int(), { at });
  const earliest = new Date(row.publishedAt.getTime() + minDays.value * DAY);
  if (at.getTime() < earliest.getTime()) {
    const days = Math.floor((at.getTime() - row.publishedAt.getTime()) / DAY);
    throw fieldError(
      'intentionId',
      `采购意向于 ${shanghaiDate(row.publishedAt)} 公开，距今 ${days} 日，不足 ${minDays.value} 日；${shanghaiDate(earliest)} 起方可开始采购活动（${minDays.basis}）`,
    );
  }
  return { intentionId: row.id, exemption: null };
}

/**
 * At the creation of a tender or an online quotation: checks the intention it names and records which one
 * (or which exemption) it started under. A quotation starts when it is posted, so its 30 days are checked at
 * `at`; a tender starts with its notice (checkIntentionAtStart at publication).
 */
export async function recordIntentionUse(
  tx: Tx,
  processType: 'tender' | 'quotation',
  processId: string,
  unitOrgId: string,
  ref: IntentionRef,
  at: Date,
) {
  const checked = await checkIntention(tx, { unitOrgId, ref, at, checkAge: processType === 'quotation' });
  await tx.insert(intentionUses).values({ processType, processId, ...checked });
  return checked;
}

/** When a draft starts (a tender's notice): the intention it was created under, checked again at `at`. */
export async function checkIntentionAtStart(tx: DbOrTx, input: { unitOrgId: string; processType: string; processId: string; at: Date }) {
  const [use] = await tx
    .select()
    .from(intentionUses)
    .where(and(eq(intentionUses.processType, input.processType), eq(intentionUses.processId, input.processId)));
  const ref = use ? { intentionId: use.intentionId ?? undefined, intentionExemption: use.exemption ?? undefined } : {};
  return checkIntention(tx, { unitOrgId: input.unitOrgId, ref, at: input.at });
}

/** The intentions: a unit publishes its own, the public reads every published one. */
export function createIntentions(deps: { db: Db }) {
  const { db } = deps;

  async function publish(auth: AuthContext, body: IntentionInput) {
    const id = await inTransaction(db, async (tx) => {
      const now = await dbNow(tx);
      // An intention announces a purchase to come: from this month (Beijing time) to two years ahead.
      const month = shanghaiDate(now).slice(0, 7);
      const last = `${Number(month.slice(0, 4)) + 2}${month.slice(4)}`;
      if (body.expectedMonth < month || body.expectedMonth > last)
        throw fieldError('expectedMonth', `预计采购时间应在 ${month} 至 ${last} 之间`);
      const [row] = await tx
        .insert(procurementIntentions)
        .values({
          unitOrgId: auth.orgId,
          createdBy: auth.userId,
          itemName: body.itemName,
          categoryCode: body.categoryCode,
          budgetFen: body.budgetFen,
          expectedMonth: body.expectedMonth,
          smeReservation: body.smeReservation,
          smeShare: body.smeShare ?? null,
          description: body.description,
          publishedAt: now,
        })
        .returning();
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'intention.publish',
        entityType: 'intention',
        entityId: row!.id,
        data: { itemName: body.itemName, budgetFen: body.budgetFen, expectedMonth: body.expectedMonth },
      });
      return row!.id;
    });
    return getPublic(id);
  }

  async function withdraw(auth: AuthContext, id: string) {
    await inTransaction(db, async (tx) => {
      const done = await tx
        .update(procurementIntentions)
        .set({ withdrawnAt: sql`jicai.now()` })
        .where(
          and(eq(procurementIntentions.id, id), eq(procurementIntentions.unitOrgId, auth.orgId), isNull(procurementIntentions.withdrawnAt)),
        )
        .returning({ id: procurementIntentions.id });
      if (!done.length) throw new NotFoundError('采购意向不存在');
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'intention.withdraw',
        entityType: 'intention',
        entityId: id,
        data: {},
      });
    });
    return getPublic(id, { withdrawn: true });
  }

  async function getPublic(id: string, opts: { withdrawn?: boolean } = {}) {
    const [r] = await withUnit(db).where(eq(procurementIntentions.id, id));
    if (!r || (r.i.withdrawnAt && !opts.withdrawn)) throw new NotFoundError('采购意向不存在');
    return view(r.i, r.unitName);
  }

  async function list(filter: { unitOrgId?: string | undefined; q?: string | undefined; withdrawn?: boolean }, page: PageQuery) {
    const where = and(
      filter.unitOrgId ? eq(procurementIntentions.unitOrgId, filter.unitOrgId) : undefined,
      filter.q ? ilike(procurementIntentions.itemName, containsPattern(filter.q)) : undefined,
      filter.withdrawn ? undefined : isNull(procurementIntentions.withdrawnAt),
    );
    const [rows, [count]] = await Promise.all([
      withUnit(db)
        .where(where)
        .orderBy(desc(procurementIntentions.publishedAt), desc(procurementIntentions.id))
        .limit(page.pageSize)
        .offset(offsetOf(page)),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(procurementIntentions)
        .where(where),
    ]);
    return { items: rows.map((r) => view(r.i, r.unitName)), total: count!.n, page: page.page, pageSize: page.pageSize };
  }

  const listPublic = (filter: { unitOrgId?: string | undefined; q?: string | undefined }, page: PageQuery) => list(filter, page);
  const listOwn = (auth: AuthContext, filter: { q?: string | undefined }, page: PageQuery) =>
    list({ ...filter, unitOrgId: auth.orgId, withdrawn: true }, page);

  return { publish, withdraw, getPublic, listPublic, listOwn };
}

export type Intentions = ReturnType<typeof createIntentions>;
