import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHistoryAuction, insertHistoryOrder, insertHistoryQuotation, insertHistoryTender } from '../helpers/history-rows.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { actor, createBudgetLine, createOrg, type Actor } from '../helpers/factories.ts';
import type { Dashboard } from '../../contracts/dashboards.schemas.ts';

/**
 * The dashboards over a unit whose whole history this test writes: every figure is stated by hand from
 * the rows below, so a wrong join or filter in a dashboard query shows as a wrong number.
 */
let ctx: TestContext;
let unitId: string;
let purchaser: Actor;
let regulator: Actor;
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);
const period = 'from=2026-03-01&to=2026-05-31';

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.database.db;
  const unit = await createOrg(db, 'purchasing_unit', { name: '看板测试局' });
  unitId = unit.id;
  const center = await createOrg(db, 'procurement_center');
  const line = await createBudgetLine(db, unit.id, 10_000_000_000);
  const supplier = (sizeClass: 'large' | 'medium' | 'small' | 'micro') => createOrg(db, 'supplier', { sizeClass });
  const [L, D, S, M] = await Promise.all([supplier('large'), supplier('medium'), supplier('small'), supplier('micro')]);
  const base = { unitId: unit.id, budgetLineId: line.id };
  await insertHistoryOrder(db, {
    ...base,
    supplierId: S.id,
    at: at('2026-03-10'),
    lines: [{ categoryCode: 'A02010105', title: '联想 昭阳', unitPriceFen: 600_000, quantity: 2, certified: true }],
  });
  await insertHistoryOrder(db, {
    ...base,
    supplierId: L.id,
    at: at('2026-03-20'),
    lines: [
      { categoryCode: 'A02010104', title: '华为 擎云', unitPriceFen: 480_000, quantity: 1 },
      { categoryCode: 'A02010601', title: '奔图 P3300', unitPriceFen: 180_000, quantity: 1, certified: true },
    ],
  });
  await insertHistoryOrder(db, {
    ...base,
    supplierId: S.id,
    at: at('2026-04-01'),
    status: 'cancelled',
    lines: [{ categoryCode: 'A02010105', title: '联想 昭阳', unitPriceFen: 600_000, quantity: 5 }],
  });
  await insertHistoryOrder(db, {
    ...base,
    supplierId: L.id,
    at: at('2026-04-15'),
    lines: [
      { categoryCode: 'A02030501', title: '大众 帕萨特', unitPriceFen: 18_000_000, quantity: 2 },
      { categoryCode: 'A02030502', title: '比亚迪 汉', unitPriceFen: 17_000_000, quantity: 1 },
    ],
  });
  await insertHistoryOrder(db, {
    ...base,
    supplierId: S.id,
    at: at('2026-06-05'),
    lines: [{ categoryCode: 'A02010105', title: '联想 昭阳', unitPriceFen: 600_000, quantity: 1 }],
  });
  await insertHistoryQuotation(db, {
    ...base,
    title: '打印机 10 台',
    categoryCode: 'A02010601',
    quantity: 10,
    ceilingFen: 10_000_000,
    createdAt: at('2026-04-10'),
    closedAt: at('2026-04-20'),
    quotes: [
      { supplierId: M.id, priceFen: 8_000_000, sizeClass: 'micro' },
      { supplierId: L.id, priceFen: 9_000_000, sizeClass: 'large' },
      { supplierId: D.id, priceFen: 9_500_000, sizeClass: 'medium' },
    ],
    winner: 0,
  });
  await insertHistoryTender(db, {
    unitId: unit.id,
    centerId: center.id,
    title: '服务器采购',
    categoryCode: 'A02010103',
    budgetFen: 300_000_000,
    publishedAt: at('2026-04-01'),
    deadline: at('2026-04-25'),
    bids: [
      { supplierId: D.id, priceFen: 250_000_000, sizeClass: 'medium' },
      { supplierId: L.id, priceFen: 260_000_000, sizeClass: 'large' },
      { supplierId: S.id, priceFen: 270_000_000, sizeClass: 'small' },
    ],
    winner: 0,
    awardedAt: at('2026-05-10'),
  });
  await insertHistoryTender(db, {
    unitId: unit.id,
    centerId: center.id,
    title: '办公家具（预留中小企业）',
    categoryCode: 'A050101',
    budgetFen: 150_000_000,
    smeReserved: true,
    smallMicroOnly: true,
    publishedAt: at('2026-05-01'),
    deadline: at('2026-05-25'),
    bids: [{ supplierId: S.id, priceFen: 140_000_000, sizeClass: 'small' }],
  });
  await insertHistoryAuction(db, {
    unitId: unit.id,
    name: '别克 GL8 商务车',
    categoryCode: 'A02030501',
    appraisalFen: 2_500_000,
    startPriceFen: 2_500_000,
    closedAt: at('2026-05-20'),
    outcome: 'paid',
    hammerFen: 3_000_000,
    winnerId: L.id,
  });
  await insertHistoryAuction(db, {
    unitId: unit.id,
    name: '旧复印机',
    categoryCode: 'A020201',
    appraisalFen: 100_000,
    startPriceFen: 100_000,
    closedAt: at('2026-05-21'),
    outcome: 'failed',
  });
  purchaser = await actor(ctx.app, db, 'purchaser', unit.id);
  // 北京's finance bureau: its jurisdiction is the province, the 海淀 unit included.
  regulator = await actor(
    ctx.app,
    db,
    'regulator',
    (await createOrg(db, 'regulator', { regionCode: '110000', adminLevel: 'provincial' })).id,
  );
});
afterAll(() => ctx.close());

describe('policy dashboards', () => {
  it("a unit's figures match the rows, by hand", async () => {
    const res = await purchaser.http.get(`/api/dashboards/summary?${period}`);
    expect(res.statusCode).toBe(200);
    const d = res.json<Dashboard>();
    expect(d.scope).toMatchObject({ from: '2026-03-01', to: '2026-05-31', organizationId: unitId, organizationName: '看板测试局' });
    // Mall 1,200,000 + 660,000 + 53,000,000 (the cancelled order and June's are out); quotation 8,000,000; tender 250,000,000.
    expect(d.totals).toEqual({ spendFen: 312_860_000, processes: 5, units: 1, suppliers: 4 });
    expect(d.channels).toEqual([
      { channel: 'mall', amountFen: 54_860_000, count: 3 },
      { channel: 'quotation', amountFen: 8_000_000, count: 1 },
      { channel: 'tender', amountFen: 250_000_000, count: 1 },
    ]);
    expect(d.spendByMonth).toEqual([
      { month: '2026-03', amountFen: 1_860_000, count: 2 },
      { month: '2026-04', amountFen: 61_000_000, count: 2 },
      { month: '2026-05', amountFen: 250_000_000, count: 1 },
    ]);
    const byCode = Object.fromEntries(d.spendByCategory.map((c) => [c.code, [c.amountFen, c.count]]));
    expect(byCode).toEqual({
      A02010103: [250_000_000, 1],
      A02030501: [36_000_000, 1],
      A02030502: [17_000_000, 1],
      A02010601: [8_180_000, 2],
      A02010105: [1_200_000, 1],
      A02010104: [480_000, 1],
    });
    expect(d.spendByCategory[0]).toMatchObject({ code: 'A02010103', name: '服务器' });
    expect(d.spendByUnit).toEqual([{ id: unitId, name: '看板测试局', amountFen: 312_860_000, count: 5 }]);
    expect(d.spendByRegion).toEqual([expect.objectContaining({ code: '110108', amountFen: 312_860_000, count: 5 })]);
    // Mandatory: the laptops (certified) and the desktop (not); priority: the certified printer and the quotation's printers.
    expect(d.green).toEqual({
      mandatoryLines: 2,
      mandatoryCertifiedLines: 1,
      mandatoryFen: 1_680_000,
      mandatoryCertifiedFen: 1_200_000,
      priorityFen: 8_180_000,
      priorityCertifiedFen: 180_000,
    });
    // SME: the small laptop seller, the micro quotation winner, the medium tender winner.
    expect(d.sme).toMatchObject({ totalFen: 312_860_000, smeFen: 259_200_000, smallMicroFen: 9_200_000, reserveShareMin: '0.30' });
    // Reserved 150,000,000 of 460,000,000 (ceiling 10,000,000 + lots 300,000,000 and 150,000,000) = 32.6% ≥ 30%.
    expect(d.sme.units).toEqual([
      {
        id: unitId,
        name: '看板测试局',
        budgetFen: 460_000_000,
        reservedFen: 150_000_000,
        smallMicroReservedFen: 150_000_000,
        compliant: true,
      },
    ]);
    expect(d.savings).toEqual([
      { channel: 'quotation', baseFen: 10_000_000, awardedFen: 8_000_000, savedFen: 2_000_000, count: 1 },
      { channel: 'tender', baseFen: 300_000_000, awardedFen: 250_000_000, savedFen: 50_000_000, count: 1 },
    ]);
    expect(d.vehicles).toEqual({
      target: '0.30',
      provinces: [{ code: '110000', name: expect.stringContaining('北京'), vehicles: 3, newEnergy: 1, meetsTarget: true }],
    });
    expect(d.auctions).toEqual({ soldCount: 1, proceedsFen: 3_000_000, appraisalFen: 2_500_000, failedCount: 1, defaultedCount: 0 });
  });

  it('regulators see the same figures for the unit, and the region includes them', async () => {
    const mine = (await purchaser.http.get(`/api/dashboards/summary?${period}`)).json<Dashboard>();
    const theirs = (await regulator.http.get(`/api/dashboards/summary?${period}&organizationId=${unitId}`)).json<Dashboard>();
    expect(theirs).toEqual(mine);
    const region = (await regulator.http.get(`/api/dashboards/summary?${period}&regionCode=110000`)).json<Dashboard>();
    expect(region.spendByUnit.find((u) => u.id === unitId)?.amountFen).toBe(312_860_000);
    expect(region.totals.spendFen).toBeGreaterThanOrEqual(312_860_000);
  });

  it("a unit cannot see another unit's figures; suppliers see none", async () => {
    const other = await actor(ctx.app, ctx.database.db, 'purchaser');
    const own = (await other.http.get(`/api/dashboards/summary?${period}`)).json<Dashboard>();
    expect(own.scope.organizationId).toBe(other.orgId);
    expect(own.totals.spendFen).toBe(0);
    const peek = await other.http.get(`/api/dashboards/summary?${period}&organizationId=${unitId}`);
    expect(peek.statusCode).toBe(403);
    expect(peek.headers['content-type']).toContain('application/problem+json');
    expect((await other.http.get(`/api/dashboards/summary?${period}&regionCode=110000`)).statusCode).toBe(403);
    expect((await other.http.get(`/api/dashboards/export?section=spendByUnit&organizationId=${unitId}`)).statusCode).toBe(403);
    const supplier = await actor(ctx.app, ctx.database.db, 'supplier');
    expect((await supplier.http.get('/api/dashboards/summary')).statusCode).toBe(403);
  });

  it('counts a large prison enterprise and a medium disability welfare unit as small/micro spend (smeStandingOf)', async () => {
    const db = ctx.database.db;
    const unit = await createOrg(db, 'purchasing_unit', { name: '看板测试监狱局' });
    const line = await createBudgetLine(db, unit.id, 100_000_000);
    const prison = await createOrg(db, 'supplier', { sizeClass: 'large', smeTreatment: 'prison_enterprise' });
    const welfare = await createOrg(db, 'supplier', { sizeClass: 'medium', smeTreatment: 'disability_welfare' });
    const large = await createOrg(db, 'supplier', { sizeClass: 'large' });
    const order = (supplierId: string, unitPriceFen: number) =>
      insertHistoryOrder(db, {
        unitId: unit.id,
        budgetLineId: line.id,
        supplierId,
        at: at('2026-04-02'),
        lines: [{ categoryCode: 'A02010105', title: '联想 昭阳', unitPriceFen, quantity: 1 }],
      });
    await order(prison.id, 400_000);
    await order(welfare.id, 300_000);
    await order(large.id, 200_000);
    const res = await (await actor(ctx.app, db, 'purchaser', unit.id)).http.get(`/api/dashboards/summary?${period}`);
    expect(res.json<Dashboard>().sme).toMatchObject({ totalFen: 900_000, smeFen: 700_000, smallMicroFen: 700_000 });
  });
  it('bad filters are refused naming the field', async () => {
    const res = await regulator.http.get('/api/dashboards/summary?from=2026-05-01&to=2026-03-01');
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('to');
    expect((await regulator.http.get('/api/dashboards/summary?regionCode=11')).statusCode).toBe(400);
    const noSuchDay = await regulator.http.get('/api/dashboards/summary?from=2026-13-01');
    expect(noSuchDay.statusCode).toBe(400);
    expect(noSuchDay.json().errors[0]).toMatchObject({ field: 'from', message: '日期不存在' });
    expect((await regulator.http.get('/api/dashboards/export?section=nope')).statusCode).toBe(400);
  });

  it('each section downloads as CSV and XLSX with the same figures', async () => {
    const csv = await purchaser.http.get(`/api/dashboards/export?section=spendByMonth&format=csv&${period}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      '月份,金额（元）,项目数',
      '2026-03,18600.00,2',
      '2026-04,610000.00,2',
      '2026-05,2500000.00,1',
      '',
    ]);
    const xlsx = await purchaser.http.get(`/api/dashboards/export?section=savings&format=xlsx&${period}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(xlsx.headers['content-disposition']).toContain('attachment');
  });
});
