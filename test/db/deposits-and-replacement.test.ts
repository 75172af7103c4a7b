import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assets, auctionRegistrations, auditEntries, orderLines, orders, policyValues } from '../../server/db/schema/index.ts';
import { auctionJobs } from '../../server/modules/auctions/auctions.service.ts';
import { signDepositCallback } from '../../server/modules/auctions/auctions.deposits.ts';
import { advanceClock, dbNow } from '../../server/platform/clock.ts';
import { shanghaiDate } from '../../server/platform/calendar.ts';
import { client, createTestContext, type TestContext } from '../helpers/context.ts';
import { actor, createBudgetLine, createOrg, type Actor } from '../helpers/factories.ts';
import { startJobWorkers } from '../helpers/jobs.ts';
import { ownDatabase } from '../helpers/own-database.ts';
import { passLotDeadline, registerWithDeposit, supplierClient } from '../helpers/procurement.ts';
import { sequenceAudit } from '../../server/platform/audit.ts';

/**
 * #16: auction deposits count only once their receipt is recorded (by center staff, or the bank's signed
 * callback), and their release, application and forfeiture move the same record; an e-mall line of a 品目
 * with a minimum years in use replaces one of the unit's own assets that has reached them. On a database of
 * this file's own, since the replacement moves the platform clock.
 */
const SECRET = randomBytes(24).toString('hex');
const token = `d${randomBytes(3).toString('hex')}`;
let own: Awaited<ReturnType<typeof ownDatabase>>;
let ctx: TestContext;
let center: Actor;

beforeAll(async () => {
  own = await ownDatabase('deposits');
  ctx = await createTestContext({ databaseUrl: own.url, env: { DEPOSIT_CALLBACK_SECRET: SECRET } });
  await startJobWorkers(ctx);
  center = await actor(ctx.app, ctx.database.db, 'center_staff');
}, 120_000);
afterAll(async () => {
  await ctx?.close();
  await own?.drop();
});

const db = () => ctx.database.db;
const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const assetBody = (categoryCode: string, acquiredOn: string, quantity = 1) => ({
  categoryCode,
  name: `${token} ${categoryCode} 在用资产`,
  description: '本单位在用资产',
  quantity,
  originalValueFen: 500_000,
  netValueFen: 100_000,
  acquiredOn,
  condition: 'good',
  location: '北京市西城区三里河路 1 号',
});

/** A live lot with a deposit of ¥2,000, for an asset a unit offered and nobody took. */
async function liveLot() {
  const owner = await actor(ctx.app, db(), 'purchaser');
  const asset = (await owner.http.post('/api/assets', assetBody('A02010104', '2018-03-01', 10))).json();
  await owner.http.post(`/api/assets/${asset.id}/offer`);
  await db()
    .update(assets)
    .set({ offeredUntil: sql`now() - interval '1 second'` })
    .where(eq(assets.id, asset.id));
  const res = await center.http.post('/api/auctions', {
    assetId: asset.id,
    title: `${token} 台式计算机 10 台`,
    viewingInfo: '工作日 9:00–17:00 于存放地点看样',
    appraisalFen: 1_000_000,
    startPriceFen: 500_000,
    reservePriceFen: 500_000,
    incrementFen: 10_000,
    depositFen: 200_000,
    startsAt: at(-1),
    endsAt: at(60),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const serverTime = async (lotId: string) => (await client(ctx.app, null).get(`/api/public/auctions/${lotId}`)).json().serverTime as string;
const regOf = async (id: string) => (await db().select().from(auctionRegistrations).where(eq(auctionRegistrations.id, id)))[0]!;

describe('auction deposits (保证金)', () => {
  it('[rule:auctions.deposit-before-bid] [rule:auctions.deposit-receipt] no bid before the receipt is recorded; the amount must be the deposit; then the bid is accepted', async () => {
    const lot = await liveLot();
    const x = (await supplierClient(ctx)).http;
    const reg = await x.post(`/api/auctions/${lot.id}/register`, { depositRef: 'BANK-DEP-000001' });
    expect(reg.statusCode, reg.body).toBe(201);
    expect(reg.json()).toMatchObject({ depositStatus: 'pending', depositFen: 200_000 });
    const { registrationId } = reg.json();

    const early = await x.post(`/api/auctions/${lot.id}/bids`, { amountFen: 500_000 });
    expect(early.statusCode).toBe(422);
    expect(early.json().errors[0]).toMatchObject({ field: 'registration', message: expect.stringContaining('保证金尚未到账') });
    expect((await x.get('/api/auctions/mine')).json().items[0]).toMatchObject({ depositStatus: 'pending', depositReceivedAt: null });

    const now = await serverTime(lot.id);
    const record = (body: object) => center.http.post(`/api/auctions/registrations/${registrationId}/deposit`, body);
    const wrong = await record({ amountFen: 199_999, bankRef: 'YH-000001', receivedAt: now });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0]).toMatchObject({ field: 'amountFen', message: expect.stringContaining('¥2,000.00') });
    const future = await record({ amountFen: 200_000, bankRef: 'YH-000001', receivedAt: at(30) });
    expect(future.json().errors[0].field).toBe('receivedAt');
    // The bidder cannot record its own deposit.
    expect(
      (await x.post(`/api/auctions/registrations/${registrationId}/deposit`, { amountFen: 200_000, bankRef: 'YH-000001', receivedAt: now }))
        .statusCode,
    ).toBe(403);
    // Another center's staff neither record nor read this lot's deposits.
    const elsewhere = await actor(ctx.app, db(), 'center_staff');
    expect(
      (
        await elsewhere.http.post(`/api/auctions/registrations/${registrationId}/deposit`, {
          amountFen: 200_000,
          bankRef: 'YH-000001',
          receivedAt: now,
        })
      ).statusCode,
    ).toBe(404);
    expect((await elsewhere.http.get(`/api/auctions/${lot.id}/registrations`)).statusCode).toBe(404);
    expect((await record({ amountFen: 200_000, bankRef: 'YH-000001', receivedAt: now })).json()).toMatchObject({
      depositStatus: 'paid',
      depositSource: 'staff',
      depositBankRef: 'YH-000001',
    });
    expect((await record({ amountFen: 200_000, bankRef: 'YH-000001', receivedAt: now })).statusCode).toBe(409);
    const listed = (await center.http.get(`/api/auctions/${lot.id}/registrations`)).json();
    expect(listed).toEqual([expect.objectContaining({ id: registrationId, depositStatus: 'paid', bidderName: expect.any(String) })]);

    const bid = await x.post(`/api/auctions/${lot.id}/bids`, { amountFen: 500_000 });
    expect(bid.statusCode, bid.body).toBe(201);
  });

  it('[rule:auctions.deposit-callback-signed] the bank callback counts only with the HMAC signature of the configured secret', async () => {
    const lot = await liveLot();
    const y = (await supplierClient(ctx)).http;
    const { registrationId } = (await y.post(`/api/auctions/${lot.id}/register`, { depositRef: 'BANK-DEP-000002' })).json();
    const body = { registrationId, amountFen: 200_000, bankRef: 'CB-20261201-0001', receivedAt: await serverTime(lot.id) };
    const bank = client(ctx.app, null);
    const callback = (payload: typeof body, signature?: string) =>
      bank.post('/api/auctions/deposit-callback', payload, signature ? { 'x-deposit-signature': signature } : {});
    expect((await callback(body)).statusCode).toBe(401);
    expect((await callback(body, signDepositCallback('another-secret-of-at-least-32-chars!', body))).statusCode).toBe(401);
    // Signed for one amount, sent with another: the signature does not cover it.
    expect((await callback({ ...body, amountFen: 100 }, `sha256=${signDepositCallback(SECRET, body)}`)).statusCode).toBe(401);
    expect((await y.post(`/api/auctions/${lot.id}/bids`, { amountFen: 500_000 })).statusCode).toBe(422);
    const short = { ...body, amountFen: 100 };
    expect((await callback(short, signDepositCallback(SECRET, short))).json().errors[0].field).toBe('amountFen');
    const ok = await callback(body, `sha256=${signDepositCallback(SECRET, body)}`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ depositStatus: 'paid', depositSource: 'callback', depositBankRef: 'CB-20261201-0001' });
    expect((await y.post(`/api/auctions/${lot.id}/bids`, { amountFen: 500_000 })).statusCode).toBe(201);
  });

  it('[rule:auctions.deposit-settlement] at the close the losers are released, the paying winner applied, a defaulting winner forfeited: the same records', async () => {
    const lot = await liveLot();
    const [x, y, z] = await Promise.all([supplierClient(ctx), supplierClient(ctx), supplierClient(ctx)]);
    const rx = await registerWithDeposit(x.http, center.http, lot.id, 'BANK-SET-000001');
    const ry = await registerWithDeposit(y.http, center.http, lot.id, 'BANK-SET-000002');
    const rz = (await z.http.post(`/api/auctions/${lot.id}/register`, { depositRef: 'BANK-SET-000003' })).json();
    expect((await x.http.post(`/api/auctions/${lot.id}/bids`, { amountFen: 500_000 })).statusCode).toBe(201);
    expect((await y.http.post(`/api/auctions/${lot.id}/bids`, { amountFen: 600_000 })).statusCode).toBe(201);
    await passLotDeadline(ctx, lot.id);
    expect(await regOf(rx.registrationId)).toMatchObject({ depositStatus: 'released', depositSettledAt: expect.any(Date) });
    expect(await regOf(ry.registrationId)).toMatchObject({ depositStatus: 'paid', depositSettledAt: null });
    // Never received: nothing to release.
    expect(await regOf(rz.registrationId)).toMatchObject({ depositStatus: 'pending', depositSettledAt: null });
    expect((await center.http.post(`/api/auctions/${lot.id}/payment`, { reference: 'PAY-SET-0001' })).statusCode).toBe(200);
    expect(await regOf(ry.registrationId)).toMatchObject({ depositStatus: 'applied', depositSettledAt: expect.any(Date) });

    const defaulted = await liveLot();
    const w = await supplierClient(ctx);
    const rw = await registerWithDeposit(w.http, center.http, defaulted.id, 'BANK-SET-000004');
    await w.http.post(`/api/auctions/${defaulted.id}/bids`, { amountFen: 500_000 });
    await passLotDeadline(ctx, defaulted.id);
    await passLotDeadline(ctx, defaulted.id, auctionJobs.paymentDue);
    expect(await regOf(rw.registrationId)).toMatchObject({ depositStatus: 'forfeited', depositSettledAt: expect.any(Date) });

    await sequenceAudit(db());
    const trail = await db()
      .select({ action: auditEntries.action, entityId: auditEntries.entityId })
      .from(auditEntries)
      .where(and(eq(auditEntries.entityType, 'auction_lot'), inArray(auditEntries.entityId, [lot.id, defaulted.id])));
    const actions = trail.map((e) => `${e.entityId === lot.id ? 'A' : 'B'}:${e.action}`);
    for (const a of ['A:auction.deposit.paid', 'A:auction.deposit.release', 'A:auction.deposit.apply', 'B:auction.deposit.forfeit'])
      expect(actions).toContain(a);
  });
});

describe('minimum years in use before replacement (最低使用年限)', () => {
  /** A shredder (碎纸机, A020206: 6 years in use) on sale, a unit with a budget line, its purchaser and approver. */
  async function setup() {
    const product = await center.http.post('/api/products', {
      categoryCode: 'A020206',
      brand: `${token}牌`,
      model: `S-${randomBytes(2).toString('hex')}`,
      name: `${token} 碎纸机`,
      specs: {},
    });
    expect(product.statusCode, product.body).toBe(201);
    const seller = await supplierClient(ctx, { sizeClass: 'small' });
    const today = shanghaiDate(await dbNow(db()));
    await center.http.post('/api/agreements', {
      code: `XY-${randomBytes(4).toString('hex')}`,
      title: '协议供货',
      supplierId: seller.org.id,
      categoryCodes: ['A02'],
      startsOn: today,
      endsOn: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`,
    });
    const listing = (
      await seller.http.post('/api/listings', {
        productId: product.json().id,
        priceFen: 90_000,
        stock: 100,
        deliveryRegions: ['000000'],
        leadTimeDays: 3,
        certificates: [],
      })
    ).json();
    await seller.http.post(`/api/listings/${listing.id}/submit`, {});
    expect((await center.http.post(`/api/listings/${listing.id}/approve`, {})).statusCode).toBe(200);
    const org = await createOrg(db(), 'purchasing_unit', { approvalThresholdFen: 100_000_000 });
    const line = await createBudgetLine(db(), org.id, 10_000_000);
    const purchaser = await actor(ctx.app, db(), 'purchaser', org.id);
    return { listingId: listing.id as string, line, purchaser, today };
  }

  const checkout = (u: { purchaser: Actor; line: { id: string } }, lines: object[]) =>
    u.purchaser.http.post(
      '/api/orders/checkout',
      { budgetLineId: u.line.id, deliveryAddress: '北京市西城区三里河路 1 号', contactName: '李明', contactPhone: '010-68551234', lines },
      { 'idempotency-key': `ck-${randomUUID()}` },
    );
  /** Six years before `today`, plus `days`. */
  const sixYearsBefore = (today: string, days: number) => {
    const d = new Date(`${Number(today.slice(0, 4)) - 6}${today.slice(4)}T00:00:00Z`);
    return new Date(d.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  };

  it('[rule:orders.replacement-own-asset] [rule:orders.replacement-new-approval] the asset must be the unit’s own of the same 品目; a declared addition goes to approval', async () => {
    const u = await setup();
    const other = await actor(ctx.app, db(), 'purchaser');
    const theirs = (await other.http.post('/api/assets', assetBody('A020206', '2010-01-01'))).json();
    const wrongKind = (await u.purchaser.http.post('/api/assets', assetBody('A02010104', '2010-01-01'))).json();
    await u.purchaser.http.post('/api/cart/items', { listingId: u.listingId, quantity: 1 });
    for (const assetId of [theirs.id, wrongKind.id, randomUUID()]) {
      const refused = await checkout(u, [{ listingId: u.listingId, replacesAssetId: assetId }]);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().errors[0].field).toBe('lines[0].replacesAssetId');
    }
    const added = await checkout(u, [{ listingId: u.listingId, reason: 'new' }]);
    expect(added.statusCode, added.body).toBe(201);
    const order = added.json().orders[0];
    expect(order.status).toBe('pending_approval');
    expect(order.approvalReasons.join()).toContain('新增配置');
  });

  it('[rule:orders.min-years-replacement] the cart asks; an asset short of its minimum years is refused naming the line, and allowed once the clock passes them', async () => {
    const u = await setup();
    const young = (await u.purchaser.http.post('/api/assets', assetBody('A020206', sixYearsBefore(u.today, 2)))).json();
    expect(young.id).toBeDefined();
    await u.purchaser.http.post('/api/cart/items', { listingId: u.listingId, quantity: 1 });
    const cart = (await u.purchaser.http.get('/api/cart')).json();
    expect(cart.findings).toContainEqual(
      expect.objectContaining({ code: 'replacement_required', listingId: u.listingId, basis: expect.stringContaining('财资〔2016〕27号') }),
    );
    expect(cart.items[0]).toMatchObject({
      allocationMinYears: 6,
      replaceableAssets: [expect.objectContaining({ id: young.id, eligible: false })],
    });

    const early = await checkout(u, [{ listingId: u.listingId, replacesAssetId: young.id }]);
    expect(early.statusCode).toBe(422);
    expect(early.json().errors[0]).toMatchObject({
      field: 'lines[0].replacesAssetId',
      message: expect.stringContaining('未满最低使用年限 6 年'),
    });

    await advanceClock(db(), new Date((await dbNow(db())).getTime() + 3 * 86_400_000));
    const placed = await checkout(u, [{ listingId: u.listingId, replacesAssetId: young.id }]);
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json().orders[0];
    expect(order.status).toBe('placed');
    expect(order.findings).toContainEqual(expect.objectContaining({ code: 'replacement', assetId: young.id }));
    const [line] = await db().select().from(orderLines).where(eq(orderLines.orderId, order.id));
    expect(line).toMatchObject({ replacement: 'replace', replacesAssetId: young.id });
    expect((await db().select().from(orders).where(eq(orders.id, order.id)))[0]!.needsApproval).toBe(false);
    // One asset is replaced once: the picker shows by which order, and a second checkout is refused.
    await u.purchaser.http.post('/api/cart/items', { listingId: u.listingId, quantity: 1 });
    expect((await u.purchaser.http.get('/api/cart')).json().items[0].replaceableAssets[0]).toMatchObject({
      eligible: false,
      replacedBy: order.orderNo,
    });
    const again = await checkout(u, [{ listingId: u.listingId, replacesAssetId: young.id }]);
    expect(again.json().errors[0]).toMatchObject({ field: 'lines[0].replacesAssetId', message: expect.stringContaining(order.orderNo) });

    // Where the policy says 'approval', an early replacement goes to the approver instead of being refused.
    await db()
      .update(policyValues)
      .set({ value: sql`'"approval"'::jsonb` })
      .where(eq(policyValues.key, 'allocation.earlyReplacement'));
    const today = shanghaiDate(await dbNow(db()));
    const younger = (await u.purchaser.http.post('/api/assets', assetBody('A020206', sixYearsBefore(today, 30)))).json();
    const routed = await checkout(u, [{ listingId: u.listingId, replacesAssetId: younger.id }]);
    expect(routed.statusCode, routed.body).toBe(201);
    expect(routed.json().orders[0]).toMatchObject({ status: 'pending_approval' });
    expect(routed.json().orders[0].findings).toContainEqual(expect.objectContaining({ code: 'replacement_early', level: 'approval' }));
  });
});
