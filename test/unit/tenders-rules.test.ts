import { chanceBytes, chanceInt, withSeededEntropy } from '../../server/platform/entropy.ts';
import { describe, expect, it } from 'vitest';
import { partyScaleOf, priceTreatmentOf } from '../../contracts/sme-treatment.ts';
import { committeeSize, distinctBidders, evaluateLot, evaluationOf, seededOrder } from '../../server/modules/tenders/tenders.rules.ts';

describe('tender rules', () => {
  it('deducts for declared small/micro bidders only where the lot is not reserved [rule:tenders.sme-price-deduction]', () => {
    const open = { smeReserved: false, smeDeductionRate: '0.10' };
    const bid = (sizeClass: string, smeTreatment: string | null = null) => ({
      priceFen: 1_000_000,
      sizeClass,
      smeTreatment,
      smeDeclared: true,
    });
    expect(evaluationOf(bid('micro'), open)).toEqual({
      deductionRate: '0.10',
      smeBasis: 'size_class',
      evaluationPriceFen: 900_000,
    });
    expect(evaluationOf(bid('medium'), open).evaluationPriceFen).toBe(1_000_000);
    expect(evaluationOf(bid('small'), { smeReserved: true, smeDeductionRate: '0' }).evaluationPriceFen).toBe(1_000_000);
    // Prison enterprises and disability welfare units are treated as small/micro whatever their size.
    expect(evaluationOf(bid('medium', 'prison_enterprise'), open).evaluationPriceFen).toBe(900_000);
    expect(evaluationOf(bid('large', 'disability_welfare'), open).evaluationPriceFen).toBe(900_000);
  });
  it("publishes a prison enterprise's or disability welfare unit's party scale as sme whatever its size [rule:tenders.prison-disability-treatment]", () => {
    expect(partyScaleOf({ sizeClass: 'large', smeTreatment: 'prison_enterprise' })).toBe('sme');
    expect(partyScaleOf({ sizeClass: 'medium', smeTreatment: 'disability_welfare' })).toBe('sme');
    expect(partyScaleOf({ sizeClass: 'micro', smeTreatment: 'prison_enterprise' })).toBe('micro');
    expect(partyScaleOf({ sizeClass: 'large', smeTreatment: null })).toBe('large');
    expect(partyScaleOf({ sizeClass: 'small', smeTreatment: null })).toBe('sme');
    expect(partyScaleOf({ sizeClass: null, smeTreatment: null })).toBeNull();
  });
  it('gives the consortium deduction to a small/micro share of at least 30% held by unrelated firms, where the lot accepts one [rule:tenders.consortium-deduction]', () => {
    const lot = { smeReserved: false, smeDeductionRate: '0.10', consortiumDeductionRate: '0.05' };
    const m = (sizeClass: string, shareBp: number, related = false, smeTreatment: string | null = null) => ({
      sizeClass,
      smeTreatment,
      shareBp,
      related,
    });
    const large = { sizeClass: 'large', smeTreatment: null, smeDeclared: false };
    const of = (
      members: ReturnType<typeof m>[],
      kind: 'consortium' | 'subcontract' = 'subcontract',
      l: Parameters<typeof priceTreatmentOf>[1] = lot,
    ) => priceTreatmentOf({ ...large, smeShare: { kind, members } }, l);
    expect(of([m('small', 2000), m('micro', 1000)])).toMatchObject({ deductionRate: '0.05', basis: 'subcontract' });
    expect(of([m('small', 2000), m('medium', 1000)]).deductionRate).toBe('0');
    expect(of([m('small', 3000, true)]).deductionRate).toBe('0');
    expect(of([m('large', 3000, false, 'prison_enterprise')]).deductionRate).toBe('0.05');
    expect(of([m('small', 3000)], 'subcontract', { ...lot, consortiumDeductionRate: null }).deductionRate).toBe('0');
    expect(of([m('small', 3000)], 'subcontract', { ...lot, smeReserved: true }).deductionRate).toBe('0');
    // A consortium of small/micro firms only is itself small/micro; with a medium member it is not.
    const smallLead = { sizeClass: 'small', smeTreatment: null, smeDeclared: true };
    const all = { kind: 'consortium' as const, members: [m('small', 6000), m('micro', 4000)] };
    expect(priceTreatmentOf({ ...smallLead, smeShare: all }, lot)).toMatchObject({ deductionRate: '0.10', basis: 'size_class' });
    const mixed = { kind: 'consortium' as const, members: [m('small', 5000), m('medium', 5000)] };
    expect(priceTreatmentOf({ ...smallLead, smeShare: mixed }, lot)).toMatchObject({ deductionRate: '0.05', basis: 'consortium' });
  });
  it('counts bids of one brand as one bidder [rule:tenders.one-brand]', () => {
    expect(
      distinctBidders([
        { supplierId: 'a', brand: '联想' },
        { supplierId: 'b', brand: '联想 ' },
        { supplierId: 'c', brand: '华为' },
        { supplierId: 'd', brand: '' },
      ]),
    ).toBe(3);
  });
});

describe('expert draw rules', () => {
  it('sizes the committee by budget and orders candidates reproducibly from the seed [rule:tenders.committee-size]', () => {
    expect(committeeSize(999_999_999, 1_000_000_000)).toBe(5);
    expect(committeeSize(1_000_000_000, 1_000_000_000)).toBe(7);
    const ids = Array.from({ length: 20 }, (_, i) => `id-${String(i).padStart(2, '0')}`);
    expect(seededOrder(ids, 'abc')).toEqual(seededOrder([...ids].reverse(), 'abc'));
    expect(seededOrder(ids, 'abc')).not.toEqual(seededOrder(ids, 'abd'));
    expect([...seededOrder(ids, 'abc')].sort()).toEqual(ids);
    // With pool numbers the order depends on them, not on the ids: the same pool numbered alike draws alike.
    const poolNo = new Map(ids.map((id, i) => [id, 100 - i]));
    const renamed = new Map(ids.map((id, i) => [`x-${id}`, 100 - i]));
    expect(seededOrder(ids, 'abc', poolNo).map((id) => poolNo.get(id))).toEqual(
      seededOrder([...renamed.keys()].reverse(), 'abc', renamed).map((id) => renamed.get(id)),
    );
  });

  it('draws from a seeded stream inside withSeededEntropy and at random outside it', async () => {
    const draw = () => withSeededEntropy('demo-world:7', async () => [chanceBytes(16).toString('hex'), chanceInt(1000)]);
    expect(await draw()).toEqual(await draw());
    expect(await withSeededEntropy('demo-world:8', async () => chanceBytes(16).toString('hex'))).not.toEqual((await draw())[0]);
    expect(chanceBytes(16).toString('hex')).not.toEqual(chanceBytes(16).toString('hex'));
  });
});

describe('evaluation report rules', () => {
  it('ranks lowest price by evaluation price, then the earlier submission', () => {
    const report = evaluateLot(
      { evaluationMethod: 'lowest_price', priceWeight: null, criteria: [] },
      [
        {
          bidId: 'a',
          supplierId: 'a',
          supplierName: 'A',
          sizeClass: 'large',
          priceFen: 100,
          deductionRate: '0',
          evaluationPriceFen: 100,
          submittedAt: '2026-01-02T00:00:00Z',
        },
        {
          bidId: 'b',
          supplierId: 'b',
          supplierName: 'B',
          sizeClass: 'small',
          priceFen: 110,
          deductionRate: '0.10',
          evaluationPriceFen: 99,
          submittedAt: '2026-01-03T00:00:00Z',
        },
        {
          bidId: 'c',
          supplierId: 'c',
          supplierName: 'C',
          sizeClass: 'large',
          priceFen: 99,
          deductionRate: '0',
          evaluationPriceFen: 99,
          submittedAt: '2026-01-01T00:00:00Z',
        },
      ],
      [],
      '0.30',
    );
    expect(report.ranking.map((r) => r.bidId)).toEqual(['c', 'b', 'a']);
    expect(report.ranking[1]!.tieBreak).toContain('递交早者');
  });
});

describe('green preference (财库〔2019〕9号 优先采购)', () => {
  const bidOf = (id: string, priceFen: number, evaluationPriceFen: number, greenValid: boolean, submittedAt = '2026-01-01T00:00:00Z') => ({
    bidId: id,
    supplierId: id,
    supplierName: id,
    sizeClass: 'large',
    priceFen,
    deductionRate: evaluationPriceFen === priceFen ? '0' : '0.10',
    evaluationPriceFen,
    submittedAt,
    greenValid,
    greenCertificate: greenValid
      ? { kind: 'energy_saving' as const, number: 'CQC-1', issuer: '中国质量认证中心', validUntil: '2099-12-31' }
      : null,
  });

  it('deducts from the bid price on top of the SME deduction (最低评标价法), by hand', () => {
    // A: ¥10,000.00 certified → 10,000 × 5% = 500 off → ¥9,500.00.
    // B: ¥10,600.00 small and certified → 10% SME (1,060) and 5% green (530) off the bid → ¥9,010.00.
    // C: ¥9,550.00, no certificate → ¥9,550.00. Ranking B, A, C; without the preference C would beat A.
    const report = evaluateLot(
      { evaluationMethod: 'lowest_price', priceWeight: null, criteria: [], greenDeductionRate: '0.05' },
      [bidOf('A', 1_000_000, 1_000_000, true), bidOf('B', 1_060_000, 954_000, true), bidOf('C', 955_000, 955_000, false)],
      [],
      '0.30',
    );
    expect(report.greenDeductionRate).toBe('0.05');
    expect(report.ranking.map((r) => [r.bidId, r.priceFen, r.greenDeductionRate, r.greenDeductionFen, r.evaluationPriceFen])).toEqual([
      ['B', 1_060_000, '0.05', 53_000, 901_000],
      ['A', 1_000_000, '0.05', 50_000, 950_000],
      ['C', 955_000, '0', 0, 955_000],
    ]);
    expect(report.lowestEvaluationPriceFen).toBe(901_000);
  });

  it('adds the bonus points to the total of a certified bid (综合评分法), by hand', () => {
    // Price scores: B lowest ¥950.00 → 30.00; A 30 × 950 / 1,000 = 28.50. Technical 60 each.
    // Totals: A 28.50 + 60 + 2 = 90.50; B 30.00 + 60 = 90.00: the certificate decides it.
    const lot = {
      evaluationMethod: 'comprehensive' as const,
      priceWeight: '0.30',
      criteria: [{ key: 'tech', name: '技术', weight: '0.70' }],
      greenBonusPoints: '2',
    };
    const sheets = [
      { bidId: 'A', expertId: 'e1', points: { tech: '60' } },
      { bidId: 'B', expertId: 'e1', points: { tech: '60' } },
    ];
    const report = evaluateLot(lot, [bidOf('A', 100_000, 100_000, true), bidOf('B', 95_000, 95_000, false)], sheets, '0.30');
    expect(report.ranking.map((r) => [r.bidId, r.priceScore, r.otherScore, r.greenBonus, r.total, r.evaluationPriceFen])).toEqual([
      ['A', '28.50', '60.00', '2.00', '90.50', 100_000],
      ['B', '30.00', '60.00', '0.00', '90.00', 95_000],
    ]);
  });
});
