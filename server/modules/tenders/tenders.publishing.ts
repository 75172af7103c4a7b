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
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import { policyValue } from '../../platform/policy.ts';
import { bp, greenBonusPointsMax, greenDeductionRateMax, priceWeightBounds, tenderStatusLabels } from './tenders.rules.ts';
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
   * 接受联合体或分包 (财库〔2020〕46号第九条): a lot that accepts a small/micro consortium or subcontract
   * share names its deduction within the policy's range; a reserved lot has no deduction to give, and the
   * platform holds the range for goods and services only.
   */
  async function checkConsortium(tx: DbOrTx, body: TenderInput, opts: { at: Date }) {
    const accepting = body.lots.flatMap((lot, i) => (lot.consortiumDeductionRate === undefined ? [] : [{ lot, i }]));
    if (!accepting.length) return;
    for (const { lot, i } of accepting) {
      if (lot.smeReserved)
        throw fieldError(
          `lots[${i}].consortiumDeductionRate`,
          '专门面向中小企业的包不再给予联合体或分包价格扣除（财库〔2020〕46号第九条）',
        );
      if (body.kind === 'works')
        throw fieldError(`lots[${i}].consortiumDeductionRate`, '平台未登记工程项目的联合体/分包价格扣除比例，工程项目暂不适用');
    }
    const range = await policyValue(tx, 'sme.deduction.consortium', z.object({ min: z.string(), max: z.string() }), opts);
    for (const { lot, i } of accepting) {
      const rate = bp(lot.consortiumDeductionRate!);
      if (rate < bp(range.value.min) || rate > bp(range.value.max))
        throw fieldError(
          `lots[${i}].consortiumDeductionRate`,
          `联合体/分包价格扣除比例须在 ${bp(range.value.min) / 100}%–${bp(range.value.max) / 100}% 之间（${range.basis}）`,
        );
    }
  }

  /**
   * The rules a tender must meet before it is announced: the method's notice period and invitations,
   * price weights within the legal bounds, weights adding up to 100%, the bid bond at most 2% of the
   * budget, the SME reservation or deduction (财库〔2020〕46号) — each refusal names its field.
   */
  async function check(tx: DbOrTx, body: TenderInput, publishAt: Date) {
    const method = await methodOf(tx, body.methodCode);
    await checkCategories(tx, body);
    const deadline = new Date(body.deadline);
    if (deadline.getTime() < procedureAfter(publishAt, method.minNoticeDays * DAY).getTime())
      throw fieldError('deadline', `${method.name}自公告至投标截止不少于 ${method.minNoticeDays} 日（${method.basis}）${sandboxNote()}`);
    const documentsUntil = await checkDocumentsPeriod(tx, method, publishAt, body);
    if (method.invitationOnly && body.invitedSupplierIds.length < method.minBidders)
      throw fieldError('invitedSupplierIds', `${method.name}须邀请不少于 ${method.minBidders} 家供应商`);
    const opts = { at: publishAt };
    const [deduction, bondMax, wholeLimit, shareMin, smallMicroShareMin] = await Promise.all([
      policyValue(
        tx,
        body.kind === 'works' ? 'sme.deduction.works' : 'sme.deduction.goodsServices',
        z.object({ min: z.string(), max: z.string() }),
        opts,
      ),
      policyValue(tx, 'tender.bidBondMaxRatio', z.string(), opts),
      policyValue(
        tx,
        body.kind === 'works' ? 'sme.reserveWholeLimitFen.works' : 'sme.reserveWholeLimitFen.goodsServices',
        z.number().int(),
        opts,
      ),
      policyValue(tx, 'sme.reserveShareMin', z.string(), opts),
      policyValue(tx, 'sme.reserveSmallMicroShareMin', z.string(), opts),
    ]);
    body.lots.forEach((lot, i) => {
      if (lot.smallMicroOnly && !lot.smeReserved)
        throw fieldError(`lots[${i}].smallMicroOnly`, '专门面向小微企业的包须先设为专门面向中小企业');
      if (!method.evaluationMethods.includes(lot.evaluationMethod))
        throw fieldError(`lots[${i}].evaluationMethod`, `${method.name}不适用该评审方法`);
      if (lot.evaluationMethod === 'comprehensive') {
        if (!lot.priceWeight) throw fieldError(`lots[${i}].priceWeight`, '综合评分法须设定价格分权重');
        const [lo, hi] = priceWeightBounds[body.kind];
        if (bp(lot.priceWeight) < bp(lo) || bp(lot.priceWeight) > bp(hi))
          throw fieldError(
            `lots[${i}].priceWeight`,
            `${body.kind === 'services' ? '服务' : '货物'}项目价格分权重须在 ${bp(lo) / 100}%–${bp(hi) / 100}% 之间（财政部令第87号第五十五条）`,
          );
        const sum = bp(lot.priceWeight) + lot.criteria.reduce((s, c) => s + bp(c.weight), 0);
        if (sum !== 10_000) throw fieldError(`lots[${i}].criteria`, `价格分与其他评分因素权重合计须为 100%，现为 ${sum / 100}%`);
      }
      if (!lot.smeReserved && (bp(lot.smeDeductionRate) < bp(deduction.value.min) || bp(lot.smeDeductionRate) > bp(deduction.value.max))) {
        throw fieldError(
          `lots[${i}].smeDeductionRate`,
          `小微企业价格扣除比例须在 ${bp(deduction.value.min) / 100}%–${bp(deduction.value.max) / 100}% 之间（${deduction.basis}）`,
        );
      }
      if (lot.greenBonusPoints !== undefined) {
        if (lot.evaluationMethod !== 'comprehensive')
          throw fieldError(`lots[${i}].greenBonusPoints`, '节能环保加分仅适用于综合评分法；最低评标价法请设定价格扣除比例');
        if (bp(lot.greenBonusPoints) <= 0 || bp(lot.greenBonusPoints) > bp(greenBonusPointsMax))
          throw fieldError(
            `lots[${i}].greenBonusPoints`,
            `节能环保加分须大于 0 且不超过 ${greenBonusPointsMax} 分（财库〔2019〕9号 优先采购）`,
          );
      }
      if (lot.greenDeductionRate !== undefined) {
        if (lot.evaluationMethod !== 'lowest_price')
          throw fieldError(`lots[${i}].greenDeductionRate`, '节能环保价格扣除仅适用于最低评标价法；综合评分法请设定加分');
        if (bp(lot.greenDeductionRate) <= 0 || bp(lot.greenDeductionRate) > bp(greenDeductionRateMax))
          throw fieldError(
            `lots[${i}].greenDeductionRate`,
            `节能环保价格扣除比例须大于 0 且不超过 ${bp(greenDeductionRateMax) / 100}%（财库〔2019〕9号 优先采购）`,
          );
      }
      if (lot.bidBondFen * 10_000 > lot.budgetFen * bp(bondMax.value))
        throw fieldError(
          `lots[${i}].bidBondFen`,
          `投标保证金不得超过预算的 ${bp(bondMax.value) / 100}%（${yuan(Math.floor((lot.budgetFen * bp(bondMax.value)) / 10_000))}）`,
        );
    });
    await checkConsortium(tx, body, opts);
    const total = body.lots.reduce((s, l) => s + l.budgetFen, 0);
    const reserved = body.lots.filter((l) => l.smeReserved).reduce((s, l) => s + l.budgetFen, 0);
    if (!body.smeExemptReason) {
      if (total <= wholeLimit.value && reserved < total)
        throw fieldError(
          'lots',
          `预算 ${yuan(total)} 不超过 ${yuan(wholeLimit.value)}，适宜由中小企业提供的应专门面向中小企业采购；不预留的须说明理由（${wholeLimit.basis}）`,
        );
      if (total > wholeLimit.value && reserved * 10_000 < total * bp(shareMin.value))
        throw fieldError(
          'lots',
          `预留给中小企业的份额 ${yuan(reserved)} 低于预算的 ${bp(shareMin.value) / 100}%；不预留的须说明理由（${shareMin.basis}）`,
        );
      // Of the reserved share, at least 60% for small and micro enterprises (by whole lots here).
      const smallMicro = body.lots.filter((l) => l.smeReserved && l.smallMicroOnly).reduce((s, l) => s + l.budgetFen, 0);
      if (total > wholeLimit.value && smallMicro * 10_000 < reserved * bp(smallMicroShareMin.value)) {
        throw fieldError(
          'lots',
          `预留份额中专门面向小微企业的 ${yuan(smallMicro)} 低于预留份额 ${yuan(reserved)} 的 ${bp(smallMicroShareMin.value) / 100}%；请将相应的包设为专门面向小微企业（${smallMicroShareMin.basis}）`,
        );
      }
    }
    return { method, deadline, documentsUntil };
  }

  /** A draft tender of the center for a purchasing unit, with its lots; checked again when published. */
  async function create(auth: AuthContext, body: TenderInput) {
    const id = await inTransaction(db, async (tx) => {
      const [unit] = await tx
        .select()
        .from(organizations)
        .where(and(eq(organizations.id, body.purchaserOrgId), eq(organizations.kind, 'purchasing_unit')));
      if (!unit) throw fieldError('purchaserOrgId', '采购人不存在');
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
