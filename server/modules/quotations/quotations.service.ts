import { and, count, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { containsPattern } from '../../db/columns.ts';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { categories, organizations, quotationQuotes, quotations, type QuotationStatus } from '../../db/schema/index.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import { appendAudit, type AuditActor } from '../../platform/audit.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import { policyValue } from '../../platform/policy.ts';
import { defineJob } from '../../platform/queue/definitions.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
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
import * as budget from '../budget/budget.service.ts';
import { admittingAgreement } from '../catalogue/listings.service.ts';
import type { CreditService } from '../credit/credit.service.ts';
import type { OrdersService } from '../orders/orders.service.ts';
import { evaluateQuote, quotationStatusLabels, rankQuotes, type QuoteContent } from './quotations.rules.ts';
import type { CreateQuotationBody, QuoteBody } from '../../../contracts/quotations.schemas.ts';
import type { RequestOrigin } from '../../platform/origin.ts';

export const quotationJobs = {
  /** At the deadline: open the sealed quotes, evaluate, publish the result and place the order (or fail). */
  close: defineJob({ name: 'quotations.close', queue: 'deadlines', payload: z.object({ quotationId: z.uuid() }), durable: true }),
} as const;

const actorOf = (auth: AuthContext): AuditActor => ({ userId: auth.userId, orgId: auth.orgId });

/** What a quote's receipt is bound to besides its content: this quotation and this supplier. */
const quoteBinding = (quotationId: string, supplierId: string) => ['quote', quotationId, supplierId] as const;

const quoteContent = z.object({
  unitPriceFen: z.number().int().positive(),
  brand: z.string(),
  model: z.string(),
  specs: z.record(z.string(), z.union([z.string(), z.number()])),
  deliveryDays: z.number().int().positive(),
  smeDeclared: z.boolean(),
  sizeClass: z.enum(['large', 'medium', 'small', 'micro']),
  certificates: z.array(z.object({ kind: z.string(), number: z.string(), issuer: z.string(), validUntil: z.string() })),
}) satisfies z.ZodType<QuoteContent>;

type QuotationRow = typeof quotations.$inferSelect;
type QuoteRow = typeof quotationQuotes.$inferSelect;

export function createQuotationsService(deps: { db: Db; jobs: JobSystem; credit: CreditService; orders: OrdersService; sealer: Sealer }) {
  const { db, credit, sealer } = deps;

  async function categoryOf(tx: DbOrTx, code: string) {
    const [c] = await tx.select().from(categories).where(eq(categories.code, code));
    if (!c) throw fieldError('categoryCode', '品目不存在');
    return c;
  }

  /** The requirement's specs must use the category's spec fields, with values of the right type. */
  function checkSpecs(schema: typeof categories.$inferSelect.specSchema, specs: Record<string, string | number>, name: string) {
    for (const [key, value] of Object.entries(specs)) {
      const f = schema.find((s) => s.key === key);
      if (!f) throw fieldError(`${name}.${key}`, `该品目没有「${key}」参数`);
      if (f.type === 'number' && (typeof value !== 'number' || value < 0)) throw fieldError(`${name}.${key}`, `「${f.label}」须为非负数字`);
      if (f.type === 'enum' && !(f.options ?? []).includes(String(value)))
        throw fieldError(`${name}.${key}`, `「${f.label}」须为 ${(f.options ?? []).join(' / ')} 之一`);
    }
  }

  /**
   * Posting a requirement: checked against the ordering bands, the allocation standard, the minimum
   * quoting period and the SME deduction range; the ceiling is reserved on the budget line in the same
   * transaction, and the closing job is scheduled at the deadline.
   */
  async function create(auth: AuthContext, body: CreateQuotationBody) {
    return inTransaction(db, async (tx, afterCommit) => {
      const category = await categoryOf(tx, body.categoryCode);
      checkSpecs(category.specSchema, body.specs, 'specs');
      const [unit] = await tx.select().from(organizations).where(eq(organizations.id, auth.orgId));
      const now = await dbNow(tx);
      const opts = unit?.regionCode ? { regionCode: unit.regionCode, at: now } : { at: now };
      const [minDays, minQuotes, decentralized, deduction] = await Promise.all([
        policyValue(tx, 'quotation.minDeadlineDays', z.number().int(), opts),
        policyValue(tx, 'quotation.minQuotes', z.number().int(), opts),
        policyValue(tx, 'ordering.decentralizedLimitFen', z.number().int(), opts),
        policyValue(tx, 'sme.deduction.goodsServices', z.object({ min: z.string(), max: z.string() }), opts),
      ]);
      if (body.ceilingFen > decentralized.value)
        throw fieldError(
          'ceilingFen',
          `最高限价 ${yuan(body.ceilingFen)} 超过分散采购限额 ${yuan(decentralized.value)}，应依法组织招标采购（${decentralized.basis}）`,
        );
      if (category.allocationCapFen !== null && Math.ceil(body.ceilingFen / body.quantity) > category.allocationCapFen) {
        throw fieldError(
          'ceilingFen',
          `单价上限 ${yuan(Math.ceil(body.ceilingFen / body.quantity))} 超过${category.name}配置标准 ${yuan(category.allocationCapFen)}（财资〔2016〕27号），请调整最高限价`,
        );
      }
      const deadline = new Date(body.deadline);
      if (deadline.getTime() < now.getTime() + minDays.value * 86_400_000)
        throw fieldError('deadline', `报价截止时间须在发布后至少 ${minDays.value} 日（${minDays.basis}）`);
      if (deadline.getTime() > now.getTime() + 60 * 86_400_000) throw fieldError('deadline', '报价截止时间不能晚于 60 日后');
      const rate = Number(body.smeDeductionRate);
      if (!body.reservedForSme && (rate < Number(deduction.value.min) || rate > Number(deduction.value.max))) {
        throw fieldError(
          'smeDeductionRate',
          `小微企业价格扣除比例须在 ${Number(deduction.value.min) * 100}%–${Number(deduction.value.max) * 100}% 之间（${deduction.basis}）`,
        );
      }
      // An unknown or another unit's line is refused here, before the quotation refers to it; the line is
      // locked only once the quotation exists (budget.reserve), so it is held only until the commit.
      await budget.assertLine(tx, { lineId: body.budgetLineId, ownerOrgId: auth.orgId });
      const keys = await sealer.newKeyPair();
      const [seq] = await tx.execute<{ n: string }>(sql`select nextval('jicai.quotation_no_seq') as n`).then((r) => r.rows);
      const [row] = await tx
        .insert(quotations)
        .values({
          quotationNo: `WJ${shanghaiDate(now).replaceAll('-', '')}${String(seq!.n).padStart(5, '0')}`,
          purchaserOrgId: auth.orgId,
          createdBy: auth.userId,
          title: body.title,
          categoryCode: body.categoryCode,
          specs: body.specs,
          requirements: body.requirements,
          quantity: body.quantity,
          ceilingFen: body.ceilingFen,
          deliveryDays: body.deliveryDays,
          deliveryAddress: body.deliveryAddress,
          contactName: body.contactName,
          contactPhone: body.contactPhone,
          budgetLineId: body.budgetLineId,
          reservedForSme: body.reservedForSme,
          smeDeductionRate: body.reservedForSme ? '0' : body.smeDeductionRate,
          minQuotes: minQuotes.value,
          deadline,
          sealPublicKey: keys.publicKey,
          sealPrivateKeyWrapped: keys.wrappedPrivateKey,
        })
        .returning();
      await deps.jobs.schedule(tx, afterCommit, quotationJobs.close, { key: row!.id, runAt: deadline, payload: { quotationId: row!.id } });
      await budget.reserve(tx, {
        lineId: body.budgetLineId,
        ownerOrgId: auth.orgId,
        purpose: '最高限价',
        holds: [{ quotationId: row!.id, amountFen: body.ceilingFen }],
      });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'quotation.post',
        entityType: 'quotation',
        entityId: row!.id,
        data: { quotationNo: row!.quotationNo, ceilingFen: body.ceilingFen, deadline: deadline.toISOString() },
      });
      await recordReleases(tx, 'quotation', row!.id);
      return row!.id;
    }).then((id) => get(auth, id));
  }

  async function lock(tx: Tx, id: string, mode: 'update' | 'share') {
    const [q] = await tx.select().from(quotations).where(eq(quotations.id, id)).for(mode);
    if (!q) throw new NotFoundError('quotation not found');
    return q;
  }

  /** Quoting is open: the quotation is open and the database clock is before its deadline. */
  async function assertOpen(tx: Tx, q: QuotationRow) {
    if (q.status !== 'open') throw new ConflictError(`该竞价${quotationStatusLabels[q.status]}，不再接受报价`);
    if ((await dbNow(tx)).getTime() >= q.deadline.getTime()) throw new ConflictError('报价已截止');
  }

  /** Who may quote: an eligible supplier, admitted by a framework agreement where the category needs one, an SME where reserved. */
  async function admission(tx: DbOrTx, q: QuotationRow, supplierId: string, brand: string | null): Promise<string | null> {
    const category = await categoryOf(tx, q.categoryCode);
    const today = shanghaiDate(await dbNow(tx));
    if (category.requiresFramework && !(await admittingAgreement(tx, supplierId, q.categoryCode, brand, today))) {
      return brand ? `贵司没有覆盖「${category.name}」品牌 ${brand} 的有效框架协议` : `贵司没有覆盖「${category.name}」的有效框架协议`;
    }
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, supplierId));
    if (q.reservedForSme && org?.sizeClass === 'large') return '本项目专门面向中小企业，大型企业不能报价';
    const eligibility = await credit.checkEligibility(tx, { supplierId, action: 'quote' });
    return eligibility.reasons[0]?.message ?? null;
  }

  /** Submit or replace this supplier's sealed quote before the deadline; the reply is a receipt, never the price. */
  async function submitQuote(auth: AuthContext, id: string, body: QuoteBody, origin: RequestOrigin | null = null) {
    return inTransaction(db, async (tx) => {
      const q = await lock(tx, id, 'share');
      await assertOpen(tx, q);
      const refusal = await admission(tx, q, auth.orgId, body.brand);
      if (refusal) throw fieldError('supplier', refusal);
      const category = await categoryOf(tx, q.categoryCode);
      checkSpecs(category.specSchema, body.specs, 'specs');
      if (body.unitPriceFen * q.quantity > q.ceilingFen)
        throw fieldError('unitPriceFen', `报价总额 ${yuan(body.unitPriceFen * q.quantity)} 超过最高限价 ${yuan(q.ceilingFen)}`);
      const [org] = await tx.select().from(organizations).where(eq(organizations.id, auth.orgId));
      // The receipt commits to what the supplier sent under a nonce only it gets; the nonce is sealed with the quote.
      const nonce = newReceiptNonce();
      const commitment = commitmentOf(nonce, quoteBinding(id, auth.orgId), body);
      const sealed = sealer.seal(
        q.sealPublicKey,
        sealedEnvelope(nonce, body, { sizeClass: org!.sizeClass ?? 'large' }),
        `${id}:${auth.orgId}`,
      );
      const [{ at } = { at: new Date() }] = await tx
        .execute<{ at: Date }>(sql`select clock_timestamp() as at`)
        .then((r) => r.rows.map((x) => ({ at: new Date(x.at) })));
      const [row] = await tx
        .insert(quotationQuotes)
        .values({
          quotationId: id,
          supplierId: auth.orgId,
          submittedBy: auth.userId,
          submittedAt: at,
          commitment,
          sealed,
          submittedIp: origin?.ip ?? null,
          deviceId: origin?.deviceId ?? null,
        })
        .onConflictDoUpdate({
          target: [quotationQuotes.quotationId, quotationQuotes.supplierId],
          set: {
            version: sql`${quotationQuotes.version} + 1`,
            submittedBy: auth.userId,
            submittedAt: at,
            commitment,
            sealed,
            withdrawnAt: null,
            submittedIp: origin?.ip ?? null,
            deviceId: origin?.deviceId ?? null,
          },
        })
        .returning();
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'quotation.quote',
        entityType: 'quotation',
        entityId: id,
        data: { version: row!.version, commitment: row!.commitment },
      });
      // The nonce leaves the platform here, once: it is stored nowhere in clear.
      return { ...receipt(q, row!), supplierId: auth.orgId, scheme: RECEIPT_SCHEME, nonce };
    });
  }

  async function withdrawQuote(auth: AuthContext, id: string) {
    return inTransaction(db, async (tx) => {
      const q = await lock(tx, id, 'share');
      await assertOpen(tx, q);
      const [row] = await tx
        .update(quotationQuotes)
        .set({ sealed: null, withdrawnAt: sql`clock_timestamp()` })
        .where(and(eq(quotationQuotes.quotationId, id), eq(quotationQuotes.supplierId, auth.orgId), isNull(quotationQuotes.withdrawnAt)))
        .returning();
      if (!row) throw new NotFoundError('no quote to withdraw');
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'quotation.withdraw',
        entityType: 'quotation',
        entityId: id,
        data: { version: row.version },
      });
      return receipt(q, row);
    });
  }

  const receipt = (q: QuotationRow, row: QuoteRow) => ({
    quoteId: row.id,
    quotationId: q.id,
    quotationNo: q.quotationNo,
    version: row.version,
    submittedAt: row.submittedAt.toISOString(),
    commitment: row.commitment,
    withdrawn: row.withdrawnAt !== null,
  });

  async function myReceipt(auth: AuthContext, id: string) {
    const [q] = await db.select().from(quotations).where(eq(quotations.id, id));
    if (!q) throw new NotFoundError('quotation not found');
    const [row] = await db
      .select()
      .from(quotationQuotes)
      .where(and(eq(quotationQuotes.quotationId, id), eq(quotationQuotes.supplierId, auth.orgId)));
    if (!row) throw new NotFoundError('no quote');
    return receipt(q, row);
  }

  /**
   * 回执核验: after the opening, anyone holding a supplier's quote as sent and its 回执密钥 can have the stored
   * commitment checked. Before it the answer would say who quoted, so it waits for the result.
   */
  async function verifyReceipt(id: string, input: { supplierId: string; nonce: string; quote: QuoteBody }) {
    const [q] = await db.select().from(quotations).where(eq(quotations.id, id));
    if (!q) throw new NotFoundError('quotation not found');
    if (q.status !== 'awarded' && q.status !== 'failed') throw new ConflictError('报价开启后方可核验回执');
    const [row] = await db
      .select()
      .from(quotationQuotes)
      .where(
        and(eq(quotationQuotes.quotationId, id), eq(quotationQuotes.supplierId, input.supplierId), isNull(quotationQuotes.withdrawnAt)),
      );
    if (!row) throw new NotFoundError('no quote of this supplier');
    return {
      quotationId: id,
      supplierId: input.supplierId,
      version: row.version,
      submittedAt: row.submittedAt.toISOString(),
      commitment: row.commitment,
      valid: commitmentMatches(row.commitment, input.nonce, quoteBinding(id, input.supplierId), input.quote),
    };
  }

  async function cancel(auth: AuthContext, id: string, reason: string) {
    await inTransaction(db, async (tx) => {
      const q = await lock(tx, id, 'update');
      if (q.purchaserOrgId !== auth.orgId) throw new NotFoundError('quotation not found');
      await assertOpen(tx, q);
      await releaseCeiling(tx, q);
      await tx
        .update(quotations)
        .set({ status: 'cancelled', cancelReason: reason, closedAt: sql`now()`, updatedAt: sql`now()` })
        .where(eq(quotations.id, id));
      await deps.jobs.cancel(tx, quotationJobs.close, id);
      await appendAudit(tx, { actor: actorOf(auth), action: 'quotation.cancel', entityType: 'quotation', entityId: id, data: { reason } });
      await recordReleases(tx, 'quotation', id);
    });
    return get(auth, id);
  }

  async function releaseCeiling(tx: Tx, q: QuotationRow) {
    await budget.release(tx, { lineId: q.budgetLineId, amountFen: q.ceilingFen, quotationId: q.id });
  }

  /**
   * The closing job, at the deadline: the private key is fetched by a query that only returns it once
   * the database clock has passed the deadline; every quote is opened, evaluated and ranked; with
   * enough compliant quotes the first becomes an order, else the quotation fails. The ceiling
   * reservation is released either way. A second run finds the quotation closed and changes nothing.
   */
  async function close(tx: Tx, afterCommit: AfterCommit, id: string): Promise<'awarded' | 'failed' | 'skipped' | 'not-due'> {
    const q = await lock(tx, id, 'update');
    if (q.status !== 'open') return 'skipped';
    const [keyRow] = await tx
      .select({ key: quotations.sealPrivateKeyWrapped })
      .from(quotations)
      .where(and(eq(quotations.id, id), sql`${quotations.deadline} <= now()`));
    if (!keyRow) return 'not-due';
    const category = await categoryOf(tx, q.categoryCode);
    const now = await dbNow(tx);
    const rows = await tx
      .select()
      .from(quotationQuotes)
      .where(and(eq(quotationQuotes.quotationId, id), isNull(quotationQuotes.withdrawnAt)));
    const requirement = {
      ceilingFen: q.ceilingFen,
      quantity: q.quantity,
      deliveryDays: q.deliveryDays,
      specs: q.specs,
      specSchema: category.specSchema,
      reservedForSme: q.reservedForSme,
      smeDeductionRate: q.smeDeductionRate,
      greenMandatory: category.greenPolicy === 'mandatory',
      today: shanghaiDate(now),
    };
    const opened = [];
    for (const row of rows) {
      const envelope = openEnvelope(await sealer.open(keyRow.key, row.sealed!, `${id}:${row.supplierId}`));
      const content = quoteContent.parse(envelope.content);
      // Credit counts as it stands at the evaluation (信用: the check runs at every step that grants something).
      const eligibility = await credit.checkEligibility(tx, { supplierId: row.supplierId, action: 'award' });
      const problems = eligibility.reasons.map((r) => r.message);
      // The receipt the supplier holds must match what was sealed: a quote that does not is not counted.
      if (!receiptHolds(envelope, row.commitment, quoteBinding(id, row.supplierId), `${id}\n${row.supplierId}`))
        problems.push('报价回执与密封内容不符（回执承诺校验失败）');
      opened.push({ row, content, submittedAt: row.submittedAt, evaluated: evaluateQuote(requirement, content, problems) });
    }
    const ranks = rankQuotes(opened);
    for (const o of opened) {
      await tx
        .update(quotationQuotes)
        .set({
          unitPriceFen: o.content.unitPriceFen,
          totalFen: o.evaluated.totalFen,
          brand: o.content.brand,
          model: o.content.model,
          offeredSpecs: o.content.specs,
          deliveryDays: o.content.deliveryDays,
          sizeClass: o.content.sizeClass,
          smeDeclared: o.content.smeDeclared,
          certificates: o.content.certificates,
          deductionRate: o.evaluated.deductionRate,
          evaluationFen: o.evaluated.evaluationFen,
          compliant: o.evaluated.compliant,
          issues: o.evaluated.issues,
          rank: ranks.get(o) ?? null,
        })
        .where(eq(quotationQuotes.id, o.row.id));
    }
    await releaseCeiling(tx, q);
    const winner = opened.find((o) => ranks.get(o) === 1);
    const compliantCount = ranks.size;
    if (!winner || compliantCount < q.minQuotes) {
      const note = `收到报价 ${opened.length} 家，有效报价 ${compliantCount} 家，少于 ${q.minQuotes} 家，竞价失败`;
      await tx.update(quotations).set({ status: 'failed', closedAt: now, resultNote: note, updatedAt: now }).where(eq(quotations.id, id));
      await appendAudit(tx, {
        actor: null,
        action: 'quotation.fail',
        entityType: 'quotation',
        entityId: id,
        data: { quotes: opened.length, compliant: compliantCount },
      });
      await recordReleases(tx, 'quotation', id);
      return 'failed';
    }
    const order = await deps.orders.placeFromQuotation(tx, afterCommit, {
      quotationId: q.id,
      quotationNo: q.quotationNo,
      purchaserOrgId: q.purchaserOrgId,
      supplierId: winner.row.supplierId,
      budgetLineId: q.budgetLineId,
      deliveryAddress: q.deliveryAddress,
      contactName: q.contactName,
      contactPhone: q.contactPhone,
      placedBy: q.createdBy,
      deliveryDays: winner.content.deliveryDays,
      line: {
        categoryCode: q.categoryCode,
        title: q.title,
        brand: winner.content.brand,
        model: winner.content.model,
        specs: winner.content.specs,
        unitPriceFen: winner.content.unitPriceFen,
        quantity: q.quantity,
        lineTotalFen: winner.evaluated.totalFen,
        certificates: winner.content.certificates,
      },
    });
    const [supplier] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, winner.row.supplierId));
    const note = `有效报价 ${compliantCount} 家，成交供应商 ${supplier?.name ?? ''}，成交金额 ${yuan(winner.evaluated.totalFen)}（评审价 ${yuan(winner.evaluated.evaluationFen)}）`;
    await tx
      .update(quotations)
      .set({ status: 'awarded', closedAt: now, resultNote: note, awardedQuoteId: winner.row.id, orderId: order.id, updatedAt: now })
      .where(eq(quotations.id, id));
    await appendAudit(tx, {
      actor: null,
      action: 'quotation.award',
      entityType: 'quotation',
      entityId: id,
      data: {
        supplierId: winner.row.supplierId,
        totalFen: winner.evaluated.totalFen,
        evaluationFen: winner.evaluated.evaluationFen,
        orderId: order.id,
      },
    });
    await recordReleases(tx, 'quotation', id);
    return 'awarded';
  }

  async function toDtos(rows: QuotationRow[], view: 'party' | 'public') {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [cats, orgs, quotes] = await Promise.all([
      db
        .select({ code: categories.code, name: categories.name, greenPolicy: categories.greenPolicy })
        .from(categories)
        .where(inArray(categories.code, [...new Set(rows.map((r) => r.categoryCode))])),
      db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(inArray(organizations.id, [...new Set(rows.map((r) => r.purchaserOrgId))])),
      db
        .select({ quote: quotationQuotes, supplierName: organizations.name })
        .from(quotationQuotes)
        .innerJoin(organizations, eq(organizations.id, quotationQuotes.supplierId))
        .innerJoin(quotations, eq(quotations.id, quotationQuotes.quotationId))
        // Sealed: nothing of a quote leaves the database while its quotation is open.
        .where(
          and(
            inArray(quotationQuotes.quotationId, ids),
            isNull(quotationQuotes.withdrawnAt),
            sql`${quotations.status} in ('awarded', 'failed')`,
          ),
        )
        .orderBy(sql`${quotationQuotes.rank} asc nulls last`, quotationQuotes.submittedAt),
    ]);
    const cat = new Map(cats.map((c) => [c.code, c]));
    const org = new Map(orgs.map((o) => [o.id, o.name]));
    return rows.map((q) => {
      const closed = q.status === 'awarded' || q.status === 'failed';
      const own = quotes.filter((x) => x.quote.quotationId === q.id);
      return {
        id: q.id,
        quotationNo: q.quotationNo,
        status: q.status,
        purchaserOrgId: q.purchaserOrgId,
        purchaserName: org.get(q.purchaserOrgId) ?? '',
        title: q.title,
        categoryCode: q.categoryCode,
        categoryName: cat.get(q.categoryCode)?.name ?? q.categoryCode,
        specs: q.specs,
        requirements: q.requirements,
        quantity: q.quantity,
        ceilingFen: q.ceilingFen,
        deliveryDays: q.deliveryDays,
        deliveryAddress: q.deliveryAddress,
        contactName: q.contactName,
        contactPhone: q.contactPhone,
        reservedForSme: q.reservedForSme,
        smeDeductionRate: q.smeDeductionRate,
        minQuotes: q.minQuotes,
        greenMandatory: cat.get(q.categoryCode)?.greenPolicy === 'mandatory',
        deadline: q.deadline.toISOString(),
        createdAt: q.createdAt.toISOString(),
        closedAt: q.closedAt?.toISOString() ?? null,
        resultNote: q.resultNote,
        cancelReason: q.cancelReason,
        budgetLineId: view === 'party' ? q.budgetLineId : null,
        orderId: view === 'party' ? q.orderId : null,
        quoteCount: closed ? own.length : null,
        quotes: own.map(({ quote: x, supplierName }) => ({
          supplierId: x.supplierId,
          supplierName,
          sizeClass: x.sizeClass,
          submittedAt: x.submittedAt.toISOString(),
          commitment: x.commitment,
          unitPriceFen: x.unitPriceFen,
          totalFen: x.totalFen,
          brand: x.brand,
          model: x.model,
          specs: x.offeredSpecs,
          deliveryDays: x.deliveryDays,
          smeDeclared: x.smeDeclared,
          deductionRate: x.deductionRate,
          evaluationFen: x.evaluationFen,
          compliant: x.compliant,
          issues: x.issues ?? [],
          rank: x.rank,
        })),
      };
    });
  }

  const mayRead = (auth: AuthContext, q: QuotationRow) => q.purchaserOrgId === auth.orgId || auth.roles.includes('regulator');

  async function get(auth: AuthContext, id: string) {
    const [q] = await db.select().from(quotations).where(eq(quotations.id, id));
    if (!q || !mayRead(auth, q)) throw new NotFoundError('quotation not found');
    return (await toDtos([q], 'party'))[0]!;
  }

  async function getPublic(id: string) {
    const [q] = await db.select().from(quotations).where(eq(quotations.id, id));
    if (!q) throw new NotFoundError('quotation not found');
    return (await toDtos([q], 'public'))[0]!;
  }

  async function page(where: SQL | undefined, p: PageQuery, view: 'party' | 'public') {
    const [rows, [total]] = await Promise.all([
      db.select().from(quotations).where(where).orderBy(desc(quotations.createdAt)).limit(p.pageSize).offset(offsetOf(p)),
      db.select({ n: count() }).from(quotations).where(where),
    ]);
    return { rows, items: await toDtos(rows, view), total: total?.n ?? 0, ...p };
  }

  const filters = (f: { status?: QuotationStatus | undefined; q?: string | undefined }) => [
    f.status ? eq(quotations.status, f.status) : undefined,
    f.q ? or(ilike(quotations.title, containsPattern(f.q)), ilike(quotations.quotationNo, containsPattern(f.q))) : undefined,
  ];

  /** The unit's own quotations (regulators: all). */
  async function list(auth: AuthContext, f: { status?: QuotationStatus | undefined; q?: string | undefined }, p: PageQuery) {
    const { rows: _rows, ...rest } = await page(
      and(auth.roles.includes('regulator') ? undefined : eq(quotations.purchaserOrgId, auth.orgId), ...filters(f)),
      p,
      'party',
    );
    return rest;
  }

  /** Announcements and results, for everyone. */
  async function listPublic(f: { status?: QuotationStatus | undefined; q?: string | undefined }, p: PageQuery) {
    const { rows: _rows, ...rest } = await page(and(...filters(f)), p, 'public');
    return rest;
  }

  /** For a supplier: quotations open now or that it quoted on, each with whether it may quote and its receipt. */
  async function listForSupplier(auth: AuthContext, f: { status?: QuotationStatus | undefined; q?: string | undefined }, p: PageQuery) {
    const mine = db.select({ id: quotationQuotes.quotationId }).from(quotationQuotes).where(eq(quotationQuotes.supplierId, auth.orgId));
    const { rows, items, ...rest } = await page(
      and(or(eq(quotations.status, 'open'), inArray(quotations.id, mine)), ...filters(f)),
      p,
      'public',
    );
    const receipts = rows.length
      ? await db
          .select()
          .from(quotationQuotes)
          .where(
            and(
              eq(quotationQuotes.supplierId, auth.orgId),
              inArray(
                quotationQuotes.quotationId,
                rows.map((r) => r.id),
              ),
            ),
          )
      : [];
    const out = [];
    for (const [i, q] of rows.entries()) {
      const note = q.status === 'open' ? await admission(db, q, auth.orgId, null) : null;
      const r = receipts.find((x) => x.quotationId === q.id);
      out.push({ ...items[i]!, admitted: note === null, admissionNote: note, myReceipt: r ? receipt(q, r) : null });
    }
    return { items: out, ...rest };
  }

  return { create, submitQuote, withdrawQuote, myReceipt, verifyReceipt, cancel, close, get, getPublic, list, listPublic, listForSupplier };
}

export type QuotationsService = ReturnType<typeof createQuotationsService>;

/** Of these quotations, the ones whose quotes were never opened (still open, or cancelled before the close): who quoted stays secret. */
export async function unopenedQuotations(db: DbOrTx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: quotations.id })
    .from(quotations)
    .where(and(inArray(quotations.id, ids), inArray(quotations.status, ['open', 'cancelled'])));
  return new Set(rows.map((r) => r.id));
}
