import { yuan } from './money.ts';
import type { ProcurementMethod } from './procurement-methods.ts';
import { tenderInput, type TenderInput } from './tenders.schemas.ts';
import { bp, greenBonusPointsMax, greenDeductionRateMax, priceWeightBounds } from './tenders.policy.ts';

/*
 * The rules a tender must meet before it is announced, beyond the shape of its fields: the method's notice
 * period and invitations, price weights within the legal bounds and adding up to 100%, the SME deduction and
 * reservation (财库〔2020〕46号, 财库〔2022〕19号), green preferences (财库〔2019〕9号) and the bid bond (at most
 * 2% of the budget). One pure function, so the server (with the policy rows in force and its clock) and the
 * tender form (with the seeded values and the browser's clock) find the same problems — all of them at once,
 * each on its field.
 */

/** A policy value and where it comes from (the basis is worded in the server's messages; the form may leave it out). */
export interface PolicyRule<T> {
  value: T;
  basis?: string | undefined;
}

/** What the rules are judged by at the moment of the check. */
export interface TenderCheckContext {
  /** The tender's 采购方式; null when the code names none (the shape check says so). */
  method:
    | (Pick<ProcurementMethod, 'name' | 'nameEn' | 'minNoticeDays' | 'basis' | 'invitationOnly' | 'minBidders'> & {
        evaluationMethods: readonly string[];
      })
    | null;
  /** The earliest deadline the notice period allows: the announcement plus the method's days (in procedure time). */
  earliestDeadline: Date;
  /** Appended to the notice-period message (a sandbox's pace), '' when none. */
  deadlineNote?: string;
  /** 小微企业价格扣除 range for the tender's kind. */
  deduction: PolicyRule<{ min: string; max: string }>;
  /** 联合体 / 分包 deduction range (goods and services). */
  consortiumDeduction: PolicyRule<{ min: string; max: string }>;
  /** 投标保证金 at most this share of the lot's budget. */
  bidBondMaxRatio: PolicyRule<string>;
  /** Within this whole-project budget a project is reserved for SMEs as a whole… */
  reserveWholeLimitFen: PolicyRule<number>;
  /** …above it at least this share of the budget… */
  reserveShareMin: PolicyRule<string>;
  /** …of which at least this share for small and micro enterprises. */
  reserveSmallMicroShareMin: PolicyRule<string>;
}

/** Which rule a problem breaks and the figures it names, for a form that words it in its own language. */
export type TenderRule =
  | 'noticePeriod'
  | 'invitations'
  | 'smallMicroOnly'
  | 'evaluationMethod'
  | 'priceWeightMissing'
  | 'priceWeightRange'
  | 'weightSum'
  | 'smeDeductionRange'
  | 'greenBonusMethod'
  | 'greenBonusRange'
  | 'greenDeductionMethod'
  | 'greenDeductionRange'
  | 'bondMax'
  | 'consortiumReserved'
  | 'consortiumWorks'
  | 'consortiumRange'
  | 'smeWithin'
  | 'smeShare'
  | 'smeSmallMicro';

export interface TenderIssue {
  /** The field, as zod paths go: ['lots', 0, 'priceWeight']; ['lots'] for the SME reservation of the whole project. */
  path: (string | number)[];
  /** The message in Chinese, as the API answers it. */
  message: string;
  rule: TenderRule;
  values: Record<string, string | number>;
}

/** `['lots', 0, 'priceWeight']` → `lots[0].priceWeight`, the field names the API's problems use. */
export const fieldOfPath = (path: readonly PropertyKey[]) =>
  path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '');

const ratePattern = /^0(\.\d{1,4})?$|^1(\.0{1,4})?$/;
/** A rate in 1/10,000 when it is one (the shape check refuses the others), else null. */
const rateOf = (v: unknown) => (typeof v === 'string' && ratePattern.test(v.trim()) ? bp(v.trim()) : null);
const pointsOf = (v: unknown) => (typeof v === 'string' && /^\d{1,2}(\.\d{1,2})?$/.test(v.trim()) ? bp(v.trim()) : null);
const fenOf = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : null);
const pct = (units: number) => units / 100;
const basisOf = (rule: PolicyRule<unknown>) => (rule.basis ? `（${rule.basis}）` : '');

type LotLike = Partial<Record<keyof TenderInput['lots'][number], unknown>>;

/**
 * Every rule the tender breaks, in the order the API has always named them (the first is its problem's
 * title). Reads the body defensively: a field the shape check refuses is passed over here.
 */
export function tenderRuleIssues(body: Partial<Record<keyof TenderInput, unknown>>, ctx: TenderCheckContext): TenderIssue[] {
  const issues: TenderIssue[] = [];
  const add = (path: TenderIssue['path'], rule: TenderRule, message: string, values: TenderIssue['values'] = {}) =>
    issues.push({ path, rule, message, values });
  const { method } = ctx;
  const kind = body.kind === 'services' || body.kind === 'works' ? body.kind : 'goods';

  const deadline = typeof body.deadline === 'string' ? new Date(body.deadline) : null;
  if (method && deadline && Number.isFinite(deadline.getTime()) && deadline.getTime() < ctx.earliestDeadline.getTime())
    add(
      ['deadline'],
      'noticePeriod',
      `${method.name}自公告至投标截止不少于 ${method.minNoticeDays} 日（${method.basis}）${ctx.deadlineNote ?? ''}`,
      { method: method.name, methodEn: method.nameEn, days: method.minNoticeDays },
    );
  const invited = Array.isArray(body.invitedSupplierIds) ? body.invitedSupplierIds.length : 0;
  if (method?.invitationOnly && invited < method.minBidders)
    add(['invitedSupplierIds'], 'invitations', `${method.name}须邀请不少于 ${method.minBidders} 家供应商`, {
      method: method.name,
      methodEn: method.nameEn,
      n: method.minBidders,
    });

  const lots: LotLike[] = Array.isArray(body.lots) ? (body.lots as LotLike[]).filter((l) => l !== null && typeof l === 'object') : [];
  const dedMin = bp(ctx.deduction.value.min);
  const dedMax = bp(ctx.deduction.value.max);
  const bondMax = bp(ctx.bidBondMaxRatio.value);
  lots.forEach((lot, i) => {
    const at = (field: string) => ['lots', i, field];
    if (lot.smallMicroOnly === true && lot.smeReserved !== true)
      add(at('smallMicroOnly'), 'smallMicroOnly', '专门面向小微企业的包须先设为专门面向中小企业');
    if (method && typeof lot.evaluationMethod === 'string' && !method.evaluationMethods.includes(lot.evaluationMethod))
      add(at('evaluationMethod'), 'evaluationMethod', `${method.name}不适用该评审方法`, { method: method.name, methodEn: method.nameEn });
    if (lot.evaluationMethod === 'comprehensive') {
      const weight = rateOf(lot.priceWeight);
      if (lot.priceWeight === undefined || lot.priceWeight === null || lot.priceWeight === '')
        add(at('priceWeight'), 'priceWeightMissing', '综合评分法须设定价格分权重');
      else if (weight !== null) {
        const [lo, hi] = priceWeightBounds[kind].map(bp) as [number, number];
        if (weight < lo || weight > hi)
          add(
            at('priceWeight'),
            'priceWeightRange',
            `${kind === 'services' ? '服务' : '货物'}项目价格分权重须在 ${pct(lo)}%–${pct(hi)}% 之间（财政部令第87号第五十五条）`,
            { lo: pct(lo), hi: pct(hi), kind },
          );
        const criteria = Array.isArray(lot.criteria) ? (lot.criteria as { weight?: unknown }[]) : [];
        const weights = criteria.map((c) => rateOf(c?.weight));
        if (weights.every((w) => w !== null)) {
          const sum = weight + weights.reduce<number>((s, w) => s + w!, 0);
          if (sum !== 10_000)
            add(at('criteria'), 'weightSum', `价格分与其他评分因素权重合计须为 100%，现为 ${pct(sum)}%`, { sum: pct(sum) });
        }
      }
    }
    const deduction = rateOf(lot.smeDeductionRate ?? '0.10');
    if (lot.smeReserved !== true && deduction !== null && (deduction < dedMin || deduction > dedMax))
      add(
        at('smeDeductionRate'),
        'smeDeductionRange',
        `小微企业价格扣除比例须在 ${pct(dedMin)}%–${pct(dedMax)}% 之间${basisOf(ctx.deduction)}`,
        { lo: pct(dedMin), hi: pct(dedMax) },
      );
    if (lot.greenBonusPoints !== undefined) {
      const points = pointsOf(lot.greenBonusPoints);
      if (lot.evaluationMethod !== 'comprehensive')
        add(at('greenBonusPoints'), 'greenBonusMethod', '节能环保加分仅适用于综合评分法；最低评标价法请设定价格扣除比例');
      else if (points !== null && (points <= 0 || points > bp(greenBonusPointsMax)))
        add(
          at('greenBonusPoints'),
          'greenBonusRange',
          `节能环保加分须大于 0 且不超过 ${greenBonusPointsMax} 分（财库〔2019〕9号 优先采购）`,
          { max: greenBonusPointsMax },
        );
    }
    if (lot.greenDeductionRate !== undefined) {
      const rate = rateOf(lot.greenDeductionRate);
      if (lot.evaluationMethod !== 'lowest_price')
        add(at('greenDeductionRate'), 'greenDeductionMethod', '节能环保价格扣除仅适用于最低评标价法；综合评分法请设定加分');
      else if (rate !== null && (rate <= 0 || rate > bp(greenDeductionRateMax)))
        add(
          at('greenDeductionRate'),
          'greenDeductionRange',
          `节能环保价格扣除比例须大于 0 且不超过 ${pct(bp(greenDeductionRateMax))}%（财库〔2019〕9号 优先采购）`,
          { max: pct(bp(greenDeductionRateMax)) },
        );
    }
    const budget = fenOf(lot.budgetFen);
    const bond = fenOf(lot.bidBondFen ?? 0);
    if (budget !== null && bond !== null && bond * 10_000 > budget * bondMax) {
      const maxFen = yuan(Math.floor((budget * bondMax) / 10_000));
      add(at('bidBondFen'), 'bondMax', `投标保证金不得超过预算的 ${pct(bondMax)}%（${maxFen}）`, { ratio: pct(bondMax), max: maxFen });
    }
  });

  // 接受联合体或分包 (财库〔2020〕46号第九条).
  const conMin = bp(ctx.consortiumDeduction.value.min);
  const conMax = bp(ctx.consortiumDeduction.value.max);
  lots.forEach((lot, i) => {
    if (lot.consortiumDeductionRate === undefined) return;
    const at = ['lots', i, 'consortiumDeductionRate'];
    if (lot.smeReserved === true)
      add(at, 'consortiumReserved', '专门面向中小企业的包不再给予联合体或分包价格扣除（财库〔2020〕46号第九条）');
    else if (kind === 'works') add(at, 'consortiumWorks', '平台未登记工程项目的联合体/分包价格扣除比例，工程项目暂不适用');
    else {
      const rate = rateOf(lot.consortiumDeductionRate);
      if (rate !== null && (rate < conMin || rate > conMax))
        add(at, 'consortiumRange', `联合体/分包价格扣除比例须在 ${pct(conMin)}%–${pct(conMax)}% 之间${basisOf(ctx.consortiumDeduction)}`, {
          lo: pct(conMin),
          hi: pct(conMax),
        });
    }
  });

  // 财库〔2020〕46号第八条: reserved for SMEs, or the reason why not.
  const reason = typeof body.smeExemptReason === 'string' ? body.smeExemptReason.trim() : '';
  const budgets = lots.map((l) => ({
    fen: fenOf(l.budgetFen) ?? 0,
    reserved: l.smeReserved === true,
    smallMicro: l.smeReserved === true && l.smallMicroOnly === true,
  }));
  const total = budgets.reduce((s, b) => s + b.fen, 0);
  if (!reason && lots.length > 0 && budgets.every((b) => b.fen > 0)) {
    const reserved = budgets.filter((b) => b.reserved).reduce((s, b) => s + b.fen, 0);
    const smallMicro = budgets.filter((b) => b.smallMicro).reduce((s, b) => s + b.fen, 0);
    const limit = ctx.reserveWholeLimitFen.value;
    const share = bp(ctx.reserveShareMin.value);
    const smallMicroShare = bp(ctx.reserveSmallMicroShareMin.value);
    if (total <= limit && reserved < total)
      add(
        ['lots'],
        'smeWithin',
        `预算 ${yuan(total)} 不超过 ${yuan(limit)}，适宜由中小企业提供的应专门面向中小企业采购；不预留的须说明理由${basisOf(ctx.reserveWholeLimitFen)}`,
        { total: yuan(total), limit: yuan(limit) },
      );
    else if (total > limit && reserved * 10_000 < total * share)
      add(
        ['lots'],
        'smeShare',
        `预留给中小企业的份额 ${yuan(reserved)} 低于预算的 ${pct(share)}%；不预留的须说明理由${basisOf(ctx.reserveShareMin)}`,
        { reserved: yuan(reserved), share: pct(share) },
      );
    else if (total > limit && smallMicro * 10_000 < reserved * smallMicroShare)
      add(
        ['lots'],
        'smeSmallMicro',
        `预留份额中专门面向小微企业的 ${yuan(smallMicro)} 低于预留份额 ${yuan(reserved)} 的 ${pct(smallMicroShare)}%；请将相应的包设为专门面向小微企业${basisOf(ctx.reserveSmallMicroShareMin)}`,
        { smallMicro: yuan(smallMicro), reserved: yuan(reserved), share: pct(smallMicroShare) },
      );
  }
  return issues;
}

/**
 * The tender as the API takes it, shape and rules together: every problem at once, each on its field, the
 * rule's issues carrying `params: { rule, ...values }` for a form to word them. The server parses a new
 * tender with it (tenders.publishing.ts) with the policy rows in force; the tender form with the seeded values.
 */
export const checkedTenderInput = (ctx: TenderCheckContext) =>
  tenderInput.superRefine(
    (body, zctx) => {
      for (const issue of tenderRuleIssues(body, ctx))
        zctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, params: { rule: issue.rule, ...issue.values } });
    },
    // The rules read what they can of a body whose shape is wrong elsewhere, so a save shows every problem.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );
