import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestContext, login, type TestContext } from '../helpers/context.ts';
import { actor, createBudgetLine, createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';
import { quotationRequirement } from '../helpers/procurement.ts';

/**
 * The audit log an administrator reads (#21 item 8): each entry with the names it is worded by (who, for
 * which organization, which thing by its number, how much), filtered on the server by person,
 * organization, action, thing and Asia/Shanghai day, exported as CSV; only admins read it. The entries
 * are made the way people make them: logging in, placing an order, posting a quotation, quoting.
 */
let ctx: TestContext;
let admin: Actor;
let center: Actor;
const token = `al${randomBytes(3).toString('hex')}`;
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;

interface Entry {
  seq: number;
  occurredAt: string;
  summary: string;
  actorUserId: string | null;
  actorName: string | null;
  actorOrgId: string | null;
  organizationName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  entityLabel: string | null;
  entityTitle: string | null;
  entityRefId: string | null;
  amountFen: number | null;
  sealed: boolean;
}
interface Page {
  items: Entry[];
  total: number;
}

const log = async (query: string) => {
  const res = await admin.http.get(`/api/admin/audit?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Page>();
};
/** The Asia/Shanghai calendar day of a UTC instant, and the days either side. */
const shanghaiDay = (iso: string, plusDays = 0) =>
  new Date(Date.parse(iso) + 8 * 3600_000 + plusDays * 86_400_000).toISOString().slice(0, 10);

let purchaser: { id: string; name: string; orgId: string; orgName: string; http: ReturnType<typeof client> };
let order: { id: string; orderNo: string; totalFen: number };
let quotation: { id: string; quotationNo: string; title: string };
let supplier: { id: string; name: string; http: ReturnType<typeof client> };

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.database.db;
  admin = await actor(ctx.app, db, 'admin');
  center = await actor(ctx.app, db, 'center_staff');

  // A product on the shelf: the center's standard product, a supplier's listing under an agreement.
  const product = await center.http.post('/api/products', {
    categoryCode: 'A020206',
    brand: `${token}牌`,
    model: `S-${token}`,
    name: `${token} 碎纸机`,
    specs: {},
  });
  expect(product.statusCode, product.body).toBe(201);
  const seller = await createOrg(db, 'supplier', { sizeClass: 'small' });
  const sellerUser = await createUser(db, seller.id, ['supplier']);
  const sellerHttp = client(ctx.app, await login(ctx.app, sellerUser.username, TEST_PASSWORD));
  const agreement = await center.http.post('/api/agreements', {
    code: `XY-${randomBytes(4).toString('hex')}`,
    title: '协议供货',
    supplierId: seller.id,
    categoryCodes: ['A02'],
    startsOn: today,
    endsOn: nextYear,
  });
  expect(agreement.statusCode, agreement.body).toBe(201);
  const listing = await sellerHttp.post('/api/listings', {
    productId: product.json().id,
    priceFen: 130_060,
    stock: 100,
    deliveryRegions: ['000000'],
    leadTimeDays: 3,
    certificates: [],
  });
  expect(listing.statusCode, listing.body).toBe(201);
  await sellerHttp.post(`/api/listings/${listing.json().id}/submit`, {});
  expect((await center.http.post(`/api/listings/${listing.json().id}/approve`, {})).statusCode).toBe(200);

  // The person whose steps the log is filtered by: a purchaser of a unit with a budget line, logging in.
  const unit = await createOrg(db, 'purchasing_unit', { name: `${token}审计测试单位`, approvalThresholdFen: 100_000_000 });
  const line = await createBudgetLine(db, unit.id, 10_000_000);
  const name = `${token}张晓明`;
  const user = await createUser(db, unit.id, ['purchaser'], { displayName: name });
  const http = client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
  purchaser = { id: user.id, name, orgId: unit.id, orgName: unit.name, http };

  // 张晓明 places an order of ten at ¥1,300.60: ¥13,006.00.
  expect((await http.post('/api/cart/items', { listingId: listing.json().id, quantity: 10 })).statusCode).toBeLessThan(300);
  const checkout = await http.post(
    '/api/orders/checkout',
    { budgetLineId: line.id, deliveryAddress: '北京市海淀区中关村大街 1 号', contactName: name, contactPhone: '010-62345678' },
    { 'idempotency-key': `ck-${randomUUID()}` },
  );
  expect(checkout.statusCode, checkout.body).toBe(201);
  const placed = checkout.json<{ orders: { id: string; orderNo: string; totalFen: number }[] }>().orders[0]!;
  order = { id: placed.id, orderNo: placed.orderNo, totalFen: placed.totalFen };

  // … and posts an online quotation, to which a supplier quotes (sealed until its deadline).
  const posted = await http.post('/api/quotations', quotationRequirement(token, line.id));
  expect(posted.statusCode, posted.body).toBe(201);
  quotation = posted.json();
  const bidderOrg = await createOrg(db, 'supplier', { sizeClass: 'medium' });
  const bidderName = `${token}报价人`;
  const bidder = await createUser(db, bidderOrg.id, ['supplier'], { displayName: bidderName });
  const bidderHttp = client(ctx.app, await login(ctx.app, bidder.username, TEST_PASSWORD));
  const quoted = await bidderHttp.send('PUT', `/api/quotations/${quotation.id}/quote`, {
    unitPriceFen: 500_000,
    brand: '自有',
    model: '运维服务包',
    deliveryDays: 7,
    smeDeclared: false,
  });
  expect(quoted.statusCode, quoted.body).toBe(200);
  supplier = { id: bidder.id, name: bidderName, http: bidderHttp };
}, 120_000);
afterAll(() => ctx.close());

describe('the audit log in words', () => {
  it("filters by person (a name's part, or the user): the person's entries, newest first, each with the names it is worded by", async () => {
    const byName = await log(`person=${encodeURIComponent(purchaser.name.slice(2))}&pageSize=50`);
    expect(byName.items.map((e) => e.action)).toEqual(['quotation.post', 'order.place', 'auth.login']);
    expect(byName.total).toBe(3);
    expect(byName.items.every((e) => e.actorUserId === purchaser.id && e.actorName === purchaser.name)).toBe(true);
    expect(byName.items[0]!.seq).toBeGreaterThan(byName.items[2]!.seq);

    const placed = byName.items.find((e) => e.action === 'order.place')!;
    expect(placed).toMatchObject({
      organizationName: purchaser.orgName,
      actorOrgId: purchaser.orgId,
      entityType: 'order',
      entityId: order.id,
      entityLabel: order.orderNo,
      entityTitle: null,
      amountFen: 1_300_600,
      sealed: false,
    });
    expect(order.totalFen).toBe(1_300_600);
    expect(placed.summary).toBe(`${purchaser.name}（${purchaser.orgName}）提交订单 ${order.orderNo}，金额 ¥13,006.00`);

    const posted = byName.items.find((e) => e.action === 'quotation.post')!;
    expect(posted).toMatchObject({ entityLabel: quotation.quotationNo, entityTitle: quotation.title, amountFen: 6_000_000 });
    expect(posted.summary).toContain(`发布网上竞价 ${quotation.quotationNo}「${quotation.title}」，金额 ¥60,000.00`);

    const login = byName.items.find((e) => e.action === 'auth.login')!;
    expect(login).toMatchObject({ entityType: 'user', entityId: purchaser.id, entityLabel: purchaser.name, amountFen: null });
    expect(login.summary).toBe(`${purchaser.name}（${purchaser.orgName}）登录平台`);

    // The user by id, and the organization, give the same entries; a multi-action filter narrows them.
    expect((await log(`actorUserId=${purchaser.id}`)).items.map((e) => e.seq)).toEqual(byName.items.map((e) => e.seq));
    expect((await log(`organizationId=${purchaser.orgId}`)).items.map((e) => e.seq)).toEqual(byName.items.map((e) => e.seq));
    const two = await log(`actorUserId=${purchaser.id}&action=order.place&action=auth.login`);
    expect(two.items.map((e) => e.action)).toEqual(['order.place', 'auth.login']);
    expect((await log(`actorUserId=${purchaser.id}&action=order.place`)).items.map((e) => e.action)).toEqual(['order.place']);
    // The thing: every entry about the order, whoever made it.
    const about = await log(`entityType=order&entityId=${order.id}`);
    expect(about.items.map((e) => e.action)).toEqual(['order.place']);
  });

  it('filters by Asia/Shanghai day: the day of the entries holds them, the days either side do not', async () => {
    const placed = (await log(`actorUserId=${purchaser.id}&action=order.place`)).items[0]!;
    const day = shanghaiDay(placed.occurredAt);
    const same = await log(`actorUserId=${purchaser.id}&from=${day}&to=${day}`);
    expect(same.items.map((e) => e.action)).toContain('order.place');
    expect(same.total).toBe(3);
    expect((await log(`actorUserId=${purchaser.id}&from=${shanghaiDay(placed.occurredAt, 1)}`)).total).toBe(0);
    expect((await log(`actorUserId=${purchaser.id}&to=${shanghaiDay(placed.occurredAt, -1)}`)).total).toBe(0);
    // The day boundary is Beijing midnight, not UTC's: an entry at 00:30 Beijing is on that Beijing day.
    const boundary = await ctx.database.db.execute<{ inside: boolean; before: boolean }>(
      sql`select '2026-05-01T16:30:00Z'::timestamptz >= ('2026-05-02'::date)::timestamp at time zone 'Asia/Shanghai' as inside,
                 '2026-05-01T15:59:59Z'::timestamptz < ('2026-05-02'::date)::timestamp at time zone 'Asia/Shanghai' as before`,
    );
    expect(boundary.rows[0]).toEqual({ inside: true, before: true });
  });

  it('a submission still sealed is shown withheld and matches no filter on who made it or on which process', async () => {
    // Unfiltered, the quote shows, but neither who quoted nor where.
    const recent = await log('action=quotation.quote&pageSize=200');
    const withheld = recent.items.filter((e) => e.sealed);
    expect(withheld.length).toBeGreaterThan(0);
    expect(withheld.every((e) => e.actorUserId === null && e.organizationName === null && e.entityLabel === null)).toBe(true);
    expect(withheld[0]!.summary).toBe('某供应商对网上竞价（开标前不公开）报价');
    // Filtered by the bidder, or by the quotation, the quote is not there at all (nor counted).
    expect((await log(`actorUserId=${supplier.id}&action=quotation.quote`)).total).toBe(0);
    expect((await log(`person=${encodeURIComponent(supplier.name)}`)).items.map((e) => e.action)).toEqual(['auth.login']);
    const process = await log(`entityType=quotation&entityId=${quotation.id}`);
    expect(process.items.map((e) => e.action)).toEqual(['quotation.post']);
  });

  it('withholds, until the deadline, anything a supplier did on a sealed process: a withdrawn quote names nobody and matches no filter on who or where', async () => {
    const otherOrg = await createOrg(ctx.database.db, 'supplier', { sizeClass: 'small' });
    const otherName = `${token}撤回人`;
    const other = await createUser(ctx.database.db, otherOrg.id, ['supplier'], { displayName: otherName });
    const otherHttp = client(ctx.app, await login(ctx.app, other.username, TEST_PASSWORD));
    const quoteBody = { unitPriceFen: 510_000, brand: '自有', model: '运维服务包', deliveryDays: 7, smeDeclared: false };
    expect((await otherHttp.send('PUT', `/api/quotations/${quotation.id}/quote`, quoteBody)).statusCode).toBe(200);
    const withdrawn = await otherHttp.send('DELETE', `/api/quotations/${quotation.id}/quote`);
    expect(withdrawn.statusCode, withdrawn.body).toBeLessThan(300);
    const recent = await log('action=quotation.withdraw&pageSize=200');
    const mine = recent.items.filter((e) => e.sealed);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.actorUserId === null && e.organizationName === null && e.entityLabel === null)).toBe(true);
    expect(mine.every((e) => e.summary.startsWith('某供应商') && !e.summary.includes(otherName))).toBe(true);
    expect(recent.items.some((e) => e.summary.includes(otherName) || e.summary.includes(otherOrg.name))).toBe(false);
    // Neither who withdrew nor the quotation finds it.
    expect((await log(`person=${encodeURIComponent(otherName)}`)).items.map((e) => e.action)).toEqual(['auth.login']);
    expect((await log(`organizationId=${otherOrg.id}`)).items.map((e) => e.action)).toEqual(['auth.login']);
    expect((await log(`entityType=quotation&entityId=${quotation.id}`)).items.map((e) => e.action)).toEqual(['quotation.post']);
  });

  it('exports the filtered log as CSV through GET /api/export, in words with Chinese headings', async () => {
    const path = `/api/admin/audit?actorUserId=${purchaser.id}&action=order.place&action=auth.login`;
    const res = await admin.http.get(`/api/export?path=${encodeURIComponent(path)}&format=csv&filename=${encodeURIComponent('审计日志')}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('csv');
    const [header, ...rows] = res.body
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter((l) => l !== '');
    expect(header!.split(',')).toEqual(
      expect.arrayContaining(['序号', '发生时间', '摘要', '操作人', '单位', '操作', '对象类型', '对象', '金额（元）', '哈希']),
    );
    // Ids stay out of the file: people read it.
    expect(header).not.toMatch(/Id\b/);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(`${purchaser.name}（${purchaser.orgName}）提交订单 ${order.orderNo}，金额 ¥13,006.00`);
    expect(rows[0]).toContain('13006.00');
    expect(rows[1]).toContain(`${purchaser.name}（${purchaser.orgName}）登录平台`);
  });

  it('refuses a bad filter with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['from=2026-13-01', 'from'],
      ['to=2026-02-30', 'to'],
      ['from=2026-05-03&to=2026-05-01', 'to'],
      ['action=order.place&action=order.teleport', 'action'],
      ['action=nope', 'action'],
      ['entityType=spaceship', 'entityType'],
      ['organizationId=not-a-uuid', 'organizationId'],
      ['actorUserId=42', 'actorUserId'],
      [`person=${'x'.repeat(51)}`, 'person'],
      ['pageSize=1000', 'pageSize'],
    ];
    for (const [query, field] of cases) {
      const res = await admin.http.get(`/api/admin/audit?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(
        res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field.split('.')[0]),
        query,
      ).toContain(field);
    }
  });

  it('is for admins only: other roles get 403, for the list and for its export', async () => {
    for (const role of ['purchaser', 'regulator', 'center_staff', 'supplier'] as const) {
      const someone = role === 'center_staff' ? center : await actor(ctx.app, ctx.database.db, role);
      expect((await someone.http.get('/api/admin/audit')).statusCode, role).toBe(403);
      const exported = await someone.http.get(`/api/export?path=${encodeURIComponent(`/api/admin/audit?actorUserId=${purchaser.id}`)}`);
      expect(exported.statusCode, role).toBe(403);
    }
    expect((await purchaser.http.get(`/api/admin/audit?actorUserId=${purchaser.id}`)).statusCode).toBe(403);
    expect((await client(ctx.app, null).get('/api/admin/audit')).statusCode).toBe(401);
  });
});
