import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import {
  creditAppeals,
  organizations,
  creditEvents,
  creditEvidenceFiles,
  creditScores,
  exclusions,
  type CreditSeverity,
  type CreditSource,
  type ExclusionListType,
} from '../../db/schema/index.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import { appendAudit, type AuditActor } from '../../platform/audit.ts';
import { actsForOrganization, assertOrgScope, type AuthContext } from '../../platform/auth.ts';
import { endOfShanghaiDay, shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { AppError, ConflictError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import type { PageQuery } from '../../../contracts/paging.ts';
import { policyValue, regionChain } from '../../platform/policy.ts';
import { defineJob } from '../../platform/queue/definitions.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import type { FileStore } from '../../platform/storage.ts';
import { acceptDocument } from '../../platform/storage.ts';
import * as q from './credit.queries.ts';
import {
  actionLabels,
  banLengthProblem,
  computeScore,
  COUNTING_STATUSES,
  exclusionApplies,
  listTypeLabels,
  type EligibilityAction,
  type ScoreLine,
} from './credit.rules.ts';

export const creditJobs = {
  /** At an exclusion's first day: suspend what the supplier has on offer (listings; later modules add theirs). */
  exclusionStart: defineJob({
    name: 'credit.exclusion-start',
    queue: 'deadlines',
    payload: z.object({ exclusionId: z.uuid() }),
    durable: true,
  }),
  /** Daily: scores decay with time even when no event changes. */
  recomputeScores: defineJob({
    name: 'credit.recompute-scores',
    queue: 'background',
    payload: z.object({}),
    durable: false,
    everySeconds: 24 * 3600,
  }),
} as const;

/** What other modules do when an exclusion starts (the catalogue suspends listings, tendering flags open bids). */
export type ExclusionEffect = (
  tx: Tx,
  afterCommit: AfterCommit,
  exclusion: typeof exclusions.$inferSelect,
  supplierId: string | null,
) => Promise<void>;

export class IneligibleError extends AppError {
  readonly status = 422;
  readonly type = 'ineligible';
}

export interface EligibilityReason {
  code: 'exclusion' | 'major_violation' | 'inactive' | 'not_supplier';
  message: string;
  exclusionId?: string;
  eventId?: string;
  listType?: ExclusionListType;
  legalBasis?: string;
  endsOn?: string | null;
}

export interface Eligibility {
  eligible: boolean;
  action: EligibilityAction;
  checkedAt: string;
  reasons: EligibilityReason[];
}

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
}

export function createCreditService(deps: { db: Db; jobs: JobSystem; files: FileStore; exclusionEffects?: ExclusionEffect[] }) {
  const { db } = deps;
  const effects = deps.exclusionEffects ?? [];

  async function scoreParams(tx: DbOrTx) {
    const [halfLife, lookback] = await Promise.all([
      policyValue(tx, 'credit.halfLifeDays', z.number().positive()),
      policyValue(tx, 'credit.lookbackYears', z.number().positive()),
    ]);
    return { halfLifeDays: halfLife.value, lookbackYears: lookback.value };
  }

  /** Recomputes and stores one supplier's score; runs in the transaction that changed its events. */
  async function recomputeScore(tx: DbOrTx, supplierId: string): Promise<{ scoreCenti: number; lines: ScoreLine[] }> {
    const [events, params, now] = await Promise.all([q.eventsOfSupplier(tx, supplierId), scoreParams(tx), dbNow(tx)]);
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
        sourceRef: input.sourceRef ?? null,
        occurredAt: input.occurredAt ?? now,
        status: input.confirm ? 'confirmed' : 'recorded',
        recordedByUserId: input.actor?.userId ?? null,
        recordedByOrgId: input.actor?.orgId ?? null,
        confirmedAt: input.confirm ? now : null,
        appealDeadline: appealWindow ? endOfShanghaiDay(shanghaiDate(new Date(now.getTime() + appealWindow * 86_400_000))) : null,
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

  async function lockEvent(tx: Tx, id: string) {
    const [event] = await tx.select().from(creditEvents).where(eq(creditEvents.id, id)).for('update');
    if (!event) throw new NotFoundError('credit event not found');
    return event;
  }

  async function liftExclusionsOfEvent(tx: Tx, eventId: string, reason: string, actor: AuditActor) {
    const lifted = await tx
      .update(exclusions)
      .set({ status: 'lifted', liftedAt: sql`now()`, liftedReason: reason })
      .where(and(eq(exclusions.eventId, eventId), eq(exclusions.status, 'active')))
      .returning({ id: exclusions.id });
    for (const x of lifted)
      await appendAudit(tx, { actor, action: 'credit.exclusion.lift', entityType: 'exclusion', entityId: x.id, data: { reason, eventId } });
  }

  /** Regulator: a recorded allegation becomes a confirmed fact (open to appeal), or is revoked. */
  async function decideRecordedEvent(auth: AuthContext, id: string, decision: 'confirm' | 'revoke', reason: string) {
    const actor = { userId: auth.userId, orgId: auth.orgId };
    return inTransaction(db, async (tx) => {
      const event = await lockEvent(tx, id);
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
                appealDeadline: endOfShanghaiDay(shanghaiDate(new Date(now.getTime() + window * 86_400_000))),
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
          fields: [{ field: 'eventId', message: `申诉期已于 ${event.appealDeadline.toISOString()} 届满`, in: 'params' }],
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
        .set({ status: 'lifted', liftedAt: sql`now()`, liftedReason: reason })
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

  /**
   * "May this supplier do X now?" Every module asks at the moment it grants something (listing
   * activation, quote, bid, opening, award, order, auction registration and win); the answer at that
   * moment counts, by the database clock, with a reason naming each exclusion or record that blocks it.
   */
  /**
   * Eligibility of many suppliers at once (a bid opening checks thousands): three queries whatever the
   * number — the suppliers, the exclusions naming them by id or USCC, their major violations.
   */
  async function checkEligibilityOfMany(
    tx: DbOrTx,
    supplierIds: readonly string[],
    action: EligibilityAction,
    regionCode?: string,
  ): Promise<Map<string, Eligibility>> {
    const result = new Map<string, Eligibility>();
    if (supplierIds.length === 0) return result;
    const now = await dbNow(tx);
    const day = shanghaiDate(now);
    const ids = [...new Set(supplierIds)];
    const suppliers = await tx
      .select()
      .from(organizations)
      .where(and(inArray(organizations.id, ids), eq(organizations.kind, 'supplier')));
    const usccs = suppliers.map((x) => x.uscc).filter((u): u is string => u !== null);
    const [allExclusions, lookback] = await Promise.all([
      tx
        .select()
        .from(exclusions)
        .where(or(inArray(exclusions.supplierId, ids), usccs.length ? inArray(exclusions.uscc, usccs) : undefined))
        .orderBy(desc(exclusions.startsOn)),
      policyValue(tx, 'credit.lookbackYears', z.number().positive()),
    ]);
    const since = new Date(now.getTime() - lookback.value * 365.25 * 86_400_000);
    const majors = await tx
      .select()
      .from(creditEvents)
      .where(
        and(
          inArray(creditEvents.supplierId, ids),
          eq(creditEvents.severity, 'major'),
          inArray(creditEvents.status, [...COUNTING_STATUSES]),
          sql`${creditEvents.occurredAt} >= ${since}`,
        ),
      );
    const chain = regionChain(regionCode);
    for (const id of ids) {
      const supplier = suppliers.find((x) => x.id === id);
      if (!supplier) {
        result.set(id, {
          eligible: false,
          action,
          checkedAt: now.toISOString(),
          reasons: [{ code: 'not_supplier', message: '不是已登记的供应商' }],
        });
        continue;
      }
      const reasons: EligibilityReason[] = [];
      if (!supplier.active) reasons.push({ code: 'inactive', message: '供应商账户已停用' });
      for (const x of allExclusions.filter((e) => e.supplierId === id || (supplier.uscc !== null && e.uscc === supplier.uscc))) {
        // Without a region, any regional exclusion counts: the caller did not say where the act happens.
        const applies = regionCode ? exclusionApplies(x, day, chain) : exclusionApplies({ ...x, regionCode: '' }, day, ['']);
        if (!applies) continue;
        reasons.push({
          code: 'exclusion',
          message: `${supplier.name} 被列入「${listTypeLabels[x.listType]}」（${x.startsOn} 至 ${x.endsOn ?? '长期'}${x.regionCode ? `，${x.regionCode} 地区` : ''}；依据：${x.legalBasis}），不得${actionLabels[action]}`,
          exclusionId: x.id,
          listType: x.listType,
          legalBasis: x.legalBasis,
          endsOn: x.endsOn,
        });
      }
      for (const e of majors.filter((m) => m.supplierId === id)) {
        reasons.push({
          code: 'major_violation',
          message: `${supplier.name} 在参加采购活动前 ${lookback.value} 年内有重大违法记录「${e.title}」（${shanghaiDate(e.occurredAt)}；政府采购法第二十二条），不得${actionLabels[action]}`,
          eventId: e.id,
        });
      }
      result.set(id, { eligible: reasons.length === 0, action, checkedAt: now.toISOString(), reasons });
    }
    return result;
  }

  async function checkEligibility(
    tx: DbOrTx,
    input: { supplierId: string; action: EligibilityAction; regionCode?: string | undefined },
  ): Promise<Eligibility> {
    return (await checkEligibilityOfMany(tx, [input.supplierId], input.action, input.regionCode)).get(input.supplierId)!;
  }

  /** checkEligibility that refuses with a 422 problem naming the exclusion. */
  async function assertEligible(
    tx: DbOrTx,
    input: { supplierId: string; action: EligibilityAction; regionCode?: string | undefined },
    field = 'supplierId',
  ) {
    const result = await checkEligibility(tx, input);
    if (!result.eligible) {
      throw new IneligibleError(result.reasons.map((r) => r.message).join('；'), {
        fields: result.reasons.map((r) => ({ field, message: r.message })),
      });
    }
    return result;
  }

  async function attachEvidence(auth: AuthContext, eventId: string, file: { filename: string; content: Buffer }) {
    const { contentType, content } = acceptDocument(file.content, 'file');
    return inTransaction(db, async (tx) => {
      const event = await lockEvent(tx, eventId);
      if (!auth.roles.includes('regulator') && event.recordedByOrgId !== auth.orgId) throw new NotFoundError('credit event not found');
      const stored = await deps.files.put('credit-evidence', content);
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
    const mayRead =
      auth.roles.includes('regulator') ||
      auth.roles.includes('center_staff') ||
      (actsForOrganization(auth) && (row.event.supplierId === auth.orgId || row.event.recordedByOrgId === auth.orgId));
    if (!mayRead) throw new NotFoundError('file not found');
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
    insertExclusion,
    liftExclusion,
    runExclusionEffects,
    checkEligibility,
    checkEligibilityOfMany,
    assertEligible,
    attachEvidence,
    readEvidence,
    listEvents: (filter: Parameters<typeof q.listEvents>[1], page: PageQuery) => q.listEvents(db, filter, page),
    listAppeals: (filter: Parameters<typeof q.listAppeals>[1], page: PageQuery) => q.listAppeals(db, filter, page),
    listExclusions: (filter: Parameters<typeof q.listExclusions>[1], page: PageQuery) => q.listExclusions(db, filter, page),
  };
}

export type CreditService = ReturnType<typeof createCreditService>;
