import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, auditPending } from '../../server/db/schema/index.ts';
import { client, login, type TestContext } from '../helpers/context.ts';
import { actor, createBudgetLine, createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';
import { goodsTender, procurementContext, publishTender, quotationRequirement } from '../helpers/procurement.ts';

/**
 * The process lists' filters and sorts (#21): orders, quotations and tenders by day (Asia/Shanghai), unit,
 * supplier, amount and text, sorted from an allow-list with ties broken by id; bad input is a 400 naming
 * the field; a regulator's unit filter never reaches past its jurisdiction. And 常用筛选: each user's own
 * named filters, checked against the list's filters. Every row is made through the API, named with this
 * file's token, and the unit of this file is fresh, so each count below is this file's own.
 */
let ctx: TestContext;
let center: Actor;
type Http = ReturnType<typeof client>;
const token = `lf${randomBytes(3).toString('hex')}`;
const beijingDay = (offsetDays = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + offsetDays * 86_400_000),
  );
const today = beijingDay();
const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;

/** 海淀's unit (this file's), 徐汇's unit, and the two suppliers selling to them. */
const haidian = {} as { unit: string; line: string; purchaser: Actor; approver: Actor };
const xuhui = {} as { unit: string; line: string; purchaser: Actor };
const suppliers = {} as Record<'a' | 'b', { org: string; name: string; http: Http; listing: string }>;
/** The 海淀 unit's orders as placed: A × 1, B × 2, A × 5, A × 1 again (the same total as the first). */
const placed: { id: string; orderNo: string; totalFen: number; supplier: 'a' | 'b' }[] = [];
const regulators = {} as Record<'haidian' | 'shanghai', Http>;

async function staffAt(regionCode: string, role: 'regulator'): Promise<Http> {
  const org = await createOrg(ctx.database.db, 'regulator', {
    regionCode,
    name: `${token}-${role}-${regionCode}-${randomUUID().slice(0, 6)}`,
  });
  const user = await createUser(ctx.database.db, org.id, [role]);
  return client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
}

/** A supplier with a framework agreement for A02 and an approved listing of this file's shredder at `priceFen`. */
async function supplierSelling(productId: string, priceFen: number) {
  const name = `${token}供应商${randomBytes(2).toString('hex')}有限公司`;
  const org = await createOrg(ctx.database.db, 'supplier', { sizeClass: 'small', name });
  const user = await createUser(ctx.database.db, org.id, ['supplier']);
  const http = client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
  const agreement = await center.http.post('/api/agreements', {
    code: `XY-${randomBytes(4).toString('hex')}`,
    title: '协议供货',
    supplierId: org.id,
    categoryCodes: ['A02'],
    startsOn: today,
    endsOn: nextYear,
  });
  expect(agreement.statusCode, agreement.body).toBe(201);
  const listing = await http.post('/api/listings', {
    productId,
    priceFen,
    stock: 1000,
    deliveryRegions: ['000000'],
    leadTimeDays: 3,
    certificates: [],
  });
  expect(listing.statusCode, listing.body).toBe(201);
  await http.post(`/api/listings/${listing.json().id}/submit`, {});
  expect((await center.http.post(`/api/listings/${listing.json().id}/approve`, {})).statusCode).toBe(200);
  return { org: org.id, name, http, listing: listing.json().id as string };
}

/** One checkout of one listing: the order it makes. */
async function order(purchaser: Actor, line: string, listingId: string, quantity: number) {
  expect((await purchaser.http.post('/api/cart/items', { listingId, quantity })).statusCode).toBeLessThan(300);
  const res = await purchaser.http.post(
    '/api/orders/checkout',
    { budgetLineId: line, deliveryAddress: '北京市海淀区中关村大街 1 号', contactName: '张晓明', contactPhone: '010-62345678' },
    { 'idempotency-key': `ck-${randomUUID()}` },
  );
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { orders: { id: string; orderNo: string; totalFen: number }[] }).orders[0]!;
}

beforeAll(async () => {
  ({ ctx, center } = await procurementContext());
  const db = ctx.database.db;
  const product = await center.http.post('/api/products', {
    categoryCode: 'A020206',
    brand: `${token}牌`,
    model: `LF-${token}`,
    name: `${token} 碎纸机`,
    specs: {},
  });
  expect(product.statusCode, product.body).toBe(201);
  suppliers.a = await supplierSelling(product.json().id, 80_000);
  suppliers.b = await supplierSelling(product.json().id, 120_000);

  const unit = await createOrg(db, 'purchasing_unit', { regionCode: '110108', name: `${token}海淀采购单位` });
  haidian.unit = unit.id;
  haidian.line = (await createBudgetLine(db, unit.id, 100_000_000)).id;
  haidian.purchaser = await actor(ctx.app, db, 'purchaser', unit.id);
  haidian.approver = await actor(ctx.app, db, 'approver', unit.id);
  for (const [s, quantity] of [
    ['a', 1],
    ['b', 2],
    ['a', 5],
    ['a', 1],
  ] as const) {
    const o = await order(haidian.purchaser, haidian.line, suppliers[s].listing, quantity);
    placed.push({ id: o.id, orderNo: o.orderNo, totalFen: o.totalFen, supplier: s });
  }

  const other = await createOrg(db, 'purchasing_unit', { regionCode: '310104', name: `${token}徐汇采购单位` });
  xuhui.unit = other.id;
  xuhui.line = (await createBudgetLine(db, other.id, 100_000_000)).id;
  xuhui.purchaser = await actor(ctx.app, db, 'purchaser', other.id);
  await order(xuhui.purchaser, xuhui.line, suppliers.a.listing, 3);

  regulators.haidian = await staffAt('110108', 'regulator');
  regulators.shanghai = await staffAt('310000', 'regulator');
}, 180_000);
afterAll(() => ctx.close());

type Page = { items: { id: string }[]; total: number };
async function ids(http: Http, url: string): Promise<string[]> {
  const res = await http.get(url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return (res.json() as Page).items.map((i) => i.id);
}
async function total(http: Http, url: string): Promise<number> {
  const res = await http.get(url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return (res.json() as Page).total;
}
/** The 400 for a query, with the fields it names. */
async function refused(http: Http, url: string): Promise<string[]> {
  const res = await http.get(url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
  expect(res.headers['content-type']).toContain('application/problem+json');
  // A malformed day breaks two of its rules (the form, and being a day): the field is named once here.
  return [...new Set((res.json() as { errors: { field: string }[] }).errors.map((e) => e.field))];
}
const byTotal = (dir: 1 | -1) =>
  [...placed].sort((x, y) => dir * (x.totalFen - y.totalFen) || dir * (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)).map((o) => o.id);

describe('order list filters and sorts', () => {
  it('filters the unit’s orders by day, supplier, amount and text, each only narrowing its own orders', async () => {
    const http = haidian.purchaser.http;
    expect(await total(http, '/api/orders')).toBe(4);
    expect(await total(http, `/api/orders?from=${today}&to=${today}`)).toBe(4);
    expect(await total(http, `/api/orders?to=${beijingDay(-1)}`)).toBe(0);
    expect(await total(http, `/api/orders?from=${beijingDay(1)}`)).toBe(0);
    expect(await total(http, `/api/orders?supplierId=${suppliers.a.org}`)).toBe(3);
    expect(await ids(http, `/api/orders?supplierId=${suppliers.b.org}`)).toEqual([placed[1]!.id]);
    expect(await total(http, '/api/orders?minFen=100000')).toBe(2);
    expect(await total(http, '/api/orders?maxFen=240000')).toBe(3);
    expect(await ids(http, '/api/orders?minFen=100000&maxFen=300000')).toEqual([placed[1]!.id]);
    expect(await ids(http, '/api/orders?minFen=80000&maxFen=80000&sort=createdAt')).toEqual([placed[0]!.id, placed[3]!.id]);
    expect(await ids(http, `/api/orders?q=${placed[2]!.orderNo}`)).toEqual([placed[2]!.id]);
    // The search reads the lines' titles too (the product's name).
    expect(await total(http, `/api/orders?q=${encodeURIComponent(`${token} 碎纸`)}`)).toBe(4);
    expect(await total(http, `/api/orders?organizationId=${haidian.unit}&status=placed`)).toBe(4);
    // Another unit named in the filter: nothing, never that unit's orders.
    expect(await total(http, `/api/orders?organizationId=${xuhui.unit}`)).toBe(0);
    // The same filters read by the unit's approver, and by a supplier for its own sales to this unit.
    expect(await total(haidian.approver.http, '/api/orders?minFen=100000')).toBe(2);
    expect(await total(suppliers.a.http, `/api/orders?organizationId=${haidian.unit}`)).toBe(3);
    expect(await total(suppliers.b.http, `/api/orders?organizationId=${xuhui.unit}`)).toBe(0);
  });

  it('sorts by the allow-list with ties broken by id, the same order page by page', async () => {
    const http = haidian.purchaser.http;
    expect(await ids(http, '/api/orders?sort=totalFen')).toEqual(byTotal(1));
    expect(await ids(http, '/api/orders?sort=-totalFen')).toEqual(byTotal(-1));
    expect(await ids(http, '/api/orders?sort=createdAt')).toEqual(placed.map((o) => o.id));
    expect(await ids(http, '/api/orders?sort=-createdAt')).toEqual(placed.map((o) => o.id).reverse());
    expect(await ids(http, '/api/orders')).toEqual(placed.map((o) => o.id).reverse());
    const paged: string[] = [];
    for (let page = 1; page <= 4; page++) paged.push(...(await ids(http, `/api/orders?sort=totalFen&pageSize=1&page=${page}`)));
    expect(paged).toEqual(byTotal(1));
  });

  it('answers bad filters with a 400 naming the field', async () => {
    const http = haidian.purchaser.http;
    expect(await refused(http, '/api/orders?from=2026-02-30')).toEqual(['from']);
    expect(await refused(http, '/api/orders?to=2026/05/01')).toEqual(['to']);
    expect(await refused(http, '/api/orders?from=2026-05-02&to=2026-05-01')).toEqual(['to']);
    expect(await refused(http, '/api/orders?minFen=abc')).toEqual(['minFen']);
    expect(await refused(http, '/api/orders?maxFen=1.5')).toEqual(['maxFen']);
    expect(await refused(http, '/api/orders?minFen=-1')).toEqual(['minFen']);
    expect(await refused(http, '/api/orders?minFen=500&maxFen=100')).toEqual(['maxFen']);
    expect(await refused(http, '/api/orders?sort=price')).toEqual(['sort']);
    expect(await refused(http, '/api/orders?sort=deadline')).toEqual(['sort']);
    expect(await refused(http, '/api/orders?organizationId=nope')).toEqual(['organizationId']);
    expect(await refused(http, '/api/orders?supplierId=nope')).toEqual(['supplierId']);
    expect(await refused(http, `/api/orders?q=${'长'.repeat(51)}`)).toEqual(['q']);
  });

  it("keeps a regulator's unit filter within its jurisdiction: another region's unit gives nothing", async () => {
    expect(await total(regulators.haidian, `/api/orders?organizationId=${haidian.unit}`)).toBe(4);
    expect(await ids(regulators.haidian, `/api/orders?organizationId=${haidian.unit}&sort=-totalFen`)).toEqual(byTotal(-1));
    expect(await total(regulators.haidian, `/api/orders?organizationId=${haidian.unit}&supplierId=${suppliers.b.org}`)).toBe(1);
    expect(await ids(regulators.haidian, `/api/orders?organizationId=${xuhui.unit}`)).toEqual([]);
    expect(await ids(regulators.shanghai, `/api/orders?organizationId=${haidian.unit}`)).toEqual([]);
    expect(await total(regulators.shanghai, `/api/orders?organizationId=${xuhui.unit}`)).toBe(1);
    // Nor does a supplier or a day filter widen it: 上海's regulator never sees 海淀's orders.
    const shanghai = await ids(regulators.shanghai, `/api/orders?supplierId=${suppliers.a.org}&from=${today}&pageSize=200`);
    expect(shanghai.filter((id) => placed.some((o) => o.id === id))).toEqual([]);
  });

  it('offers the suppliers of the caller’s own orders for the supplier filter', async () => {
    const names = async (http: Http, q = token) =>
      ((await http.get(`/api/orders/suppliers?q=${encodeURIComponent(q)}`)).json() as { items: { name: string }[] }).items.map(
        (s) => s.name,
      );
    expect(await names(haidian.purchaser.http)).toEqual([suppliers.a.name, suppliers.b.name].sort());
    expect(await names(xuhui.purchaser.http)).toEqual([suppliers.a.name]);
    expect(await names(regulators.shanghai)).toEqual([suppliers.a.name]);
    expect(await names(regulators.haidian)).toEqual([suppliers.a.name, suppliers.b.name].sort());
    expect((await suppliers.a.http.get('/api/orders/suppliers')).statusCode).toBe(403);
  });
});

describe('quotation list filters and sorts', () => {
  const posted: { id: string; ceilingFen: number; deadline: string }[] = [];
  beforeAll(async () => {
    for (const [ceilingFen, days, word] of [
      [1_000_000, 5, '绿化养护'],
      [3_000_000, 4, '机房运维'],
      [6_000_000, 7, '保洁服务'],
    ] as const) {
      const deadline = new Date(Date.now() + days * 86_400_000).toISOString();
      const res = await haidian.purchaser.http.post(
        '/api/quotations',
        quotationRequirement(token, haidian.line, { title: `${token} ${word}`, ceilingFen, deadline }),
      );
      expect(res.statusCode, res.body).toBe(201);
      posted.push({ id: res.json().id, ceilingFen, deadline });
    }
  });

  it('filters by day, unit, ceiling and text, and sorts by deadline and ceiling', async () => {
    const http = haidian.purchaser.http;
    expect(await total(http, '/api/quotations')).toBe(3);
    expect(await total(http, `/api/quotations?from=${today}&to=${today}`)).toBe(3);
    expect(await total(http, `/api/quotations?to=${beijingDay(-1)}`)).toBe(0);
    expect(await total(http, '/api/quotations?minFen=2000000')).toBe(2);
    expect(await ids(http, '/api/quotations?minFen=2000000&maxFen=4000000')).toEqual([posted[1]!.id]);
    expect(await ids(http, `/api/quotations?q=${encodeURIComponent('保洁')}`)).toEqual([posted[2]!.id]);
    expect(await ids(http, '/api/quotations?sort=deadline')).toEqual([posted[1]!.id, posted[0]!.id, posted[2]!.id]);
    expect(await ids(http, '/api/quotations?sort=-ceilingFen')).toEqual([posted[2]!.id, posted[1]!.id, posted[0]!.id]);
    expect(await ids(http, '/api/quotations?sort=createdAt')).toEqual(posted.map((p) => p.id));
    expect(await total(http, `/api/quotations?organizationId=${xuhui.unit}`)).toBe(0);
    // The public announcements take the same filters.
    expect(await ids(client(ctx.app, null), `/api/public/quotations?organizationId=${haidian.unit}&sort=ceilingFen`)).toEqual(
      posted.map((p) => p.id),
    );
    expect(await refused(http, '/api/quotations?sort=totalFen')).toEqual(['sort']);
    expect(await refused(http, '/api/quotations?from=2026-13-01')).toEqual(['from']);
    expect(await refused(http, '/api/quotations?minFen=9&maxFen=1')).toEqual(['maxFen']);
  });

  it("keeps a regulator's unit filter within its jurisdiction", async () => {
    expect(await total(regulators.haidian, `/api/quotations?organizationId=${haidian.unit}`)).toBe(3);
    expect(await ids(regulators.shanghai, `/api/quotations?organizationId=${haidian.unit}`)).toEqual([]);
    expect(await ids(regulators.shanghai, `/api/quotations?q=${token}&pageSize=200`)).toEqual([]);
  });
});

describe('tender list filters and sorts', () => {
  const tenders: { id: string; budgetFen: number }[] = [];
  beforeAll(async () => {
    const big = await publishTender(center, goodsTender(haidian.unit, `${token} 台式计算机采购`));
    const lot = (name: string, budgetFen: number) => ({
      name,
      budgetFen,
      items: [{ name, quantity: 10, unit: '台', specs: '标准' }],
      evaluationMethod: 'lowest_price',
      smeReserved: false,
      smeDeductionRate: '0.10',
      bidBondFen: 0,
    });
    const body = goodsTender(haidian.unit, `${token} 打印设备采购`, {
      deadline: new Date(Date.now() + 25 * 86_400_000).toISOString(),
    }) as Record<string, unknown>;
    const small = await publishTender(center, { ...body, lots: [lot('打印机', 30_000_000), lot('复印机', 20_000_000)] });
    tenders.push({ id: big.id, budgetFen: 300_000_000 }, { id: small.id, budgetFen: 50_000_000 });
  });

  it("filters by unit, day and the lots' budget summed, and sorts by budget and deadline", async () => {
    const http = center.http;
    const unit = `organizationId=${haidian.unit}`;
    expect(await total(http, `/api/tenders?${unit}`)).toBe(2);
    expect(await total(http, `/api/tenders?${unit}&from=${today}&to=${today}`)).toBe(2);
    expect(await total(http, `/api/tenders?${unit}&from=${beijingDay(1)}`)).toBe(0);
    expect(await ids(http, `/api/tenders?${unit}&minFen=100000000`)).toEqual([tenders[0]!.id]);
    expect(await ids(http, `/api/tenders?${unit}&maxFen=50000000`)).toEqual([tenders[1]!.id]);
    expect(await ids(http, `/api/tenders?${unit}&sort=budgetFen`)).toEqual([tenders[1]!.id, tenders[0]!.id]);
    expect(await ids(http, `/api/tenders?${unit}&sort=-deadline`)).toEqual([tenders[1]!.id, tenders[0]!.id]);
    expect(await ids(http, `/api/tenders?q=${encodeURIComponent(`${token} 打印`)}`)).toEqual([tenders[1]!.id]);
    // A purchaser reads announced tenders of any unit; the filter narrows to its own.
    expect(await ids(haidian.purchaser.http, `/api/tenders?${unit}&sort=createdAt`)).toEqual(tenders.map((t) => t.id));
    expect(await ids(client(ctx.app, null), `/api/public/tenders?${unit}&sort=-budgetFen`)).toEqual(tenders.map((t) => t.id));
    expect(await refused(http, '/api/tenders?sort=ceilingFen')).toEqual(['sort']);
    expect(await refused(http, '/api/tenders?from=2026-05-02&to=2026-05-01&maxFen=x')).toEqual(expect.arrayContaining(['maxFen']));
  });

  it("keeps a regulator's unit filter within its jurisdiction", async () => {
    expect(await total(regulators.haidian, `/api/tenders?organizationId=${haidian.unit}`)).toBe(2);
    expect(await ids(regulators.shanghai, `/api/tenders?organizationId=${haidian.unit}`)).toEqual([]);
  });
});

describe('saved filters (常用筛选)', () => {
  const save = (http: Http, body: unknown) => http.post('/api/saved-filters', body);
  const listOf = async (http: Http, list: string) => {
    const res = await http.get(`/api/saved-filters?list=${list}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: { id: string; name: string; query: Record<string, unknown> }[] }).items;
  };

  it('saves, lists and deletes the caller’s own filters; another user neither sees nor deletes them', async () => {
    const me = haidian.purchaser.http;
    const created = await save(me, {
      list: 'orders',
      name: '本月大额',
      query: { from: today, minFen: '100000', sort: '-totalFen', q: '  ', status: 'placed' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const saved = created.json();
    // Stored as the list reads it: the amount a number, the empty search dropped.
    expect(saved).toMatchObject({
      list: 'orders',
      name: '本月大额',
      query: { from: today, minFen: 100000, sort: '-totalFen', status: 'placed' },
    });
    expect(saved.query).not.toHaveProperty('q');
    // What it filters is what the list gives for the same query.
    expect(await total(me, `/api/orders?from=${today}&minFen=100000&sort=-totalFen&status=placed`)).toBe(2);
    expect((await listOf(me, 'orders')).map((f) => f.id)).toEqual([saved.id]);
    expect(await listOf(me, 'tenders')).toEqual([]);

    const dup = await save(me, { list: 'orders', name: '本月大额', query: {} });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('name');

    // A colleague of the same unit, and another unit's purchaser: not theirs to see or delete.
    for (const other of [haidian.approver.http, xuhui.purchaser.http]) {
      expect(await listOf(other, 'orders')).toEqual([]);
      const res = await other.send('DELETE', `/api/saved-filters/${saved.id}`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await listOf(me, 'orders')).map((f) => f.id)).toEqual([saved.id]);

    const gone = await me.send('DELETE', `/api/saved-filters/${saved.id}`);
    expect(gone.statusCode).toBe(204);
    expect(await listOf(me, 'orders')).toEqual([]);
    expect((await me.send('DELETE', `/api/saved-filters/${saved.id}`)).statusCode).toBe(404);

    // Saving and deleting are audited, with the list and the name (pending or already chained: both read in
    // one snapshot, so an entry being chained meanwhile is seen once).
    const audited = () =>
      ctx.database.db.transaction(
        async (tx) => {
          const rows = [
            ...(await tx
              .select({ action: auditPending.action, data: auditPending.data })
              .from(auditPending)
              .where(eq(auditPending.entityId, saved.id))),
            ...(await tx
              .select({ action: auditEntries.action, data: auditEntries.data })
              .from(auditEntries)
              .where(eq(auditEntries.entityId, saved.id))),
          ];
          return rows.sort((a, b) => a.action.localeCompare(b.action));
        },
        { isolationLevel: 'repeatable read' },
      );
    expect(await audited()).toEqual([
      { action: 'saved_filter.create', data: expect.objectContaining({ list: 'orders', name: '本月大额' }) },
      { action: 'saved_filter.delete', data: { list: 'orders', name: '本月大额' } },
    ]);
  });

  it('refuses a query the list does not take, naming the field (400)', async () => {
    const me = haidian.purchaser.http;
    const fields = async (body: unknown) => {
      const res = await save(me, body);
      expect(res.statusCode, res.body).toBe(400);
      return (res.json() as { errors: { field: string }[] }).errors.map((e) => e.field);
    };
    expect(await fields({ list: 'orders', name: 'x', query: { minFen: 'abc' } })).toEqual(['query.minFen']);
    expect(await fields({ list: 'orders', name: 'x', query: { from: '2026-05-02', to: '2026-05-01' } })).toEqual(['query.to']);
    expect(await fields({ list: 'orders', name: 'x', query: { sort: 'deadline' } })).toEqual(['query.sort']);
    expect(await fields({ list: 'orders', name: 'x', query: { page: '2' } })).toEqual(['query.page']);
    expect(await fields({ list: 'quotations', name: 'x', query: { supplierId: suppliers.a.org } })).toEqual(['query.supplierId']);
    expect(await fields({ list: 'tenders', name: 'x', query: { status: 'shipped' } })).toEqual(['query.status']);
    expect(await fields({ list: 'assets', name: 'x', query: {} })).toEqual(['list']);
    expect(await fields({ list: 'orders', name: ' ', query: {} })).toEqual(['name']);
    expect((await me.get('/api/saved-filters')).statusCode).toBe(400);
    expect((await me.get('/api/saved-filters?list=assets')).json().errors[0].field).toBe('list');
    expect(await listOf(me, 'orders')).toEqual([]);
  });

  it('keeps at most 20 per list and user', async () => {
    const me = xuhui.purchaser.http;
    for (let i = 1; i <= 20; i++) {
      const res = await save(me, { list: 'quotations', name: `筛选${i}`, query: { minFen: i * 100 } });
      expect(res.statusCode, res.body).toBe(201);
    }
    const over = await save(me, { list: 'quotations', name: '第二十一个', query: {} });
    expect(over.statusCode).toBe(422);
    expect(over.json().errors[0].field).toBe('list');
    // Another list keeps its own twenty.
    expect((await save(me, { list: 'tenders', name: '招标', query: { sort: 'deadline' } })).statusCode).toBe(201);
    expect((await listOf(me, 'quotations')).map((f) => f.name)).toEqual(Array.from({ length: 20 }, (_, i) => `筛选${i + 1}`));
  });
});
