/**
 * `npm run bench:auction [-- --bidders 64 --bids 5000 --lots 20 --warmup 1000]`
 *
 * Drives concurrent bidders through the HTTP API (POST /api/auctions/:id/bids), first all at one lot,
 * then spread over many lots. Each bidder raises the price it last saw by one to twenty increments.
 * Prints accepted bids per second, p99 latency, bids lost (accepted by the API but missing from the
 * lot's history; must be 0) and whether each lot's final price equals its highest accepted bid, then
 * one line of JSON. Uses DATABASE_URL's server (a fresh jicai_bench_auction database), else PGlite.
 */
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { auctionBids, auctionLots, auctionRegistrations } from '../server/db/schema/index.ts';
import { resumeRealTime, setClock } from '../server/platform/clock.ts';
import { afterBench, benchApp, benchClient, benchDatabase, benchOrg, pct, sampleWaits } from './bench-kit.ts';

const { values: args } = parseArgs({
  options: {
    bidders: { type: 'string', default: '64' },
    bids: { type: 'string', default: '5000' },
    lots: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '1000' },
  },
});
const BIDDERS = Number(args.bidders);
const BIDS = Number(args.bids);
const LOTS = Number(args.lots);
const WARMUP = Number(args.warmup);
const log = (msg: string) => console.log(`[bench:auction] ${msg}`);

const bench = await benchDatabase('auction', 40);
const { db } = bench;
const app = await benchApp(bench);
log(`${bench.backend}: app on ${app.base}`);

const seller = await benchOrg(db, 'purchasing_unit', '压测资产处置单位');
const centerOrg = await benchOrg(db, 'procurement_center', '压测采购中心');
const owner = await benchClient(db, app.base, seller.id, ['purchaser']);
const center = await benchClient(db, app.base, centerOrg.id, ['center_staff']);

/**
 * The lots come the way the product makes them: the unit registers each asset and offers it in the
 * warehouse; nobody asks for it in its reallocation window (the platform clock stands three weeks back
 * for that); the center then puts it up. Each lot has its OCDS release and audit entries like any other.
 */
async function sent(r: { status: number; body: Record<string, unknown> | null }, what: string) {
  if (r.status !== 200 && r.status !== 201) throw new Error(`${what} ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string };
}
await setClock(db, new Date(Date.now() - 21 * 86_400_000));
const offered: string[] = [];
// One lot per phase: the warm-up's, the one-lot phase's and the spread phase's LOTS.
for (let i = 0; i <= LOTS + 1; i++) {
  const asset = await sent(
    await owner.send('POST', '/api/assets', {
      categoryCode: 'A02010104',
      name: `压测资产 ${i}`,
      description: '压测用闲置台式计算机',
      quantity: 1,
      originalValueFen: 1_000_000,
      netValueFen: 100_000,
      acquiredOn: '2018-01-01',
      condition: 'fair',
      location: '北京',
    }),
    'asset',
  );
  await sent(await owner.send('POST', `/api/assets/${asset.id}/offer`), 'offer');
  offered.push(asset.id);
}
await resumeRealTime(db);

async function lot(i: number) {
  const now = Date.now();
  return sent(
    await center.send('POST', '/api/auctions', {
      assetId: offered[i]!,
      title: `压测标的 ${i}`,
      description: '压测',
      viewingInfo: '工作日 9:00–17:00 在北京市公物仓看样',
      appraisalFen: 100_000,
      startPriceFen: 100_000,
      reservePriceFen: 0,
      incrementFen: 100,
      depositFen: 10_000,
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 2 * 3600_000).toISOString(),
      extensionWindowMinutes: 5,
      extensionMinutes: 5,
    }),
    'lot',
  );
}

const people: Awaited<ReturnType<typeof benchClient>>[] = [];
for (let i = 0; i < BIDDERS; i++) {
  const org = await benchOrg(db, 'supplier', `压测竞买人${i + 1}有限公司`);
  people.push(await benchClient(db, app.base, org.id, ['supplier']));
}

async function run(label: string, lotIds: string[], bids = BIDS) {
  for (const id of lotIds)
    for (const p of people) {
      const r = await p.send('POST', `/api/auctions/${id}/register`, { depositRef: `BANK-${randomInt(1e9)}` });
      if (r.status !== 201) throw new Error(`register ${r.status} ${JSON.stringify(r.body)}`);
      // 登记到账: the center records the bank receipt of the lot's deposit; only then may the bidder bid.
      const { registrationId, depositFen } = r.body as { registrationId: string; depositFen: number };
      const paid = await center.send('POST', `/api/auctions/registrations/${registrationId}/deposit`, {
        amountFen: depositFen,
        bankRef: `YH-${randomInt(1e9)}`,
        receivedAt: new Date(Date.now() - 1000).toISOString(),
      });
      if (paid.status !== 200) throw new Error(`deposit ${paid.status} ${JSON.stringify(paid.body)}`);
    }
  // Each bidder first opens its lot's page (the public lot view), as a bidder does before bidding: the price
  // it starts from. Not timed; it also brings the server's connections up to what the phase needs.
  const known = new Map<string, number>();
  await Promise.all(
    people.map(async (p, i) => {
      const lotId = lotIds[i % lotIds.length]!;
      const r = await p.send('GET', `/api/public/auctions/${lotId}`);
      if (r.status !== 200) throw new Error(`lot page ${r.status} ${JSON.stringify(r.body)}`);
      const lot = r.body as { currentPriceFen: number | null; startPriceFen: number };
      known.set(lotId, Math.max(known.get(lotId) ?? 0, lot.currentPriceFen ?? lot.startPriceFen - 100));
    }),
  );
  const accepted = new Map<string, number[]>(lotIds.map((id) => [id, []]));
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let placed = 0;
  const t0 = performance.now();
  const waits = sampleWaits(db);
  await Promise.all(
    people.map(async (p, i) => {
      while (placed < bids) {
        placed++;
        const lotId = lotIds[(i + placed) % lotIds.length]!;
        const amount = known.get(lotId)! + 100 * randomInt(1, 21);
        const t = performance.now();
        const r = await p.send('POST', `/api/auctions/${lotId}/bids`, { amountFen: amount });
        latencies.push(performance.now() - t);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        if (r.status === 201) {
          accepted.get(lotId)!.push(amount);
          known.set(lotId, Math.max(known.get(lotId)!, amount));
        } else if (r.status === 422 || r.status === 409) {
          // The refusal answers the lot's price as judged (its `facts`), as a bidder's screen reads it.
          const facts = (r.body as { facts?: { currentPriceFen?: number | null } } | null)?.facts;
          if (!facts) throw new Error(`bid refused without the lot's price: ${r.status} ${JSON.stringify(r.body)}`);
          known.set(lotId, Math.max(known.get(lotId)!, facts.currentPriceFen ?? 0));
        } else throw new Error(`bid ${r.status} ${JSON.stringify(r.body)}`);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const waited = await waits.stop();
  let lost = 0;
  let finalPriceIsHighest = true;
  let risingInCommitOrder = true;
  for (const id of lotIds) {
    const stored = await db.select().from(auctionBids).where(eq(auctionBids.lotId, id)).orderBy(auctionBids.seq);
    const storedAmounts = new Set(stored.map((b) => b.amountFen));
    lost += accepted.get(id)!.filter((a) => !storedAmounts.has(a)).length + Math.max(0, accepted.get(id)!.length - stored.length);
    for (let k = 1; k < stored.length; k++) if (stored[k]!.amountFen < stored[k - 1]!.amountFen + 100) risingInCommitOrder = false;
    const [row] = await db.select({ price: auctionLots.currentPriceFen }).from(auctionLots).where(eq(auctionLots.id, id));
    if (accepted.get(id)!.length && row!.price !== Math.max(...accepted.get(id)!)) finalPriceIsHighest = false;
  }
  const total = [...accepted.values()].reduce((s, a) => s + a.length, 0);
  const stats = {
    lots: lotIds.length,
    bidders: BIDDERS,
    bidsPlaced: latencies.length,
    accepted: total,
    refused: latencies.length - total,
    statuses,
    seconds: Math.round(seconds * 10) / 10,
    acceptedPerSecond: Math.round((total / seconds) * 10) / 10,
    bidsPerSecond: Math.round((latencies.length / seconds) * 10) / 10,
    waits: waited,
    p50Ms: pct(latencies, 50),
    p99Ms: pct(latencies, 99),
    lost,
    finalPriceIsHighest,
    risingInCommitOrder,
  };
  log(
    `${label}: ${stats.bidsPlaced} bids (${total} accepted) in ${stats.seconds} s = ${stats.acceptedPerSecond} accepted/s, ${stats.bidsPerSecond} bids/s, p50 ${stats.p50Ms} ms, p99 ${stats.p99Ms} ms, lost ${lost}, final price = highest accepted: ${finalPriceIsHighest}`,
  );
  return stats;
}

// The server's code warmed up as a running service's is (JIT, connections), on a lot of its own: not counted
// (as bench:orders' warm-up), so the figures are the steady state, not the process's first seconds.
const warm = WARMUP > 0 ? await run('warm-up (not counted)', [(await lot(LOTS + 1)).id], WARMUP) : null;
const one = await run(`${BIDDERS} bidders at one lot`, [(await lot(0)).id]);
const many = await run(
  `${BIDDERS} bidders over ${LOTS} lots`,
  await Promise.all(Array.from({ length: LOTS }, (_, i) => lot(i + 1).then((l) => l.id))),
);
const registrations = await db.select({ n: sql<number>`count(*)::int` }).from(auctionRegistrations);
log(`registrations: ${registrations[0]!.n}`);
const after = await afterBench(bench.db);
const result = {
  benchmark: 'auction',
  backend: bench.backend,
  acceptedPerSecond: one.acceptedPerSecond,
  p99Ms: one.p99Ms,
  lost: one.lost + many.lost + (warm?.lost ?? 0),
  finalPriceIsHighest: one.finalPriceIsHighest && many.finalPriceIsHighest && (warm?.finalPriceIsHighest ?? true),
  oneLot: one,
  manyLots: many,
  warmup: warm && { bids: warm.bidsPlaced, seconds: warm.seconds, bidsPerSecond: warm.bidsPerSecond, p99Ms: warm.p99Ms },
  after,
};
console.log(JSON.stringify(result));
await app.close();
await bench.stop();
process.exit(result.lost === 0 && result.finalPriceIsHighest && after.ok ? 0 : 1);
