import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  experts,
  frameworkAgreements,
  listings,
  lotEvaluations,
  notifications,
  products,
  riskAlerts,
} from '../../server/db/schema/index.ts';
import type { RiskRule } from '../../contracts/enums/risk.ts';
import { insertHistoryOrder, insertHistoryQuotation, insertHistoryTender, type HistoryBid } from '../helpers/history-rows.ts';
import { riskJobs, type RiskService } from '../../server/modules/risk/risk.service.ts';
import { raiseAlert } from '../../server/modules/risk/risk.alerts.ts';
import { appendAudit } from '../../server/platform/audit.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { createServices } from '../../server/services.ts';
import { processors } from '../../workers/registry.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { waitFor } from '../helpers/jobs.ts';
import { actor, createBudgetLine, createOrg, type Actor } from '../helpers/factories.ts';

/**
 * Each risk rule over a seeded case that must fire and a clean one that must not. The database is
 * shared with the other test files, so each assertion looks at the alerts of its own subjects.
 */
let ctx: TestContext;
let risk: RiskService;
let regulator: Actor;
const day = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * day);
const tagged = () => randomBytes(3).toString('hex');

beforeAll(async () => {
  ctx = await createTestContext();
  const search = postgresSearch(ctx.database.db);
  risk = createServices({ config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search }).risk;
  await ctx.jobs.startWorkers(processors({ config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search }));
  regulator = await actor(ctx.app, ctx.database.db, 'regulator');
});
afterAll(() => ctx.close());

const alertsOf = (rule: RiskRule, subjectId: string) =>
  ctx.database.db
    .select()
    .from(riskAlerts)
    .where(and(eq(riskAlerts.rule, rule), eq(riskAlerts.subjectId, subjectId)));
const supplier = (over: Record<string, unknown> = {}) => createOrg(ctx.database.db, 'supplier', over);
const unitWithLine = async () => {
  const unit = await createOrg(ctx.database.db, 'purchasing_unit');
  const line = await createBudgetLine(ctx.database.db, unit.id, 10_000_000_000);
  return { unitId: unit.id, budgetLineId: line.id };
};

async function listing(supplierId: string, categoryCode: string, priceFen: number, agreementCapFen?: number) {
  const db = ctx.database.db;
  const [p] = await db
    .insert(products)
    .values({ categoryCode, brand: `测试${tagged()}`, model: `M${tagged()}`, name: '风险测试商品', specs: {} })
    .returning();
  let agreementId: string | null = null;
  if (agreementCapFen) {
    const [a] = await db
      .insert(frameworkAgreements)
      .values({
        code: `XY-${tagged()}`,
        title: '测试协议',
        supplierId,
        categoryCodes: [categoryCode],
        startsOn: '2026-01-01',
        endsOn: '2027-12-31',
        priceCapFen: agreementCapFen,
      })
      .returning();
    agreementId = a!.id;
  }
  const [l] = await db
    .insert(listings)
    .values({
      supplierId,
      productId: p!.id,
      agreementId,
      priceFen,
      stock: 10,
      deliveryRegions: ['110000'],
      leadTimeDays: 3,
      status: 'active',
    })
    .returning();
  return l!;
}

async function tender(bids: HistoryBid[], winner?: number) {
  const { unitId } = await unitWithLine();
  const center = await createOrg(ctx.database.db, 'procurement_center');
  return insertHistoryTender(ctx.database.db, {
    unitId,
    centerId: center.id,
    title: '风险测试项目',
    categoryCode: 'A02010103',
    budgetFen: 100_000_000,
    publishedAt: ago(40),
    deadline: ago(20),
    bids,
    ...(winner === undefined ? {} : { winner, awardedAt: ago(10) }),
  });
}

describe('risk rules', () => {
  it('a listing above its agreement cap fires; one within it does not', async () => {
    const s = await supplier();
    const over = await listing(s.id, 'A02010601', 190_000, 150_000);
    const within = await listing(s.id, 'A02010601', 140_000, 150_000);
    await risk.runRule('listing_price_cap');
    const [alert] = await alertsOf('listing_price_cap', over.id);
    expect(alert).toMatchObject({
      severity: 'high',
      status: 'open',
      organizationId: s.id,
      evidence: expect.objectContaining({ priceFen: 190_000, agreementCapFen: 150_000 }),
    });
    expect(alert!.title).toContain('限价 ¥1,500.00');
    expect(await alertsOf('listing_price_cap', within.id)).toHaveLength(0);
  });

  it('a listing far above the category median fires; one at the median does not', async () => {
    const [{ median } = { median: 0 }] = (
      await ctx.database.db.execute<{ median: string }>(
        sql`select percentile_disc(0.5) within group (order by l.price_fen) as median from jicai.listings l join jicai.products p on p.id = l.product_id where l.status = 'active' and p.category_code = 'A050103'`,
      )
    ).rows.map((r) => ({ median: Number(r.median) }));
    const s = await supplier();
    // Five ordinary chairs make the category's median well defined whatever else is on the shelf.
    for (let i = 0; i < 5; i++) await listing(s.id, 'A050103', median || 80_000);
    const base = median || 80_000;
    const far = await listing(s.id, 'A050103', base * 4);
    const near = await listing(s.id, 'A050103', base);
    await risk.runRule('listing_price_median');
    const [alert] = await alertsOf('listing_price_median', far.id);
    expect(alert?.evidence).toMatchObject({ priceFen: base * 4, ratio: '2.00' });
    expect(await alertsOf('listing_price_median', near.id)).toHaveLength(0);
  });

  it('orders each under the direct-order limit that together reach it within the window fire; small ones do not', async () => {
    const s = await supplier();
    const split = await unitWithLine();
    const clean = await unitWithLine();
    // ¥30,000 twice in ten days against the ¥50,000 limit.
    await insertHistoryOrder(ctx.database.db, {
      ...split,
      supplierId: s.id,
      at: ago(20),
      lines: [{ categoryCode: 'A020201', title: '佳能 复印机', unitPriceFen: 1_500_000, quantity: 2 }],
    });
    await insertHistoryOrder(ctx.database.db, {
      ...split,
      supplierId: s.id,
      at: ago(10),
      lines: [{ categoryCode: 'A020201', title: '佳能 复印机', unitPriceFen: 1_500_000, quantity: 2 }],
    });
    await insertHistoryOrder(ctx.database.db, {
      ...clean,
      supplierId: s.id,
      at: ago(20),
      lines: [{ categoryCode: 'A020201', title: '佳能 复印机', unitPriceFen: 1_000_000, quantity: 1 }],
    });
    await insertHistoryOrder(ctx.database.db, {
      ...clean,
      supplierId: s.id,
      at: ago(10),
      lines: [{ categoryCode: 'A020201', title: '佳能 复印机', unitPriceFen: 1_000_000, quantity: 1 }],
    });
    // The same amounts 60 days apart are outside the 30-day window.
    const apart = await unitWithLine();
    await insertHistoryOrder(ctx.database.db, {
      ...apart,
      supplierId: s.id,
      at: ago(80),
      lines: [{ categoryCode: 'A020201', title: '佳能 复印机', unitPriceFen: 1_500_000, quantity: 2 }],
    });
    await insertHistoryOrder(ctx.database.db, {
      ...apart,
      supplierId: s.id,
      at: ago(20),
      lines: [{ categoryCode: 'A020201', title: '佳能 复印机', unitPriceFen: 1_500_000, quantity: 2 }],
    });
    await risk.runRule('split_purchase');
    const [alert] = await alertsOf('split_purchase', split.unitId);
    expect(alert?.evidence).toMatchObject({
      totalFen: 6_000_000,
      directOrderLimitFen: 5_000_000,
      windowDays: 30,
      orders: [expect.objectContaining({ amountFen: 3_000_000 }), expect.objectContaining({ amountFen: 3_000_000 })],
    });
    expect(await alertsOf('split_purchase', clean.unitId)).toHaveLength(0);
    expect(await alertsOf('split_purchase', apart.unitId)).toHaveLength(0);
  });

  it('identical or near-identical prices in one lot fire; spread prices do not', async () => {
    const [a, b, c] = await Promise.all([supplier(), supplier(), supplier()]);
    const same = await tender([
      { supplierId: a.id, priceFen: 1_000_000, sizeClass: 'small' },
      { supplierId: b.id, priceFen: 1_001_000, sizeClass: 'small' },
      { supplierId: c.id, priceFen: 1_200_000, sizeClass: 'large' },
    ]);
    const spread = await tender([
      { supplierId: a.id, priceFen: 1_000_000, sizeClass: 'small' },
      { supplierId: b.id, priceFen: 1_100_000, sizeClass: 'small' },
      { supplierId: c.id, priceFen: 1_200_000, sizeClass: 'large' },
    ]);
    await risk.runRule('identical_bids');
    const [alert] = await alertsOf('identical_bids', same.tender.id);
    expect(alert?.title).toContain('高度接近');
    expect(alert?.evidence).toMatchObject({
      pairs: [expect.objectContaining({ priceAFen: expect.any(Number), priceBFen: expect.any(Number) })],
    });
    expect(await alertsOf('identical_bids', spread.tender.id)).toHaveLength(0);
  });

  it('bidders from one network address or one registered address fire; distinct ones do not', async () => {
    const street = `北京市海淀区测试路${tagged()}号`;
    const [a, b, c, d] = await Promise.all([supplier({ address: street }), supplier({ address: ` ${street}` }), supplier(), supplier()]);
    const byAddress = await tender([
      { supplierId: a.id, priceFen: 1_000_000, sizeClass: 'small' },
      { supplierId: b.id, priceFen: 1_300_000, sizeClass: 'small' },
    ]);
    const byIp = await tender([
      { supplierId: c.id, priceFen: 1_000_000, sizeClass: 'small', submittedIp: '203.0.113.7' },
      { supplierId: d.id, priceFen: 1_300_000, sizeClass: 'small', submittedIp: '203.0.113.7' },
    ]);
    const clean = await tender([
      { supplierId: c.id, priceFen: 1_000_000, sizeClass: 'small', submittedIp: '203.0.113.8' },
      { supplierId: d.id, priceFen: 1_300_000, sizeClass: 'small', submittedIp: '203.0.113.9' },
    ]);
    await risk.runRule('shared_address');
    expect((await alertsOf('shared_address', byAddress.tender.id))[0]?.title).toContain('注册地址相同');
    expect((await alertsOf('shared_address', byIp.tender.id))[0]?.evidence).toMatchObject({
      pairs: [expect.objectContaining({ value: '203.0.113.7' })],
    });
    expect(await alertsOf('shared_address', clean.tender.id)).toHaveLength(0);
  });

  it('quotes from one device fire; from different devices do not', async () => {
    const [a, b, c] = await Promise.all([supplier(), supplier(), supplier()]);
    const quotation = async (devices: string[]) => {
      const u = await unitWithLine();
      return insertHistoryQuotation(ctx.database.db, {
        ...u,
        title: '风险测试竞价',
        categoryCode: 'A02010601',
        quantity: 1,
        ceilingFen: 2_000_000,
        createdAt: ago(15),
        closedAt: ago(12),
        quotes: [a, b, c].map((s, i) => ({
          supplierId: s.id,
          priceFen: 1_500_000 + i * 100_000,
          sizeClass: 'small' as const,
          deviceId: devices[i]!,
        })),
        winner: 0,
      });
    };
    const shared = await quotation(['dev-x', 'dev-x', 'dev-y']);
    const clean = await quotation(['dev-1', 'dev-2', 'dev-3']);
    await risk.runRule('shared_device');
    expect((await alertsOf('shared_device', shared.quotation.id))[0]?.evidence).toMatchObject({
      pairs: [expect.objectContaining({ deviceId: 'dev-x' })],
    });
    expect(await alertsOf('shared_device', clean.quotation.id)).toHaveLength(0);
  });

  it('the same three bidders taking turns to win fires; one steady winner does not', async () => {
    const ring = await Promise.all([supplier(), supplier(), supplier()]);
    const steady = await Promise.all([supplier(), supplier(), supplier()]);
    const bidsOf = (set: { id: string }[]) =>
      set.map((s, i) => ({ supplierId: s.id, priceFen: 1_000_000 + i * 50_000, sizeClass: 'small' as const }));
    for (const w of [0, 1, 2]) await tender(bidsOf(ring), w);
    for (let i = 0; i < 3; i++) await tender(bidsOf(steady), 0);
    await risk.runRule('winner_rotation');
    const ringKey = ring
      .map((s) => s.id)
      .sort()
      .join(',');
    const [alert] = await alertsOf('winner_rotation', ringKey);
    expect(alert?.evidence).toMatchObject({ processes: expect.arrayContaining([expect.objectContaining({ winner: ring[1]!.name })]) });
    expect(alert?.title).toContain('3 家轮流中标');
    expect(
      await alertsOf(
        'winner_rotation',
        steady
          .map((s) => s.id)
          .sort()
          .join(','),
      ),
    ).toHaveLength(0);
  });

  it("an expert's outlying score in a report fires; a report without outliers does not", async () => {
    const [a, b, c] = await Promise.all([supplier(), supplier(), supplier()]);
    const [expert] = await ctx.database.db
      .insert(experts)
      .values({ name: `偏离专家${tagged()}`, title: '高级工程师', employer: '某研究院', specialties: ['A02010103'], regionCode: '110108' })
      .returning();
    const bids = [a, b, c].map((s, i) => ({ supplierId: s.id, priceFen: 1_000_000 + i * 100_000, sizeClass: 'small' as const }));
    const flagged = await tender(bids, 0);
    const clean = await tender(bids, 0);
    await ctx.database.db
      .update(lotEvaluations)
      .set({
        report: { ranking: [], outliers: [{ bidId: flagged.bids[1]!.id, expertId: expert!.id, total: '35.00', othersMean: '80.00' }] },
      })
      .where(eq(lotEvaluations.lotId, flagged.lot.id));
    await risk.runRule('expert_outlier');
    const [alert] = await alertsOf('expert_outlier', flagged.tender.id);
    expect(alert?.evidence).toMatchObject({ expert: expert!.name, supplier: b.name, score: '35.00', othersMean: '80.00' });
    expect(await alertsOf('expert_outlier', clean.tender.id)).toHaveLength(0);
  });

  it('late confirmations piling up for one supplier fire; punctual ones do not', async () => {
    const late = await supplier();
    const punctual = await supplier();
    const u = await unitWithLine();
    for (const d of [30, 20, 10]) {
      const at = ago(d);
      await insertHistoryOrder(ctx.database.db, {
        ...u,
        supplierId: late.id,
        at,
        confirmDeadline: new Date(at.getTime() + day),
        confirmedAt: new Date(at.getTime() + 3 * day),
        lines: [{ categoryCode: 'A020206', title: '科密 碎纸机', unitPriceFen: 90_000, quantity: 1 }],
      });
      await insertHistoryOrder(ctx.database.db, {
        ...u,
        supplierId: punctual.id,
        at,
        lines: [{ categoryCode: 'A020206', title: '科密 碎纸机', unitPriceFen: 90_000, quantity: 1 }],
      });
    }
    await risk.runRule('late_supplier');
    const [alert] = await alertsOf('late_supplier', late.id);
    expect(alert?.title).toContain('3 笔订单逾期（确认 3 笔');
    expect(await alertsOf('late_supplier', punctual.id)).toHaveLength(0);
  });

  it('a scan raising new alerts while a regulator works an existing one: both complete, no deadlock', async () => {
    const db = ctx.database.db;
    const [a, b] = await Promise.all([supplier(), supplier()]);
    const twin = await tender([
      { supplierId: a.id, priceFen: 2_000_000, sizeClass: 'small' },
      { supplierId: b.id, priceFen: 2_000_000, sizeClass: 'small' },
    ]);
    await risk.runRule('identical_bids');
    const [existing] = await alertsOf('identical_bids', twin.tender.id);
    // A new case for the same rule, so the scan has something to raise as well as the alert being worked.
    const [c, d] = await Promise.all([supplier(), supplier()]);
    const fresh = await tender([
      { supplierId: c.id, priceFen: 3_000_000, sizeClass: 'small' },
      { supplierId: d.id, priceFen: 3_000_000, sizeClass: 'small' },
    ]);
    // An inbox step as the service takes it: the alert's row first, the audit chain's head last.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const working = db.transaction(async (tx) => {
      await tx.select().from(riskAlerts).where(eq(riskAlerts.id, existing!.id)).for('update');
      await tx
        .update(riskAlerts)
        .set({ updatedAt: sql`now()` })
        .where(eq(riskAlerts.id, existing!.id));
      await held;
      await appendAudit(tx, { actor: null, action: 'risk.alert.comment', entityType: 'risk_alert', entityId: existing!.id, data: {} });
    });
    let scanned = false;
    const scan = risk.runRule('identical_bids').finally(() => (scanned = true));
    // Let the scan get as far as it can while the alert is held: done, or waiting on a lock. PGlite serves one
    // transaction at a time, so there the scan waits for the held one before its first statement: nothing to wait on.
    await waitFor(
      async () =>
        scanned ||
        inject('databaseBackend') === 'pglite' ||
        (
          await db.execute<{ n: number }>(
            sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          )
        ).rows[0]!.n > 0,
      { what: 'the scan to finish or wait on the held alert' },
    );
    release();
    await expect(Promise.all([working, scan])).resolves.toBeDefined();
    expect(await alertsOf('identical_bids', fresh.tender.id)).toHaveLength(1);
  });

  it('running a rule again raises nothing new', async () => {
    const before = await risk.runRule('identical_bids');
    const again = await risk.runRule('identical_bids');
    expect(again.raised).toBe(0);
    expect(again.candidates).toBe(before.candidates);
  });
});

describe('risk alert inbox', () => {
  it('a scan runs every rule as a job; a regulator assigns, comments, closes and reopens with a trail', async () => {
    const [{ now } = { now: '' }] = (await ctx.database.db.execute<{ now: string }>(sql`select now()::text as now`)).rows;
    const scan = await regulator.http.post('/api/risk/scan', {});
    expect(scan.statusCode).toBe(202);
    expect(scan.json().queued).toHaveLength(10);
    await expect
      .poll(
        async () =>
          (await regulator.http.get('/api/risk/rules'))
            .json()
            .every((r: { lastRunAt: string | null }) => r.lastRunAt !== null && Date.parse(r.lastRunAt) > Date.parse(now)),
        { timeout: 30_000, interval: 300 },
      )
      .toBe(true);
    const list = await regulator.http.get('/api/risk/alerts?status=open&rule=identical_bids&pageSize=5');
    expect(list.statusCode).toBe(200);
    const id = list.json().items[0].id as string;
    const colleague = await actor(ctx.app, ctx.database.db, 'regulator');
    const supplierUser = await actor(ctx.app, ctx.database.db, 'supplier');

    const notRegulator = await regulator.http.post(`/api/risk/alerts/${id}/assign`, { assigneeId: supplierUser.userId });
    expect(notRegulator.statusCode).toBe(422);
    expect(JSON.stringify(notRegulator.json())).toContain('assigneeId');
    // A regulator of another area could not read the alert: neither offered nor accepted as its handler.
    const elsewhere = await actor(
      ctx.app,
      ctx.database.db,
      'regulator',
      (await createOrg(ctx.database.db, 'regulator', { regionCode: '310000', adminLevel: 'provincial' })).id,
    );
    const offered = (await regulator.http.get('/api/risk/assignees')).json().map((u: { id: string }) => u.id);
    expect(offered).toContain(colleague.userId);
    expect(offered).not.toContain(elsewhere.userId);
    const outside = await regulator.http.post(`/api/risk/alerts/${id}/assign`, { assigneeId: elsewhere.userId });
    expect(outside.statusCode).toBe(422);
    expect(JSON.stringify(outside.json())).toContain('assigneeId');
    const assigned = await regulator.http.post(`/api/risk/alerts/${id}/assign`, { assigneeId: colleague.userId, note: '请核查两家报价' });
    expect(assigned.json()).toMatchObject({ status: 'assigned', assigneeId: colleague.userId });
    const mine = await colleague.http.get('/api/risk/alerts?assignee=me');
    expect(mine.json().items.map((a: { id: string }) => a.id)).toContain(id);

    expect((await colleague.http.post(`/api/risk/alerts/${id}/comments`, { body: '' })).statusCode).toBe(400);
    await colleague.http.post(`/api/risk/alerts/${id}/comments`, { body: '已调取两家投标文件' });
    const noNote = await colleague.http.post(`/api/risk/alerts/${id}/close`, { resolution: 'confirmed' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().errors).toEqual([expect.objectContaining({ field: 'note', message: '请填写处理说明' })]);
    const closed = await colleague.http.post(`/api/risk/alerts/${id}/close`, { resolution: 'confirmed', note: '移送信用记录' });
    expect(closed.json()).toMatchObject({ status: 'closed', resolution: 'confirmed' });
    expect((await colleague.http.post(`/api/risk/alerts/${id}/close`, { resolution: 'dismissed', note: '再次' })).statusCode).toBe(409);
    const reopened = await regulator.http.post(`/api/risk/alerts/${id}/reopen`, { note: '发现新证据' });
    expect(reopened.json()).toMatchObject({ status: 'assigned', resolution: null, closedAt: null });
    expect(reopened.json().notes.map((n: { kind: string }) => n.kind)).toEqual(['assign', 'comment', 'close', 'reopen']);
  });

  it('only regulators reach the inbox', async () => {
    for (const role of ['purchaser', 'supplier', 'center_staff', 'expert'] as const) {
      const someone = await actor(ctx.app, ctx.database.db, role);
      expect((await someone.http.get('/api/risk/alerts')).statusCode).toBe(403);
      expect((await someone.http.post('/api/risk/scan', {})).statusCode).toBe(403);
    }
    expect((await regulator.http.get('/api/risk/alerts/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    expect((await regulator.http.get('/api/risk/alerts?rule=nope')).statusCode).toBe(400);
  });

  it('the hourly scan is a declared repeat job, skipped when every rule ran within the hour', async () => {
    expect(riskJobs.scanAll.everySeconds).toBe(3600);
    // Every rule ran in this file a moment ago (the 立即扫描 test above).
    expect(await risk.scheduledScan()).toEqual({ queued: [], joined: [] });
  });
});

describe('risk alerts stay within jurisdiction', () => {
  /** A regulator's finance bureau at a region, and one of its regulators logged in. */
  const regulatorAt = async (regionCode: string, adminLevel: 'central' | 'provincial' | 'municipal' | 'county') =>
    actor(ctx.app, ctx.database.db, 'regulator', (await createOrg(ctx.database.db, 'regulator', { regionCode, adminLevel })).id);
  /** An alert placed in a region, raised as the deadline job raises one; its title names the suppliers. */
  const alertIn = async (regionCode: string) => {
    const tag = tagged();
    const id = await ctx.database.db.transaction((tx) =>
      raiseAlert(tx, 'missed_deadline', 'high', {
        fingerprint: `test:jurisdiction:${tag}:${tagged()}`,
        title: `供应商甲${tag}与供应商乙${tag}：确定中标人逾期`,
        evidence: {},
        subjectKind: 'tender',
        subjectId: `test-${tag}`,
        subjectLabel: `测试项目 ${tag}`,
        organizationId: null,
        regionCode,
      }),
    );
    return id!;
  };
  const assignedNotices = (userId: string) =>
    ctx.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.kind, 'risk.assigned')));
  const alertRow = async (id: string) => (await ctx.database.db.select().from(riskAlerts).where(eq(riskAlerts.id, id)))[0]!;

  it('assigning an alert to a regulator whose area does not hold it is 422 on assigneeId: nothing changes, no one is notified', async () => {
    const beijing = await regulatorAt('110000', 'provincial');
    const haidian = await regulatorAt('110108', 'county');
    const changping = await regulatorAt('110114', 'county');
    const id = await alertIn('110114');

    // 海淀 is within 北京's area, but a 昌平 alert is not within 海淀's: it could not open what it is handed.
    expect((await haidian.http.get(`/api/risk/alerts/${id}`)).statusCode).toBe(404);
    const refused = await beijing.http.post(`/api/risk/alerts/${id}/assign`, { assigneeId: haidian.userId, note: '请核查' });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'assigneeId' })]);
    expect(await alertRow(id)).toMatchObject({ status: 'open', assigneeId: null });
    expect((await beijing.http.get(`/api/risk/alerts/${id}`)).json().notes).toEqual([]);
    expect(await assignedNotices(haidian.userId)).toEqual([]);

    // A regulator of the alert's own district (or above it) takes it, and is told.
    const assigned = await beijing.http.post(`/api/risk/alerts/${id}/assign`, { assigneeId: changping.userId });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ status: 'assigned', assigneeId: changping.userId });
    expect((await changping.http.get(`/api/risk/alerts/${id}`)).statusCode).toBe(200);
    expect((await assignedNotices(changping.userId)).map((n) => n.link)).toEqual([`/risk/alerts/${id}`]);
  });

  it('the central level cannot hand a 丰台 alert to 上海, only to a regulator whose area holds it', async () => {
    const central = await regulatorAt('000000', 'central');
    const shanghai = await regulatorAt('310000', 'provincial');
    const beijing = await regulatorAt('110000', 'provincial');
    const id = await alertIn('110106');

    const refused = await central.http.post(`/api/risk/alerts/${id}/assign`, { assigneeId: shanghai.userId });
    expect(refused.statusCode).toBe(422);
    expect(JSON.stringify(refused.json())).toContain('assigneeId');
    expect(await alertRow(id)).toMatchObject({ status: 'open', assigneeId: null });
    expect(await assignedNotices(shanghai.userId)).toEqual([]);

    const assigned = await central.http.post(`/api/risk/alerts/${id}/assign`, { assigneeId: beijing.userId });
    expect(assigned.json()).toMatchObject({ status: 'assigned', assigneeId: beijing.userId });
    expect(await assignedNotices(beijing.userId)).toHaveLength(1);
  });

  it("counts alerts per rule only of the caller's jurisdiction, as its inbox lists them", async () => {
    const nanjing = await regulatorAt('320104', 'county');
    const beijing = await regulatorAt('110000', 'provincial');
    await alertIn('110114');
    await alertIn('320104');

    type RuleRow = { rule: RiskRule; totalCount: number; openCount: number };
    const counts = async (who: Actor) => (await who.http.get('/api/risk/rules')).json() as RuleRow[];
    const listed = async (who: Actor, query: string) => (await who.http.get(`/api/risk/alerts?${query}&pageSize=1`)).json().total as number;

    const mine = await counts(nanjing);
    expect(mine.find((r) => r.rule === 'missed_deadline')).toMatchObject({ totalCount: 1, openCount: 1 });
    for (const r of mine) {
      expect({ rule: r.rule, total: r.totalCount }).toEqual({ rule: r.rule, total: await listed(nanjing, `rule=${r.rule}`) });
      const open = (await listed(nanjing, `rule=${r.rule}&status=open`)) + (await listed(nanjing, `rule=${r.rule}&status=assigned`));
      expect({ rule: r.rule, open: r.openCount }).toEqual({ rule: r.rule, open });
    }
    expect(mine.reduce((n, r) => n + r.totalCount, 0)).toBe(await listed(nanjing, 'page=1'));
    // 北京 counts its own alert of the rule.
    expect((await counts(beijing)).find((r) => r.rule === 'missed_deadline')!.totalCount).toBeGreaterThanOrEqual(1);
  });
});
