import { and, eq, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { creditEvents, exclusions, users, type ExclusionListType } from '../../db/schema/index.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import { appendAudit, type AuditActor } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import {
  inJurisdiction,
  reachesJurisdiction,
  regionInJurisdiction,
  regionWithin,
  seesAllRegions,
  withinJurisdiction,
} from '../../platform/jurisdiction.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
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

  /**
   * Where a department's own exclusion may reach (#19), or why not: a region-limited one, its own region and
   * below; a nationwide one ('' — 政府采购法 第77条's ban holds everywhere), only from the central level,
   * against a supplier registered in its area, or resting on a credit event of its area (checked by the
   * caller). A district of one province does not ban another province's supplier on its own word.
   */
  async function exclusionRegionProblem(
    tx: Tx,
    auth: AuthContext,
    input: { regionCode: string; supplierId: string | null; eventId?: string | null | undefined },
  ): Promise<string | null> {
    if (input.regionCode) return (await regionWithin(tx, auth, input.regionCode)) ? null : '限定地区应为本辖区或其下级地区';
    if (seesAllRegions(auth) || input.eventId) return null;
    if (input.supplierId && (await withinJurisdiction(tx, auth, [input.supplierId]))) return null;
    return '该供应商不在本辖区注册，且未依据本辖区登记的信用记录：请限定在本辖区或其下级地区，或由供应商所在地或中央层级列入全国名单';
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
    const actor = { userId: auth.userId, orgId: auth.orgId };
    return inTransaction(db, async (tx, afterCommit) => {
      const supplier = await q.findSupplier(tx, input.supplierId);
      if (!supplier || !supplier.uscc)
        throw new RuleViolationError('not a supplier', { fields: [{ field: 'supplierId', message: '供应商不存在', in: 'body' }] });
      if (input.eventId) {
        // The event it rests on is one this department may act on (its area's): revoking it lifts the exclusion.
        const [event] = await tx
          .select()
          .from(creditEvents)
          .where(and(eq(creditEvents.id, input.eventId), q.eventScope(auth)));
        if (!event || event.supplierId !== supplier.id)
          throw new RuleViolationError('event mismatch', {
            fields: [{ field: 'eventId', message: '信用记录不属于该供应商，或不是本辖区登记的记录', in: 'body' }],
          });
      }
      const regionProblem = await exclusionRegionProblem(tx, auth, { ...input, supplierId: supplier.id });
      if (regionProblem)
        throw new RuleViolationError('exclusion outside the jurisdiction', {
          fields: [{ field: 'regionCode', message: regionProblem, in: 'body' }],
        });
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
      const [x] = await tx
        .select()
        .from(exclusions)
        .where(and(eq(exclusions.id, id), reachesJurisdiction(auth, exclusions.regionCode)))
        .for('update');
      if (!x) throw new NotFoundError('exclusion not found');
      // Lifted by the department that listed it, or one above it: another area's (a nationwide one it sees) is not its to lift.
      const [mine] = await tx
        .select({ id: exclusions.id })
        .from(exclusions)
        .leftJoin(users, eq(users.id, exclusions.createdBy))
        .where(
          and(
            eq(exclusions.id, id),
            or(
              inJurisdiction(auth, users.organizationId),
              and(isNull(exclusions.createdBy), ne(exclusions.regionCode, ''), regionInJurisdiction(auth, exclusions.regionCode)),
            ),
          ),
        );
      if (!mine)
        throw new ForbiddenError('exclusion of another area', {
          fields: [{ field: 'id', message: '该名单记录由其他地区的财政部门列入，本部门不能移出', in: 'params' }],
        });
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

  return { liftExclusionsOfEvent, runExclusionEffects, insertExclusion, exclusionRegionProblem, createExclusion, liftExclusion };
}
