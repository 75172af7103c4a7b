import { eq, sql } from 'drizzle-orm';
import { orgRegion } from '../../platform/jurisdiction.ts';
import { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { categories, organizations, quotations } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { procedureAfter, sandboxNote } from '../../platform/sandbox.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import { policyValue } from '../../platform/policy.ts';
import * as budget from '../budget/budget.service.ts';
import { admittingAgreement } from '../catalogue/listings.service.ts';
import { quotationStatusLabels } from './quotations.rules.ts';
import type { CreateQuotationBody } from '../../../contracts/quotations.schemas.ts';
import { actorOf, quotationJobs, type QuotationRow, type QuotationsDeps } from './quotations.context.ts';
import type { QuotationViews } from './quotations.views.ts';
import { smeStandingOf } from '../../../contracts/sme-treatment.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import { recordIntentionUse } from '../plans/plans.intentions.ts';
import { assertFrameworkCallOff } from './quotations.framework.ts';
import { frameworkQuoteRefusal } from '../frameworks/frameworks.queries.ts';

/** The policy values a posted requirement is checked against, for the unit's region at the time. */
const quotationPolicies = async (tx: DbOrTx, opts: { regionCode?: string; at: Date }) =>
  [
    await policyValue(tx, 'quotation.minDeadlineDays', z.number().int(), opts),
    await policyValue(tx, 'quotation.minQuotes', z.number().int(), opts),
    await policyValue(tx, 'ordering.decentralizedLimitFen', z.number().int(), opts),
    await policyValue(tx, 'sme.deduction.goodsServices', z.object({ min: z.string(), max: z.string() }), opts),
  ] as const;

/** 询价: a unit's request for quotations against its category's specs and a reserved ceiling, open until its deadline or cancelled. */
export function createQuotationRequests(
  deps: QuotationsDeps & {
    views: QuotationViews;
  },
) {
  const { db, credit, sealer } = deps;
  const { get } = deps.views;

  async function categoryOf(tx: DbOrTx, code: string) {
    const [c] = await tx.select().from(categories).where(eq(categories.code, code));
    if (!c) throw fieldError('categoryCode', '品目不存在');
    return c;
  }

  /**
   * A quotation buys one 品目 (the allocation standard, the green policy and the specs are a 品目's own): a
   * category with sub-categories (A0201 计算机设备) is refused, so no cap or mandatory energy-saving rule of
   * the 品目 below is left out.
   */
  async function leafCategoryOf(tx: DbOrTx, code: string) {
    const c = await categoryOf(tx, code);
    const [child] = await tx.select({ code: categories.code }).from(categories).where(eq(categories.parentCode, code)).limit(1);
    if (child) throw fieldError('categoryCode', `「${c.name}」下设子品目，网上竞价须选择具体品目（如 ${child.code}）`);
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
      const category = await leafCategoryOf(tx, body.categoryCode);
      checkSpecs(category.specSchema, body.specs, 'specs');
      const [unit] = await tx.select().from(organizations).where(eq(organizations.id, auth.orgId));
      const now = await dbNow(tx);
      const opts = unit?.regionCode ? { regionCode: unit.regionCode, at: now } : { at: now };
      const [minDays, minQuotes, decentralized, deduction] = await quotationPolicies(tx, opts);
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
      if (deadline.getTime() < procedureAfter(now, minDays.value * 86_400_000).getTime())
        throw fieldError('deadline', `报价截止时间须在发布后至少 ${minDays.value} 日（${minDays.basis}）${sandboxNote()}`);
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
      if (body.frameworkCallId) await assertFrameworkCallOff(tx, body, shanghaiDate(now));
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
          frameworkCallId: body.frameworkCallId ?? null,
          deadline,
          sealPublicKey: keys.publicKey,
          sealPrivateKeyWrapped: keys.wrappedPrivateKey,
        })
        .returning();
      await recordIntentionUse(tx, 'quotation', row!.id, auth.orgId, body, now);
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
      if (body.frameworkCallId) await recordReleases(tx, 'framework', body.frameworkCallId);
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
    if (q.frameworkCallId) {
      const refusal = await frameworkQuoteRefusal(tx, q.frameworkCallId, supplierId);
      if (refusal) return refusal;
    }
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, supplierId));
    if (q.reservedForSme && org && !smeStandingOf(org).sme) return '本项目专门面向中小企业，大型企业不能报价';
    const eligibility = await credit.checkEligibility(tx, {
      supplierId,
      action: 'quote',
      regionCode: await orgRegion(tx, q.purchaserOrgId),
    });
    return eligibility.reasons[0]?.message ?? null;
  }

  async function cancel(auth: AuthContext, id: string, reason: string) {
    await inTransaction(db, async (tx) => {
      const q = await lock(tx, id, 'update');
      if (q.purchaserOrgId !== auth.orgId) throw new NotFoundError('quotation not found');
      await assertOpen(tx, q);
      await releaseCeiling(tx, q);
      await tx
        .update(quotations)
        .set({ status: 'cancelled', cancelReason: reason, closedAt: sql`jicai.now()`, updatedAt: sql`jicai.now()` })
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

  return { categoryOf, checkSpecs, create, lock, assertOpen, admission, cancel, releaseCeiling };
}

export type QuotationRequests = ReturnType<typeof createQuotationRequests>;
