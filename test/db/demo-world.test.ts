import { asc, eq, sql } from 'drizzle-orm';
import {
  assetEvents,
  assets,
  auctionBids,
  auctionLots,
  auctionRegistrations,
  creditEvents,
  reallocationRequests,
} from '../../server/db/schema/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reindexAll } from '../../server/modules/catalogue/catalogue.documents.ts';
import { DEMO_PASSWORD, loadDemoData } from '../../server/modules/demo/demo-data.ts';
import { historyStart, replayDemoWorld } from '../../server/modules/demo/replay/replay.ts';
import { clockOffset, setClock } from '../../server/platform/clock.ts';
import { checkConsistency } from '../../server/platform/consistency.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { createServices } from '../../server/services.ts';
import { processors } from '../../workers/registry.ts';
import { client, createTestContext, login, type TestContext } from '../helpers/context.ts';
import { ownDatabase } from '../helpers/own-database.ts';
import { followWholeFeed } from '../helpers/ocds.ts';

/**
 * The demo world (#15) exactly as `npm start` makes it, on a database of this file's own: the clock set a
 * year back, the demo data loaded, the year played through the API (replayDemoWorld), real time resumed.
 * What it leaves must read as one world — every state at the present, totals equal to their lines, nothing
 * dated after now, every awarded tender's report answering, every consistency check clean, and the risk
 * rules finding the cases the stories acted out.
 */
let own: Awaited<ReturnType<typeof ownDatabase>>;
let ctx: TestContext;
const now = new Date();
const MINUTE = 60_000;
const beijingHour = (at: Date) => (((at.getTime() / 3_600_000 + 8) % 24) + 24) % 24;

let present: string[] = [];

beforeAll(async () => {
  own = await ownDatabase('demo_world');
  const db = own.database.db;
  await setClock(db, historyStart(now));
  await loadDemoData(db);
  await reindexAll(db, postgresSearch(db));
  ctx = await createTestContext({ databaseUrl: own.url, env: { DEMO_DATA: 'false' } });
  const deps = { config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search: postgresSearch(ctx.database.db) };
  const replayed = await replayDemoWorld({ app: ctx.app, db: ctx.database.db, jobs: ctx.jobs, processors: processors(deps), now });
  present = replayed.present;
  console.log(`demo world: ${JSON.stringify({ ...replayed, present: undefined })}\n${present.join('\n')}`);
}, 900_000);
afterAll(async () => {
  await ctx?.close();
  await own?.drop();
});

const rows = async <T>(query: ReturnType<typeof sql>) => (await ctx.database.db.execute(query)).rows as T[];

describe('the demo world', () => {
  it('ends on real time', async () => {
    expect(await clockOffset(ctx.database.db)).toBe(0);
  });

  it('leaves orders at every step, each equal to its lines, none dated after the present', async () => {
    const states = await rows<{ status: string; n: number }>(
      sql`select status, count(*)::int as n from jicai.orders group by status order by status`,
    );
    console.log(`orders by state: ${JSON.stringify(Object.fromEntries(states.map((s) => [s.status, s.n])))}`);
    const count = (s: string) => states.find((x) => x.status === s)?.n ?? 0;
    for (const s of ['pending_approval', 'placed', 'confirmed', 'shipped', 'delivered', 'accepted', 'settled', 'cancelled', 'rejected'])
      expect(count(s), s).toBeGreaterThan(0);
    expect(states.reduce((sum, s) => sum + s.n, 0)).toBeGreaterThan(40);
    const unequal = await rows(sql`
      select o.order_no from jicai.orders o
       where o.total_fen <> (select coalesce(sum(l.line_total_fen), 0) from jicai.order_lines l where l.order_id = o.id)`);
    expect(unequal).toEqual([]);
    const [late] = await rows<{ n: number }>(sql`
      select count(*)::int as n from jicai.orders
       where created_at > ${now.toISOString()}::timestamptz or updated_at > ${now.toISOString()}::timestamptz`);
    expect(late!.n).toBe(0);
    // Approvals were asked for and given (a threshold, a split, an over-standard line) and one returned; the
    // confirmation deadline cancelled what a supplier left unconfirmed.
    const [approvals] = await rows<{ approved: number; returned: number; expired: number }>(sql`
      select count(*) filter (where needs_approval and decided_at is not null and status <> 'cancelled')::int as approved,
             count(*) filter (where needs_approval and status = 'cancelled' and decided_at is not null)::int as returned,
             count(*) filter (where status = 'cancelled' and cancel_reason like '%系统自动取消%')::int as expired
        from jicai.orders`);
    expect(approvals!.approved).toBeGreaterThanOrEqual(3);
    expect(approvals!.returned).toBe(1);
    expect(approvals!.expired).toBeGreaterThanOrEqual(1);
    // Months with orders: the year, not a burst.
    const [months] = await rows<{ n: number }>(
      sql`select count(distinct to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM'))::int as n from jicai.orders`,
    );
    expect(months!.n).toBeGreaterThanOrEqual(10);
  });

  it('leaves quotations awarded (with the small/micro deduction), failed, open, and one closing after the present', async () => {
    const states = await rows<{ status: string; n: number }>(sql`select status, count(*)::int as n from jicai.quotations group by status`);
    console.log(`quotations by state: ${JSON.stringify(Object.fromEntries(states.map((s) => [s.status, s.n])))}`);
    const count = (s: string) => states.find((x) => x.status === s)?.n ?? 0;
    expect(count('awarded')).toBeGreaterThanOrEqual(6);
    expect(count('failed')).toBe(1);
    expect(count('open')).toBe(2);
    const open = await rows<{ deadline: Date; quotes: number }>(sql`
      select q.deadline, (select count(*)::int from jicai.quotation_quotes x where x.quotation_id = q.id) as quotes
        from jicai.quotations q where q.status = 'open' order by q.deadline`);
    expect(new Date(open[0]!.deadline).getTime() - now.getTime()).toBeGreaterThan(30 * 60_000);
    expect(new Date(open[0]!.deadline).getTime() - now.getTime()).toBeLessThan(2 * 3600_000);
    expect(open.map((q) => q.quotes).sort()).toEqual([2, 3]);
    // 华信, the demo supplier, may still quote on the one with two sealed quotes.
    const supplier = client(ctx.app, await login(ctx.app, 'supplier', DEMO_PASSWORD));
    const hall = (await supplier.get('/api/supplier/quotations?status=open')).json<{
      items: { quotationNo: string; deadline: string; admitted: boolean; myReceipt: unknown }[];
    }>();
    expect(hall.items.map((q) => [q.admitted, q.myReceipt])).toEqual([
      [true, null],
      [true, null],
    ]);
    const [deducted] = await rows<{ n: number }>(sql`
      select count(*)::int as n from jicai.quotations q join jicai.quotation_quotes x on x.id = q.awarded_quote_id
       where x.deduction_rate::numeric > 0 and x.evaluation_fen < x.total_fen`);
    expect(deducted!.n).toBeGreaterThanOrEqual(2);
    // Official vehicles came by quotation: three fuel sedans and one new-energy, under the 30% share.
    const [cars] = await rows<{ all: number; electric: number }>(sql`
      select coalesce(sum(quantity), 0)::int as all, coalesce(sum(quantity) filter (where category_code = 'A02030502'), 0)::int as electric
        from jicai.order_lines where category_code like 'A020305%'`);
    expect(cars).toEqual({ all: 4, electric: 1 });
    const [dated] = await rows<{ n: number }>(sql`
      select count(*)::int as n from jicai.quotations
       where created_at > ${now.toISOString()}::timestamptz or closed_at > ${now.toISOString()}::timestamptz`);
    expect(dated!.n).toBe(0);
  });

  it('tells start-up what waits in the present, and for whom', () => {
    for (const step of ['待审批', '待确认', '已确认', '已发货', '已送达', '已验收'])
      expect(
        present.some((line) => line.includes(step)),
        step,
      ).toBe(true);
    expect(present.filter((line) => line.startsWith('网上竞价'))).toHaveLength(2);
  });

  it('leaves tenders through their whole course, one failed, and the present at every stage; every award has its report', async () => {
    const states = await rows<{ status: string; n: number }>(
      sql`select status::text, count(*)::int as n from jicai.tenders group by status`,
    );
    const count = (s: string) => states.find((x) => x.status === s)?.n ?? 0;
    expect(count('contracted')).toBeGreaterThanOrEqual(6);
    expect(count('failed')).toBe(1);
    expect(count('evaluation')).toBe(1);
    expect(count('bidding')).toBe(2);
    expect(count('awarded') + count('challenge')).toBe(1);
    // The one whose bids close ten minutes after the start: still open, its opening job waiting for the clock.
    const [opening] = await rows<{ id: string; status: string }>(sql`
      select id, status::text from jicai.tenders
       where deadline > ${now.toISOString()}::timestamptz and deadline < ${now.toISOString()}::timestamptz + interval '1 hour'`);
    expect(opening?.status).toBe('bidding');
    const [job] = await rows<{ status: string }>(sql`select status from jicai.scheduled_jobs where id = ${`tenders.open:${opening!.id}`}`);
    expect(job?.status).toBe('pending');
    // Every awarded or contracted tender's report builds: its bids, committee and scores are there.
    const anon = client(ctx.app, null);
    const awarded = await rows<{ id: string }>(sql`select id from jicai.tenders where status in ('awarded', 'challenge', 'contracted')`);
    for (const t of awarded) {
      const report = await anon.get(`/api/public/tenders/${t.id}/evaluation-report`);
      expect(report.statusCode, report.body).toBe(200);
      expect(report.json().lots[0].report.ranking.length).toBeGreaterThanOrEqual(3);
    }
    // Experts scored in their own accounts: every score sheet's expert has a login.
    const [orphans] = await rows<{ n: number }>(sql`
      select count(*)::int as n from jicai.tender_scores s join jicai.experts e on e.id = s.expert_id where e.user_id is null`);
    expect(orphans!.n).toBe(0);
    expect(present.some((line) => line.startsWith('评分中'))).toBe(true);
  });

  it('starts every tender and quotation under its unit’s intention published 30 days or more before, and approves every unit’s plan for the year', async () => {
    const [starts] = await rows<{ all: number; early: number; exempt: number }>(sql`
      select count(*)::int as all,
             count(*) filter (where i.published_at > coalesce(t.published_at, q.created_at) - interval '30 days' or i.unit_org_id <> coalesce(t.purchaser_org_id, q.purchaser_org_id))::int as early,
             count(*) filter (where u.intention_id is null)::int as exempt
        from jicai.intention_uses u
        left join jicai.procurement_intentions i on i.id = u.intention_id
        left join jicai.tenders t on u.process_type = 'tender' and t.id = u.process_id
        left join jicai.quotations q on u.process_type = 'quotation' and q.id = u.process_id`);
    const [processes] = await rows<{ n: number }>(
      sql`select (select count(*) from jicai.tenders) + (select count(*) from jicai.quotations) as n`,
    );
    expect(starts).toEqual({ all: Number(processes!.n), early: 0, exempt: 0 });
    const [plans] = await rows<{ units: number; approved: number }>(sql`
      select count(distinct unit_org_id)::int as units, count(*) filter (where status = 'approved')::int as approved from jicai.procurement_plans
       where fiscal_year = extract(year from now() at time zone 'Asia/Shanghai')`);
    expect(plans!.units).toBeGreaterThanOrEqual(4);
    expect(plans!.approved).toBe(plans!.units);
  });

  it('gives the collusion rules the ring and the shared office to find', async () => {
    const services = createServices({ config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search: postgresSearch(ctx.database.db) });
    for (const rule of ['winner_rotation', 'shared_device', 'shared_address', 'identical_bids'] as const) await services.risk.runRule(rule);
    const alerts = await rows<{ rule: string }>(
      sql`select rule from jicai.risk_alerts where rule in ('winner_rotation', 'shared_device', 'shared_address', 'identical_bids')`,
    );
    // One of each, from what the stories did: no other bidders share an office or take turns.
    expect(alerts.map((a) => a.rule).sort()).toEqual(['identical_bids', 'shared_address', 'shared_device', 'winner_rotation']);
  });

  it('publishes the world as open data: the feed holds every stored release once, and every process ends where a reviewer expects', async () => {
    const anon = client(ctx.app, null);
    const seen = await followWholeFeed((url) => anon.get(url));
    const [stored] = await rows<{ n: number }>(sql`select count(*)::int as n from jicai.ocds_releases`);
    expect(seen.size).toBe(stored!.n);
    const live = new Map<string, { kind: string; status: string }>();
    for (let page = 1; ; page++) {
      const res = (await anon.get(`/api/ocds/processes?pageSize=200&page=${page}`)).json();
      for (const p of res.items as { kind: string; ocid: string; status: string }[]) live.set(p.ocid, p);
      if (page * 200 >= res.total) break;
    }
    const expected: Record<string, Record<string, string>> = {
      tender: { contracted: 'complete', cancelled: 'cancelled', failed: 'unsuccessful' },
      quotation: { awarded: 'complete', cancelled: 'cancelled', failed: 'unsuccessful' },
      auction: { paid: 'complete', sold: 'complete', defaulted: 'complete', failed: 'unsuccessful' },
    };
    const records = (await anon.get('/api/ocds/bulk/records.json')).json().records as {
      ocid: string;
      compiledRelease: { tender: { status: string } };
    }[];
    const wrong = records.flatMap(({ ocid, compiledRelease }) => {
      const p = live.get(ocid);
      const want = p && expected[p.kind]?.[p.status];
      return want && compiledRelease.tender.status !== want ? [`${ocid} ${p.kind} ${p.status}: ${compiledRelease.tender.status}`] : [];
    });
    expect(wrong).toEqual([]);
    // Every process in the public list has its record (the list leaves out what has not begun, like a lot not yet open).
    const recorded = new Set(records.map((r) => r.ocid));
    expect([...live.keys()].filter((ocid) => !recorded.has(ocid))).toEqual([]);
  });

  it('leaves the warehouse and its auctions as the rules make them: reallocation first, sold lots priced by their bids, a 流拍 relisted, a default forfeited, a lot live now', async () => {
    const db = ctx.database.db;
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
  });

  it('reads as one world: every consistency check holds', async () => {
    const report = await checkConsistency(ctx.database.db, { limit: 5 });
    expect(report.checks.filter((c) => c.count > 0)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('gives the risk rules the split purchase and the late supplier to find', async () => {
    const services = createServices({ config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search: postgresSearch(ctx.database.db) });
    for (const rule of ['split_purchase', 'late_supplier'] as const) await services.risk.runRule(rule);
    const alerts = await rows<{ rule: string; subject_label: string }>(
      sql`select rule, subject_label from jicai.risk_alerts where rule in ('split_purchase', 'late_supplier')`,
    );
    expect(alerts).toContainEqual({ rule: 'split_purchase', subject_label: '北京市海淀区教育委员会' });
    expect(alerts).toContainEqual({ rule: 'late_supplier', subject_label: '北京启明星数码科技有限公司' });
  });
});
