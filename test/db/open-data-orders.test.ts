import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillReleases } from '../../server/modules/ocds/ocds.service.ts';
import { client, createTestContext, login, type TestContext } from '../helpers/context.ts';
import { actor, createBudgetLine, createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';
import { errorsOf, validateRecordPackage, validateRelease, validateReleasePackage } from '../helpers/ocds.ts';

/**
 * Open data of e-mall orders driven through the order routes: what an approval decides (an order the
 * approver returns, or the unit cancels before approving, never was a contract and is never published;
 * an approved one is awarded when approved), and a refusal at delivery acceptance (验收不合格) ending the
 * published contract while the releases already written stay as they were.
 */
let ctx: TestContext;
let center: Actor;
const token = `od${randomBytes(3).toString('hex')}`;
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;

type Rel = { id: string; date: string; tag: string[]; [k: string]: unknown };

beforeAll(async () => {
  ctx = await createTestContext();
  center = await actor(ctx.app, ctx.database.db, 'center_staff');
});
afterAll(() => ctx.close());

const pub = () => client(ctx.app, null);

/** A supplier selling one product (a shredder, 品目 A020206) at a price, under an agreement, approved by the center. */
async function supplierSelling(priceFen: number) {
  const product = await center.http.post('/api/products', {
    categoryCode: 'A020206',
    brand: `${token}牌`,
    model: `S-${randomBytes(2).toString('hex')}`,
    name: `${token} 碎纸机`,
    specs: {},
  });
  expect(product.statusCode, product.body).toBe(201);
  const org = await createOrg(ctx.database.db, 'supplier', { sizeClass: 'small' });
  const user = await createUser(ctx.database.db, org.id, ['supplier']);
  const http = client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
  await center.http.post('/api/agreements', {
    code: `XY-${randomBytes(4).toString('hex')}`,
    title: '协议供货',
    supplierId: org.id,
    categoryCodes: ['A02'],
    startsOn: today,
    endsOn: nextYear,
  });
  const listing = (
    await http.post('/api/listings', {
      productId: product.json().id,
      priceFen,
      stock: 1000,
      deliveryRegions: ['000000'],
      leadTimeDays: 3,
      certificates: [],
    })
  ).json();
  await http.post(`/api/listings/${listing.id}/submit`, {});
  expect((await center.http.post(`/api/listings/${listing.id}/approve`, {})).statusCode).toBe(200);
  return { http, listingId: listing.id as string };
}

/** A purchasing unit whose orders above ¥500 need its approver, with a purchaser and an approver logged in. */
async function unit() {
  const org = await createOrg(ctx.database.db, 'purchasing_unit', { approvalThresholdFen: 50_000 });
  const line = await createBudgetLine(ctx.database.db, org.id, 100_000_000);
  const purchaser = await actor(ctx.app, ctx.database.db, 'purchaser', org.id);
  const approver = await actor(ctx.app, ctx.database.db, 'approver', org.id);
  return { line, purchaser, approver };
}

let seller: Awaited<ReturnType<typeof supplierSelling>>;
let buyer: Awaited<ReturnType<typeof unit>>;
beforeAll(async () => {
  seller = await supplierSelling(100_000);
  buyer = await unit();
});

/** One order through checkout: a shredder at ¥1,000 (above the unit's ¥500 threshold, so it waits for approval). */
async function order() {
  await buyer.purchaser.http.post('/api/cart/items', { listingId: seller.listingId, quantity: 1 });
  const res = await buyer.purchaser.http.post(
    '/api/orders/checkout',
    { budgetLineId: buyer.line.id, deliveryAddress: '北京市海淀区中关村大街 1 号', contactName: '张晓明', contactPhone: '010-62345678' },
    { 'idempotency-key': `ck-${randomUUID()}` },
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().orders[0] as { id: string; orderNo: string; status: string; createdAt: string };
}

async function releasesOf(id: string): Promise<Rel[]> {
  const res = await pub().get(`/api/ocds/orders/${id}/releases`);
  expect(res.statusCode, res.body).toBe(200);
  const pkg = res.json();
  expect(validateReleasePackage(pkg), errorsOf(validateReleasePackage)).toBe(true);
  for (const r of pkg.releases) expect(validateRelease(r), errorsOf(validateRelease)).toBe(true);
  return pkg.releases as Rel[];
}

async function compiledOf(id: string) {
  const res = await pub().get(`/api/ocds/orders/${id}/record`);
  expect(res.statusCode, res.body).toBe(200);
  const pkg = res.json();
  expect(validateRecordPackage(pkg), errorsOf(validateRecordPackage)).toBe(true);
  return pkg.records[0].compiledRelease as {
    tender: { status: string };
    awards: { date: string; status: string }[];
    contracts: { status: string; implementation?: { milestones?: { id: string; status: string }[] } }[];
  };
}

/** The order's entry in the public processes list (every page of orders), or undefined. */
async function listed(id: string) {
  for (let page = 1; ; page++) {
    const res = (await pub().get(`/api/ocds/processes?kind=order&pageSize=200&page=${page}`)).json();
    const hit = (res.items as { id: string; status: string; releasesUrl: string }[]).find((p) => p.id === id);
    if (hit || page * 200 >= res.total) return hit;
  }
}

/** What the store holds for the order's OCID, sequenced or still pending. */
async function storedCount(orderNo: string) {
  const ocid = `ocds-jc2026-${orderNo}`;
  const [row] = (
    await ctx.database.db.execute<{ n: number }>(sql`
      select (select count(*) from jicai.ocds_releases where ocid = ${ocid})::int
           + (select count(*) from jicai.ocds_pending where ocid = ${ocid})::int as n`)
  ).rows;
  return row!.n;
}

async function expectNeverPublished(o: { id: string; orderNo: string }) {
  expect((await pub().get(`/api/ocds/orders/${o.id}/releases`)).statusCode).toBe(404);
  expect((await pub().get(`/api/ocds/orders/${o.id}/record`)).statusCode).toBe(404);
  expect(await listed(o.id)).toBeUndefined();
  expect(await storedCount(o.orderNo)).toBe(0);
}

describe('e-mall orders and their approval in the open data', () => {
  it('never publishes an order its approver sends back: no release, no record, not in the processes, not backfilled', async () => {
    const o = await order();
    expect(o.status).toBe('pending_approval');
    const returned = await buyer.approver.http.post(`/api/orders/${o.id}/return`, { reason: '超出本季度配置计划' });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json().status).toBe('cancelled');
    await expectNeverPublished(o);
    // The backfill's search (the same list) does not take it for a process that lacks its releases.
    await backfillReleases(ctx.database.db);
    await expectNeverPublished(o);
  });

  it('never publishes an order its unit cancels while it awaits approval', async () => {
    const o = await order();
    const cancelled = await buyer.purchaser.http.post(`/api/orders/${o.id}/cancel`, { reason: '不再需要' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    await expectNeverPublished(o);
  });

  it('publishes an approved order from its approval: the placed release and the award dated by the decision, a later cancellation ends it', async () => {
    const o = await order();
    expect((await pub().get(`/api/ocds/orders/${o.id}/releases`)).statusCode).toBe(404);
    const approved = await buyer.approver.http.post(`/api/orders/${o.id}/approve`, { reason: '同意' });
    expect(approved.statusCode, approved.body).toBe(200);
    const { decidedAt, createdAt } = approved.json() as { decidedAt: string; createdAt: string };
    expect(new Date(decidedAt).getTime()).toBeGreaterThan(new Date(createdAt).getTime());
    const [placed] = await releasesOf(o.id);
    expect(placed).toMatchObject({ id: `ocds-jc2026-${o.orderNo}-placed`, tag: ['tender', 'award', 'contract'], date: decidedAt });
    expect(placed!.awards).toEqual([expect.objectContaining({ status: 'active', date: decidedAt })]);
    expect(await listed(o.id)).toMatchObject({ status: 'placed' });

    // Approved, then cancelled by the unit before the supplier confirmed: the contract is cancelled, the award stays.
    const cancelled = await buyer.purchaser.http.post(`/api/orders/${o.id}/cancel`, { reason: '预算调整' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const after = await releasesOf(o.id);
    expect(after[0]).toEqual(placed);
    expect(after.map((r) => r.tag)).toEqual([['tender', 'award', 'contract'], ['contractTermination']]);
    expect((await compiledOf(o.id)).contracts[0]!.status).toBe('cancelled');
    expect(await listed(o.id)).toMatchObject({ status: 'cancelled' });
  });

  it('dates an order that needed no approval by its placing', async () => {
    const org = await createOrg(ctx.database.db, 'purchasing_unit', { approvalThresholdFen: 100_000_000 });
    const line = await createBudgetLine(ctx.database.db, org.id, 100_000_000);
    const purchaser = await actor(ctx.app, ctx.database.db, 'purchaser', org.id);
    await purchaser.http.post('/api/cart/items', { listingId: seller.listingId, quantity: 1 });
    const res = await purchaser.http.post(
      '/api/orders/checkout',
      { budgetLineId: line.id, deliveryAddress: '北京市西城区 2 号', contactName: '李华', contactPhone: '010-60000000' },
      { 'idempotency-key': `ck-${randomUUID()}` },
    );
    const placedOrder = res.json().orders[0] as { id: string; status: string; createdAt: string };
    expect(placedOrder.status).toBe('placed');
    const [placed] = await releasesOf(placedOrder.id);
    expect(placed!.date).toBe(placedOrder.createdAt);
    expect(placed!.awards).toEqual([expect.objectContaining({ date: placedOrder.createdAt })]);
  });
});

describe('an order refused at delivery acceptance (验收不合格)', () => {
  it('ends its contract with a contractTermination release, keeps the earlier releases as written, and stays listed', async () => {
    const o = await order();
    await buyer.approver.http.post(`/api/orders/${o.id}/approve`, { reason: '同意' });
    for (const step of ['confirm', 'ship', 'deliver'] as const)
      expect((await seller.http.post(`/api/orders/${o.id}/${step}`, {})).statusCode).toBe(200);
    const before = await releasesOf(o.id);
    expect(before.map((r) => r.tag)).toEqual([['tender', 'award', 'contract'], ['contractUpdate'], ['implementation']]);
    expect((await compiledOf(o.id)).contracts[0]!.status).toBe('active');

    const rejected = await buyer.purchaser.http.post(`/api/orders/${o.id}/reject`, { reason: '外观破损，型号不符' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json().status).toBe('rejected');

    const after = await releasesOf(o.id);
    // The releases written before stay byte for byte; the refusal is a new release.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(before.length + 1);
    const ended = after.at(-1)!;
    expect(ended).toMatchObject({ id: `ocds-jc2026-${o.orderNo}-rejected`, tag: ['contractTermination'] });
    expect(new Date(ended.date).getTime()).toBeGreaterThanOrEqual(new Date(before.at(-1)!.date).getTime());
    expect(ended.contracts).toEqual([expect.objectContaining({ id: o.orderNo, status: 'terminated' })]);
    const compiled = await compiledOf(o.id);
    expect(compiled.contracts[0]!.status).toBe('terminated');
    expect(compiled.contracts[0]!.implementation!.milestones).toEqual([
      expect.objectContaining({ id: `${o.orderNo}-delivery`, status: 'met' }),
      expect.objectContaining({ id: `${o.orderNo}-acceptance`, status: 'notMet' }),
    ]);
    // The award stays the award that was made; the process stays in the list, ended, with its record.
    expect(compiled.awards[0]!.status).toBe('active');
    expect(await listed(o.id)).toMatchObject({ status: 'rejected', releasesUrl: `/api/ocds/orders/${o.id}/releases` });
    // Recording again (any later change, or the backfill) adds nothing.
    await backfillReleases(ctx.database.db);
    expect(await releasesOf(o.id)).toEqual(after);
  });
});
