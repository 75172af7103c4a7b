import { describe, expect, it } from 'vitest';
import { procurementMethodRows } from '../../contracts/procurement-methods.ts';
import { checkedTenderInput, fieldOfPath, tenderRuleIssues, type TenderCheckContext } from '../../contracts/tender-checks.ts';
import { tenderPolicy } from '../../contracts/tenders.policy.ts';

const DAY = 86_400_000;
const now = Date.parse('2026-03-02T02:00:00Z');
const open = procurementMethodRows.find((m) => m.code === 'open')!;

/** The seeded policy, as the tender form judges by it (the server passes the rows in force). */
const ctx: TenderCheckContext = {
  method: open,
  earliestDeadline: new Date(now + open.minNoticeDays * DAY),
  deduction: { value: { min: tenderPolicy.deduction.goods[0], max: tenderPolicy.deduction.goods[1] } },
  consortiumDeduction: { value: { min: tenderPolicy.consortiumDeduction[0], max: tenderPolicy.consortiumDeduction[1] } },
  bidBondMaxRatio: { value: tenderPolicy.bidBondMaxRatio },
  reserveWholeLimitFen: { value: tenderPolicy.reserveWholeLimitFen.goods },
  reserveShareMin: { value: tenderPolicy.reserveShareMin },
  reserveSmallMicroShareMin: { value: tenderPolicy.reserveSmallMicroShareMin },
};

const tender = (lot: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  title: '2027 年度办公计算机采购项目',
  methodCode: 'open',
  purchaserOrgId: '0b7c2f0e-5d43-4a8e-9a57-3e2b1c6d7f80',
  kind: 'goods',
  documents: '第一章 投标邀请……第二章 采购需求……',
  deadline: new Date(now + 21 * DAY).toISOString(),
  smeExemptReason: '采购标的为标准化通用设备，不宜专门面向中小企业',
  intentionExemption: '因不可预见的原因急需开展的采购项目',
  lots: [
    {
      name: '台式计算机',
      budgetFen: 300_000_000,
      items: [{ name: '台式计算机', quantity: 500, unit: '台' }],
      evaluationMethod: 'comprehensive',
      priceWeight: '0.30',
      criteria: [{ key: 'c1', name: '技术响应', weight: '0.70' }],
      smeReserved: false,
      smeDeductionRate: '0.10',
      bidBondFen: 6_000_000,
      ...lot,
    },
  ],
  ...extra,
});

describe('the shared tender schema (contracts/tender-checks.ts)', () => {
  it('passes a tender within every rule', () => {
    expect(checkedTenderInput(ctx).safeParse(tender()).success).toBe(true);
  });

  it('gives all 4 problems of 4 bad fields at once, each on its field [rule:tenders.price-weight] [rule:tenders.bid-bond-max] [rule:tenders.notice-period]', () => {
    const body = tender(
      // Price weight above the goods bound (the criteria still add up to 100%); a bond of 10% of the budget.
      { priceWeight: '0.80', criteria: [{ key: 'c1', name: '技术响应', weight: '0.20' }], bidBondFen: 30_000_000 },
      // A title too short (the shape), a deadline 5 days off (the open tender's notice period is 20).
      { title: '电脑', deadline: new Date(now + 5 * DAY).toISOString() },
    );
    const parsed = checkedTenderInput(ctx).safeParse(body);
    expect(parsed.success).toBe(false);
    const fields = parsed.error!.issues.map((i) => fieldOfPath(i.path));
    expect(fields.sort()).toEqual(['deadline', 'lots[0].bidBondFen', 'lots[0].priceWeight', 'title']);
    const byField = new Map(parsed.error!.issues.map((i) => [fieldOfPath(i.path), i]));
    expect(byField.get('deadline')!.message).toContain('不少于 20 日');
    expect(byField.get('lots[0].priceWeight')!.message).toContain('30%–60%');
    expect(byField.get('lots[0].bidBondFen')!.message).toContain('¥60,000.00');
    // The rules' issues name their rule and figures, for the form to word them in the page's language.
    expect((byField.get('lots[0].bidBondFen') as { params?: unknown }).params).toEqual({ rule: 'bondMax', ratio: 2, max: '¥60,000.00' });
  });

  it('names the weights, the SME reservation and the deduction together, in the order the API names them', () => {
    const issues = tenderRuleIssues(
      tender({ priceWeight: '0.50', smeDeductionRate: '0.25', bidBondFen: 0, budgetFen: 100_000_000 }, { smeExemptReason: undefined }),
      ctx,
    );
    expect(issues.map((i) => [fieldOfPath(i.path), i.rule])).toEqual([
      ['lots[0].criteria', 'weightSum'],
      ['lots[0].smeDeductionRate', 'smeDeductionRange'],
      ['lots', 'smeWithin'],
    ]);
  });

  it('reads what it can of a body whose shape is wrong elsewhere', () => {
    const parsed = checkedTenderInput(ctx).safeParse({ ...tender({ bidBondFen: 'lots', priceWeight: 7 }), lots: [null, ...tender().lots] });
    expect(parsed.success).toBe(false);
    expect(() => tenderRuleIssues({ lots: 'x', deadline: 3 } as never, ctx)).not.toThrow();
  });
});
