import { describe, expect, it } from 'vitest';
import { evaluateQuote, rankQuotes } from '../../server/modules/quotations/quotations.rules.ts';

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('evaluation rules', () => {
  const req = {
    ceilingFen: 100_000,
    quantity: 1,
    deliveryDays: 10,
    specs: { ppm: 30, paper: 'A3' },
    specSchema: [
      { key: 'ppm', label: '打印速度', labelEn: 'Speed', type: 'number' as const, unit: '页/分钟', required: true },
      { key: 'paper', label: '最大幅面', labelEn: 'Paper', type: 'enum' as const, options: ['A4', 'A3'], required: true },
    ],
    reservedForSme: false,
    smeDeductionRate: '0.10',
    greenMandatory: false,
    today,
  };
  const content = {
    unitPriceFen: 90_000,
    brand: 'b',
    model: 'm',
    specs: { ppm: 35, paper: 'A3' },
    deliveryDays: 5,
    smeDeclared: true,
    sizeClass: 'small' as const,
    certificates: [],
  };

  it('deducts 10% for a declared small enterprise, not for a medium one or an undeclared one [rule:quotations.sme-deduction]', () => {
    expect(evaluateQuote(req, content, [])).toMatchObject({
      totalFen: 90_000,
      deductionRate: '0.10',
      evaluationFen: 81_000,
      compliant: true,
    });
    expect(evaluateQuote(req, { ...content, sizeClass: 'medium' }, []).evaluationFen).toBe(90_000);
    expect(evaluateQuote(req, { ...content, smeDeclared: false }, []).evaluationFen).toBe(90_000);
    expect(evaluateQuote({ ...req, reservedForSme: true }, content, []).evaluationFen).toBe(90_000);
  });

  it('finds spec, ceiling, delivery, green and credit problems', () => {
    const bad = evaluateQuote(
      { ...req, greenMandatory: true },
      { ...content, unitPriceFen: 120_000, specs: { ppm: 20, paper: 'A4' }, deliveryDays: 12 },
      ['列入严重违法失信名单'],
    );
    expect(bad.compliant).toBe(false);
    expect(bad.issues.join('\n')).toMatch(/失信[\s\S]*最高限价[\s\S]*交货期[\s\S]*打印速度[\s\S]*最大幅面[\s\S]*节能/);
  });

  it('ranks by evaluation price, the earlier submission first on a tie', () => {
    const a = { evaluated: evaluateQuote(req, content, []), submittedAt: new Date(2000) };
    const b = { evaluated: evaluateQuote(req, content, []), submittedAt: new Date(1000) };
    const c = { evaluated: evaluateQuote(req, { ...content, unitPriceFen: 200_000 }, []), submittedAt: new Date(0) };
    const ranks = rankQuotes([a, b, c]);
    expect([ranks.get(b), ranks.get(a), ranks.get(c)]).toEqual([1, 2, undefined]);
  });
});
