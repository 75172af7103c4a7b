import { describe, expect, it } from 'vitest';
import { admittedCount, nextInTurn, rankResponses, termProblem } from '../../server/modules/frameworks/frameworks.rules.ts';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const c = (id: string, unitPriceFen: number, qualityScore: number | null, s = 0, compliant = true) => ({
  id,
  unitPriceFen,
  qualityScore,
  submittedAt: at(s),
  compliant,
});

describe('framework-agreement rules (财政部令第110号)', () => {
  it('quality-first ranks by score, the lower price breaking a tie; the non-compliant are not ranked [rule:frameworks.quality-first]', () => {
    const ranked = rankResponses('quality_first', [c('a', 100, 80), c('b', 90, 92), c('c', 95, 80), c('d', 10, 99, 0, false)]);
    expect(ranked.map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(rankResponses('price_first', [c('a', 100, null, 2), c('b', 100, null, 1), c('c', 99, null)]).map((r) => r.id)).toEqual([
      'c',
      'b',
      'a',
    ]);
  });

  it('a closed call eliminates at least 20% and one, within its maximum; an open call admits every compliant one [rule:frameworks.price-first]', () => {
    expect(admittedCount('closed', 4, 3)).toBe(3);
    expect(admittedCount('closed', 10, 9)).toBe(8);
    expect(admittedCount('closed', 10, 5)).toBe(5);
    expect(admittedCount('closed', 1, 5)).toBe(0);
    expect(admittedCount('open', 4, null)).toBe(4);
  });

  it('the term: goods at most a year, services three [rule:frameworks.term]', () => {
    const today = '2026-03-01';
    expect(termProblem({ categoryCode: 'A020206', startsOn: today, endsOn: '2027-02-28', today })).toBeNull();
    expect(termProblem({ categoryCode: 'A020206', startsOn: today, endsOn: '2027-03-01', today })).toContain('1 年');
    expect(termProblem({ categoryCode: 'C1605', startsOn: today, endsOn: '2029-02-28', today })).toBeNull();
    expect(termProblem({ categoryCode: 'C1605', startsOn: '2026-02-01', endsOn: '2026-12-31', today })).toContain('今天');
  });

  it('rotation skips the blocked and those at capacity, wraps round, and moves past the one chosen [rule:frameworks.rotation]', () => {
    const members = [
      { supplierId: 'a', position: 1, blocked: null, open: 2 },
      { supplierId: 'b', position: 2, blocked: '暂停：整改', open: 0 },
      { supplierId: 'c', position: 3, blocked: null, open: 0 },
    ];
    expect(nextInTurn(members, 1, 2)).toMatchObject({
      chosen: { supplierId: 'c' },
      next: 4,
      skipped: [
        { supplierId: 'a', reason: '已达同时承接上限 2 单' },
        { supplierId: 'b', reason: '暂停：整改' },
      ],
    });
    expect(nextInTurn(members, 4, null)).toMatchObject({ chosen: { supplierId: 'a' }, next: 2, skipped: [] });
    expect(nextInTurn(members.slice(1, 2), 1, null)).toMatchObject({ chosen: null });
  });
});
