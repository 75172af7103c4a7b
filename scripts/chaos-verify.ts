/**
 * After the chaos run: what the clients hold receipts for against what the database holds, every deadline
 * run exactly once, and the invariants of `npm run check:consistency` with the audit chain (bench-kit's
 * afterBench).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../server/db/client.ts';
import { afterBench } from './bench-kit.ts';
import type { LoadResult } from './chaos-load.ts';
import type { ChaosWorld } from './chaos-world.ts';

const rows = async <T>(db: Db, query: ReturnType<typeof sql>) => (await db.execute<T & Record<string, unknown>>(query)).rows as T[];

async function verifyOrders(db: Db, world: ChaosWorld, load: LoadResult) {
  const orgs = world.purchasers.map((p) => p.login.orgId);
  const held = await rows<{ org: string; key: string; ids: string[] }>(
    db,
    sql`select organization_id as org, idempotency_key as key, order_ids::text[] as ids from jicai.checkouts
        where organization_id in (${sql.join(
          orgs.map((o) => sql`${o}::uuid`),
          sql`, `,
        )})`,
  );
  const byKey = new Map(held.map((h) => [`${h.org}/${h.key}`, h.ids]));
  const lost = load.orders.filter((o) => (byKey.get(`${o.orgId}/${o.key}`) ?? []).join() !== o.orderIds.join()).length;
  const [count] = await rows<{ orders: number; outside: number }>(
    db,
    sql`select count(*)::int as orders, count(*) filter (where not exists (
          select 1 from jicai.checkouts c where o.id = any(c.order_ids)))::int as outside
        from jicai.orders o where o.purchaser_org_id in (${sql.join(
          orgs.map((o) => sql`${o}::uuid`),
          sql`, `,
        )})`,
  );
  const answered = new Set(load.orders.map((o) => `${o.orgId}/${o.key}`));
  const unanswered = held.filter((h) => !answered.has(`${h.org}/${h.key}`)).length;
  const heldOrders = held.reduce((n, h) => n + h.ids.length, 0);
  return {
    accepted: load.orders.length,
    lost,
    doubled: count!.outside + Math.max(0, count!.orders - heldOrders),
    committedUnanswered: unanswered,
  };
}

async function verifySealed(db: Db, world: ChaosWorld, load: LoadResult) {
  let lost = 0;
  let doubled = 0;
  for (const t of world.tenders) {
    const [row] = await rows<{ record: { lotId: string; supplierId: string; priceFen: number }[] | null }>(
      db,
      sql`select opening_record as record from jicai.tenders where id = ${t.id}`,
    );
    const record = row?.record ?? [];
    const seen = new Map<string, number[]>();
    for (const r of record) seen.set(`${r.lotId}/${r.supplierId}`, [...(seen.get(`${r.lotId}/${r.supplierId}`) ?? []), r.priceFen]);
    doubled += [...seen.values()].filter((v) => v.length > 1).length;
    for (const s of load.sealed.filter((x) => x.tenderId === t.id)) {
      const prices = seen.get(`${s.lotId}/${s.orgId}`) ?? [];
      if (!prices.includes(s.priceFen) && !(s.pending !== null && prices.includes(s.pending))) lost++;
    }
  }
  return { accepted: load.successes.sealedBid.length, suppliersLotsHeld: load.sealed.length, lost, doubled };
}

async function verifyAuction(db: Db, world: ChaosWorld, load: LoadResult) {
  const stored = await rows<{ lot: string; org: string; amount: number; n: number }>(
    db,
    sql`select b.lot_id as lot, r.bidder_org_id as org, b.amount_fen::int as amount, count(*)::int as n
        from jicai.auction_bids b join jicai.auction_registrations r on r.id = b.registration_id
        where b.lot_id in (${sql.join(
          world.lots.map((l) => sql`${l.id}::uuid`),
          sql`, `,
        )})
        group by 1, 2, 3`,
  );
  const key = (lot: string, org: string, amount: number) => `${lot}/${org}/${amount}`;
  const have = new Map(stored.map((s) => [key(s.lot, s.org, s.amount), s.n]));
  const accepted = load.auction.filter((a) => !a.uncertain);
  const lost = accepted.filter((a) => !have.has(key(a.lotId, a.orgId, a.amountFen))).length;
  const known = new Set(load.auction.map((a) => key(a.lotId, a.orgId, a.amountFen)));
  return {
    accepted: accepted.length,
    lost,
    doubled: stored.filter((s) => s.n > 1).length,
    // Taken by the server while the client saw a failure and its retry was refused: neither lost nor doubled.
    committedUnanswered: stored.filter((s) => !known.has(key(s.lot, s.org, s.amount))).length,
  };
}

/** Every deadline of the run: its job done, its effect (the opening, the close) recorded once. */
async function verifyDeadlines(db: Db, world: ChaosWorld) {
  // The deadlines the run means to pass (a lot that closes long after the run only takes bids).
  const horizon = world.stopAt + 300_000;
  const ids = [
    ...world.tenders.filter((t) => t.deadline < horizon).map((t) => t.id),
    ...world.lots.filter((l) => l.endsAt < horizon).map((l) => l.id),
  ];
  const effects = await rows<{ id: string; n: number }>(
    db,
    sql`select entity_id as id, count(*)::int as n from jicai.audit_entries
        where (action = 'tender.open' or action like 'auction.close.%') and entity_id in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )})
        group by 1`,
  );
  const n = new Map(effects.map((e) => [e.id, e.n]));
  const [late] = await rows<{ pending: number }>(
    db,
    sql`select count(*)::int as pending from jicai.scheduled_jobs where status = 'pending' and run_at < jicai.clock_timestamp() - interval '30 seconds'`,
  );
  return {
    deadlines: ids.length,
    ranOnce: ids.filter((i) => n.get(i) === 1).length,
    ranTwice: ids.filter((i) => (n.get(i) ?? 0) > 1).length,
    notRun: ids.filter((i) => !n.has(i)).length,
    overdueJobs: late!.pending,
  };
}

export async function verifyChaos(db: Db, world: ChaosWorld, load: LoadResult) {
  const orders = await verifyOrders(db, world, load);
  const sealedBids = await verifySealed(db, world, load);
  const auctionBids = await verifyAuction(db, world, load);
  const deadlines = await verifyDeadlines(db, world);
  const after = await afterBench(db);
  const ok =
    orders.lost + orders.doubled + sealedBids.lost + sealedBids.doubled + auctionBids.lost + auctionBids.doubled === 0 &&
    deadlines.ranOnce === deadlines.deadlines &&
    deadlines.overdueJobs === 0 &&
    after.ok;
  return { ok, orders, sealedBids, auctionBids, deadlines, after };
}

/** Waits until every tender of the world is opened and every lot closed (the workers' deadlines). */
export async function settled(db: Db, world: ChaosWorld, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const d = await verifyDeadlines(db, world).catch(() => null);
    if (d && d.notRun === 0) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}
