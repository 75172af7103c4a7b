import { describe, expect, it } from 'vitest';
import { overBudgetNote, relatedBidderNotes, type BidderOrganization } from '../../server/modules/tenders/tenders.rules.ts';

/** The opening's legal rules as pure functions (no database). */
const org = (name: string, more: Partial<BidderOrganization> = {}): BidderOrganization => ({
  name,
  legalRepresentative: null,
  uscc: null,
  controlledByUscc: null,
  ...more,
});

describe('the opening rules', () => {
  it('rejects a bid above its lot budget, naming both amounts, and passes one at the budget [rule:tenders.over-budget]', () => {
    expect(overBudgetNote(100_001, 100_000)).toBe('报价 ¥1,000.01 超过本包预算 ¥1,000.00');
    expect(overBudgetNote(100_000, 100_000)).toBeNull();
  });

  it('rejects every bidder of a lot sharing a legal representative (条例第十八条), whitespace aside [rule:tenders.related-bidders]', () => {
    const notes = relatedBidderNotes([
      org('甲', { legalRepresentative: '张三' }),
      org('乙', { legalRepresentative: ' 张三 ' }),
      org('丙', { legalRepresentative: '李四' }),
      org('丁', { legalRepresentative: '  ' }),
      undefined,
    ]);
    const shared = '与同包其他投标人法定代表人均为「张三」，不得参加同一包投标（政府采购法实施条例第十八条）';
    expect(notes).toEqual([[shared], [shared], [], [], []]);
  });

  it('rejects both sides of a direct control relationship, naming the other bidders, after a shared representative [rule:tenders.related-bidders]', () => {
    const notes = relatedBidderNotes([
      org('母公司', { uscc: 'P1', legalRepresentative: '王五' }),
      org('子公司', { uscc: 'C1', controlledByUscc: 'P1', legalRepresentative: '王五' }),
      org('孙公司', { uscc: 'G1', controlledByUscc: 'C1' }),
      org('无关', { uscc: 'X1', controlledByUscc: 'Z9' }),
    ]);
    const control = (names: string) => `与同包投标人${names}存在直接控股或管理关系，不得参加同一包投标（政府采购法实施条例第十八条）`;
    const shared = '与同包其他投标人法定代表人均为「王五」，不得参加同一包投标（政府采购法实施条例第十八条）';
    expect(notes).toEqual([[shared, control('「子公司」')], [shared, control('「母公司」、「孙公司」')], [control('「子公司」')], []]);
  });

  it('finds nothing among unrelated bidders or a lone bidder', () => {
    expect(relatedBidderNotes([org('甲', { uscc: 'A' }), org('乙', { uscc: 'B' })])).toEqual([[], []]);
    expect(relatedBidderNotes([org('甲', { uscc: 'A', controlledByUscc: 'A', legalRepresentative: '赵六' })])).toEqual([[]]);
    expect(relatedBidderNotes([])).toEqual([]);
  });
});
