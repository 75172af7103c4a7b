import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assetEvents,
  assets,
  auctionBids,
  auctionLots,
  auctionRegistrations,
  creditEvents,
  reallocationRequests,
} from '../../server/db/schema/index.ts';
import { reindexAll } from '../../server/modules/catalogue/catalogue.documents.ts';
import { loadDemoData } from '../../server/modules/demo/demo-data.ts';
import { auctionStories } from '../../server/modules/demo/replay/auctions.story.ts';
import { play, World } from '../../server/modules/demo/replay/kit.ts';
import { historyStart } from '../../server/modules/demo/replay/replay.ts';
import { clockOffset, resumeRealTime, setClock } from '../../server/platform/clock.ts';
import { checkConsistency } from '../../server/platform/consistency.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { processors } from '../../workers/registry.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { ownDatabase } from '../helpers/own-database.ts';

/**
 * The warehouse and auction story of the demo replay (#15), played on a database of its own from the
 * start of the history to the present through the API: what it leaves must read as one world.
 */
let own: Awaited<ReturnType<typeof ownDatabase>>;
let ctx: TestContext;
const now = new Date();
const MINUTE = 60_000;

beforeAll(async () => {
  own = await ownDatabase('replay_auctions');
  const db = own.database.db;
  await setClock(db, historyStart(now));
  await loadDemoData(db);
  await reindexAll(db, postgresSearch(db));
  ctx = await createTestContext({ databaseUrl: own.url });
}, 120_000);
afterAll(async () => {
  await ctx?.close();
  await own?.drop();
});

/** The hour of the day in Beijing, fractional. */
const beijingHour = (at: Date) => (((at.getTime() / 3_600_000 + 8) % 24) + 24) % 24;

describe('the auction story of the demo replay', () => {
  it('plays a year of the warehouse and its auctions through the API, ending in the present with a live lot', async () => {
    const db = ctx.database.db;
    const world = new World({
      app: ctx.app,
      db,
      jobs: ctx.jobs,
      processors: processors({ config: ctx.config, db, jobs: ctx.jobs, search: postgresSearch(db) }),
      seed: 20_260_101,
      now,
    });
    const started = Date.now();
    const { acts } = await play(world, auctionStories(world, { start: historyStart(now), now }));
    await resumeRealTime(db);
    console.log(`auction story: ${acts} acts, ${world.requests} requests, ${world.deadlinesRun} deadlines, ${Date.now() - started} ms`);
    expect(await clockOffset(db)).toBe(0);

    const lots = await db.select().from(auctionLots).orderBy(asc(auctionLots.createdAt));
    const bids = await db.select().from(auctionBids);
    const regs = await db.select().from(auctionRegistrations);

    // Every lot that sold: priced by its highest bid, with its bids (all accepted: a refused bid is not stored).
    const sold = lots.filter((l) => ['sold', 'paid', 'defaulted'].includes(l.status));
    expect(sold.filter((l) => l.status === 'paid').length).toBeGreaterThanOrEqual(7);
    for (const lot of sold) {
      const own = bids.filter((b) => b.lotId === lot.id);
      expect(own.length, lot.lotNo).toBeGreaterThanOrEqual(2);
      expect(lot.bidCount).toBe(own.length);
      expect(lot.currentPriceFen).toBe(Math.max(...own.map((b) => b.amountFen)));
      expect(lot.currentPriceFen!).toBeGreaterThanOrEqual(lot.reservePriceFen);
      expect(new Set(own.map((b) => b.registrationId)).size).toBeGreaterThanOrEqual(2);
      if (lot.status === 'paid') expect(lot.paidAt!.getTime()).toBeLessThanOrEqual(lot.payDeadline!.getTime());
    }

    // Bids in the last minutes moved the end of some closed lots, and the close ran at the final end.
    const extended = sold.filter((l) => l.endsAt > l.originalEndsAt);
    expect(extended.length).toBeGreaterThanOrEqual(2);
    for (const lot of extended) {
      expect(lot.closedAt!.getTime()).toBeGreaterThanOrEqual(lot.endsAt.getTime());
      expect(lot.closedAt!.getTime() - lot.endsAt.getTime()).toBeLessThan(10 * MINUTE);
    }

    // 流拍 under the reserve (with bids), relisted lower within the −20% rule, and sold in round 2.
    const failed = lots.filter((l) => l.status === 'failed');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    for (const lot of failed) {
      expect(lot.bidCount).toBeGreaterThan(0);
      expect(lot.currentPriceFen!).toBeLessThan(lot.reservePriceFen);
      const next = lots.find((l) => l.previousLotId === lot.id)!;
      expect(next.round).toBe(lot.round + 1);
      expect(next.startPriceFen).toBeLessThan(lot.startPriceFen);
      expect(next.startPriceFen).toBeGreaterThanOrEqual(lot.startPriceFen * 0.8);
      expect(next.status).toBe('paid');
    }

    // One winner did not pay: the payment-due job forfeited its deposit and recorded a credit event.
    const defaulted = lots.filter((l) => l.status === 'defaulted');
    expect(defaulted).toHaveLength(1);
    const forfeited = regs.filter((r) => r.depositStatus === 'forfeited');
    expect(forfeited).toHaveLength(1);
    expect(forfeited[0]!.lotId).toBe(defaulted[0]!.id);
    expect(forfeited[0]!.bidderOrgId).toBe(defaulted[0]!.winnerOrgId);
    const events = await db.select().from(creditEvents).where(eq(creditEvents.source, 'auction_payment_default'));
    expect(events).toHaveLength(1);
    expect(events[0]!.supplierId).toBe(defaulted[0]!.winnerOrgId);
    expect(events[0]!.sourceRef).toBe(`auction:${defaulted[0]!.id}`);
    expect(events[0]!.occurredAt.getTime() - defaulted[0]!.payDeadline!.getTime()).toBeLessThan(MINUTE);
    expect(lots.find((l) => l.previousLotId === defaulted[0]!.id)?.status).toBe('paid');

    // The present: a lot live until ~15 minutes from now with bids on it, and one upcoming.
    const live = lots.filter((l) => l.status === 'open' && l.startsAt < now && l.endsAt > now);
    expect(live).toHaveLength(1);
    expect(Math.abs(live[0]!.endsAt.getTime() - now.getTime() - 15 * MINUTE)).toBeLessThan(1000);
    expect(live[0]!.bidCount).toBeGreaterThanOrEqual(2);
    const upcoming = lots.filter((l) => l.status === 'open' && l.startsAt > now);
    expect(upcoming).toHaveLength(1);

    // Bids and registrations were made in Beijing office hours (the last minutes of a lot ending at 15:00 included).
    for (const at of [...bids.map((b) => b.placedAt), ...regs.map((r) => r.createdAt)]) {
      expect(beijingHour(at)).toBeGreaterThanOrEqual(9);
      expect(beijingHour(at)).toBeLessThan(17.5);
    }

    // Reallocation first: granted assets moved to the requesting unit, with their history.
    const granted = await db
      .select({ request: reallocationRequests, asset: assets })
      .from(reallocationRequests)
      .innerJoin(assets, eq(assets.id, reallocationRequests.assetId))
      .where(eq(reallocationRequests.status, 'granted'));
    expect(granted.length).toBeGreaterThanOrEqual(3);
    for (const { request, asset } of granted) {
      expect(asset.status).toBe('reallocated');
      expect(asset.ownerOrgId).toBe(request.requestingOrgId);
      const moves = await db.select().from(assetEvents).where(eq(assetEvents.assetId, asset.id));
      expect(moves.find((e) => e.kind === 'reallocated')?.data).toMatchObject({ toOrgId: request.requestingOrgId });
    }
    // Every auctioned asset had its 15-day window pass before its first lot.
    const auctioned = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from jicai.auction_lots l
        join jicai.asset_events e on e.asset_id = l.asset_id and e.kind = 'offered'
       where l.round = 1 and l.created_at < e.at + interval '15 days'`);
    expect(auctioned.rows[0]!.n).toBe(0);
    // At the present the warehouse has items open for reallocation, one of them asked for.
    const open = await db.select().from(assets).where(eq(assets.status, 'offered'));
    expect(open.filter((a) => a.offeredUntil! > now).length).toBeGreaterThanOrEqual(2);
    const pending = await db.select().from(reallocationRequests).where(eq(reallocationRequests.status, 'pending'));
    expect(pending.length).toBeGreaterThanOrEqual(1);

    const report = await checkConsistency(db);
    expect(report.checks.filter((c) => c.count > 0)).toEqual([]);
  }, 600_000);
});
