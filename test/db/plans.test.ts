import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, dbNow, setClock } from '../../server/platform/clock.ts';
import { shanghaiDate } from '../../server/platform/calendar.ts';
import { orderingBands, citedBasis } from '../../server/modules/orders/orders.method.ts';
import { bandFinding } from '../../server/modules/orders/orders.rules.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { actor, type Actor } from '../helpers/factories.ts';
import { ownDatabase } from '../helpers/own-database.ts';
import { goodsTender, intentionExempt, publishIntention, quotationRequirement, unitWithLine } from '../helpers/procurement.ts';

/**
 * 采购意向公开 and 年度采购计划 (#16 item 4). On a database of this file's own: the intentions' 30 days are
 * judged by the one clock, which this file moves.
 */
let own: Awaited<ReturnType<typeof ownDatabase>>;
let ctx: TestContext;
const DAY = 86_400_000;
/** Monday 2 March 2026, 09:00 Beijing time. */
const T0 = new Date(Date.UTC(2026, 2, 2, 1, 0, 0));
const at = (days: number, hours = 0) => new Date(T0.getTime() + days * DAY + hours * 3_600_000);

let unit: Awaited<ReturnType<typeof unitWithLine>>;
let other: Awaited<ReturnType<typeof unitWithLine>>;
let center: Actor;
let regulator: Actor;
let tenderIntention: { id: string; publishedAt: string };
let quotationIntention: { id: string; publishedAt: string };
/** `days` after an intention was published. */
const after = (i: { publishedAt: string }, days: number, hours = 0) => new Date(Date.parse(i.publishedAt) + days * DAY + hours * 3_600_000);

const fieldOf = (res: { json(): { errors?: { field: string; message: string }[] } }) => res.json().errors?.[0];

beforeAll(async () => {
  own = await ownDatabase('plans');
  ctx = await createTestContext({ databaseUrl: own.url });
  await setClock(ctx.database.db, T0);
  unit = await unitWithLine(ctx, 50_000_000);
  other = await unitWithLine(ctx, 50_000_000);
  center = await actor(ctx.app, ctx.database.db, 'center_staff');
  regulator = await actor(ctx.app, ctx.database.db, 'regulator');
  tenderIntention = await publishIntention(unit.purchaser);
  await advanceClock(ctx.database.db, at(1));
  quotationIntention = await publishIntention(unit.purchaser, {
    itemName: '机房运维服务',
    categoryCode: 'C1605',
    budgetFen: 6_000_000,
    smeReservation: 'share',
    smeShare: '0.40',
  });
}, 120_000);
afterAll(async () => {
  await ctx?.close();
  await own?.drop();
});

const tenderBody = (extra: Record<string, unknown>) =>
  goodsTender(unit.org.id, '意向测试 办公计算机采购', {
    deadline: at(60).toISOString(),
    intentionExemption: undefined,
    ...extra,
  });

describe('采购意向公开 before a tender or an online quotation', () => {
  it('[rule:plans.intention-before-tender] a tender is refused without an intention, published with one only 29 days old is refused, at 30 days it is published; an exemption with its reason publishes', async () => {
    const none = await center.http.post('/api/tenders', tenderBody({}));
    expect(none.statusCode, none.body).toBe(422);
    expect(fieldOf(none)?.field).toBe('intentionId');
    const foreign = await center.http.post('/api/tenders', tenderBody({ intentionId: (await publishIntention(other.purchaser)).id }));
    expect(foreign.statusCode).toBe(422);
    expect(fieldOf(foreign)?.field).toBe('intentionId');

    const draft = await center.http.post('/api/tenders', tenderBody({ intentionId: tenderIntention.id }));
    expect(draft.statusCode, draft.body).toBe(201);
    await advanceClock(ctx.database.db, after(tenderIntention, 29, 20));
    const early = await center.http.post(`/api/tenders/${draft.json().id}/publish`);
    expect(early.statusCode, early.body).toBe(422);
    expect(fieldOf(early)).toMatchObject({ field: 'intentionId', message: expect.stringContaining('29 日，不足 30 日') });

    await advanceClock(ctx.database.db, after(tenderIntention, 30));
    const published = await center.http.post(`/api/tenders/${draft.json().id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().status).toBe('bidding');

    const exempt = await center.http.post('/api/tenders', tenderBody({ ...intentionExempt, title: '意向测试 紧急采购' }));
    expect(exempt.statusCode, exempt.body).toBe(201);
    expect((await center.http.post(`/api/tenders/${exempt.json().id}/publish`)).statusCode).toBe(200);
  });

  it('[rule:plans.intention-before-quotation] an online quotation is refused without an intention and with one 29 days old, started at 30 days or with a stated exemption', async () => {
    const deadline = async () => new Date((await dbNow(ctx.database.db)).getTime() + 4 * DAY).toISOString();
    const post = async (extra: Record<string, unknown>) =>
      unit.purchaser.http.post(
        '/api/quotations',
        quotationRequirement('意向测试', unit.line.id, { deadline: await deadline(), intentionExemption: undefined, ...extra }),
      );
    const none = await post({});
    expect(none.statusCode, none.body).toBe(422);
    expect(fieldOf(none)?.field).toBe('intentionId');
    // Published a day after T0: 29 days old at T0 + 30 days.
    const early = await post({ intentionId: quotationIntention.id });
    expect(early.statusCode, early.body).toBe(422);
    expect(fieldOf(early)).toMatchObject({ field: 'intentionId', message: expect.stringContaining('不足 30 日') });
    const both = await post({ intentionId: quotationIntention.id, ...intentionExempt });
    expect(fieldOf(both)?.field).toBe('intentionId');

    await advanceClock(ctx.database.db, after(quotationIntention, 30));
    const started = await post({ intentionId: quotationIntention.id });
    expect(started.statusCode, started.body).toBe(201);
    const exempt = await post(intentionExempt);
    expect(exempt.statusCode, exempt.body).toBe(201);
    // Another unit cannot start under this unit's intention.
    const foreign = await other.purchaser.http.post(
      '/api/quotations',
      quotationRequirement('意向测试', other.line.id, {
        deadline: await deadline(),
        intentionExemption: undefined,
        intentionId: quotationIntention.id,
      }),
    );
    expect(foreign.statusCode).toBe(422);
    expect(fieldOf(foreign)?.field).toBe('intentionId');
  });

  it('publishes intentions to the public, withdraws only its own, and refuses bad input naming the field', async () => {
    const listed = await ctx.app.inject({ method: 'GET', url: `/api/public/intentions?unitOrgId=${unit.org.id}` });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((i: { id: string }) => i.id)).toEqual(
      expect.arrayContaining([tenderIntention.id, quotationIntention.id]),
    );
    const one = await ctx.app.inject({ method: 'GET', url: `/api/public/intentions/${quotationIntention.id}` });
    expect(one.json()).toMatchObject({ smeReservation: 'share', smeShare: '0.40', budgetFen: 6_000_000 });
    expect((await other.purchaser.http.post(`/api/intentions/${tenderIntention.id}/withdraw`)).statusCode).toBe(404);
    const bad = await unit.purchaser.http.post('/api/intentions', {
      itemName: '打印纸',
      categoryCode: 'A05',
      budgetFen: 100_000,
      expectedMonth: '2026-13',
      smeReservation: 'share',
      description: '办公用纸',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['expectedMonth', 'smeShare']);
    // An intention announces a purchase to come: not a month gone by, nor one decades ahead.
    const month = shanghaiDate(await dbNow(ctx.database.db)).slice(0, 7);
    const year = Number(month.slice(0, 4));
    for (const expectedMonth of [`${year - 1}${month.slice(4)}`, `${year + 3}${month.slice(4)}`, '2099-12']) {
      const when = await unit.purchaser.http.post('/api/intentions', {
        itemName: '打印纸',
        categoryCode: 'A05',
        budgetFen: 100_000,
        expectedMonth,
        smeReservation: 'none',
        description: '办公用纸',
      });
      expect(when.statusCode, expectedMonth).toBe(422);
      expect(when.json().errors[0].field).toBe('expectedMonth');
    }
  });
});

const line = (itemName: string, categoryCode: string, budgetFen: number, extra: Record<string, unknown> = {}) => ({
  itemName,
  categoryCode,
  budgetFen,
  ...extra,
});

describe('年度采购计划', () => {
  it('[rule:plans.year-sme-reserved-share] approval is refused below 30% reserved, naming the figure, and given with a stated exemption', async () => {
    const lines = [
      line('台式计算机', 'A02010104', 60_000_000, { smeReservedFen: 22_500_000, smallMicroReservedFen: 15_000_000 }),
      line('机房运维服务', 'C1605', 40_000_000),
      line('办公楼修缮', 'B08', 30_000_000, { smeSuitable: false }),
    ];
    const saved = await unit.purchaser.http.post('/api/plans', { fiscalYear: 2026, lines });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().totals).toMatchObject({ smeSuitableFen: 100_000_000, smeReservedFen: 22_500_000, reservedPercent: '22.5' });
    const id = saved.json().id;
    expect((await regulator.http.post(`/api/plans/${id}/approve`, {})).statusCode).toBe(409);
    expect((await unit.purchaser.http.post(`/api/plans/${id}/submit`)).json().status).toBe('submitted');
    const refused = await regulator.http.post(`/api/plans/${id}/approve`, {});
    expect(refused.statusCode, refused.body).toBe(422);
    expect(fieldOf(refused)).toMatchObject({ field: 'lines', message: expect.stringContaining('预留比例 22.5% 低于 30%') });

    expect((await regulator.http.post(`/api/plans/${id}/return`, { note: '预留比例不足' })).json().status).toBe('returned');
    const exempt = await unit.purchaser.http.post('/api/plans', {
      fiscalYear: 2026,
      lines,
      smeExemptReason: '本年度主要品目市场中缺乏适宜的中小企业供应商（经市场调研）',
    });
    expect(exempt.statusCode, exempt.body).toBe(200);
    await unit.purchaser.http.post(`/api/plans/${id}/submit`);
    const approved = await regulator.http.post(`/api/plans/${id}/approve`, { note: '同意' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('approved');
    expect((await unit.purchaser.http.post('/api/plans', { fiscalYear: 2026, lines })).statusCode).toBe(409);

    // At 30% reserved with 60% of it for small/micro, approved without an exemption.
    const fair = await other.purchaser.http.post('/api/plans', {
      fiscalYear: 2026,
      lines: [line('台式计算机', 'A02010104', 100_000_000, { smeReservedFen: 30_000_000, smallMicroReservedFen: 18_000_000 })],
    });
    await other.purchaser.http.post(`/api/plans/${fair.json().id}/submit`);
    expect((await regulator.http.post(`/api/plans/${fair.json().id}/approve`, {})).statusCode).toBe(200);
  });

  it("[rule:plans.line-required-method] each plan line is told the method the cart's own decision gives for its amount, around each threshold", async () => {
    const bands = await orderingBands(ctx.database.db, { at: await dbNow(ctx.database.db) });
    const direct = bands.direct.value;
    const decentralized = bands.decentralized.value;
    const amounts = [1, direct, direct + 1, decentralized, decentralized + 1];
    const saved = await other.purchaser.http.post('/api/plans', {
      fiscalYear: 2027,
      lines: [
        ...amounts.map((a) => line(`计算机 ${a}`, 'A02010104', a)),
        line('修缮', 'B08', decentralized),
        line('修缮（大）', 'B08', decentralized + 1),
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const methods = saved.json().lines.map((l: { requiredMethod: { method: string } }) => l.requiredMethod.method);
    const cart = amounts.map(
      (a) => ({ band_tender: 'tender', band_quotation: 'quotation' })[bandFinding('供应商', a, bands)?.code as string] ?? 'mall',
    );
    expect(methods.slice(0, amounts.length)).toEqual(cart);
    expect(cart).toEqual(['mall', 'mall', 'quotation', 'quotation', 'tender']);
    expect(methods.slice(amounts.length)).toEqual(['decentralized', 'tender']);
    expect(saved.json().lines[2].requiredMethod).toMatchObject({ label: '网上竞价', limitFen: direct, rule: citedBasis(bands.direct) });
  });

  it('keeps a plan to its unit and the regulator (404 to others), refuses bad lines naming the field, and shows plan against execution', async () => {
    const mine = (await unit.purchaser.http.get('/api/plans?fiscalYear=2026')).json()[0];
    expect((await other.purchaser.http.get(`/api/plans/${mine.id}`)).statusCode).toBe(404);
    expect((await other.purchaser.http.post(`/api/plans/${mine.id}/submit`)).statusCode).toBe(404);
    expect((await regulator.http.get(`/api/plans/${mine.id}`)).statusCode).toBe(200);
    const unknown = await unit.purchaser.http.post('/api/plans', { fiscalYear: 2028, lines: [line('未知', 'A99', 100)] });
    expect(unknown.statusCode).toBe(422);
    expect(fieldOf(unknown)?.field).toBe('lines[0].categoryCode');
    const over = await unit.purchaser.http.post('/api/plans', {
      fiscalYear: 2028,
      lines: [line('计算机', 'A02010104', 100, { smeReservedFen: 200 })],
    });
    expect(over.statusCode).toBe(400);
    expect(fieldOf(over)?.field).toBe('lines.0.smeReservedFen');

    const execution = await unit.purchaser.http.get('/api/dashboards/plan-execution?fiscalYear=2026');
    expect(execution.statusCode, execution.body).toBe(200);
    expect(execution.json()).toMatchObject({ planStatus: 'approved', fiscalYear: 2026 });
    expect(execution.json().lines[0]).toMatchObject({ categoryCode: 'A02010104', plannedFen: 60_000_000, requiredMethod: 'quotation' });
    const quotationLine = execution.json().lines.find((l: { categoryCode: string }) => l.categoryCode === 'C1605');
    expect(quotationLine).toMatchObject({ plannedFen: 40_000_000, executedFen: 0 });
    expect((await unit.purchaser.http.get(`/api/dashboards/plan-execution?organizationId=${other.org.id}`)).statusCode).toBe(403);
    const seen = await regulator.http.get(`/api/dashboards/plan-execution?organizationId=${unit.org.id}&fiscalYear=2026`);
    expect(seen.json().lines).toHaveLength(3);
  });
});
