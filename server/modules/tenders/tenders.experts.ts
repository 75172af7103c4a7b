import { overseesTender } from './tenders.access.ts';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../db/client.ts';
import { expertDraws, tenderExperts, tenderLots, tenders, tenderScores } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import { policyValue } from '../../platform/policy.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import { conflictRefusal, conflictsOf, recuseIfConflicted, replaceSeat } from './tenders.recusal.ts';
import * as expertsQ from '../experts/experts.queries.ts';
import type { Notify } from '../notifications/notifications.service.ts';
import { notifyExperts } from './tenders.notices.ts';
import { tenderJobs } from './tenders.service.ts';
import { committeeSize, seededOrder, tenderStatusLabels } from './tenders.rules.ts';
import { chanceBytes } from '../../platform/entropy.ts';
import { drawSpecialties } from './tenders.categories.ts';

/** An expert's name, title and employer from the profiles read (a seat always names an expert in the pool). */
const profileOf = (profiles: Map<string, { name: string; title: string; employer: string }>, expertId: string) => {
  const p = profiles.get(expertId)!;
  return { name: p.name, title: p.title, employer: p.employer };
};

/**
 * 专家抽取 (财库〔2016〕198号): the committee is drawn at random by specialty from the active pool after
 * every recusal case is taken out — within the last 3 years employee, director, supervisor or
 * controlling holder of a bidder; close relative of a bidder's legal representative; staff of the
 * purchasing unit; employed by a bidder now. The seed and the ordered candidates are kept, so the
 * draw can be recomputed; a declining expert is replaced by the next candidate in that order.
 */
export function createExpertDraw(deps: { db: Db; jobs: JobSystem; notify?: Notify }) {
  const { db } = deps;

  /** The pool for the tender's specialty split into the eligible and those left out with why. */
  async function candidatesOf(tx: Tx, t: typeof tenders.$inferSelect, now: Date) {
    const lots = await tx.select().from(tenderLots).where(eq(tenderLots.tenderId, t.id));
    const budget = lots.reduce((s, l) => s + l.budgetFen, 0);
    const large = await policyValue(tx, 'tender.committeeLargeBudgetFen', z.number().int());
    const size = committeeSize(budget, large.value);
    const pool = await expertsQ.poolForCategory(tx, drawSpecialties(t, lots));
    // Every recusal case (tenders.recusal.ts): bidders and the purchasing unit by id, USCC or registered name.
    const conflicts = await conflictsOf(tx, t, pool, now);
    const excluded: { expertId: string; reason: string }[] = [];
    const eligible: string[] = [];
    for (const e of pool) {
      const reasons: string[] = [];
      if (e.status !== 'active') reasons.push(e.status === 'suspended' ? '暂停评审资格' : '已移出专家库');
      if (conflicts.has(e.id)) reasons.push(conflicts.get(e.id)!);
      if (reasons.length) excluded.push({ expertId: e.id, reason: reasons.join('；') });
      else eligible.push(e.id);
    }
    const shortage =
      eligible.length < size ? `符合条件的专家 ${eligible.length} 人，少于评标委员会所需 ${size} 人，请补充专家库或调整专业` : null;
    return { size, eligible, excluded, shortage, poolNo: new Map(pool.map((e) => [e.id, e.poolNo])) };
  }

  /**
   * The center asks for the draw: checked now (the tender opened, not drawn, enough eligible experts),
   * then done by the worker after this transaction commits, so a slow pool query never holds the request.
   */
  async function requestDraw(auth: AuthContext, tenderId: string) {
    await inTransaction(db, async (tx, afterCommit) => {
      const [t] = await tx.select().from(tenders).where(eq(tenders.id, tenderId)).for('update');
      if (!t || t.centerOrgId !== auth.orgId) throw new NotFoundError('tender not found');
      if (t.status !== 'opened') throw new ConflictError(`项目当前为「${tenderStatusLabels[t.status]}」，开标后方可抽取专家`);
      const [already] = await tx.select().from(expertDraws).where(eq(expertDraws.tenderId, tenderId));
      if (already) throw new ConflictError('本项目已抽取专家');
      const job = await deps.jobs.status(tx, tenderJobs.drawExperts, tenderId, { lock: true });
      if (job === 'pending') throw new ConflictError('专家抽取正在进行，请稍候');
      const now = await dbNow(tx);
      const { shortage } = await candidatesOf(tx, t, now);
      if (shortage) throw new RuleViolationError('not enough experts', { fields: [{ field: 'experts', message: shortage, in: 'body' }] });
      // A finished job of an earlier request that drew nobody (the pool shrank meanwhile) makes way for this one.
      // Its failure, kept on the tender, is cleared with it.
      if (job) await deps.jobs.forget(tx, tenderJobs.drawExperts, tenderId);
      await tx.update(tenders).set({ expertDrawFailure: null }).where(eq(tenders.id, tenderId));
      await deps.jobs.schedule(tx, afterCommit, tenderJobs.drawExperts, {
        key: tenderId,
        runAt: now,
        payload: { tenderId, userId: auth.userId, orgId: auth.orgId },
      });
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'tender.experts.draw.request',
        entityType: 'tender',
        entityId: tenderId,
        data: {},
      });
    });
    return committee(auth, tenderId);
  }

  /**
   * The draw itself, by the worker in the job's transaction. A tender no longer opened or already drawn
   * is left as it is, so running the job twice changes nothing; a pool that shrank below the committee
   * size since the request is recorded as a failed draw for the center to see, not retried.
   */
  async function draw(tx: Tx, input: { tenderId: string; userId: string; orgId: string }): Promise<'drawn' | 'skipped' | 'short'> {
    const { tenderId } = input;
    const actor = { userId: input.userId, orgId: input.orgId };
    const [t] = await tx.select().from(tenders).where(eq(tenders.id, tenderId)).for('update');
    if (!t || t.status !== 'opened') return 'skipped';
    const [already] = await tx.select().from(expertDraws).where(eq(expertDraws.tenderId, tenderId));
    if (already) return 'skipped';
    const now = await dbNow(tx);
    const { size, eligible, excluded, shortage, poolNo } = await candidatesOf(tx, t, now);
    if (shortage) {
      await tx.update(tenders).set({ expertDrawFailure: shortage }).where(eq(tenders.id, tenderId));
      await appendAudit(tx, {
        actor,
        action: 'tender.experts.draw.failed',
        entityType: 'tender',
        entityId: tenderId,
        data: { message: shortage },
      });
      return 'short';
    }
    const seed = chanceBytes(16).toString('hex');
    const order = seededOrder(eligible, seed, poolNo);
    await tx.insert(expertDraws).values({
      tenderId,
      seed,
      committeeSize: size,
      specialty: drawSpecialties(t, await tx.select().from(tenderLots).where(eq(tenderLots.tenderId, tenderId))).join(','),
      candidates: order,
      excluded,
      drawnBy: input.userId,
      drawnAt: now,
    });
    await tx.insert(tenderExperts).values(order.slice(0, size).map((expertId, i) => ({ tenderId, expertId, drawPosition: i })));
    await tx.update(tenders).set({ status: 'evaluation', updatedAt: now }).where(eq(tenders.id, tenderId));
    // Each drawn expert is told personally: the seat waits for its 回避声明.
    await notifyExperts(tx, order.slice(0, size), {
      kind: 'tender.committee',
      title: `评标邀请：${t.tenderNo}`,
      body: `你已被抽取为「${t.title}」的评标专家，请及时签署回避声明或说明理由谢绝。`,
      params: { tenderNo: t.tenderNo, title: t.title },
      link: '/expert/assignments',
    });
    await appendAudit(tx, {
      actor,
      action: 'tender.experts.draw',
      entityType: 'tender',
      entityId: tenderId,
      data: { seed, size, candidates: order.length, excluded: excluded.length },
    });
    return 'drawn';
  }

  /** The expert linked to the caller's user account. */
  async function expertOf(auth: AuthContext) {
    const e = await expertsQ.expertOfUser(db, auth.userId);
    if (!e) throw new NotFoundError('no expert profile');
    return e;
  }

  /**
   * 回避声明 or decline: a declined seat goes to the next candidate in the draw's order. Confirming checks recusal
   * again against the expert's declarations and employer now: a conflicted expert is recused the same way
   * (committed) and refused with the conflict named (409).
   */
  async function respond(auth: AuthContext, seatId: string, answer: 'confirm' | 'decline', reason?: string) {
    const me = await expertOf(auth);
    const actor = { userId: auth.userId, orgId: auth.orgId };
    const conflict = await inTransaction(db, async (tx) => {
      const [seat] = await tx.select().from(tenderExperts).where(eq(tenderExperts.id, seatId)).for('update');
      if (!seat || seat.expertId !== me.id) throw new NotFoundError('assignment not found');
      if (seat.status !== 'drawn') throw new ConflictError('已答复');
      const now = await dbNow(tx);
      if (answer === 'confirm') {
        const [t] = await tx.select().from(tenders).where(eq(tenders.id, seat.tenderId));
        const recused = await recuseIfConflicted(tx, actor, seat, t!, now);
        if (recused) return recused;
        await tx.update(tenderExperts).set({ status: 'confirmed', declaredAt: now }).where(eq(tenderExperts.id, seatId));
      } else {
        if (!reason)
          throw new RuleViolationError('reason required', {
            fields: [{ field: 'reason', message: '请说明不能参加或需回避的原因', in: 'body' }],
          });
        await replaceSeat(tx, seat, reason, now);
      }
      await appendAudit(tx, {
        actor,
        action: `tender.experts.${answer}`,
        entityType: 'tender',
        entityId: seat.tenderId,
        data: { seatId, reason: reason ?? null },
      });
      return null;
    });
    if (conflict) throw conflictRefusal(conflict);
    return assignments(auth);
  }

  /**
   * The committee and the draw record, for the running center and regulators: whether a requested draw
   * is still running or drew nobody, and which lots each seated expert has scored. The center that ran
   * the draw also reads every candidate's and left-out expert's name.
   */
  async function committee(auth: AuthContext, tenderId: string) {
    const [t] = await db.select().from(tenders).where(eq(tenders.id, tenderId));
    if (!t || (t.centerOrgId !== auth.orgId && !(await overseesTender(db, auth, t)))) throw new NotFoundError('tender not found');
    const own = t.centerOrgId === auth.orgId;
    // One snapshot: the draw record and its seats commit together, so they are read together (reads on
    // separate connections could see the draw committed and its seats not yet).
    const { d, job, seats, scored, profiles, ids } = await db.transaction(
      async (tx) => {
        const [d] = await tx.select().from(expertDraws).where(eq(expertDraws.tenderId, tenderId));
        const job = await deps.jobs.status(tx, tenderJobs.drawExperts, tenderId);
        const seats = await tx.select().from(tenderExperts).where(eq(tenderExperts.tenderId, tenderId)).orderBy(tenderExperts.drawPosition);
        const scored = await tx
          .selectDistinct({ expertId: tenderScores.expertId, lotId: tenderScores.lotId })
          .from(tenderScores)
          .where(eq(tenderScores.tenderId, tenderId));
        const ids = own && d ? [...d.candidates, ...d.excluded.map((x) => x.expertId)] : [];
        const profiles = await expertsQ.profilesOf(tx, [...seats.map((s) => s.expertId), ...ids]);
        return { d, job, seats, scored, profiles, ids };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    return {
      draw: d
        ? {
            seed: d.seed,
            committeeSize: d.committeeSize,
            specialty: d.specialty,
            candidates: d.candidates,
            excluded: d.excluded,
            drawnAt: d.drawnAt.toISOString(),
            names: own
              ? Object.fromEntries(
                  ids.flatMap((id) => {
                    const p = profiles.get(id);
                    return p ? [[id, p.name] as const] : [];
                  }),
                )
              : null,
          }
        : null,
      drawing: !d && job === 'pending',
      drawFailure: !d && job !== 'pending' ? t.expertDrawFailure : null,
      seats: seats.map((seat) => ({
        id: seat.id,
        expertId: seat.expertId,
        ...profileOf(profiles, seat.expertId),
        drawPosition: seat.drawPosition,
        status: seat.status,
        declinedReason: seat.declinedReason,
        declaredAt: seat.declaredAt?.toISOString() ?? null,
        scoredLotIds: scored.filter((x) => x.expertId === seat.expertId).map((x) => x.lotId),
      })),
    };
  }

  async function assignments(auth: AuthContext) {
    const me = await expertOf(auth);
    const rows = await db
      .select({ seat: tenderExperts, tenderNo: tenders.tenderNo, title: tenders.title, status: tenders.status })
      .from(tenderExperts)
      .innerJoin(tenders, eq(tenders.id, tenderExperts.tenderId))
      .where(eq(tenderExperts.expertId, me.id))
      .orderBy(sql`${tenderExperts.createdAt} desc`);
    return rows.map(({ seat, tenderNo, title, status }) => ({
      id: seat.id,
      tenderId: seat.tenderId,
      tenderNo,
      title,
      tenderStatus: status,
      status: seat.status,
      declinedReason: seat.declinedReason,
      declaredAt: seat.declaredAt?.toISOString() ?? null,
    }));
  }

  return { requestDraw, draw, respond, committee, assignments };
}

export type ExpertDraw = ReturnType<typeof createExpertDraw>;
