import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { creditEvents, exclusions, type ExclusionListType } from '../../db/schema/index.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import { appendAudit, type AuditActor } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { regionWithin } from '../../platform/jurisdiction.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import { creditJobs } from './credit.jobs.ts';
import * as q from './credit.queries.ts';
import { banLengthProblem } from './credit.rules.ts';

/** What other modules do when an exclusion starts (the catalogue suspends listings, tendering flags open bids). */
export type ExclusionEffect = (
  tx: Tx,
  afterCommit: AfterCommit,
  exclusion: typeof exclusions.$inferSelect,
  supplierId: string | null,
) => Promise<void>;

/**
 * The exclusion lists (不良行为记录名单): entries made by hand or from an event, lifted by hand or with the
 * event they rest on, and the effects other modules run on the first day of each.
 */
export function createCreditExclusions(deps: { db: Db; jobs: JobSystem; effects: readonly ExclusionEffect[] }) {
  const { db, effects } = deps;

  async function liftExclusionsOfEvent(tx: Tx, eventId: string, reason: string, actor: AuditActor) {
    const lifted = await tx
      .update(exclusions)
      .set({ status: 'lifted', liftedAt: sql`jicai.now()`, liftedReason: reason })
      .where(and(eq(exclusions.eventId, eventId), eq(exclusions.status, 'active')))
      .returning({ id: exclusions.id });
    for (const x of lifted)
      await appendAudit(tx, { actor, action: 'credit.exclusion.lift', entityType: 'exclusion', entityId: x.id, data: { reason, eventId } });
  }

  async function runExclusionEffects(tx: Tx, afterCommit: AfterCommit, exclusionId: string) {
    const [x] = await tx.select().from(exclusions).where(eq(exclusions.id, exclusionId));
    if (!x || x.status !== 'active') return;
    const supplier = x.supplierId ? { id: x.supplierId } : await q.findSupplierByUscc(tx, x.uscc);
    for (const effect of effects) await effect(tx, afterCommit, x, supplier?.id ?? null);
  }

  async function insertExclusion(
    tx: Tx,
    afterCommit: AfterCommit,
    input: {
      supplierId: string | null;
      uscc: string;
      name: string;
      listType: ExclusionListType;
      regionCode: string;
      startsOn: string;
      endsOn: string | null;
      legalBasis: string;
      eventId?: string | null;
      importId?: string | null;
    },
    actor: AuditActor,
  ) {
    const [x] = await tx
      .insert(exclusions)
      .values({ ...input, eventId: input.eventId ?? null, importId: input.importId ?? null, createdBy: actor.userId })
      .returning();
    await appendAudit(tx, { actor, action: 'credit.exclusion.create', entityType: 'exclusion', entityId: x!.id, data: { ...input } });
    const today = shanghaiDate(await dbNow(tx));
    if (input.startsOn <= today) await runExclusionEffects(tx, afterCommit, x!.id);
    else {
      // Beijing midnight of the first day.
      const runAt = new Date(Date.parse(`${input.startsOn}T00:00:00Z`) - 8 * 3600_000);
      await deps.jobs.schedule(tx, afterCommit, creditJobs.exclusionStart, { key: x!.id, runAt, payload: { exclusionId: x!.id } });
    }
    return x!;
  }

  async function createExclusion(
    auth: AuthContext,
    input: {
      supplierId: string;
      listType: ExclusionListType;
      regionCode: string;
      startsOn: string;
      endsOn: string | null;
      legalBasis: string;
      eventId?: string | undefined;
    },
  ) {
    const problem = banLengthProblem(input.listType, input.startsOn, input.endsOn);
    if (problem) throw new RuleViolationError(problem, { fields: [{ field: 'endsOn', message: problem, in: 'body' }] });
    // A region-limited exclusion reaches the issuing region and below only (#19); '' is nationwide.
    if (input.regionCode && !(await regionWithin(db, auth, input.regionCode)))
      throw new RuleViolationError('region outside the jurisdiction', {
        fields: [{ field: 'regionCode', message: '限定地区应为本辖区或其下级地区', in: 'body' }],
      });
    const actor = { userId: auth.userId, orgId: auth.orgId };
    return inTransaction(db, async (tx, afterCommit) => {
      const supplier = await q.findSupplier(tx, input.supplierId);
      if (!supplier || !supplier.uscc)
        throw new RuleViolationError('not a supplier', { fields: [{ field: 'supplierId', message: '供应商不存在', in: 'body' }] });
      if (input.eventId) {
        const [event] = await tx.select().from(creditEvents).where(eq(creditEvents.id, input.eventId));
        if (!event || event.supplierId !== supplier.id)
          throw new RuleViolationError('event mismatch', { fields: [{ field: 'eventId', message: '信用记录不属于该供应商', in: 'body' }] });
      }
      return insertExclusion(
        tx,
        afterCommit,
        {
          supplierId: supplier.id,
          uscc: supplier.uscc,
          name: supplier.name,
          listType: input.listType,
          regionCode: input.regionCode,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          legalBasis: input.legalBasis,
          eventId: input.eventId ?? null,
        },
        actor,
      );
    });
  }

  async function liftExclusion(auth: AuthContext, id: string, reason: string) {
    return inTransaction(db, async (tx) => {
      const [x] = await tx.select().from(exclusions).where(eq(exclusions.id, id)).for('update');
      if (!x) throw new NotFoundError('exclusion not found');
      if (x.status !== 'active') throw new ConflictError('该名单记录已移出');
      const [updated] = await tx
        .update(exclusions)
        .set({ status: 'lifted', liftedAt: sql`jicai.now()`, liftedReason: reason })
        .where(eq(exclusions.id, id))
        .returning();
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'credit.exclusion.lift',
        entityType: 'exclusion',
        entityId: id,
        data: { reason },
      });
      return updated!;
    });
  }

  return { liftExclusionsOfEvent, runExclusionEffects, insertExclusion, createExclusion, liftExclusion };
}
