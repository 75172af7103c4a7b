import { and, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { containsPattern } from '../../db/columns.ts';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import {
  bids,
  organizations,
  procurementMethods,
  tenderClarifications,
  tenderContracts,
  tenderLots,
  tenders,
  type TenderStatus,
} from '../../db/schema/index.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import { requestAuditCheckpoint } from '../../platform/audit-anchor.ts';
import { appendAudit, type AuditActor } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate, shanghaiDateTime } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import { policyValue } from '../../platform/policy.ts';
import { defineJob } from '../../platform/queue/definitions.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import type { RequestOrigin } from '../../platform/origin.ts';
import {
  RECEIPT_SCHEME,
  commitmentMatches,
  commitmentOf,
  newReceiptNonce,
  openEnvelope,
  receiptHolds,
  sealedEnvelope,
} from '../../platform/receipts.ts';
import type { Sealer } from '../../platform/seal.ts';
import type { CreditService } from '../credit/credit.service.ts';
import { ocidOf } from '../ocds/ocds.ids.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import { readableTender, readsAsExpert, seatedExpertScope } from './tenders.access.ts';
import type { Notify } from '../notifications/notifications.service.ts';
import {
  bp,
  distinctBidders,
  evaluationOf,
  greenBonusPointsMax,
  greenCertificateCounts,
  greenDeductionRateMax,
  priceWeightBounds,
  tenderStatusLabels,
} from './tenders.rules.ts';
import type { BidInput, TenderInput, openingRowSchema } from '../../../contracts/tenders.schemas.ts';

type OpeningRow = z.infer<typeof openingRowSchema>;

export const tenderJobs = {
  /** At the bid deadline: open every sealed bid once, qualify, publish the opening record. */
  open: defineJob({ name: 'tenders.open', queue: 'deadlines', payload: z.object({ tenderId: z.uuid() }), durable: true }),
  /** On the center's request, once it commits: draw the evaluation committee (keyed by the tender: one draw). */
  drawExperts: defineJob({
    name: 'tenders.experts.draw',
    queue: 'deadlines',
    payload: z.object({ tenderId: z.uuid(), userId: z.uuid(), orgId: z.uuid() }),
    durable: true,
  }),
} as const;

const actorOf = (auth: AuthContext): AuditActor => ({ userId: auth.userId, orgId: auth.orgId });

/** What a bid's receipt is bound to besides its content: the tender, the lot, the bidder and the documents' version it answers. */
export const bidBinding = (tenderId: string, lotId: string, supplierId: string, documentsVersion: number) =>
  ['bid', tenderId, lotId, supplierId, String(documentsVersion)] as const;
const DAY = 86_400_000;

const bidContent = z.object({
  lotId: z.string(),
  priceFen: z.number().int().positive(),
  brand: z.string(),
  technicalResponse: z.string(),
  smeDeclared: z.boolean(),
  sizeClass: z.enum(['large', 'medium', 'small', 'micro']),
  documentsVersion: z.number().int(),
  greenCertificate: z
    .object({ kind: z.enum(['energy_saving', 'environmental_label']), number: z.string(), issuer: z.string(), validUntil: z.string() })
    .optional(),
});

type TenderRow = typeof tenders.$inferSelect;

export function createTendersService(deps: { db: Db; jobs: JobSystem; credit: CreditService; sealer: Sealer; notify: Notify }) {
  const { db, credit, sealer } = deps;

  async function methodOf(tx: DbOrTx, code: string) {
    const [m] = await tx.select().from(procurementMethods).where(eq(procurementMethods.code, code));
    if (!m) throw fieldError('methodCode', '采购方式不存在');
    return m;
  }

  /**
   * The rules a tender must meet before it is announced: the method's notice period and invitations,
   * price weights within the legal bounds, weights adding up to 100%, the bid bond at most 2% of the
   * budget, the SME reservation or deduction (财库〔2020〕46号) — each refusal names its field.
   */
  async function check(tx: DbOrTx, body: TenderInput, publishAt: Date) {
    const method = await methodOf(tx, body.methodCode);
    const deadline = new Date(body.deadline);
    if (deadline.getTime() < publishAt.getTime() + method.minNoticeDays * DAY)
      throw fieldError('deadline', `${method.name}自公告至投标截止不少于 ${method.minNoticeDays} 日（${method.basis}）`);
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
    return { method, deadline };
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
          greenBonusPoints: l.greenBonusPoints ?? null,
          greenDeductionRate: l.greenDeductionRate ?? null,
          smeDeductionRate: l.smeReserved ? '0' : l.smeDeductionRate,
          tenderId: row!.id,
          lotNo: i + 1,
        })),
      );
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
      await check(
        tx,
        {
          ...t,
          deadline: t.deadline.toISOString(),
          smeExemptReason: 'checked at creation',
          lots: lots.map((l) => ({
            ...l,
            priceWeight: l.priceWeight ?? undefined,
            greenBonusPoints: l.greenBonusPoints ?? undefined,
            greenDeductionRate: l.greenDeductionRate ?? undefined,
          })),
        } as unknown as TenderInput,
        now,
      );
      await tx.update(tenders).set({ status: 'bidding', publishedAt: now, updatedAt: now }).where(eq(tenders.id, id));
      await deps.jobs.schedule(tx, afterCommit, tenderJobs.open, { key: id, runAt: t.deadline, payload: { tenderId: id } });
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
        const version = t.documentsVersion + 1;
        const gone = await tx
          .update(bids)
          .set({
            status: 'invalidated',
            statusNote: `招标文件已于 ${shanghaiDateTime(now)}（北京时间）修改（第 ${version} 版），原投标文件失效，请按新文件重新递交`,
            sealed: null,
          })
          .where(and(eq(bids.tenderId, id), eq(bids.status, 'submitted')))
          .returning({ id: bids.id, supplierId: bids.supplierId, lotId: bids.lotId });
        invalidated = gone.length;
        const lotNos = new Map(
          (await tx.select({ id: tenderLots.id, lotNo: tenderLots.lotNo }).from(tenderLots).where(eq(tenderLots.tenderId, id))).map((l) => [
            l.id,
            l.lotNo,
          ]),
        );
        await deps.notify(
          tx,
          gone.map((b) => ({
            organizationId: b.supplierId,
            kind: 'tender.bid.invalidated',
            title: `投标已失效：${t.tenderNo} 第 ${lotNos.get(b.lotId) ?? ''} 包`,
            body: `「${t.title}」招标文件已于 ${shanghaiDateTime(now)}（北京时间）修改（第 ${version} 版），你单位原投标文件失效，请按新文件在截止前重新递交。`,
            link: `/supplier/tenders/${id}`,
          })),
        );
        if (t.deadline.getTime() - now.getTime() < method.clarificationMinDays * DAY)
          movedTo = new Date(now.getTime() + method.clarificationMinDays * DAY);
        await tx
          .update(tenders)
          .set({ documents: input.documents, documentsVersion: version, ...(movedTo ? { deadline: movedTo } : {}), updatedAt: now })
          .where(eq(tenders.id, id));
        if (movedTo) await deps.jobs.schedule(tx, afterCommit, tenderJobs.open, { key: id, runAt: movedTo, payload: { tenderId: id } });
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
        .set({ status: 'cancelled', cancelReason: reason, updatedAt: sql`now()` })
        .where(eq(tenders.id, id));
      await deps.jobs.cancel(tx, tenderJobs.open, id);
      await appendAudit(tx, { actor: actorOf(auth), action: 'tender.cancel', entityType: 'tender', entityId: id, data: { reason } });
      await recordReleases(tx, 'tender', id);
    });
    return get(auth, id);
  }

  /** A sealed bid for one lot, until the deadline by the database clock; replacing raises its version. */
  async function submitBid(auth: AuthContext, id: string, input: BidInput, origin: RequestOrigin | null = null) {
    return inTransaction(db, async (tx) => {
      const [t] = await tx.select().from(tenders).where(eq(tenders.id, id)).for('share');
      if (!t || t.status === 'draft') throw new NotFoundError('tender not found');
      if (t.status !== 'bidding') throw new ConflictError(`项目当前为「${tenderStatusLabels[t.status]}」，不接受投标`);
      const [{ at } = { at: '' }] = (await tx.execute<{ at: string }>(sql`select clock_timestamp() as at`)).rows;
      const now = new Date(at);
      if (now >= t.deadline) throw new ConflictError(`投标已于 ${shanghaiDateTime(t.deadline)}（北京时间）截止`);
      const [lot] = await tx
        .select()
        .from(tenderLots)
        .where(and(eq(tenderLots.id, input.lotId), eq(tenderLots.tenderId, id)));
      if (!lot) throw fieldError('lotId', '该项目没有这个包');
      const method = await methodOf(tx, t.methodCode);
      if (method.invitationOnly && !t.invitedSupplierIds.includes(auth.orgId))
        throw fieldError('supplier', `${method.name}仅受邀供应商可以投标`);
      await credit.assertEligible(tx, { supplierId: auth.orgId, action: 'bid' }, 'supplier');
      const [org] = await tx.select().from(organizations).where(eq(organizations.id, auth.orgId));
      if (lot.smeReserved && org!.sizeClass === 'large') throw fieldError('supplier', '本包专门面向中小企业，大型企业不能投标');
      // Prison enterprises and disability welfare units count as small/micro (财库〔2020〕46号).
      if (lot.smallMicroOnly && !(org!.sizeClass === 'small' || org!.sizeClass === 'micro' || org!.smeTreatment))
        throw fieldError('supplier', '本包专门面向小微企业，中型和大型企业不能投标');
      // The receipt commits to what the bidder sent under a nonce only it gets; the nonce is sealed with the bid.
      const nonce = newReceiptNonce();
      const commitment = commitmentOf(nonce, bidBinding(id, lot.id, auth.orgId, t.documentsVersion), input);
      const sealed = sealer.seal(
        t.sealPublicKey,
        sealedEnvelope(nonce, input, { sizeClass: org!.sizeClass ?? 'large', documentsVersion: t.documentsVersion }),
        `${id}:${lot.id}:${auth.orgId}`,
      );
      const [row] = await tx
        .insert(bids)
        .values({
          tenderId: id,
          lotId: lot.id,
          supplierId: auth.orgId,
          submittedBy: auth.userId,
          documentsVersion: t.documentsVersion,
          submittedAt: now,
          commitment,
          sealed,
          submittedIp: origin?.ip ?? null,
          deviceId: origin?.deviceId ?? null,
        })
        .onConflictDoUpdate({
          target: [bids.lotId, bids.supplierId],
          set: {
            version: sql`${bids.version} + 1`,
            submittedBy: auth.userId,
            documentsVersion: t.documentsVersion,
            submittedAt: now,
            commitment,
            sealed,
            status: 'submitted',
            statusNote: null,
            submittedIp: origin?.ip ?? null,
            deviceId: origin?.deviceId ?? null,
          },
        })
        .returning();
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.bid',
        entityType: 'tender',
        entityId: id,
        data: { lotId: lot.id, version: row!.version, commitment },
      });
      // The nonce leaves the platform here, once: it is stored nowhere in clear.
      return { ...receipt(row!), supplierId: auth.orgId, scheme: RECEIPT_SCHEME, nonce };
    });
  }

  async function withdrawBid(auth: AuthContext, id: string, lotId: string) {
    return inTransaction(db, async (tx) => {
      const [t] = await tx.select().from(tenders).where(eq(tenders.id, id)).for('share');
      if (!t || t.status !== 'bidding') throw new NotFoundError('tender not open');
      if ((await dbNow(tx)) >= t.deadline) throw new ConflictError('投标已截止，不能撤回');
      const [row] = await tx
        .update(bids)
        .set({ status: 'withdrawn', sealed: null, statusNote: '投标人在截止前撤回' })
        .where(and(eq(bids.lotId, lotId), eq(bids.tenderId, id), eq(bids.supplierId, auth.orgId), eq(bids.status, 'submitted')))
        .returning();
      if (!row) throw new NotFoundError('no bid to withdraw');
      await appendAudit(tx, { actor: actorOf(auth), action: 'tender.withdraw', entityType: 'tender', entityId: id, data: { lotId } });
      return receipt(row);
    });
  }

  /**
   * 回执核验: after the opening, anyone holding a bid as sent and its 回执密钥 can have the stored commitment
   * checked. Before it the answer would say who bid, so it waits for the opening.
   */
  async function verifyReceipt(id: string, input: { supplierId: string; nonce: string; bid: BidInput }) {
    const [t] = await db.select().from(tenders).where(eq(tenders.id, id));
    if (!t || t.status === 'draft') throw new NotFoundError('tender not found');
    if (!t.openedAt) throw new ConflictError('开标后方可核验投标回执');
    const [row] = await db
      .select()
      .from(bids)
      .where(
        and(
          eq(bids.tenderId, id),
          eq(bids.lotId, input.bid.lotId),
          eq(bids.supplierId, input.supplierId),
          inArray(bids.status, ['opened', 'rejected']),
        ),
      );
    if (!row) throw new NotFoundError('no opened bid of this supplier in this lot');
    return {
      tenderId: id,
      lotId: row.lotId,
      supplierId: row.supplierId,
      version: row.version,
      documentsVersion: row.documentsVersion,
      submittedAt: row.submittedAt.toISOString(),
      commitment: row.commitment,
      valid: commitmentMatches(row.commitment, input.nonce, bidBinding(id, row.lotId, row.supplierId, row.documentsVersion), input.bid),
    };
  }

  const receipt = (b: typeof bids.$inferSelect) => ({
    bidId: b.id,
    tenderId: b.tenderId,
    lotId: b.lotId,
    version: b.version,
    documentsVersion: b.documentsVersion,
    submittedAt: b.submittedAt.toISOString(),
    commitment: b.commitment,
    status: b.status,
    statusNote: b.statusNote,
  });

  async function myBids(auth: AuthContext, id: string) {
    const rows = await db
      .select()
      .from(bids)
      .where(and(eq(bids.tenderId, id), eq(bids.supplierId, auth.orgId)));
    return rows.map(receipt);
  }

  /**
   * 开标, by the worker at the deadline. The private key comes from a query that returns it only once
   * the database clock has passed the deadline. Every submitted bid is opened once, checked (credit at
   * this moment, the budget, one legal representative per lot, no direct control or management relationship
   * between bidders of one lot), given its SME deduction and evaluation price, its declared green certificate
   * kept, and written back in one statement; lots with fewer distinct bidders (one brand counts once)
   * than the method's minimum fail (流标). The opening record is published with the tender. A second run
   * finds the tender opened and changes nothing.
   */
  async function open(tx: Tx, afterCommit: AfterCommit, id: string): Promise<'opened' | 'failed' | 'skipped' | 'not-due'> {
    const [t] = await tx.select().from(tenders).where(eq(tenders.id, id)).for('update');
    if (!t || t.status !== 'bidding') return 'skipped';
    const [keyRow] = await tx
      .select({ key: tenders.sealPrivateKeyWrapped })
      .from(tenders)
      .where(and(eq(tenders.id, id), sql`${tenders.deadline} <= now()`));
    if (!keyRow) return 'not-due';
    const now = await dbNow(tx);
    const [method, lots, rows] = await Promise.all([
      methodOf(tx, t.methodCode),
      tx.select().from(tenderLots).where(eq(tenderLots.tenderId, id)).orderBy(tenderLots.lotNo),
      tx
        .select({
          id: bids.id,
          lotId: bids.lotId,
          supplierId: bids.supplierId,
          sealed: bids.sealed,
          submittedAt: bids.submittedAt,
          commitment: bids.commitment,
          documentsVersion: bids.documentsVersion,
        })
        .from(bids)
        .where(and(eq(bids.tenderId, id), eq(bids.status, 'submitted'))),
    ]);
    const openOne = await sealer.opener(keyRow.key);
    const supplierIds = [...new Set(rows.map((r) => r.supplierId))];
    const [eligibility, orgs] = await Promise.all([
      credit.checkEligibilityOfMany(tx, supplierIds, 'bid'),
      supplierIds.length
        ? tx
            .select({
              id: organizations.id,
              name: organizations.name,
              legalRepresentative: organizations.legalRepresentative,
              uscc: organizations.uscc,
              controlledByUscc: organizations.controlledByUscc,
            })
            .from(organizations)
            .where(inArray(organizations.id, supplierIds))
        : [],
    ]);
    const orgOf = new Map(orgs.map((o) => [o.id, o]));
    const opened = rows.map((r) => {
      const envelope = openEnvelope(openOne(r.sealed!, `${id}:${r.lotId}:${r.supplierId}`));
      const c = bidContent.parse(envelope.content);
      const lot = lots.find((l) => l.id === r.lotId)!;
      const notes: string[] = [...(eligibility.get(r.supplierId)?.reasons.map((x) => x.message) ?? [])];
      // The receipt the bidder holds must match what was sealed: a bid that does not is not counted.
      if (
        !receiptHolds(
          envelope,
          r.commitment,
          bidBinding(id, r.lotId, r.supplierId, r.documentsVersion),
          `${id}\n${r.lotId}\n${r.supplierId}`,
        )
      )
        notes.push('投标回执与密封内容不符（回执承诺校验失败）');
      if (c.priceFen > lot.budgetFen) notes.push(`报价 ${yuan(c.priceFen)} 超过本包预算 ${yuan(lot.budgetFen)}`);
      return { row: r, c, lot, notes, ...evaluationOf(c, lot) };
    });
    // 同一法定代表人: suppliers sharing a legal representative may not bid in the same lot.
    for (const lot of lots) {
      const inLot = opened.filter((o) => o.lot.id === lot.id);
      const byRep = new Map<string, typeof inLot>();
      for (const o of inLot) {
        const rep = orgOf.get(o.row.supplierId)?.legalRepresentative?.trim();
        if (rep) byRep.set(rep, [...(byRep.get(rep) ?? []), o]);
      }
      for (const [rep, group] of byRep)
        if (group.length > 1)
          for (const o of group) o.notes.push(`与同包其他投标人法定代表人均为「${rep}」，不得参加同一包投标（政府采购法实施条例第十八条）`);
      // 直接控股、管理关系: one bidder's controlling organization is another bidder in the same lot; both are rejected.
      for (const o of inLot) {
        const me = orgOf.get(o.row.supplierId);
        const related = inLot.filter((x) => {
          const other = orgOf.get(x.row.supplierId);
          return (
            x !== o &&
            me &&
            other &&
            ((me.controlledByUscc && me.controlledByUscc === other.uscc) || (other.controlledByUscc && other.controlledByUscc === me.uscc))
          );
        });
        if (related.length)
          o.notes.push(
            `与同包投标人${related.map((x) => `「${orgOf.get(x.row.supplierId)?.name ?? ''}」`).join('、')}存在直接控股或管理关系，不得参加同一包投标（政府采购法实施条例第十八条）`,
          );
      }
    }
    const lotOutcome = lots.map((lot) => {
      const valid = opened.filter((o) => o.lot.id === lot.id && o.notes.length === 0);
      const n = distinctBidders(valid.map((o) => ({ supplierId: o.row.supplierId, brand: o.c.brand })));
      return { lot, ok: n >= method.minBidders, n };
    });
    if (opened.length) {
      await tx.execute(sql`
        update jicai.bids b set
          status = v.status, status_note = v.note, price_fen = v.price, brand = v.brand, size_class = v.size::jicai.size_class,
          sme_declared = v.sme, technical_response = v.tech, deduction_rate = v.rate, evaluation_price_fen = v.eval, green_certificate = v.green::jsonb, opened_at = ${now.toISOString()}::timestamptz
        from (select unnest(${sql.param(opened.map((o) => o.row.id))}::uuid[]) as id,
                     unnest(${sql.param(opened.map((o) => (o.notes.length ? 'rejected' : 'opened')))}::text[]) as status,
                     unnest(${sql.param(opened.map((o) => (o.notes.length ? o.notes.join('；') : null)))}::text[]) as note,
                     unnest(${sql.param(opened.map((o) => o.c.priceFen))}::bigint[]) as price,
                     unnest(${sql.param(opened.map((o) => o.c.brand))}::text[]) as brand,
                     unnest(${sql.param(opened.map((o) => o.c.sizeClass))}::text[]) as size,
                     unnest(${sql.param(opened.map((o) => o.c.smeDeclared))}::boolean[]) as sme,
                     unnest(${sql.param(opened.map((o) => o.c.technicalResponse))}::text[]) as tech,
                     unnest(${sql.param(opened.map((o) => o.deductionRate))}::text[]) as rate,
                     unnest(${sql.param(opened.map((o) => o.evaluationPriceFen))}::bigint[]) as eval,
                     unnest(${sql.param(opened.map((o) => (o.c.greenCertificate ? JSON.stringify(o.c.greenCertificate) : null)))}::text[]) as green) v
        where b.id = v.id`);
    }
    for (const o of lotOutcome)
      await tx
        .update(tenderLots)
        .set({ status: o.ok ? 'opened' : 'failed' })
        .where(eq(tenderLots.id, o.lot.id));
    const record = opened
      .sort((a, b) => a.lot.lotNo - b.lot.lotNo || a.row.submittedAt.getTime() - b.row.submittedAt.getTime())
      .map((o) => ({
        lotId: o.lot.id,
        lotNo: o.lot.lotNo,
        supplierId: o.row.supplierId,
        supplierName: orgOf.get(o.row.supplierId)?.name ?? '',
        sizeClass: o.c.sizeClass,
        priceFen: o.c.priceFen,
        brand: o.c.brand || null,
        smeDeclared: o.c.smeDeclared,
        deductionRate: o.deductionRate,
        evaluationPriceFen: o.evaluationPriceFen,
        submittedAt: o.row.submittedAt.toISOString(),
        commitment: o.row.commitment,
        status: o.notes.length ? 'rejected' : 'opened',
        statusNote: o.notes.length ? o.notes.join('；') : null,
        greenCertificate: o.c.greenCertificate ?? null,
        greenValid: greenCertificateCounts(o.c.greenCertificate, shanghaiDate(t.deadline)),
      }));
    const allFailed = lotOutcome.every((o) => !o.ok);
    const note = lotOutcome
      .map((o) => `第 ${o.lot.lotNo} 包：有效投标 ${o.n} 家${o.ok ? '' : `，少于 ${method.minBidders} 家，流标`}`)
      .join('；');
    await tx
      .update(tenders)
      .set({ status: allFailed ? 'failed' : 'opened', openedAt: now, openingRecord: record, resultNote: note, updatedAt: now })
      .where(eq(tenders.id, id));
    await deps.notify(
      tx,
      supplierIds.map((supplierId) => ({
        organizationId: supplierId,
        kind: allFailed ? 'tender.failed' : 'tender.opened',
        title: `${allFailed ? '项目流标' : '已开标'}：${t.tenderNo}`,
        body: `「${t.title}」已于 ${shanghaiDateTime(now)}（北京时间）开标。${note}。${opened.some((o) => o.row.supplierId === supplierId && o.notes.length) ? '你单位有投标未通过开标审查，原因见开标一览表。' : ''}`,
        link: `/supplier/tenders/${id}`,
      })),
    );
    await requestAuditCheckpoint(tx, afterCommit, deps.jobs, { reason: `tender.open ${t.tenderNo}`, ref: `tender.open:${id}`, at: now });
    await appendAudit(tx, {
      actor: null,
      action: 'tender.open',
      entityType: 'tender',
      entityId: id,
      data: { bids: opened.length, lots: lotOutcome.map((o) => ({ lotNo: o.lot.lotNo, valid: o.n, failed: !o.ok })) },
    });
    await recordReleases(tx, 'tender', id);
    return allFailed ? 'failed' : 'opened';
  }

  async function toDtos(rows: TenderRow[], viewerOrgId: string | null = null) {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [lots, clar, orgs, methods, contracts] = await Promise.all([
      db.select().from(tenderLots).where(inArray(tenderLots.tenderId, ids)).orderBy(tenderLots.lotNo),
      db.select().from(tenderClarifications).where(inArray(tenderClarifications.tenderId, ids)).orderBy(tenderClarifications.createdAt),
      db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(inArray(organizations.id, [...new Set(rows.flatMap((r) => [r.purchaserOrgId, r.centerOrgId]))])),
      db.select().from(procurementMethods),
      db
        .select({ c: tenderContracts, supplierName: organizations.name })
        .from(tenderContracts)
        .innerJoin(organizations, eq(organizations.id, tenderContracts.supplierId))
        .where(inArray(tenderContracts.tenderId, ids))
        .orderBy(tenderContracts.contractNo),
    ]);
    const name = new Map(orgs.map((o) => [o.id, o.name]));
    return rows.map((t) => ({
      id: t.id,
      tenderNo: t.tenderNo,
      ocid: ocidOf(t.tenderNo),
      title: t.title,
      methodCode: t.methodCode,
      methodName: methods.find((m) => m.code === t.methodCode)?.name ?? t.methodCode,
      purchaserOrgId: t.purchaserOrgId,
      purchaserName: name.get(t.purchaserOrgId) ?? '',
      centerOrgId: t.centerOrgId,
      invitedSupplierIds: t.invitedSupplierIds,
      cancelReason: t.cancelReason,
      centerName: name.get(t.centerOrgId) ?? '',
      kind: t.kind,
      categoryCode: t.categoryCode,
      description: t.description,
      documents: t.documents,
      documentsVersion: t.documentsVersion,
      greenPreference: t.greenPreference,
      status: t.status,
      publishedAt: t.publishedAt?.toISOString() ?? null,
      deadline: t.deadline.toISOString(),
      openedAt: t.openedAt?.toISOString() ?? null,
      awardNoticeAt: t.awardNoticeAt?.toISOString() ?? null,
      challengeUntil: t.challengeUntil?.toISOString() ?? null,
      resultNote: t.resultNote,
      lots: lots
        .filter((l) => l.tenderId === t.id)
        .map((l) => ({
          id: l.id,
          lotNo: l.lotNo,
          name: l.name,
          budgetFen: l.budgetFen,
          items: l.items,
          evaluationMethod: l.evaluationMethod,
          priceWeight: l.priceWeight,
          criteria: l.criteria,
          smeReserved: l.smeReserved,
          smallMicroOnly: l.smallMicroOnly,
          smeDeductionRate: l.smeDeductionRate,
          bidBondFen: l.bidBondFen,
          greenBonusPoints: l.greenBonusPoints,
          greenDeductionRate: l.greenDeductionRate,
          status: l.status,
        })),
      clarifications: clar
        .filter((c) => c.tenderId === t.id)
        .map((c) => ({
          id: c.id,
          question: c.question,
          answer: c.answer,
          changesDocuments: c.changesDocuments,
          deadlineMovedTo: c.deadlineMovedTo?.toISOString() ?? null, // How many bids an amendment invalidated says how many were in: only after the opening.
          invalidatedBids: t.openedAt ? c.invalidatedBids : null,
          createdAt: c.createdAt.toISOString(),
          answeredAt: c.answeredAt?.toISOString() ?? null,
          askedByMe: viewerOrgId !== null && c.askedByOrgId === viewerOrgId,
        })),
      contracts: contracts
        .filter(({ c }) => c.tenderId === t.id)
        .map(({ c, supplierName }) => ({
          id: c.id,
          contractNo: c.contractNo,
          lotId: c.lotId,
          lotNo: lots.find((l) => l.id === c.lotId)?.lotNo ?? 0,
          supplierId: c.supplierId,
          supplierName,
          priceFen: c.priceFen,
          signedOn: c.signedOn,
        })),
      // Sealed: nothing of a bid, not even the count, before the opening job has run.
      openingRecord: t.openedAt
        ? ((t.openingRecord as (OpeningRow & { sha256?: string })[] | null) ?? []).map(({ sha256, ...r }) => ({
            ...r,
            commitment: r.commitment ?? sha256 ?? '',
          }))
        : null,
    }));
  }

  /** Center staff of the running center, the purchasing unit, regulators; the public once announced (experts: see readableTender). */
  const mayRead = (auth: AuthContext | null, t: TenderRow) =>
    t.status !== 'draft' ||
    (auth !== null &&
      !readsAsExpert(auth) &&
      (t.centerOrgId === auth.orgId || t.purchaserOrgId === auth.orgId || auth.roles.includes('regulator')));

  async function get(auth: AuthContext | null, id: string) {
    // An expert-only caller reads only a tender it sits on (tenders.access.ts); the others by their organization.
    const t = await readableTender(db, auth, id);
    if (!t || !mayRead(auth, t)) throw new NotFoundError('tender not found');
    const [dto] = await toDtos([t], auth?.orgId ?? null);
    // Unanswered questions are the center's to see, and the asker's own; the public sees questions once answered.
    const own = auth !== null && !readsAsExpert(auth) && t.centerOrgId === auth.orgId;
    return { ...dto!, clarifications: dto!.clarifications.filter((c) => own || c.answer !== null || c.askedByMe) };
  }

  async function list(
    auth: AuthContext | null,
    f: { status?: TenderStatus | undefined; q?: string | undefined; mine?: 'bid' | 'center' | undefined },
    p: PageQuery,
  ) {
    const scope: SQL | undefined =
      auth && readsAsExpert(auth)
        ? seatedExpertScope(auth.userId)
        : auth && (auth.roles.includes('center_staff') || auth.roles.includes('purchaser') || auth.roles.includes('approver'))
          ? or(eq(tenders.centerOrgId, auth.orgId), eq(tenders.purchaserOrgId, auth.orgId), sql`${tenders.status} <> 'draft'`)
          : auth?.roles.includes('regulator')
            ? undefined
            : sql`${tenders.status} <> 'draft'`;
    const mine =
      auth && f.mine === 'bid'
        ? sql`exists (select 1 from ${bids} b where b.tender_id = ${tenders.id} and b.supplier_id = ${auth.orgId})`
        : auth && f.mine === 'center'
          ? eq(tenders.centerOrgId, auth.orgId)
          : undefined;
    const where = and(
      scope,
      mine,
      f.status ? eq(tenders.status, f.status) : undefined,
      f.q ? or(ilike(tenders.title, containsPattern(f.q)), ilike(tenders.tenderNo, containsPattern(f.q))) : undefined,
    );
    const [rows, [total]] = await Promise.all([
      db.select().from(tenders).where(where).orderBy(desc(tenders.createdAt)).limit(p.pageSize).offset(offsetOf(p)),
      db.select({ n: count() }).from(tenders).where(where),
    ]);
    const items = (await toDtos(rows)).map((d) => ({ ...d, documents: d.documents.slice(0, 200), clarifications: [] }));
    return { items, total: total?.n ?? 0, ...p };
  }

  return { create, publish, ask, clarify, cancel, submitBid, withdrawBid, myBids, verifyReceipt, open, get, list };
}

export type TendersService = ReturnType<typeof createTendersService>;
