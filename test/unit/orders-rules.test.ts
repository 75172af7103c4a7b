import { describe, expect, it } from 'vitest';
import { bandFinding, deliversTo, lineFindings, splitPurchaseFinding, type CartLine } from '../../server/modules/orders/orders.rules.ts';

/** The e-mall's ordering rules as pure functions (no database). */
const line = (more: { [K in keyof CartLine]?: Partial<CartLine[K]> } = {}): CartLine => ({
  listing: { id: 'L1', status: 'active', stock: 10, priceFen: 500_000, ...more.listing },
  product: { name: '台式计算机', categoryCode: 'A02010104', ...more.product },
  category: { name: '台式计算机', allocationCapFen: null, greenPolicy: 'none', ...more.category },
  quantity: (more.quantity as number | undefined) ?? 1,
  certified: (more.certified as boolean | undefined) ?? false,
  delivers: (more.delivers as boolean | undefined) ?? true,
});
const nevShare = { value: '0.3', basis: '公务用车新能源比例' };
const codes = (findings: { code: string; level: string }[]) => findings.map((f) => `${f.code}:${f.level}`);

describe('the ordering rules', () => {
  it('finds nothing on an active, stocked, ordinary line', () => {
    expect(lineFindings(line(), nevShare)).toEqual([]);
  });

  it('blocks a listing off sale, or short of stock, naming the stock', () => {
    expect(codes(lineFindings(line({ listing: { status: 'suspended' } }), nevShare))).toEqual(['stock:block']);
    const [short] = lineFindings(line({ listing: { stock: 2 }, quantity: 3 }), nevShare);
    expect(short?.message).toBe('「台式计算机」库存仅 2，少于采购数量 3');
  });

  it('sends a price above the allocation standard to approval, and blocks an uncertified mandatory-green line [rule:orders.allocation-standard] [rule:orders.mandatory-green]', () => {
    const findings = lineFindings(line({ category: { allocationCapFen: 400_000, greenPolicy: 'mandatory' } }), nevShare);
    expect(codes(findings)).toEqual(['over_standard:approval', 'green_mandatory:block']);
    expect(findings[0]?.message).toContain('¥5,000.00 超过台式计算机配置标准 ¥4,000.00');
    expect(lineFindings(line({ category: { greenPolicy: 'mandatory' }, certified: true }), nevShare)).toEqual([]);
    expect(codes(lineFindings(line({ category: { greenPolicy: 'priority' } }), nevShare))).toEqual(['green_priority:info']);
  });

  it('reminds of the new-energy share for a fuel sedan, not for a new-energy one [rule:orders.new-energy-share]', () => {
    const [fuel] = lineFindings(line({ product: { categoryCode: 'A02030501' } }), nevShare);
    expect(fuel).toMatchObject({ code: 'new_energy_share', level: 'info', basis: '公务用车新能源比例' });
    expect(fuel?.message).toContain('不低于 30%');
    expect(lineFindings(line({ product: { categoryCode: 'A02030502' } }), nevShare)).toEqual([]);
  });

  it('bands a supplier order: over the decentralized limit a tender, over the direct limit a quotation, else nothing [rule:orders.ordering-bands]', () => {
    const bands = { direct: { value: 1_000_000, basis: '直购' }, decentralized: { value: 5_000_000, basis: '分散' } };
    expect(bandFinding('甲公司', 5_000_001, bands)).toMatchObject({ code: 'band_tender', level: 'block', basis: '分散' });
    expect(bandFinding('甲公司', 5_000_000, bands)).toMatchObject({
      code: 'band_quotation',
      level: 'block',
      basis: '直购',
      params: {
        supplier: '甲公司',
        amountFen: 5_000_000,
        limitFen: 1_000_000,
        policy: 'directOrderLimit',
        rule: '直购',
        setBy: '',
        ruleRegion: '',
      },
    });
    expect(bandFinding('甲公司', 1_000_000, bands)).toBeNull();
  });

  it('flags a split purchase only with prior spend in the window and a cumulative total over the direct limit [rule:orders.split-purchase]', () => {
    const base = {
      categoryCode: 'A05010201',
      categoryName: '复印纸',
      direct: { value: 1_000_000, basis: '直购' },
      splitDays: { value: 30, basis: '窗口' },
      suppliers: 1,
    };
    expect(splitPurchaseFinding({ ...base, priorFen: 600_000, nowFen: 500_000 })).toEqual({
      code: 'split_purchase',
      level: 'approval',
      message: '30 日内本单位采购「复印纸」累计 ¥11,000.00，超过直购限额 ¥10,000.00，疑似拆分采购，需经审批',
      basis: '政府采购法实施条例第二十八条；窗口',
      params: {
        categoryCode: 'A05010201',
        category: '复印纸',
        days: 30,
        amountFen: 1_100_000,
        limitFen: 1_000_000,
        doc: 'splitRule',
        policy: 'splitWindow',
        rule: '窗口',
        setBy: '',
        ruleRegion: '',
      },
    });
    expect(splitPurchaseFinding({ ...base, priorFen: 0, nowFen: 2_000_000 })).toBeNull();
    expect(splitPurchaseFinding({ ...base, priorFen: 500_000, nowFen: 500_000 })).toBeNull();
  });

  it('refuses one checkout that buys a category from several suppliers for more than the direct limit [rule:orders.split-purchase]', () => {
    const base = {
      categoryCode: 'A02010104',
      categoryName: '台式计算机',
      direct: { value: 5_000_000, basis: '直购' },
      splitDays: { value: 30, basis: '窗口' },
      priorFen: 0,
    };
    const split = splitPurchaseFinding({ ...base, suppliers: 20, nowFen: 96_912_200 });
    expect(split).toMatchObject({
      code: 'split_purchase',
      level: 'block',
      message: '本次下单向 20 家供应商采购「台式计算机」合计 ¥969,122.00，超过直购限额 ¥50,000.00，属拆分采购，应发起网上竞价',
      params: { variant: 'same_checkout', suppliers: 20, amountFen: 96_912_200, limitFen: 5_000_000, policy: 'directOrderLimit' },
    });
    // Prior spend does not soften it; within the limit, or from one supplier (the band judges that order), it is not a split.
    expect(splitPurchaseFinding({ ...base, suppliers: 2, priorFen: 100, nowFen: 5_000_001 })?.level).toBe('block');
    expect(splitPurchaseFinding({ ...base, suppliers: 2, nowFen: 5_000_000 })).toBeNull();
    expect(splitPurchaseFinding({ ...base, suppliers: 1, nowFen: 9_000_000 })).toBeNull();
  });

  it('refuses an offer whose supplier does not deliver to the unit’s region [rule:orders.delivery-region]', () => {
    // 上海徐汇: its own region, 上海市, then the national level.
    const xuhui = ['310104', '310000', ''];
    expect(deliversTo(['110000'], xuhui)).toBe(false);
    expect(deliversTo(['110000', '310000'], xuhui)).toBe(true);
    expect(deliversTo(['310104'], xuhui)).toBe(true);
    expect(deliversTo(['000000'], xuhui)).toBe(true);
    expect(deliversTo(['310105'], xuhui)).toBe(false);
    // A central unit: every offer serves it.
    expect(deliversTo(['110000'], [''])).toBe(true);
    const refused = lineFindings(line({ delivers: false }), nevShare);
    expect(refused).toEqual([
      expect.objectContaining({
        code: 'stock',
        level: 'block',
        params: expect.objectContaining({ variant: 'region', product: '台式计算机' }),
      }),
    ]);
  });
});
