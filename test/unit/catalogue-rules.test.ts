import { describe, expect, it } from 'vitest';
import { agreementCeiling, applyRate, canTransition, priceFlag, specProblems } from '../../server/modules/catalogue/catalogue.rules.ts';

describe('catalogue rules', () => {
  it('applies exact decimal rates to fen', () => {
    expect(applyRate(480_000, '0.20')).toBe(96_000);
    expect(applyRate(333, '0.1')).toBe(33);
    expect(applyRate(335, '0.1')).toBe(34); // 33.5 rounds half up
    expect(applyRate(650_000, '0.9250')).toBe(601_250);
  });

  it('takes the lower of an agreement cap and the discounted reference price', () => {
    expect(agreementCeiling({ priceCapFen: 500_000, minDiscount: null, referencePriceFen: 480_000 })).toBe(500_000);
    expect(agreementCeiling({ priceCapFen: 500_000, minDiscount: '0.05', referencePriceFen: 480_000 })).toBe(456_000);
    expect(agreementCeiling({ priceCapFen: null, minDiscount: '0.10', referencePriceFen: 650_000 })).toBe(585_000);
    expect(agreementCeiling({ priceCapFen: null, minDiscount: null, referencePriceFen: 650_000 })).toBeNull();
  });

  it('flags a price more than the ratio above the reference', () => {
    expect(priceFlag(576_000, 480_000, '0.20')).toBeNull();
    expect(priceFlag(576_001, 480_000, '0.20')).toContain('20%');
    expect(priceFlag(1, null, '0.20')).toBeNull();
  });

  it('validates specs against the category schema, naming each field', () => {
    const schema = [
      { key: 'cpu', label: '处理器', labelEn: 'CPU', type: 'text' as const, required: true },
      { key: 'memoryGb', label: '内存', labelEn: 'Memory', type: 'number' as const, unit: 'GB', required: true },
      { key: 'paper', label: '幅面', labelEn: 'Paper', type: 'enum' as const, options: ['A4', 'A3'], required: false },
    ];
    expect(specProblems(schema, { cpu: 'i5', memoryGb: 16 })).toEqual([]);
    expect(specProblems(schema, { memoryGb: -1, paper: 'B5', gpu: 'x' }).map((p) => p.field)).toEqual([
      'specs.cpu',
      'specs.memoryGb',
      'specs.paper',
      'specs.gpu',
    ]);
  });

  it('follows the listing state machine', () => {
    expect(canTransition('submit', 'draft')).toBe(true);
    expect(canTransition('approve', 'draft')).toBe(false);
    expect(canTransition('reactivate', 'suspended')).toBe(true);
    expect(canTransition('delist', 'delisted')).toBe(false);
  });
});
