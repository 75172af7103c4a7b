import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import {
  creditAppeals,
  creditEvents,
  creditEvidenceFiles,
  creditScores,
  exclusions,
  type CreditSeverity,
  type CreditSource,
} from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit, type AuditActor } from '../../platform/audit.ts';
import { actsForOrganization, assertOrgScope, type AuthContext } from '../../platform/auth.ts';
import { beijingTime, dayDeadline } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { reachesJurisdiction } from '../../platform/jurisdiction.ts';
import { eventScope } from './credit.queries.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import type { PageQuery } from '../../../contracts/paging.ts';
import { policyValue } from '../../platform/policy.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import type { FileStore } from '../../platform/storage.ts';
import { acceptDocument } from '../../platform/storage.ts';
import { assertEligible, checkEligibility, checkEligibilityOfMany } from './credit.eligibility.ts';
import { createCreditExclusions, type ExclusionEffect } from './credit.exclusions.ts';
import * as q from './credit.queries.ts';
import { assertSourceRef, type SourceRefLookup } from './credit.source-ref.ts';
import { computeScore, type ScoreLine } from './credit.rules.ts';

export { creditJobs } from './credit.jobs.ts';
export type { ExclusionEffect } from './credit.exclusions.ts';
export { IneligibleError, type Eligibility, type EligibilityReason } from './credit.eligibility.ts';

const severityPointsSchema = z.object({
  positive: z.number(),
  minor: z.number(),
  general: z.number(),
  serious: z.number(),
  major: z.number(),
});

export interface RecordEventInput {
  supplierId: string;
  source: CreditSource;
  severity: CreditSeverity;
  title: string;
  description: string;
  sourceRef?: string | null;
  occurredAt?: Date;
  /** Platform facts (a late delivery the system measured) are confirmed as recorded; allegations wait for the regulator. */
  confirm?: boolean;
  actor: AuditActor | null;
  /**
   * Whose area a fact the system records belongs to (the purchasing unit of a late order, the owner of an
   * auctioned asset): it is kept as the recording organization, so the regulator of that area — and not
   * every regulator — confirms, revokes and keeps its evidence. A person's record is their organization's.
   */
  areaOrgId?: string | null;
}

/**
 * The credit record (信用记录): events, their confirmation and appeal, the score they make, and evidence.
 * The exclusion lists live in credit.exclusions.ts and eligibility in credit.eligibility.ts; this object
 * is the module's one face to the rest of the platform.
 */

export function createCreditService(deps: {
  db: Db;
  jobs: JobSystem;
  files: FileStore;
  exclusionEffects?: ExclusionEffect[];
  /** The modules that number processes, for an event's source reference (credit.source-ref.ts). */
  sourceRefs?: SourceRefLookup[];
}) {
  const { db } = deps;
  const effects = deps.exclusionEffects ?? [];
  const { liftExclusionsOfEvent, runExclusionEffects, insertExclusion, exclusionRegionProblem, createExclusion, liftExclusion } =
    createCreditExclusions({
      db,
      jobs: deps.jobs,
      effects,
    });

  async function scoreParams(tx: DbOrTx) {
    const halfLife = await policyValue(tx, 'credit.halfLifeDays', z.number().positive());
    const lookback = await policyValue(tx, 'credit.lookbackYears', z.number().positive());
    return { halfLifeDays: halfLife.value, lookbackYears: lookback.value };
  }

  /** Recomputes and stores one supplier's score; runs in the transaction that changed its events. */
  async function recomputeScore(tx: DbOrTx, supplierId: string): Promise<{ scoreCenti: number; lines: ScoreLine[] }> {
    // One after another: a transaction is one connection, which runs one query at a time.
    const events = await q.eventsOfSupplier(tx, supplierId);
    const params = await scoreParams(tx);
    const now = await dbNow(tx);
    const result = computeScore(events, now, params);
    await tx
      .insert(creditScores)
      .values({ supplierId, scoreCenti: result.scoreCenti, explanation: result.lines, computedAt: now })
      .onConflictDoUpdate({
        target: creditScores.supplierId,
        set: { scoreCenti: result.scoreCenti, explanation: result.lines, computedAt: now },
      });
    return result;
  }

  /**
   * The one way a credit event enters the record, from any module (order acceptance, tendering, auctions)
   * or from a regulator. Call it inside the transaction of the change that caused it.
   */
  async function recordEvent(tx: Tx, input: RecordEventInput) {
    const supplier = await q.findSupplier(tx, input.supplierId);
    if (!supplier)
      throw new RuleViolationError('not a supplier', { fields: [{ field: 'supplierId', message: '供应商不存在', in: 'body' }] });
    const now = await dbNow(tx);
    const points = (await policyValue(tx, 'credit.severityPoints', severityPointsSchema, { at: now })).value[input.severity];
    const appealWindow = input.confirm ? (await policyValue(tx, 'credit.appealWindowDays', z.number().int().positive())).value : null;
    const [event] = await tx
      .insert(creditEvents)
      .values({
        supplierId: input.supplierId,
        source: input.source,
        severity: input.severity,
        points,
        title: input.title,
        description: input.description,
        sourceRef: input.sourceRef || null,
        occurredAt: input.occurredAt ?? now,
        status: input.confirm ? 'confirmed' : 'recorded',
        recordedByUserId: input.actor?.userId ?? null,
        recordedByOrgId: input.actor?.orgId ?? input.areaOrgId ?? null,
        confirmedAt: input.confirm ? now : null,
        appealDeadline: appealWindow ? dayDeadline(now, appealWindow) : null,
      })
      .returning();
    if (!event) throw new Error('insert failed');
    await appendAudit(tx, {
      actor: input.actor,
      action: 'credit.event.record',
      entityType: 'credit_event',
      entityId: event.id,
      data: {
        supplierId: event.supplierId,
        source: event.source,
        severity: event.severity,
        points,
        status: event.status,
        sourceRef: event.sourceRef,
      },
    });
    await recomputeScore(tx, input.supplierId);
    return event;
  }

  /** The event, locked; given an overseer, only one recorded in its area (another's is not found). */
  async function lockEvent(tx: Tx, id: string, overseer?: AuthContext) {
    const [event] = await tx
      .select()
      .from(creditEvents)
      .where(and(eq(creditEvents.id, id), overseer ? eventScope(overseer) : undefined))
      .for('update');
    if (!event) throw new NotFoundError('credit event not found');
    return event;
  }

  /** Regulator: a recorded allegation becomes a confirmed fact (open to appeal), or is revoked. */
  async function decideRecordedEvent(auth: AuthContext, id: string, decision: 'confirm' | 'revoke', reason: string) {
    const actor = { userId: auth.userId, orgId: auth.orgId };
    return inTransaction(db, async (tx) => {
      // Decided by a regulator of the area where the event was recorded (#19), as its appeals are.
      const event = await lockEvent(tx, id, auth);
      const allowed = decision === 'confirm' ? ['recorded'] : ['recorded', 'confirmed'];
      if (!allowed.includes(event.status)) throw new ConflictError(`event is ${event.status}`);
      const now = await dbNow(tx);
      const window = (await policyValue(tx, 'credit.appealWindowDays', z.number().int().positive())).value;
      const [updated] = await tx
        .update(creditEvents)
        .set(
          decision === 'confirm'
            ? {
                status: 'confirmed',
                confirmedAt: now,
                appealDeadline: dayDeadline(now, window),
                decisionReason: reason,
                updatedAt: now,
              }
            : { status: 'revoked', decisionReason: reason, updatedAt: now },
        )
        .where(eq(creditEvents.id, id))
        .returning();
      if (decision === 'revoke') await liftExclusionsOfEvent(tx, id, `记录已撤销：${reason}`, actor);
      await appendAudit(tx, {
        actor,
        action: `credit.event.${decision}`,
        entityType: 'credit_event',
        entityId: id,
        data: { reason, from: event.status },
      });
      await recomputeScore(tx, event.supplierId);
      return updated!;
    });
  }

  async function fileAppeal(auth: AuthContext, eventId: string, reason: string) {
    return inTransaction(db, async (tx) => {
      const event = await lockEvent(tx, eventId);
      assertOrgScope(auth, event.supplierId);
      if (event.status !== 'confirmed')
        throw new ConflictError(event.status === 'appealed' ? '该记录已在申诉中' : `只能对已确认的记录申诉（当前：${event.status}）`);
      const now = await dbNow(tx);
      if (event.appealDeadline && now > event.appealDeadline) {
        throw new RuleViolationError('appeal window closed', {
          fields: [{ field: 'eventId', message: `申诉期已于 ${beijingTime(event.appealDeadline)}届满`, in: 'params' }],
        });
      }
      const [appeal] = await tx
        .insert(creditAppeals)
        .values({ eventId, supplierId: event.supplierId, reason, filedBy: auth.userId })
        .returning();
      await tx.update(creditEvents).set({ status: 'appealed', updatedAt: now }).where(eq(creditEvents.id, eventId));
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'credit.appeal.file',
        entityType: 'credit_appeal',
        entityId: appeal!.id,
        data: { eventId },
      });
      return appeal!;
    });
  }

  /** Regulator decides an appeal: the record is upheld, or revoked with any exclusion resting on it. */
  async function decideAppeal(auth: AuthContext, appealId: string, decision: 'upheld' | 'revoked', reason: string) {
    const actor = { userId: auth.userId, orgId: auth.orgId };
    return inTransaction(db, async (tx) => {
      const [appeal] = await tx.select().from(creditAppeals).where(eq(creditAppeals.id, appealId)).for('update');
      if (!appeal) throw new NotFoundError('appeal not found');
      // Decided by a regulator of the area where the event was recorded (#19).
      const [inArea] = await tx
        .select({ id: creditEvents.id })
        .from(creditEvents)
        .where(and(eq(creditEvents.id, appeal.eventId), eventScope(auth)));
      if (!inArea) throw new NotFoundError('appeal not found');
      if (appeal.status !== 'pending') throw new ConflictError('申诉已处理');
      const event = await lockEvent(tx, appeal.eventId);
      const now = await dbNow(tx);
      const [updated] = await tx
        .update(creditAppeals)
        .set({ status: decision, decidedBy: auth.userId, decisionReason: reason, decidedAt: now })
        .where(eq(creditAppeals.id, appealId))
        .returning();
      await tx.update(creditEvents).set({ status: decision, decisionReason: reason, updatedAt: now }).where(eq(creditEvents.id, event.id));
      if (decision === 'revoked') await liftExclusionsOfEvent(tx, event.id, `申诉成立：${reason}`, actor);
      await appendAudit(tx, {
        actor,
        action: `credit.appeal.${decision}`,
        entityType: 'credit_appeal',
        entityId: appealId,
        data: { eventId: event.id, reason },
      });
      await recomputeScore(tx, event.supplierId);
      return updated!;
    });
  }

  async function attachEvidence(auth: AuthContext, eventId: string, file: { filename: string; content: Buffer }) {
    const { contentType, content } = acceptDocument(file.content, 'file');
    return inTransaction(db, async (tx) => {
      // The unit or center that recorded it, or a regulator of its area.
      const event = await lockEvent(tx, eventId, auth.roles.includes('regulator') ? auth : undefined);
      if (!auth.roles.includes('regulator') && event.recordedByOrgId !== auth.orgId) throw new NotFoundError('credit event not found');
      const stored = await deps.files.put('credit-evidence', content, tx);
      const [row] = await tx
        .insert(creditEvidenceFiles)
        .values({
          eventId,
          filename: file.filename.slice(0, 200),
          contentType,
          sizeBytes: stored.sizeBytes,
          sha256: stored.sha256,
          uploadedBy: auth.userId,
        })
        .returning();
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'credit.evidence.attach',
        entityType: 'credit_event',
        entityId: eventId,
        data: { fileId: row!.id, sha256: stored.sha256 },
      });
      return row!;
    });
  }

  /** Evidence is for the supplier concerned and oversight (regulator, center staff), as the record is. Never public. */
  async function readEvidence(auth: AuthContext, fileId: string) {
    const [row] = await db
      .select({ file: creditEvidenceFiles, event: creditEvents })
      .from(creditEvidenceFiles)
      .innerJoin(creditEvents, eq(creditEvents.id, creditEvidenceFiles.eventId))
      .where(eq(creditEvidenceFiles.id, fileId));
    if (!row) throw new NotFoundError('file not found');
    // The parties, and oversight of the area the event was recorded in (as its record shows the files).
    const party = actsForOrganization(auth) && (row.event.supplierId === auth.orgId || row.event.recordedByOrgId === auth.orgId);
    const oversight =
      (auth.roles.includes('regulator') || auth.roles.includes('center_staff')) &&
      (
        await db
          .select({ id: creditEvents.id })
          .from(creditEvents)
          .where(and(eq(creditEvents.id, row.event.id), eventScope(auth)))
      ).length > 0;
    if (!party && !oversight) throw new NotFoundError('file not found');
    return { ...row.file, content: await deps.files.read('credit-evidence', row.file.sha256) };
  }

  async function recomputeAllScores() {
    const suppliers = await db.selectDistinct({ id: creditEvents.supplierId }).from(creditEvents);
    for (const s of suppliers) await db.transaction((tx) => recomputeScore(tx, s.id));
    return suppliers.length;
  }

  return {
    recordEvent,
    recomputeScore,
    recomputeAllScores,
    decideRecordedEvent,
    fileAppeal,
    decideAppeal,
    createExclusion,
    exclusionRegionProblem,
    insertExclusion,
    liftExclusion,
    runExclusionEffects,
    checkEligibility,
    checkEligibilityOfMany,
    assertEligible,
    attachEvidence,
    readEvidence,
    eventScope,
    /** A recorder's source reference, when it names a platform process, is that of one of its area the supplier took part in. */
    assertSourceRef: (tx: DbOrTx, auth: AuthContext, input: { supplierId: string; sourceRef?: string | null | undefined }) =>
      assertSourceRef(tx, auth, input, deps.sourceRefs ?? []),
    /** Exclusions that reach the caller's jurisdiction: national, set above it, or for it and below. */
    exclusionScope: (auth: AuthContext) => reachesJurisdiction(auth, exclusions.regionCode),
    listEvents: (filter: Parameters<typeof q.listEvents>[1], page: PageQuery) => q.listEvents(db, filter, page),
    listAppeals: (filter: Parameters<typeof q.listAppeals>[1], page: PageQuery) => q.listAppeals(db, filter, page),
    listExclusions: (filter: Parameters<typeof q.listExclusions>[1], page: PageQuery) => q.listExclusions(db, filter, page),
  };
}

export type CreditService = ReturnType<typeof createCreditService>;
