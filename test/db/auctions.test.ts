import { randomBytes, randomInt } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  assets,
  auditEntries,
  auctionBids,
  auctionLots,
  auctionRegistrations,
  creditEvents,
  scheduledJobs,
} from '../../server/db/schema/index.ts';
import { auctionJobs } from '../../server/modules/auctions/auctions.service.ts';
import { entryHash, sequenceAudit } from '../../server/platform/audit.ts';
import type { AuthContext } from '../../server/platform/auth.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { createServices } from '../../server/services.ts';
import { processors } from '../../workers/registry.ts';
import { client, createTestContext, login, type TestContext } from '../helpers/context.ts';
import { creditEventBody, passLotDeadline, registerWithDeposit } from '../helpers/procurement.ts';
import { actor, createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';

let ctx: TestContext;
let services: ReturnType<typeof createServices>;
let center: Actor;
const token = `a${randomBytes(3).toString('hex')}`;
const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
/** A 1×1 PNG, valid to its last byte (uploads are parsed to the end). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  ctx = await createTestContext();
  const search = postgresSearch(ctx.database.db);
  services = createServices({ config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search });
  await ctx.jobs.startWorkers(processors({ config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search }));
  center = await actor(ctx.app, ctx.database.db, 'center_staff');
});
afterAll(() => ctx.close());

const assetBody = (extra: Record<string, unknown> = {}) => ({
  categoryCode: 'A02010104',
  name: `${token} 台式计算机（闲置）`,
  description: '联想 启天 M437，2019 年购置，运行正常',
  quantity: 20,
  originalValueFen: 10_000_000,
  netValueFen: 2_000_000,
  acquiredOn: '2019-06-01',
  condition: 'good',
  location: '北京市海淀区中关村南大街 5 号 B1 库房',
  ...extra,
});

async function bidder() {
  const org = await createOrg(ctx.database.db, 'supplier', { sizeClass: 'small' });
  const user = await createUser(ctx.database.db, org.id, ['supplier']);
  const http = client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
  const auth: AuthContext = { userId: user.id, orgId: org.id, roles: ['supplier'] } as AuthContext;
  return { org, http, auth };
}

/** An asset offered in the warehouse whose reallocation window is already over, and a live lot for it. */
async function liveLot(extra: Record<string, unknown> = {}) {
  const owner = await actor(ctx.app, ctx.database.db, 'purchaser');
  const asset = (await owner.http.post('/api/assets', assetBody())).json();
  await owner.http.post(`/api/assets/${asset.id}/offer`);
  await ctx.database.db
    .update(assets)
    .set({ offeredUntil: sql`now() - interval '1 second'` })
    .where(eq(assets.id, asset.id));
  const res = await center.http.post('/api/auctions', {
    assetId: asset.id,
    title: `${token} 台式计算机 20 台`,
    description: '整批拍卖',
    viewingInfo: '工作日 9:00–17:00 于存放地点看样',
    appraisalFen: 2_000_000,
    startPriceFen: 1_000_000,
    reservePriceFen: 1_500_000,
    incrementFen: 10_000,
    depositFen: 200_000,
    startsAt: at(-1),
    endsAt: at(60),
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { owner, asset, lot: res.json() };
}

/** The lot's end passes (or its payment deadline, with that job): the job runs; its row when done. */
const passEnd = (lotId: string, job: typeof auctionJobs.close = auctionJobs.close) => passLotDeadline(ctx, lotId, job);

const lotRow = async (id: string) => (await ctx.database.db.select().from(auctionLots).where(eq(auctionLots.id, id)))[0]!;

describe('public property warehouse (公物仓)', () => {
  it('registers, offers, and grants one reallocation request: the asset moves with its history [rule:assets.reallocation-first]', async () => {
    const a = await actor(ctx.app, ctx.database.db, 'purchaser');
    const bad = await a.http.post('/api/assets', assetBody({ netValueFen: 20_000_000 }));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('netValueFen');
    expect((await a.http.post('/api/assets', assetBody({ condition: 'shiny' }))).json().errors[0].field).toBe('condition');
    const asset = (await a.http.post('/api/assets', assetBody())).json();
    expect(asset).toMatchObject({ status: 'registered', assetNo: expect.stringMatching(/^ZC\d{10}$/) });
    const photo = await a.http.upload(`/api/assets/${asset.id}/photos`, 'pc.png', PNG, 'image/png');
    expect(photo.statusCode, photo.body).toBe(201);
    const notImage = await a.http.upload(`/api/assets/${asset.id}/photos`, 'pc.png', Buffer.from('%PDF-1.4'), 'image/png');
    expect(notImage.json().errors[0].field).toBe('file');
    const b = await actor(ctx.app, ctx.database.db, 'purchaser');
    const c = await actor(ctx.app, ctx.database.db, 'purchaser');
    // Not in the warehouse yet: another unit cannot see it.
    expect((await b.http.get(`/api/assets/${asset.id}`)).statusCode).toBe(404);
    const offered = (await a.http.post(`/api/assets/${asset.id}/offer`)).json();
    expect(offered.status).toBe('offered');
    expect(Date.parse(offered.offeredUntil) - Date.now()).toBeGreaterThan(14 * 86_400_000);
    expect((await b.http.get(`/api/warehouse?q=${token}`)).json().items.map((x: { id: string }) => x.id)).toContain(asset.id);
    // Surplus first: a unit about to buy desktops is shown the warehouse item.
    const findings = await services.assets.surplusFindings(ctx.database.db, { purchaserOrgId: b.orgId, categoryCodes: ['A02010104'] });
    expect(findings.some((f) => f.assetId === asset.id && f.code === 'surplus_available')).toBe(true);
    expect(
      (await services.assets.surplusFindings(ctx.database.db, { purchaserOrgId: a.orgId, categoryCodes: ['A02010104'] })).some(
        (f) => f.assetId === asset.id,
      ),
    ).toBe(false);

    expect((await a.http.post(`/api/assets/${asset.id}/requests`, { reason: '本单位自用' })).statusCode).toBe(422);
    const rb = await b.http.post(`/api/assets/${asset.id}/requests`, { reason: '新设科室办公用' });
    expect(rb.statusCode, rb.body).toBe(201);
    const rc = (await c.http.post(`/api/assets/${asset.id}/requests`, { reason: '替换老旧设备' })).json();
    expect((await b.http.post(`/api/assets/${asset.id}/requests`, { reason: '再次申请' })).statusCode).toBe(409);
    // Lot creation waits for the window and the pending requests.
    const early = await center.http.post('/api/auctions', {
      assetId: asset.id,
      title: '测试标的',
      viewingInfo: '工作日看样',
      appraisalFen: 1,
      startPriceFen: 1,
      reservePriceFen: 0,
      incrementFen: 1,
      depositFen: 0,
      startsAt: at(0),
      endsAt: at(60),
    });
    expect(early.json().errors[0].field).toBe('assetId');
    expect((await a.http.post(`/api/reallocation-requests/${rb.json().id}/grant`, {})).statusCode).toBe(403);
    const granted = await center.http.post(`/api/reallocation-requests/${rb.json().id}/grant`, { reason: '用途明确' });
    expect(granted.json().status).toBe('granted');
    const after = (await b.http.get(`/api/assets/${asset.id}`)).json();
    expect(after).toMatchObject({ ownerOrgId: b.orgId, status: 'reallocated' });
    expect(after.history.map((h: { kind: string }) => h.kind)).toEqual(['registered', 'offered', 'requested', 'requested', 'reallocated']);
    expect(
      (await c.http.get(`/api/reallocation-requests?assetId=${asset.id}`)).json().items.find((r: { id: string }) => r.id === rc.id).status,
    ).toBe('declined');
    expect((await a.http.get(`/api/assets/${asset.id}`)).statusCode).toBe(404);
    expect((await center.http.post(`/api/reallocation-requests/${rc.id}/grant`, {})).statusCode).toBe(409);
  });
});

describe('public property warehouse (公物仓) across areas', () => {
  it('a unit of another province neither sees nor asks for an asset; the area it left keeps overseeing it [rule:assets.reallocation-first]', async () => {
    const haidian = await actor(ctx.app, ctx.database.db, 'purchaser');
    const chaoyang = await actor(
      ctx.app,
      ctx.database.db,
      'purchaser',
      (await createOrg(ctx.database.db, 'purchasing_unit', { regionCode: '110105' })).id,
    );
    const xuhui = await actor(
      ctx.app,
      ctx.database.db,
      'purchaser',
      (await createOrg(ctx.database.db, 'purchasing_unit', { regionCode: '310104' })).id,
    );
    const haidianRegulator = await actor(
      ctx.app,
      ctx.database.db,
      'regulator',
      (await createOrg(ctx.database.db, 'regulator', { regionCode: '110108' })).id,
    );
    const asset = (await haidian.http.post('/api/assets', assetBody({ name: `${token} 跨区调剂台式机` }))).json();
    expect((await haidian.http.post(`/api/assets/${asset.id}/offer`)).statusCode).toBe(200);
    const seen = async (who: Actor) =>
      (await who.http.get(`/api/warehouse?q=${encodeURIComponent(`${token} 跨区`)}`)).json().items.map((x: { id: string }) => x.id);
    // Beijing's warehouse: a Chaoyang unit sees it, a Xuhui (Shanghai) unit does not, by list, by id or as surplus.
    expect(await seen(chaoyang)).toContain(asset.id);
    expect(await seen(xuhui)).not.toContain(asset.id);
    expect((await xuhui.http.get(`/api/assets/${asset.id}`)).statusCode).toBe(404);
    expect(
      (await services.assets.surplusFindings(ctx.database.db, { purchaserOrgId: xuhui.orgId, categoryCodes: ['A02010104'] })).some(
        (f) => f.assetId === asset.id,
      ),
    ).toBe(false);
    const refused = await xuhui.http.post(`/api/assets/${asset.id}/requests`, { reason: '跨省申请' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ field: 'assetId', message: expect.stringContaining('本省') });
    // Granted within Beijing, to Chaoyang: Haidian's regulator still reads the asset and the request.
    const request = await chaoyang.http.post(`/api/assets/${asset.id}/requests`, { reason: '新设科室办公用' });
    expect(request.statusCode, request.body).toBe(201);
    expect((await center.http.post(`/api/reallocation-requests/${request.json().id}/grant`, { reason: '用途明确' })).statusCode).toBe(200);
    const read = await haidianRegulator.http.get(`/api/assets/${asset.id}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ ownerOrgId: chaoyang.orgId, status: 'reallocated' });
    const requests = (await haidianRegulator.http.get(`/api/reallocation-requests?assetId=${asset.id}`)).json().items;
    expect(requests.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([[request.json().id, 'granted']]);
    // The unit that gave it away no longer reads it; Shanghai's oversight never did.
    expect((await haidian.http.get(`/api/assets/${asset.id}`)).statusCode).toBe(404);
  });
});

describe('disposal auctions', () => {
  it("shows the asset's category, seller and photos on the lot; a photo is public only once the asset is auctioned", async () => {
    const owner = await actor(ctx.app, ctx.database.db, 'purchaser');
    const asset = (await owner.http.post('/api/assets', assetBody())).json();
    const up = await owner.http.upload(`/api/assets/${asset.id}/photos`, 'pc.png', PNG, 'image/png');
    expect(up.statusCode, up.body).toBe(201);
    const photoUrl = up.json<{ photos: { url: string }[] }>().photos[0]!.url;
    expect((await client(ctx.app, null).get(photoUrl)).statusCode).toBe(404);
    await owner.http.post(`/api/assets/${asset.id}/offer`);
    await ctx.database.db
      .update(assets)
      .set({ offeredUntil: sql`now() - interval '1 second'` })
      .where(eq(assets.id, asset.id));
    const res = await center.http.post('/api/auctions', {
      assetId: asset.id,
      title: `${token} 带照片的标的`,
      viewingInfo: '工作日看样',
      appraisalFen: 100_000,
      startPriceFen: 50_000,
      reservePriceFen: 0,
      incrementFen: 1_000,
      depositFen: 0,
      startsAt: at(-1),
      endsAt: at(60),
    });
    expect(res.statusCode, res.body).toBe(201);
    const lot = (await client(ctx.app, null).get(`/api/public/auctions/${res.json().id}`)).json();
    expect(lot).toMatchObject({ categoryCode: asset.categoryCode, sellerName: expect.any(String), photos: [{ url: photoUrl }] });
    expect(lot.categoryName).toEqual(expect.any(String));
    expect((await client(ctx.app, null).get(photoUrl)).statusCode).toBe(200);
    expect((await owner.http.get(`/api/assets/${asset.id}`)).json().status).toBe('in_auction');
  });

  it('takes bids at the price plus the increment, refuses the rest with reasons, shows bidders by code only [rule:auctions.increment]', async () => {
    const { lot } = await liveLot();
    expect(lot).toMatchObject({
      status: 'open',
      phase: 'live',
      reservePriceFen: 1_500_000,
      nextMinimumFen: 1_000_000,
      lotNo: expect.stringMatching(/^PM\d{9}$/),
    });
    const x = await bidder();
    const y = await bidder();
    expect((await x.http.post(`/api/auctions/${lot.id}/bids`, { amountFen: 1_000_000 })).json().errors[0].field).toBe('registration');
    const rx = await x.http.post(`/api/auctions/${lot.id}/register`, { depositRef: 'BANK-20261130-001' });
    expect(rx.statusCode, rx.body).toBe(201);
    expect(rx.json().bidderCode).toMatch(/^[A-Z2-9]{4}$/);
    expect((await x.http.post(`/api/auctions/${lot.id}/register`, { depositRef: 'BANK-20261130-001' })).statusCode).toBe(409);
    await registerWithDeposit(y.http, center.http, lot.id, 'BANK-20261130-002');
    // A credit event may name the lot (by number or id) for a bidder registered for it, and no other.
    const regulator = await actor(ctx.app, ctx.database.db, 'regulator');
    const event = (supplierId: string, sourceRef: string) => creditEventBody(supplierId, sourceRef, '竞买中提供虚假材料');
    expect((await regulator.http.post('/api/credit/events', event(y.org.id, lot.lotNo))).statusCode).toBe(201);
    expect((await regulator.http.post('/api/credit/events', event(x.org.id, `auction:${lot.id}`))).statusCode).toBe(201);
    expect((await regulator.http.post('/api/credit/events', event((await bidder()).org.id, lot.lotNo))).statusCode).toBe(422);
    const pending = await x.http.post(`/api/auctions/${lot.id}/bids`, { amountFen: 1_000_000 });
    expect(pending.json().errors[0]).toMatchObject({ field: 'registration', message: expect.stringContaining('保证金尚未到账') });
    const serverTime = (await x.http.get(`/api/public/auctions/${lot.id}`)).json().serverTime;
    const receipt = { amountFen: 200_000, bankRef: 'YH-20261130-001', receivedAt: serverTime };
    expect((await center.http.post(`/api/auctions/registrations/${rx.json().registrationId}/deposit`, receipt)).statusCode).toBe(200);
    const low = await x.http.post(`/api/auctions/${lot.id}/bids`, { amountFen: 999_999 });
    expect(low.statusCode).toBe(422);
    expect(low.json().errors[0]).toMatchObject({ field: 'amountFen', message: expect.stringContaining('¥10,000.00') });
    // The refusal answers the lot as judged, so a bidder's screen moves to the price without asking again.
    expect(low.json().facts).toEqual({ status: 'open', nextMinimumFen: 1_000_000, bidCount: 0 }); // no price before the first bid
    expect((await x.http.post(`/api/auctions/${lot.id}/bids`, { amountFen: 1_000_000 })).statusCode).toBe(201);
    const leading = await x.http.post(`/api/auctions/${lot.id}/bids`, { amountFen: 1_100_000 });
    expect(leading.statusCode).toBe(409);
    expect(leading.json().facts).toMatchObject({ currentPriceFen: 1_000_000, nextMinimumFen: 1_010_000, bidCount: 1 });
    const under = await y.http.post(`/api/auctions/${lot.id}/bids`, { amountFen: 1_005_000 });
    expect(under.json().errors[0].message).toContain('¥10,100.00');
    expect(under.json().facts).toMatchObject({ currentPriceFen: 1_000_000, nextMinimumFen: 1_010_000 });
    expect((await y.http.post(`/api/auctions/${lot.id}/bids`, { amountFen: 10_100.5 })).statusCode).toBe(400);
    expect((await y.http.post(`/api/auctions/${lot.id}/bids`, { amountFen: 1_010_000 })).statusCode).toBe(201);
    const page = await client(ctx.app, null).get(`/api/public/auctions/${lot.id}`);
    const body = page.json();
    expect(body).toMatchObject({
      currentPriceFen: 1_010_000,
      bidCount: 2,
      nextMinimumFen: 1_020_000,
      hasReserve: true,
      reserveMet: null,
      leadingBidderCode: expect.any(String),
    });
    expect(body.bids.map((b: { amountFen: number }) => b.amountFen)).toEqual([1_010_000, 1_000_000]);
    expect(page.body).not.toContain('1500000');
    expect(page.body).not.toContain(x.org.name);
    expect((await x.http.get('/api/auctions/mine')).json().items.find((r: { lotId: string }) => r.lotId === lot.id)).toMatchObject({
      myHighestFen: 1_000_000,
      leading: false,
    });
    expect(
      (await client(ctx.app, null).get(`/api/public/auctions?phase=live&q=${token}`)).json().items.map((l: { id: string }) => l.id),
    ).toContain(lot.id);
  });

  it('a bid in the last 5 minutes moves the end and the closing job; the job runs once at the new end; a later bid is refused [rule:auctions.anti-sniping]', async () => {
    const { lot, asset } = await liveLot();
    const x = await bidder();
    const y = await bidder();
    await registerWithDeposit(x.http, center.http, lot.id, 'BANK-X-000001');
    await registerWithDeposit(y.http, center.http, lot.id, 'BANK-Y-000001');
    await x.http.post(`/api/auctions/${lot.id}/bids`, { amountFen: 1_000_000 });
    // Two minutes left.
    await ctx.database.db
      .update(auctionLots)
      .set({ endsAt: sql`now() + interval '2 minutes'` })
      .where(eq(auctionLots.id, lot.id));
    const sniping = await y.http.post(`/api/auctions/${lot.id}/bids`, { amountFen: 1_600_000 });
    expect(sniping.statusCode, sniping.body).toBe(201);
    const placed = sniping.json();
    expect(placed.extended).toBe(true);
    expect(Date.parse(placed.endsAt) - Date.parse(placed.placedAt)).toBe(5 * 60_000);
    // Each accepted bid and the extension it caused are in the audit chain, in the bid's transaction.
    await sequenceAudit(ctx.database.db);
    const audited = await ctx.database.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.entityType, 'auction_lot'), eq(auditEntries.entityId, lot.id)))
      .orderBy(asc(auditEntries.seq));
    const trail = audited.filter((e) => e.action === 'auction.bid' || e.action === 'auction.extend');
    expect(trail.map((e) => [e.action, e.actorOrgId, e.data])).toEqual([
      ['auction.bid', x.org.id, expect.objectContaining({ seq: 1, amountFen: 1_000_000 })],
      ['auction.bid', y.org.id, expect.objectContaining({ seq: 2, amountFen: 1_600_000, placedAt: placed.placedAt })],
      ['auction.extend', null, { bySeq: 2, fromEndsAt: expect.any(String), toEndsAt: placed.endsAt }],
    ]);
    expect(trail[2]!.seq).toBe(trail[1]!.seq + 1);
    expect(trail[2]!.prevHash).toBe(trail[1]!.hash);
    // Hashed in SQL, the entries hash the same in TypeScript (what audit:verify recomputes).
    for (const e of trail) expect(entryHash(e.prevHash, e)).toBe(e.hash);
    const [job] = await ctx.database.db
      .select()
      .from(scheduledJobs)
      .where(eq(scheduledJobs.id, `${auctionJobs.close.name}:${lot.id}`));
    expect(job!.runAt.toISOString()).toBe(placed.endsAt);
    expect(job!.status).toBe('pending');

    const done = await passEnd(lot.id);
    expect(done.attempts).toBe(1);
    const closed = await lotRow(lot.id);
    expect(closed).toMatchObject({ status: 'sold', winnerOrgId: y.org.id, currentPriceFen: 1_600_000 });
    expect(closed.payDeadline).not.toBeNull();
    const late = await x.http.post(`/api/auctions/${lot.id}/bids`, { amountFen: 2_000_000 });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toMatch(/结束|成交/);
    // Running the closing job again changes nothing.
    const { inTransaction } = await import('../../server/db/tx.ts');
    expect(await inTransaction(ctx.database.db, (tx, after) => services.auctions.close(tx, after, lot.id))).toBe('skipped');
    const regs = await ctx.database.db.select().from(auctionRegistrations).where(eq(auctionRegistrations.lotId, lot.id));
    expect(Object.fromEntries(regs.map((r) => [r.bidderOrgId, r.depositStatus]))).toEqual({ [x.org.id]: 'released', [y.org.id]: 'paid' });
    const pub = (await client(ctx.app, null).get(`/api/public/auctions/${lot.id}`)).json();
    expect(pub).toMatchObject({ status: 'sold', reserveMet: true, phase: 'ended' });

    const paid = await center.http.post(`/api/auctions/${lot.id}/payment`, { reference: 'PAY-20261130-01' });
    expect(paid.json()).toMatchObject({ status: 'paid', winnerName: y.org.name });
    const [a] = await ctx.database.db.select().from(assets).where(eq(assets.id, asset.id));
    expect(a!.status).toBe('sold');
    expect(
      (
        await ctx.database.db
          .select()
          .from(auctionRegistrations)
          .where(and(eq(auctionRegistrations.lotId, lot.id), eq(auctionRegistrations.bidderOrgId, y.org.id)))
      )[0]!.depositStatus,
    ).toBe('applied');
  });

  it('under the reserve the lot fails and is relisted at most 20% lower; a winner who does not pay loses the deposit and gets a credit event [rule:auctions.relist-discount] [rule:auctions.defaulter-barred]', async () => {
    const { lot } = await liveLot();
    const x = await bidder();
    await registerWithDeposit(x.http, center.http, lot.id, 'BANK-X-000002');
    await x.http.post(`/api/auctions/${lot.id}/bids`, { amountFen: 1_200_000 });
    await passEnd(lot.id);
    expect(await lotRow(lot.id)).toMatchObject({ status: 'failed', winnerOrgId: null });
    expect((await lotRow(lot.id)).resultNote).toContain('未达保留价');
    const relist = (start: number) =>
      center.http.post(`/api/auctions/${lot.id}/relist`, {
        startPriceFen: start,
        reservePriceFen: 900_000,
        startsAt: at(-1),
        endsAt: at(60),
      });
    // Another province's center neither puts the lot up again nor (404) learns of it.
    const shanghai = await actor(
      ctx.app,
      ctx.database.db,
      'center_staff',
      (await createOrg(ctx.database.db, 'procurement_center', { regionCode: '310000' })).id,
    );
    const foreign = await shanghai.http.post(`/api/auctions/${lot.id}/relist`, {
      startPriceFen: 800_000,
      reservePriceFen: 0,
      startsAt: at(-1),
      endsAt: at(60),
    });
    expect(foreign.statusCode, foreign.body).toBe(404);
    expect((await shanghai.http.post(`/api/auctions/${lot.id}/payment`, { reference: 'PAY-FOREIGN-01' })).statusCode).toBe(404);
    expect((await relist(1_100_000)).json().errors[0].field).toBe('startPriceFen');
    const tooLow = await relist(790_000);
    expect(tooLow.json().errors[0]).toMatchObject({ field: 'startPriceFen', message: expect.stringContaining('¥8,000.00') });
    const round2 = await relist(800_000);
    expect(round2.statusCode, round2.body).toBe(201);
    expect(round2.json()).toMatchObject({ round: 2, startPriceFen: 800_000, status: 'open' });
    expect((await relist(800_000)).statusCode).toBe(409);

    const lot2 = round2.json();
    const y = await bidder();
    await registerWithDeposit(y.http, center.http, lot2.id, 'BANK-Y-000002');
    await y.http.post(`/api/auctions/${lot2.id}/bids`, { amountFen: 950_000 });
    await passEnd(lot2.id);
    expect((await lotRow(lot2.id)).status).toBe('sold');
    await passEnd(lot2.id, auctionJobs.paymentDue);
    expect((await lotRow(lot2.id)).status).toBe('defaulted');
    const [reg] = await ctx.database.db.select().from(auctionRegistrations).where(eq(auctionRegistrations.lotId, lot2.id));
    expect(reg!.depositStatus).toBe('forfeited');
    const events = await ctx.database.db.select().from(creditEvents).where(eq(creditEvents.supplierId, y.org.id));
    expect(events.map((e) => e.source)).toContain('auction_payment_default');
    expect((await center.http.post(`/api/auctions/${lot2.id}/payment`, { reference: 'PAY-LATE-0001' })).statusCode).toBe(409);

    // The third round is open to everyone but the winner who defaulted.
    const round3 = await center.http.post(`/api/auctions/${lot2.id}/relist`, {
      startPriceFen: 700_000,
      reservePriceFen: 0,
      startsAt: at(-1),
      endsAt: at(60),
    });
    expect(round3.statusCode, round3.body).toBe(201);
    const barred = await y.http.post(`/api/auctions/${round3.json().id}/register`, { depositRef: 'BANK-Y-000003' });
    expect(barred.statusCode).toBe(422);
    expect(barred.json().errors[0]).toMatchObject({ field: 'bidder', message: expect.stringContaining(lot2.lotNo) });
    expect((await x.http.post(`/api/auctions/${round3.json().id}/register`, { depositRef: 'BANK-X-000003' })).statusCode).toBe(201);
  });

  it('refuses an excluded bidder at registration', async () => {
    const { lot } = await liveLot();
    const x = await bidder();
    const regulator = await actor(ctx.app, ctx.database.db, 'regulator');
    const ex = await regulator.http.post('/api/credit/exclusions', {
      supplierId: x.org.id,
      listType: 'serious_dishonesty',
      legalBasis: '政府采购法第七十七条',
      startsOn: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
      endsOn: '2029-12-31',
      reason: '提供虚假材料谋取成交',
    });
    expect(ex.statusCode, ex.body).toBe(201);
    const refused = await x.http.post(`/api/auctions/${lot.id}/register`, { depositRef: 'BANK-EX-00001' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].field).toBe('bidder');
  });

  const big = inject('databaseBackend') === 'postgres';
  it(
    `${big ? 64 : 16} concurrent bidders placing ${big ? 5000 : 600} bids on one lot lose none; accepted bids rise strictly in commit order`,
    { timeout: 180_000 },
    async () => {
      const { lot } = await liveLot({ incrementFen: 100 });
      const bidders = big ? 64 : 16;
      const total = big ? 5000 : 600;
      const people = await Promise.all(
        Array.from({ length: bidders }, async () => {
          const b = await bidder();
          await registerWithDeposit(b.http, center.http, lot.id, `BANK-${randomBytes(4).toString('hex')}`);
          return b;
        }),
      );
      const accepted: { seq: number; amountFen: number }[] = [];
      let placed = 0;
      let known = 1_000_000;
      await Promise.all(
        people.map(async (p) => {
          while (placed < total) {
            placed++;
            // Each bidder raises what it last saw by one to twenty increments, as people do.
            const amount = known + 100 * randomInt(1, 21);
            try {
              const r = await services.auctions.bid(p.auth, lot.id, amount);
              accepted.push({ seq: r.seq, amountFen: r.amountFen });
              known = Math.max(known, r.amountFen);
            } catch (e) {
              if (!/RuleViolation|Conflict/.test((e as Error).name)) throw e;
              const [row] = await ctx.database.db
                .select({ price: auctionLots.currentPriceFen })
                .from(auctionLots)
                .where(eq(auctionLots.id, lot.id));
              known = Math.max(known, row!.price ?? known);
            }
          }
        }),
      );
      const stored = await ctx.database.db.select().from(auctionBids).where(eq(auctionBids.lotId, lot.id)).orderBy(asc(auctionBids.seq));
      // Enough bids win for the order checks below to mean something (how many depends on the race).
      expect(accepted.length).toBeGreaterThan(total / 20);
      expect(stored.length).toBe(accepted.length);
      expect(stored.map((b) => b.seq)).toEqual(stored.map((_, i) => i + 1));
      // Commit order is seq order (each bid holds the lot's row lock), and each bid beats the one before by the increment.
      for (let i = 1; i < stored.length; i++) expect(stored[i]!.amountFen).toBeGreaterThanOrEqual(stored[i - 1]!.amountFen + 100);
      expect(stored.map((b) => b.placedAt.getTime())).toEqual(stored.map((b) => b.placedAt.getTime()).sort((a, b) => a - b));
      const highest = Math.max(...accepted.map((a) => a.amountFen));
      expect((await lotRow(lot.id)).currentPriceFen).toBe(highest);
      expect(stored.at(-1)!.amountFen).toBe(highest);
    },
  );
});
