import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { organizations, procurementMethods, tenderClarifications, tenderLots, tenders } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { procedureAfter, sandboxNote } from '../../platform/sandbox.ts';
import { CENTRAL_REGION, withinJurisdiction } from '../../platform/jurisdiction.ts';
import { ConflictError, NotFoundError, RuleViolationError, fieldError, type FieldProblem } from '../../platform/errors.ts';
import { policyValue } from '../../platform/policy.ts';
import { tenderStatusLabels } from './tenders.rules.ts';
import { fieldOfPath, tenderRuleIssues, type TenderCheckContext } from '../../../contracts/tender-checks.ts';
import type { TenderInput } from '../../../contracts/tenders.schemas.ts';
import { actorOf, DAY, tenderJobs, type TendersDeps } from './tenders.context.ts';
import type { TenderViews } from './tenders.views.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import { checkDocumentsPeriod, startClock, stopClocks } from './tenders.clocks.ts';
import { onPublish } from './tenders.stages.ts';
import { tenderClockKinds } from '../../../contracts/enums/tender-clocks.ts';
import { checkIntentionAtStart, recordIntentionUse } from '../plans/plans.intentions.ts';
import { checkCategories } from './tenders.categories.ts';
import { changeDocuments } from './tenders.amend.ts';
import { answerNotice, questionNotice } from './tenders.notices.ts';

/** 招标: a tender drafted against its method's rules, published, clarified, cancelled, and the bidders' questions. */
export function createTenderPublishing(
  deps: TendersDeps & {
    views: TenderViews;
  },
) {
  const { db, sealer } = deps;
  const { get } = deps.views;

  async function methodOf(tx: DbOrTx, code: string) {
    const [m] = await tx.select().from(procurementMethods).where(eq(procurementMethods.code, code));
    if (!m) throw fieldError('methodCode', '采购方式不存在');
    return m;
  }

  /**
   * The rules a tender must meet before it is announced: its 品目, the method's notice period, the
   * documents' period and invitations, price weights within the legal bounds, weights adding up to 100%,
   * the bid bond at most 2% of the budget, the SME reservation or deduction (财库〔2020〕46号), green
   * preferences — the rules in contracts/tender-checks.ts, the same the tender form applies, with the policy
   * rows in force at `publishAt`. Every refusal at once (one 422), each naming its field, in the order they
   * were always named.
   */
  async function check(tx: DbOrTx, body: TenderInput, publishAt: Date) {
    const method = await methodOf(tx, body.methodCode);
    const problems: FieldProblem[] = [];
    const collect = async <T>(step: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await step();
      } catch (e) {
        if (!(e instanceof RuleViolationError)) throw e;
        problems.push(...e.fields);
        return undefined;
      }
    };
    await collect(() => checkCategories(tx, body));
    const opts = { at: publishAt };
    const range = z.object({ min: z.string(), max: z.string() });
    // One after the other: a transaction has one connection, on which queries at once only queue.
    const works = body.kind === 'works';
    const deduction = await policyValue(tx, works ? 'sme.deduction.works' : 'sme.deduction.goodsServices', range, opts);
    const consortiumDeduction = await policyValue(tx, 'sme.deduction.consortium', range, opts);
    const bondMax = await policyValue(tx, 'tender.bidBondMaxRatio', z.string(), opts);
    const wholeLimit = await policyValue(
      tx,
      works ? 'sme.reserveWholeLimitFen.works' : 'sme.reserveWholeLimitFen.goodsServices',
      z.number().int(),
      opts,
    );
    const shareMin = await policyValue(tx, 'sme.reserveShareMin', z.string(), opts);
    const smallMicroShareMin = await policyValue(tx, 'sme.reserveSmallMicroShareMin', z.string(), opts);
    const ctx: TenderCheckContext = {
      method,
      earliestDeadline: procedureAfter(publishAt, method.minNoticeDays * DAY),
      deadlineNote: sandboxNote(),
      deduction,
      consortiumDeduction,
      bidBondMaxRatio: bondMax,
      reserveWholeLimitFen: wholeLimit,
      reserveShareMin: shareMin,
      reserveSmallMicroShareMin: smallMicroShareMin,
    };
    // The route has checked the shape (tenderInput); these are the rules checkedTenderInput adds to it.
    const issues = tenderRuleIssues(body, ctx).map((i) => ({ field: fieldOfPath(i.path), message: i.message, in: 'body' as const }));
    // The notice period first, then the documents' period (on the deadline only when the notice period let it pass).
    const [deadlineIssues, rest] = [issues.filter((i) => i.field === 'deadline'), issues.filter((i) => i.field !== 'deadline')];
    problems.push(...deadlineIssues);
    const documentsUntil =
      body.documentsUntil || deadlineIssues.length === 0
        ? await collect(() => checkDocumentsPeriod(tx, method, publishAt, body))
        : undefined;
    problems.push(...rest);
    if (problems.length) throw new RuleViolationError(problems[0]!.message, { fields: problems });
    return { method, deadline: new Date(body.deadline), documentsUntil: documentsUntil! };
  }

  /** A draft tender of the center for a purchasing unit, with its lots; checked again when published. */
  async function create(auth: AuthContext, body: TenderInput) {
    const id = await inTransaction(db, async (tx) => {
      const [unit] = await tx
        .select()
        .from(organizations)
        .where(and(eq(organizations.id, body.purchaserOrgId), eq(organizations.kind, 'purchasing_unit')));
      if (!unit) throw fieldError('purchaserOrgId', '采购人不存在');
      // A center runs procurement for the units of its area (its region and below, #19), not another's; a
      // central-level unit (中央驻地方单位) may entrust the center where it is.
      if (unit.regionCode !== CENTRAL_REGION && !(await withinJurisdiction(tx, auth, [unit.id])))
        throw fieldError('purchaserOrgId', '采购人不在本中心辖区，应由其所在地区的采购中心组织采购');
      await check(tx, body, await dbNow(tx));
      const keys = await sealer.newKeyPair();
      const [seq] = await tx.execute<{ n: string }>(sql`select nextval('jicai.tender_no_seq') as n`).then((r) => r.rows);
      const now = await dbNow(tx);
      const [row] = await tx
        .insert(tenders)
        .values({
          tenderNo: `ZB${shanghaiDate(now).replaceAll('-', '')}${String(seq!.n).padStart(4, '0')}`,
          title: body.title,
          methodCode: body.methodCode,
          purchaserOrgId: body.purchaserOrgId,
          centerOrgId: auth.orgId,
          kind: body.kind,
          categoryCode: body.categoryCode ?? { goods: 'A', services: 'C', works: 'B' }[body.kind],
          description: body.description,
          documents: body.documents,
          greenPreference: body.greenPreference,
          deadline: new Date(body.deadline),
          documentsUntil: body.documentsUntil ? new Date(body.documentsUntil) : null,
          invitedSupplierIds: body.invitedSupplierIds,
          sealPublicKey: keys.publicKey,
          sealPrivateKeyWrapped: keys.wrappedPrivateKey,
          createdBy: auth.userId,
        })
        .returning();
      await tx.insert(tenderLots).values(
        body.lots.map((l, i) => ({
          ...l,
          priceWeight: l.priceWeight ?? null,
          categoryCode: l.categoryCode ?? null,
          greenBonusPoints: l.greenBonusPoints ?? null,
          greenDeductionRate: l.greenDeductionRate ?? null,
          consortiumDeductionRate: l.consortiumDeductionRate ?? null,
          smeDeductionRate: l.smeReserved ? '0' : l.smeDeductionRate,
          tenderId: row!.id,
          lotNo: i + 1,
        })),
      );
      await recordIntentionUse(tx, 'tender', row!.id, body.purchaserOrgId, body, now);
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.create',
        entityType: 'tender',
        entityId: row!.id,
        data: { tenderNo: row!.tenderNo, smeExemptReason: body.smeExemptReason ?? null },
      });
      return row!.id;
    });
    return get(auth, id);
  }

  async function lockOwn(tx: Tx, auth: AuthContext, id: string) {
    const [t] = await tx.select().from(tenders).where(eq(tenders.id, id)).for('update');
    if (!t || t.centerOrgId !== auth.orgId) throw new NotFoundError('tender not found');
    return t;
  }

  /** 招标公告: from now the documents are public and bids are taken until the deadline, when the opening job runs. */
  async function publish(auth: AuthContext, id: string) {
    await inTransaction(db, async (tx, afterCommit) => {
      const t = await lockOwn(tx, auth, id);
      if (t.status !== 'draft') throw new ConflictError(`项目当前为「${tenderStatusLabels[t.status]}」，不能发布`);
      const lots = await tx.select().from(tenderLots).where(eq(tenderLots.tenderId, id)).orderBy(tenderLots.lotNo);
      const now = await dbNow(tx);
      await checkIntentionAtStart(tx, { unitOrgId: t.purchaserOrgId, processType: 'tender', processId: id, at: now });
      const { documentsUntil } = await check(
        tx,
        {
          ...t,
          deadline: t.deadline.toISOString(),
          documentsUntil: t.documentsUntil?.toISOString(),
          smeExemptReason: 'checked at creation',
          lots: lots.map((l) => ({
            ...l,
            priceWeight: l.priceWeight ?? undefined,
            greenBonusPoints: l.greenBonusPoints ?? undefined,
            greenDeductionRate: l.greenDeductionRate ?? undefined,
            consortiumDeductionRate: l.consortiumDeductionRate ?? undefined,
          })),
        } as unknown as TenderInput,
        now,
      );
      await tx.update(tenders).set({ status: 'bidding', publishedAt: now, documentsUntil, updatedAt: now }).where(eq(tenders.id, id));
      await onPublish(tx, afterCommit, deps.jobs, t, now);
      await deps.jobs.schedule(tx, afterCommit, tenderJobs.open, { key: id, runAt: t.deadline, payload: { tenderId: id } });
      await startClock(tx, afterCommit, deps.jobs, {
        tenderId: id,
        kind: 'documents',
        subjectId: id,
        responsibleOrgId: t.centerOrgId,
        startedAt: now,
        due: documentsUntil,
      });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.publish',
        entityType: 'tender',
        entityId: id,
        data: { deadline: t.deadline.toISOString() },
      });
      await recordReleases(tx, 'tender', id);
    });
    return get(auth, id);
  }
  /** A supplier's question while bidding is open; the center answers it publicly. */
  async function ask(auth: AuthContext, id: string, question: string) {
    await inTransaction(db, async (tx) => {
      const [t] = await tx.select().from(tenders).where(eq(tenders.id, id));
      if (!t || t.status !== 'bidding') throw new NotFoundError('tender not open');
      if ((await dbNow(tx)) >= t.deadline) throw new ConflictError('投标已截止');
      await tx.insert(tenderClarifications).values({ tenderId: id, askedByOrgId: auth.orgId, question });
      await appendAudit(tx, { actor: actorOf(auth), action: 'tender.question', entityType: 'tender', entityId: id, data: {} });
      await deps.notify(tx, questionNotice(t));
    });
    return { ok: true };
  }

  /**
   * 澄清或修改. An amendment that changes the documents raises their version: bids already in were made
   * against the old text and become invalid (their bidders see why on their receipts), and if fewer than
   * the method's clarification days remain, the deadline moves and the opening job with it.
   */
  async function clarify(
    auth: AuthContext,
    id: string,
    input: { answer: string; questionId?: string | undefined; documents?: string | undefined },
  ) {
    await inTransaction(db, async (tx, afterCommit) => {
      const t = await lockOwn(tx, auth, id);
      if (t.status !== 'bidding') throw new ConflictError(`项目当前为「${tenderStatusLabels[t.status]}」，不能澄清或修改`);
      const now = await dbNow(tx);
      if (now >= t.deadline) throw new ConflictError('投标已截止');
      const method = await methodOf(tx, t.methodCode);
      let invalidated = 0;
      let movedTo: Date | null = null;
      if (input.documents) {
        const changed = await changeDocuments(tx, afterCommit, deps, t, {
          now,
          clarificationMinDays: method.clarificationMinDays,
          documents: input.documents,
        });
        invalidated = changed.invalidated;
        movedTo = changed.movedTo;
      }
      const values = {
        answer: input.answer,
        changesDocuments: Boolean(input.documents),
        deadlineMovedTo: movedTo,
        invalidatedBids: invalidated,
        answeredAt: now,
      };
      if (input.questionId) {
        const done = await tx
          .update(tenderClarifications)
          .set(values)
          .where(and(eq(tenderClarifications.id, input.questionId), eq(tenderClarifications.tenderId, id)))
          .returning();
        if (done.length === 0) throw fieldError('questionId', '问题不存在');
        if (done[0]!.askedByOrgId) await deps.notify(tx, answerNotice(t, done[0]!.askedByOrgId, Boolean(input.documents)));
      } else await tx.insert(tenderClarifications).values({ tenderId: id, ...values });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.clarify',
        entityType: 'tender',
        entityId: id,
        data: { changesDocuments: Boolean(input.documents), invalidated, deadlineMovedTo: movedTo?.toISOString() ?? null },
      });
      await recordReleases(tx, 'tender', id);
    });
    return get(auth, id);
  }

  async function cancel(auth: AuthContext, id: string, reason: string) {
    await inTransaction(db, async (tx) => {
      const t = await lockOwn(tx, auth, id);
      if (!['draft', 'bidding', 'opened', 'evaluation'].includes(t.status))
        throw new ConflictError(`项目当前为「${tenderStatusLabels[t.status]}」，不能终止`);
      await tx
        .update(tenders)
        .set({ status: 'cancelled', cancelReason: reason, updatedAt: sql`jicai.now()` })
        .where(eq(tenders.id, id));
      await deps.jobs.cancel(tx, tenderJobs.open, id);
      await stopClocks(tx, deps.jobs, id, await dbNow(tx), [...tenderClockKinds]);
      await appendAudit(tx, { actor: actorOf(auth), action: 'tender.cancel', entityType: 'tender', entityId: id, data: { reason } });
      await recordReleases(tx, 'tender', id);
    });
    return get(auth, id);
  }

  return { methodOf, check, create, lockOwn, publish, ask, clarify, cancel };
}

export type TenderPublishing = ReturnType<typeof createTenderPublishing>;
