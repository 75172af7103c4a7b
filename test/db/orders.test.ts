import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetLines, cartItems, creditEvents, orders, type users } from '../../server/db/schema/index.ts';
import type { Role } from '../../server/db/schema/index.ts';
import { orderJobs } from '../../server/modules/orders/orders.service.ts';
import type { AuthContext } from '../../server/platform/auth.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { createServices } from '../../server/services.ts';
import { processors } from '../../workers/registry.ts';
import { client, createTestContext, login, type TestContext } from '../helpers/context.ts';
import { runDueJob, settled } from '../helpers/jobs.ts';
import { actor, createBudgetLine, createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';

let ctx: TestContext;
let services: ReturnType<typeof createServices>;
let center: Actor;
const token = `o${randomBytes(3).toString('hex')}`;
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;

async function productIn(category: string, model: string, specs: Record<string, string | number> = {}) {
  const res = await center.http.post('/api/products', {
    categoryCode: category,
    brand: `${token}牌`,
    model,
    name: `${token} ${model}`,
    specs,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function supplierSelling(
  productId: string,
  priceFen: number,
  opts: { certified?: boolean; stock?: number; regions?: string[] } = {},
) {
  const org = await createOrg(ctx.database.db, 'supplier', { sizeClass: 'small' });
  const user = await createUser(ctx.database.db, org.id, ['supplier']);
  const http = client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
  await center.http.post('/api/agreements', {
    code: `XY-${randomBytes(4).toString('hex')}`,
    title: '协议供货',
    supplierId: org.id,
    categoryCodes: ['A02', 'A05'],
    startsOn: today,
    endsOn: nextYear,
  });
  const certificates = opts.certified
    ? [{ kind: 'energy_saving', number: `CQC${randomBytes(3).toString('hex')}`, issuer: '中国质量认证中心', validUntil: nextYear }]
    : [];
  const listing = (
    await http.post('/api/listings', {
      productId,
      priceFen,
      stock: opts.stock ?? 1000,
      deliveryRegions: opts.regions ?? ['000000'],
      leadTimeDays: 3,
      certificates,
    })
  ).json();
  await http.post(`/api/listings/${listing.id}/submit`, {});
  expect((await center.http.post(`/api/listings/${listing.id}/approve`, {})).statusCode).toBe(200);
  return { org, http, listingId: listing.id as string };
}

/** A purchasing unit with one budget line and a logged-in purchaser and approver. */
async function unit(budgetFen: number, thresholdFen = 100_000_000) {
  const org = await createOrg(ctx.database.db, 'purchasing_unit', { approvalThresholdFen: thresholdFen });
  const line = await createBudgetLine(ctx.database.db, org.id, budgetFen);
  const purchaser = await actor(ctx.app, ctx.database.db, 'purchaser', org.id);
  const approver = await actor(ctx.app, ctx.database.db, 'approver', org.id);
  return { org, line, purchaser, approver };
}

type AppErrorLike = { status?: number; fields?: { field: string }[] };

const checkoutBody = (budgetLineId: string, extra: Record<string, unknown> = {}) => ({
  budgetLineId,
  deliveryAddress: '北京市海淀区中关村大街 1 号',
  contactName: '张晓明',
  contactPhone: '010-62345678',
  ...extra,
});
const key = () => `ck-${randomUUID()}`;
const freeOf = async (lineId: string) => {
  const [l] = await ctx.database.db.select().from(budgetLines).where(eq(budgetLines.id, lineId));
  return { free: l!.amountFen - l!.reservedFen - l!.spentFen, reserved: l!.reservedFen, spent: l!.spentFen };
};

beforeAll(async () => {
  ctx = await createTestContext();
  const search = postgresSearch(ctx.database.db);
  services = createServices({ config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search });
  await ctx.jobs.startWorkers(processors({ config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search }));
  center = await actor(ctx.app, ctx.database.db, 'center_staff');
});
afterAll(() => ctx.close());

describe('budget reservation', () => {
  it('lets exactly 20 of 50 concurrent orders through on a line with room for 20', async () => {
    const shredder = await productIn('A020206', `S-${token}`);
    const { listingId } = await supplierSelling(shredder, 100_000);
    const { org, line } = await unit(2_000_000);
    const buyers = await Promise.all(Array.from({ length: 50 }, () => createUser(ctx.database.db, org.id, ['purchaser'])));
    await ctx.database.db.insert(cartItems).values(buyers.map((u) => ({ organizationId: org.id, userId: u.id, listingId, quantity: 1 })));
    const auth = (u: typeof users.$inferSelect): AuthContext => ({
      userId: u.id,
      username: u.username,
      displayName: u.displayName,
      roles: u.roles as Role[],
      locale: 'zh-CN',
      orgId: org.id,
      orgName: org.name,
      orgKind: 'purchasing_unit',
      regionCode: org.regionCode,
      sessionIdHash: '',
      csrfToken: '',
    });
    const results = await Promise.allSettled(
      buyers.map((u) => services.orders.checkout(auth(u), { idempotencyKey: key(), ...checkoutBody(line.id) })),
    );
    const placed = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(placed).toHaveLength(20);
    expect(refused.every((r) => (r.reason as { status?: number }).status === 422)).toBe(true);
    expect(await freeOf(line.id)).toEqual({ free: 0, reserved: 2_000_000, spent: 0 });
    const rows = await ctx.database.db.select().from(orders).where(eq(orders.budgetLineId, line.id));
    expect(rows).toHaveLength(20);
  }, 120_000);

  it('takes the last units of stock once: of 6 concurrent checkouts on a listing with 3 left, 3 are placed and 3 refused with 409 naming the line, nothing partial', async () => {
    const chair = await productIn('A050103', `K-${token}`);
    const { listingId } = await supplierSelling(chair, 50_000, { stock: 3 });
    const { org, line } = await unit(10_000_000);
    const buyers = await Promise.all(Array.from({ length: 6 }, () => createUser(ctx.database.db, org.id, ['purchaser'])));
    await ctx.database.db.insert(cartItems).values(buyers.map((u) => ({ organizationId: org.id, userId: u.id, listingId, quantity: 1 })));
    const auth = (u: typeof users.$inferSelect): AuthContext => ({
      userId: u.id,
      username: u.username,
      displayName: u.displayName,
      roles: u.roles as Role[],
      locale: 'zh-CN',
      orgId: org.id,
      orgName: org.name,
      orgKind: 'purchasing_unit',
      regionCode: org.regionCode,
      sessionIdHash: '',
      csrfToken: '',
    });
    const results = await Promise.allSettled(
      buyers.map((u) => services.orders.checkout(auth(u), { idempotencyKey: key(), ...checkoutBody(line.id) })),
    );
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as AppErrorLike);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(refused).toHaveLength(3);
    // Each short one is refused as a conflict on its cart line, before or at the commit, and rolled back whole.
    for (const e of refused) {
      expect([409, 422]).toContain(e.status);
      expect(e.fields?.map((f) => f.field)).toEqual([`cart.${listingId}`]);
    }
    expect(await freeOf(line.id)).toEqual({ free: 10_000_000 - 150_000, reserved: 150_000, spent: 0 });
    expect(await ctx.database.db.select().from(orders).where(eq(orders.budgetLineId, line.id))).toHaveLength(3);
    const left = (await center.http.get(`/api/listings/${listingId}`)).json() as { stock: number };
    expect(left.stock).toBe(0);
    // The refused buyers keep their carts.
    const carts = await ctx.database.db.select().from(cartItems).where(eq(cartItems.listingId, listingId));
    expect(carts).toHaveLength(3);
  }, 120_000);

  it('returns the same orders for a retried checkout with the same Idempotency-Key', async () => {
    const product = await productIn('A020206', `I-${token}`);
    const { listingId } = await supplierSelling(product, 80_000);
    const { line, purchaser } = await unit(10_000_000);
    await purchaser.http.post('/api/cart/items', { listingId, quantity: 2 });
    const k = key();
    const [a, b] = await Promise.all([
      purchaser.http.post('/api/orders/checkout', checkoutBody(line.id), { 'idempotency-key': k }),
      purchaser.http.post('/api/orders/checkout', checkoutBody(line.id), { 'idempotency-key': k }),
    ]);
    expect(a.statusCode, a.body).toBe(201);
    expect(b.statusCode, b.body).toBe(201);
    expect(b.json().orders.map((o: { id: string }) => o.id)).toEqual(a.json().orders.map((o: { id: string }) => o.id));
    expect((await freeOf(line.id)).reserved).toBe(160_000);
    const missing = await purchaser.http.post('/api/orders/checkout', checkoutBody(line.id));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0]).toMatchObject({
      field: 'idempotency-key',
      in: 'headers',
      message: '请在请求头 Idempotency-Key 中给出本次下单的唯一编号',
    });
  });

  it('gives each supplier its order, each with its own number, in one checkout', async () => {
    const a = await supplierSelling(await productIn('A020206', `TWA-${token}`), 80_000);
    const b = await supplierSelling(await productIn('A020206', `TWB-${token}`), 90_000);
    const { line, purchaser } = await unit(10_000_000);
    await purchaser.http.post('/api/cart/items', { listingId: a.listingId, quantity: 1 });
    await purchaser.http.post('/api/cart/items', { listingId: b.listingId, quantity: 2 });
    const placed = await purchaser.http.post('/api/orders/checkout', checkoutBody(line.id), { 'idempotency-key': key() });
    expect(placed.statusCode, placed.body).toBe(201);
    const made = placed.json().orders as { orderNo: string; totalFen: number }[];
    expect(made.map((o) => o.totalFen)).toEqual([80_000, 180_000]);
    expect(new Set(made.map((o) => o.orderNo)).size).toBe(2);
    for (const o of made) expect(o.orderNo).toMatch(/^JC\d{8}\d{6,}$/);
  });

  it('takes a refused checkout sent again with the same key once the refusal is gone', async () => {
    const product = await productIn('A020206', `RT-${token}`);
    const { listingId } = await supplierSelling(product, 80_000);
    const { line, purchaser } = await unit(10_000_000);
    await purchaser.http.post('/api/cart/items', { listingId, quantity: 1 });
    await ctx.database.db
      .update(budgetLines)
      .set({ spentFen: 10_000_000 - 100 })
      .where(eq(budgetLines.id, line.id));
    const k = key();
    const refused = await purchaser.http.post('/api/orders/checkout', checkoutBody(line.id), { 'idempotency-key': k });
    expect(refused.statusCode, refused.body).toBe(422);
    await ctx.database.db.update(budgetLines).set({ spentFen: 0 }).where(eq(budgetLines.id, line.id));
    const placed = await purchaser.http.post('/api/orders/checkout', checkoutBody(line.id), { 'idempotency-key': k });
    expect(placed.statusCode, placed.body).toBe(201);
  });

  it('turns one cart into one checkout however many are sent at once with different keys', async () => {
    const product = await productIn('A020206', `C-${token}`);
    const { listingId } = await supplierSelling(product, 80_000);
    const { line, purchaser } = await unit(10_000_000);
    await purchaser.http.post('/api/cart/items', { listingId, quantity: 1 });
    const answers = await Promise.all(
      [1, 2, 3].map(() => purchaser.http.post('/api/orders/checkout', checkoutBody(line.id), { 'idempotency-key': key() })),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 422, 422]);
    for (const a of answers.filter((x) => x.statusCode === 422)) expect(a.json().errors[0].field).toBe('cart');
    expect((await freeOf(line.id)).reserved).toBe(80_000);
  });
});

describe('立即购买: an order straight from an offer', () => {
  it('orders the items the request names and leaves the cart as it was; the page before it shows the findings', async () => {
    const product = await productIn('A020206', `BUY-${token}`);
    const { listingId } = await supplierSelling(product, 80_000, { stock: 5 });
    const other = await supplierSelling(await productIn('A050103', `BUYC-${token}`), 30_000);
    const { line, purchaser } = await unit(10_000_000);
    await purchaser.http.post('/api/cart/items', { listingId: other.listingId, quantity: 1 });
    const preview = await purchaser.http.get(`/api/cart/buy-now?listingId=${listingId}&quantity=2`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ totalFen: 160_000, items: [{ listingId, quantity: 2, lineTotalFen: 160_000 }] });
    const k = key();
    const body = checkoutBody(line.id, { items: [{ listingId, quantity: 2 }] });
    const [a, b] = await Promise.all([
      purchaser.http.post('/api/orders/checkout', body, { 'idempotency-key': k }),
      purchaser.http.post('/api/orders/checkout', body, { 'idempotency-key': k }),
    ]);
    expect(a.statusCode, a.body).toBe(201);
    expect(b.json().orders.map((o: { id: string }) => o.id)).toEqual(a.json().orders.map((o: { id: string }) => o.id));
    expect(a.json().orders).toMatchObject([{ totalFen: 160_000, lines: [{ listingId, quantity: 2 }] }]);
    expect((await freeOf(line.id)).reserved).toBe(160_000);
    // The cart still holds what was in it.
    expect((await purchaser.http.get('/api/cart')).json().items.map((i: { listingId: string }) => i.listingId)).toEqual([other.listingId]);
    // The same key with another request is refused, not answered with the first one's orders.
    const reused = await purchaser.http.post('/api/orders/checkout', checkoutBody(line.id, { items: [{ listingId, quantity: 1 }] }), {
      'idempotency-key': k,
    });
    expect(reused.statusCode, reused.body).toBe(409);
    expect(reused.json().errors[0]).toMatchObject({ field: 'idempotency-key', in: 'headers' });
    expect((await purchaser.http.post('/api/orders/checkout', checkoutBody(line.id), { 'idempotency-key': k })).statusCode).toBe(409);
    // A listing id in capitals is the same listing.
    const shouted = await purchaser.http.get(`/api/cart/buy-now?listingId=${listingId.toUpperCase()}&quantity=1`);
    expect(shouted.statusCode, shouted.body).toBe(200);
    // More than the stock left is refused on the item, before anything is written.
    const short = await purchaser.http.post('/api/orders/checkout', checkoutBody(line.id, { items: [{ listingId, quantity: 4 }] }), {
      'idempotency-key': key(),
    });
    expect(short.statusCode, short.body).toBe(422);
    expect(short.json().errors[0].field).toBe('items.0.listingId');
    expect((await freeOf(line.id)).reserved).toBe(160_000);
  });

  it('refuses an offer that does not deliver to the unit, and one purchase split over suppliers [rule:orders.delivery-region] [rule:orders.split-purchase]', async () => {
    const shredder = await productIn('A020206', `DR-${token}`);
    // The unit is in 海淀 (110108): an offer for 上海 only is not for it, one for 北京 is.
    const shanghaiOnly = await supplierSelling(shredder, 80_000, { regions: ['310000'] });
    const beijing = await supplierSelling(shredder, 80_000, { regions: ['110000'] });
    const { line, purchaser } = await unit(100_000_000);
    const checks = (await purchaser.http.get(`/api/products/${shredder}/offer-checks`)).json();
    const of = (id: string) => checks.offers.find((o: { listingId: string }) => o.listingId === id);
    expect(of(shanghaiOnly.listingId)).toMatchObject({ purchasable: false, findings: [{ code: 'stock', params: { variant: 'region' } }] });
    expect(of(beijing.listingId).purchasable).toBe(true);
    const far = await purchaser.http.post(
      '/api/orders/checkout',
      checkoutBody(line.id, { items: [{ listingId: shanghaiOnly.listingId, quantity: 1 }] }),
      {
        'idempotency-key': key(),
      },
    );
    expect(far.statusCode, far.body).toBe(422);
    expect(far.body).toContain('不向本单位所在地区配送');

    // ¥32,000 (40 × ¥800) from each of two suppliers is one ¥64,000 purchase of the 品目: over the ¥50,000 direct-order limit.
    const other = await supplierSelling(shredder, 80_000, { regions: ['000000'] });
    const split = await purchaser.http.post(
      '/api/orders/checkout',
      checkoutBody(line.id, {
        items: [
          { listingId: beijing.listingId, quantity: 40 },
          { listingId: other.listingId, quantity: 40 },
        ],
      }),
      { 'idempotency-key': key() },
    );
    expect(split.statusCode, split.body).toBe(422);
    expect(split.body).toContain('属拆分采购');
    expect((await freeOf(line.id)).reserved).toBe(0);
    // Within the limit, two suppliers in one checkout are two orders.
    const fine = await purchaser.http.post(
      '/api/orders/checkout',
      checkoutBody(line.id, {
        items: [
          { listingId: beijing.listingId, quantity: 20 },
          { listingId: other.listingId, quantity: 20 },
        ],
      }),
      { 'idempotency-key': key() },
    );
    expect(fine.statusCode, fine.body).toBe(201);
    expect(fine.json().orders).toHaveLength(2);
  });

  it("lets only the unit's area record a credit event naming the order, and only on its supplier", async () => {
    const product = await productIn('A020206', `REF-${token}`);
    const seller = await supplierSelling(product, 80_000);
    const bystander = await supplierSelling(await productIn('A020206', `REF2-${token}`), 80_000);
    const { line, purchaser } = await unit(10_000_000);
    const placed = await purchaser.http.post(
      '/api/orders/checkout',
      checkoutBody(line.id, { items: [{ listingId: seller.listingId, quantity: 1 }] }),
      {
        'idempotency-key': key(),
      },
    );
    expect(placed.statusCode, placed.body).toBe(201);
    const orderNo = placed.json().orders[0].orderNo as string;
    const event = (supplierId: string) => ({
      supplierId,
      source: 'late_delivery',
      severity: 'general',
      title: '逾期交货',
      description: '超过承诺交货期 5 日。',
      sourceRef: orderNo,
    });
    const shanghai = await actor(
      ctx.app,
      ctx.database.db,
      'regulator',
      (await createOrg(ctx.database.db, 'regulator', { regionCode: '310104' })).id,
    );
    for (const sourceRef of [orderNo, orderNo.toLowerCase(), `order:${placed.json().orders[0].id}`, `${orderNo}，逾期 5 日`]) {
      const elsewhere = await shanghai.http.post('/api/credit/events', { ...event(seller.org.id), sourceRef });
      expect(elsewhere.statusCode, sourceRef).toBe(422);
      expect(elsewhere.json().errors[0].field).toBe('sourceRef');
    }
    const beijing = await actor(ctx.app, ctx.database.db, 'regulator');
    expect((await beijing.http.post('/api/credit/events', event(bystander.org.id))).statusCode).toBe(422);
    expect((await beijing.http.post('/api/credit/events', event(seller.org.id))).statusCode).toBe(201);
  });

  it('names the item at fault: an unknown listing, a listing twice, a quantity out of range', async () => {
    const { line, purchaser } = await unit(10_000_000);
    const send = (items: unknown) =>
      purchaser.http.post('/api/orders/checkout', checkoutBody(line.id, { items }), { 'idempotency-key': key() });
    const unknown = await send([{ listingId: randomUUID(), quantity: 1 }]);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'items.0.listingId', message: '该报价不存在' });
    const id = randomUUID();
    const twice = await send([
      { listingId: id, quantity: 1 },
      { listingId: id, quantity: 2 },
    ]);
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors[0].field).toBe('items');
    for (const quantity of [0, 10_001, 1.5, '3']) {
      const bad = await send([{ listingId: id, quantity }]);
      expect(bad.statusCode, String(quantity)).toBe(400);
      expect(bad.json().errors[0].field).toBe('items.0.quantity');
    }
    expect((await send([])).json().errors[0].field).toBe('items');
    const preview = await purchaser.http.get(`/api/cart/buy-now?listingId=${id}&quantity=x`);
    expect(preview.statusCode).toBe(400);
    expect(preview.json().errors[0]).toMatchObject({ field: 'quantity', in: 'query' });
    const gone = await purchaser.http.get(`/api/cart/buy-now?listingId=${id}&quantity=1`);
    expect(gone.statusCode).toBe(422);
    expect(gone.json().errors[0]).toMatchObject({ field: 'listingId', in: 'query', message: '该报价不存在' });
    const many = await send(Array.from({ length: 50 }, () => ({ listingId: randomUUID(), quantity: 1 })));
    expect(many.statusCode).toBe(422);
    expect(many.json().errors).toHaveLength(50);
    expect(many.json().detail).toBe('该报价不存在');
    // A cart line added to again stays within the bound: 10,000 and then 1 more is refused on the quantity.
    const shredder = await productIn('A020206', `CAP-${token}`);
    const { listingId } = await supplierSelling(shredder, 10_000);
    expect((await purchaser.http.post('/api/cart/items', { listingId, quantity: 10_000 })).statusCode).toBe(200);
    const over = await purchaser.http.post('/api/cart/items', { listingId, quantity: 1 });
    expect(over.statusCode, over.body).toBe(422);
    expect(over.json().errors[0].field).toBe('quantity');
    const cart = (await purchaser.http.get('/api/cart')).json();
    expect(cart.items.find((i: { listingId: string }) => i.listingId === listingId).quantity).toBe(10_000);
    expect(await ctx.database.db.select().from(orders).where(eq(orders.budgetLineId, line.id))).toHaveLength(0);
  });
});

describe('policy checks at checkout', () => {
  it('needs an approver for a desktop over the allocation standard, with a reason [rule:orders.allocation-standard]', async () => {
    const desktop = await productIn('A02010104', `D-${token}`, { cpu: '龙芯3A6000', memoryGb: 16, storageGb: 512, os: '统信UOS' });
    const { listingId } = await supplierSelling(desktop, 560_000, { certified: true });
    const { line, purchaser, approver } = await unit(10_000_000);
    await purchaser.http.post('/api/cart/items', { listingId, quantity: 1 });
    const cart = (await purchaser.http.get('/api/cart')).json();
    expect(cart.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'over_standard',
          level: 'approval',
          basis: expect.stringContaining('财资〔2016〕27号'),
          params: expect.objectContaining({ priceFen: 560_000, categoryCode: 'A02010104', doc: 'allocationStandard' }),
        }),
      ]),
    );
    // The line names its 品目 in both languages (#21).
    expect(cart.items[0]).toMatchObject({ categoryCode: 'A02010104', categoryName: '台式计算机', categoryNameEn: 'Desktop computers' });
    const noReason = await purchaser.http.post('/api/orders/checkout', checkoutBody(line.id), { 'idempotency-key': key() });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0].field).toBe('overStandardReason');
    const placed = await purchaser.http.post(
      '/api/orders/checkout',
      checkoutBody(line.id, { overStandardReason: '图形工作站用途，需更高配置' }),
      { 'idempotency-key': key() },
    );
    const order = placed.json().orders[0];
    expect(order).toMatchObject({ status: 'pending_approval', needsApproval: true });
    expect(order.lines[0]).toMatchObject({ overStandard: true, unitPriceFen: 560_000, title: `${token} D-${token}` });
    expect((await purchaser.http.post(`/api/orders/${order.id}/approve`, {})).statusCode).toBe(403);
    const approved = await approver.http.post(`/api/orders/${order.id}/approve`, { reason: '同意' });
    expect(approved.json()).toMatchObject({ status: 'placed' });
    expect(approved.json().confirmDeadline).not.toBeNull();
  });

  it('keeps duties apart: a clerk who is also an approver cannot approve the order they placed; another approver can [rule:orders.duty-separation]', async () => {
    const shredder = await productIn('A020206', `SoD-${token}`);
    const { listingId } = await supplierSelling(shredder, 100_000);
    const { org, line, approver } = await unit(10_000_000, 50_000);
    const both = await createUser(ctx.database.db, org.id, ['purchaser', 'approver']);
    const clerk = client(ctx.app, await login(ctx.app, both.username, TEST_PASSWORD));
    await clerk.post('/api/cart/items', { listingId, quantity: 1 });
    const placed = await clerk.post('/api/orders/checkout', checkoutBody(line.id), { 'idempotency-key': key() });
    const order = placed.json().orders[0];
    expect(order).toMatchObject({ status: 'pending_approval' });
    // Over the unit's threshold: the reason is recorded as a finding too, with its amounts, to word in any language.
    expect(order.approvalReasons).toEqual(['订单金额 ¥1,000.00 超过本单位审批阈值 ¥500.00']);
    expect(order.findings).toContainEqual(
      expect.objectContaining({
        code: 'approval_threshold',
        level: 'approval',
        params: expect.objectContaining({ amountFen: 100_000, limitFen: 50_000 }),
      }),
    );
    const own = await clerk.post(`/api/orders/${order.id}/approve`, { reason: '同意' });
    expect(own.statusCode).toBe(422);
    expect(own.headers['content-type']).toContain('application/problem+json');
    expect(own.json().errors[0].message).toContain('不相容岗位分离');
    expect((await clerk.get(`/api/orders/${order.id}`)).json().status).toBe('pending_approval');
    const approved = await approver.http.post(`/api/orders/${order.id}/approve`, { reason: '同意' });
    expect(approved.json()).toMatchObject({ status: 'placed' });
  });

  it('refuses an uncertified listing in a mandatory-green category, and an order above the direct-order band [rule:orders.mandatory-green] [rule:orders.ordering-bands]', async () => {
    const laptop = await productIn('A02010105', `L-${token}`, { cpu: 'i5', memoryGb: 16, storageGb: 512, os: 'UOS', screenInch: 14 });
    const { listingId } = await supplierSelling(laptop, 600_000);
    const { line, purchaser } = await unit(100_000_000);
    await purchaser.http.post('/api/cart/items', { listingId, quantity: 1 });
    const green = await purchaser.http.post('/api/orders/checkout', checkoutBody(line.id), { 'idempotency-key': key() });
    expect(green.statusCode).toBe(422);
    expect(green.json().detail).toContain('强制采购');
    const shredder = await productIn('A020206', `B-${token}`);
    const s = await supplierSelling(shredder, 100_000);
    const other = await unit(100_000_000);
    await other.purchaser.http.post('/api/cart/items', { listingId: s.listingId, quantity: 60 });
    const band = await other.purchaser.http.post('/api/orders/checkout', checkoutBody(other.line.id), { 'idempotency-key': key() });
    expect(band.statusCode).toBe(422);
    expect(band.json().detail).toContain('网上竞价');
    expect((await freeOf(other.line.id)).reserved).toBe(0);
  });
});

describe('offers judged before the cart', () => {
  it('tells a buyer which offers of a product the cart would refuse and why, as the cart itself does [rule:orders.mandatory-green] [rule:orders.ordering-bands]', async () => {
    const laptop = await productIn('A02010105', `J-${token}`, { cpu: 'i5', memoryGb: 16, storageGb: 512, os: 'UOS', screenInch: 14 });
    const uncertified = await supplierSelling(laptop, 600_000);
    const certified = await supplierSelling(laptop, 610_000, { certified: true });
    const empty = await supplierSelling(laptop, 620_000, { certified: true, stock: 0 });
    const penalized = await supplierSelling(laptop, 630_000, { certified: true });
    const regulator = await actor(ctx.app, ctx.database.db, 'regulator');
    const event = await regulator.http.post('/api/credit/events', {
      supplierId: penalized.org.id,
      source: 'regulator_penalty',
      severity: 'major',
      title: '提供虚假材料谋取中标',
      description: '经调查，投标文件中的业绩合同系伪造。',
    });
    expect(event.statusCode, event.body).toBe(201);
    expect((await regulator.http.post(`/api/credit/events/${event.json().id}/confirm`, { reason: '调查属实' })).statusCode).toBe(200);
    const { purchaser } = await unit(100_000_000);

    const res = await purchaser.http.get(`/api/products/${laptop}/offer-checks`);
    expect(res.statusCode, res.body).toBe(200);
    const byListing = new Map(
      res
        .json()
        .offers.map((o: { listingId: string; purchasable: boolean; findings: { code: string; level: string; message: string }[] }) => [
          o.listingId,
          o,
        ]),
    ) as Map<string, { purchasable: boolean; findings: { code: string; level: string; message: string }[] }>;
    expect(byListing.size).toBe(4);
    const codes = (listingId: string) =>
      byListing
        .get(listingId)!
        .findings.filter((f) => f.level === 'block')
        .map((f) => f.code);
    expect(byListing.get(certified.listingId)).toMatchObject({ purchasable: true });
    expect(codes(certified.listingId)).toEqual([]);
    expect(byListing.get(uncertified.listingId)!.purchasable).toBe(false);
    expect(codes(uncertified.listingId)).toEqual(['green_mandatory']);
    expect(codes(empty.listingId)).toEqual(['stock']);
    expect(codes(penalized.listingId)).toEqual(['supplier_ineligible']);
    expect(byListing.get(penalized.listingId)!.findings[0]!.message).toContain('重大违法记录');

    // The cart words the same refusal for the same offer.
    const cart = (await purchaser.http.post('/api/cart/items', { listingId: uncertified.listingId, quantity: 1 })).json();
    const inCart = cart.findings.find(
      (f: { code: string; listingId?: string }) => f.code === 'green_mandatory' && f.listingId === uncertified.listingId,
    );
    expect(inCart.message).toBe(byListing.get(uncertified.listingId)!.findings[0]!.message);

    // One unit already above the direct-order limit (¥50,000): the e-mall cannot sell it, an online quotation can.
    const plotter = await productIn('A020206', `P-${token}`);
    const big = await supplierSelling(plotter, 6_000_000);
    const over = (await purchaser.http.get(`/api/products/${plotter}/offer-checks`)).json();
    expect(over.offers).toEqual([
      expect.objectContaining({
        listingId: big.listingId,
        purchasable: false,
        // The block first, then what would need approval (above the shredder's allocation standard).
        findings: [
          expect.objectContaining({ code: 'band_quotation', level: 'block', listingId: big.listingId }),
          expect.objectContaining({ code: 'over_standard', level: 'approval' }),
        ],
      }),
    ]);

    expect((await purchaser.http.get(`/api/products/${randomUUID()}/offer-checks`)).statusCode).toBe(404);
    expect((await certified.http.get(`/api/products/${laptop}/offer-checks`)).statusCode).toBe(403);
  });
});

describe('order lifecycle', () => {
  it('keeps orders to their buyer and supplier; acceptance spends the budget, rejection releases it', async () => {
    const product = await productIn('A020206', `A-${token}`);
    const seller = await supplierSelling(product, 50_000);
    const other = await supplierSelling(product, 51_000);
    const { line, purchaser } = await unit(1_000_000);
    const stranger = await unit(1_000_000);
    await purchaser.http.post('/api/cart/items', { listingId: seller.listingId, quantity: 2 });
    const order = (await purchaser.http.post('/api/orders/checkout', checkoutBody(line.id), { 'idempotency-key': key() })).json().orders[0];
    expect((await other.http.get(`/api/orders/${order.id}`)).statusCode).toBe(404);
    expect((await stranger.purchaser.http.get(`/api/orders/${order.id}`)).statusCode).toBe(404);
    expect((await other.http.get('/api/orders')).json().items.some((o: { id: string }) => o.id === order.id)).toBe(false);
    expect((await other.http.post(`/api/orders/${order.id}/confirm`, {})).statusCode).toBe(404);
    for (const step of ['confirm', 'ship', 'deliver'] as const)
      expect((await seller.http.post(`/api/orders/${order.id}/${step}`, {})).statusCode).toBe(200);
    expect((await seller.http.post(`/api/orders/${order.id}/accept`, { rating: 5 })).statusCode).toBe(403);
    const accepted = await purchaser.http.post(`/api/orders/${order.id}/accept`, { rating: 5 });
    expect(accepted.json().status).toBe('accepted');
    expect(await freeOf(line.id)).toEqual({ free: 900_000, reserved: 0, spent: 100_000 });

    await purchaser.http.post('/api/cart/items', { listingId: seller.listingId, quantity: 1 });
    const second = (await purchaser.http.post('/api/orders/checkout', checkoutBody(line.id), { 'idempotency-key': key() })).json()
      .orders[0];
    for (const step of ['confirm', 'ship', 'deliver'] as const) await seller.http.post(`/api/orders/${second.id}/${step}`, {});
    const rejected = await purchaser.http.post(`/api/orders/${second.id}/reject`, { reason: '外观破损，型号不符' });
    expect(rejected.json().status).toBe('rejected');
    expect(await freeOf(line.id)).toEqual({ free: 900_000, reserved: 0, spent: 100_000 });
    const pdf = await purchaser.http.get(`/api/orders/${order.id}/purchase-order.pdf`);
    expect(pdf.statusCode, pdf.body.slice(0, 300)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The Chinese font is embedded (text is drawn with it, so the PDF carries the font program).
    expect(pdf.rawPayload.toString('latin1')).toContain('NotoSansCJK');
    expect((await other.http.get(`/api/orders/${order.id}/purchase-order.pdf`)).statusCode).toBe(404);
    const xlsx = await purchaser.http.get('/api/orders/export.xlsx');
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]).toContain('订单编号');
    expect(rows.some((r) => r.includes(order.orderNo))).toBe(true);
    const history = (await purchaser.http.get(`/api/organizations/${purchaser.orgId}/budget-lines/${line.id}/movements`)).json();
    expect(history.items.map((m: { kind: string; amountFen: number }) => `${m.kind}:${m.amountFen}`)).toEqual([
      'release:50000',
      'reserve:50000',
      'spend:100000',
      'reserve:100000',
    ]);
    expect((await stranger.purchaser.http.get(`/api/organizations/${purchaser.orgId}/budget-lines/${line.id}/movements`)).statusCode).toBe(
      404,
    );
    const events = await ctx.database.db
      .select()
      .from(creditEvents)
      .where(and(eq(creditEvents.supplierId, seller.org.id), eq(creditEvents.source, 'order_rejection')));
    expect(events).toHaveLength(1);
  });

  it('tells each party of each step in its bell: the supplier of a new order and its deadline, the approver of an order to approve, the placer of every step', async () => {
    const product = await productIn('A020206', `N-${token}`);
    const seller = await supplierSelling(product, 60_000);
    const { line, purchaser, approver } = await unit(10_000_000, 100_000);
    const bell = async (who: { http: typeof purchaser.http }) =>
      (await who.http.get('/api/notifications?pageSize=100')).json().items as { kind: string; title: string; body: string; link: string }[];
    const kinds = async (who: { http: typeof purchaser.http }, orderNo: string) =>
      (await bell(who)).filter((n) => n.title.includes(orderNo)).map((n) => n.kind);

    await purchaser.http.post('/api/cart/items', { listingId: seller.listingId, quantity: 2 });
    const order = (await purchaser.http.post('/api/orders/checkout', checkoutBody(line.id), { 'idempotency-key': key() })).json().orders[0];
    expect(order.status).toBe('pending_approval');
    expect(await kinds(approver, order.orderNo)).toEqual(['order.approval']);
    expect(await kinds(seller, order.orderNo)).toEqual([]);
    await approver.http.post(`/api/orders/${order.id}/approve`, { reason: '同意' });
    const [placed] = (await bell(seller)).filter((n) => n.title.includes(order.orderNo));
    expect(placed).toMatchObject({ kind: 'order.placed', link: `/supplier/orders/${order.id}` });
    expect(placed!.body).toMatch(/请于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）前确认/);
    for (const step of ['confirm', 'ship', 'deliver'] as const)
      expect((await seller.http.post(`/api/orders/${order.id}/${step}`, {})).statusCode).toBe(200);
    await purchaser.http.post(`/api/orders/${order.id}/accept`, { rating: 5 });
    expect(await kinds(purchaser, order.orderNo)).toEqual(
      expect.arrayContaining(['order.approved', 'order.confirmed', 'order.shipped', 'order.delivered']),
    );
    expect(await kinds(seller, order.orderNo)).toEqual(expect.arrayContaining(['order.placed', 'order.accepted']));

    // Declined by the supplier: the placer is told with the reason; an order cancelled before approval never reaches the supplier.
    await purchaser.http.post('/api/cart/items', { listingId: seller.listingId, quantity: 1 });
    const small = (await purchaser.http.post('/api/orders/checkout', checkoutBody(line.id), { 'idempotency-key': key() })).json().orders[0];
    expect(small.status).toBe('placed');
    await seller.http.post(`/api/orders/${small.id}/decline`, { reason: '该型号已停产' });
    const declined = (await bell(purchaser)).find((n) => n.kind === 'order.declined' && n.title.includes(small.orderNo));
    expect(declined?.body).toContain('该型号已停产');
    await purchaser.http.post('/api/cart/items', { listingId: seller.listingId, quantity: 2 });
    const withdrawn = (await purchaser.http.post('/api/orders/checkout', checkoutBody(line.id), { 'idempotency-key': key() })).json()
      .orders[0];
    await purchaser.http.post(`/api/orders/${withdrawn.id}/cancel`, { reason: '需求变更' });
    expect(await kinds(seller, withdrawn.orderNo)).toEqual([]);
  });

  it('cancels an order not confirmed in time through the job, releasing the budget once [rule:orders.confirm-deadline]', async () => {
    const product = await productIn('A020206', `T-${token}`);
    const seller = await supplierSelling(product, 70_000);
    const { line, purchaser } = await unit(1_000_000);
    await purchaser.http.post('/api/cart/items', { listingId: seller.listingId, quantity: 1 });
    const order = (await purchaser.http.post('/api/orders/checkout', checkoutBody(line.id), { 'idempotency-key': key() })).json().orders[0];
    expect((await freeOf(line.id)).reserved).toBe(70_000);
    // The deadline passes: the confirmation timeout runs.
    const jobRow = await runDueJob(ctx, orderJobs.confirmTimeout, order.id);
    expect(jobRow, JSON.stringify(jobRow)).toMatchObject({ status: 'done' });
    expect((await purchaser.http.get(`/api/orders/${order.id}`)).json()).toMatchObject({ status: 'cancelled' });
    // The reconciler comes round again: once whatever it handed over has run, the budget was released once.
    await ctx.jobs.reconcile();
    await settled(ctx);
    expect(await freeOf(line.id)).toEqual({ free: 1_000_000, reserved: 0, spent: 0 });
    const late = await ctx.database.db
      .select()
      .from(creditEvents)
      .where(and(eq(creditEvents.supplierId, seller.org.id), eq(creditEvents.source, 'late_confirmation')));
    expect(late).toHaveLength(1);
    // The fact belongs to the unit's area: its regulator keeps it, another province's neither sees nor revokes it.
    expect(late[0]!.recordedByOrgId).toBe(purchaser.orgId);
    const far = await actor(
      ctx.app,
      ctx.database.db,
      'regulator',
      (await createOrg(ctx.database.db, 'regulator', { regionCode: '310000' })).id,
    );
    expect((await far.http.post(`/api/credit/events/${late[0]!.id}/revoke`, { reason: '越权撤销' })).statusCode).toBe(404);
    expect((await seller.http.post(`/api/orders/${order.id}/confirm`, {})).statusCode).toBe(409);
    const told = (await seller.http.get('/api/notifications?pageSize=100')).json().items as { kind: string; title: string }[];
    expect(told.filter((n) => n.title.includes(order.orderNo)).map((n) => n.kind)).toEqual(['order.expired', 'order.placed']);
    const buyer = (await purchaser.http.get('/api/notifications?pageSize=100')).json().items as { kind: string; title: string }[];
    expect(buyer.filter((n) => n.title.includes(order.orderNo)).map((n) => n.kind)).toEqual(['order.expired']);
  }, 60_000);
});
