/**
 * `npm run bench:orders [-- --units 20 --orders 1000 --hot 400 --concurrency 32 --via direct|cart]`
 *
 * Places e-mall orders through the HTTP API — 立即购买 by default (one checkout naming the listing, with an
 * Idempotency-Key), or `--via cart` (add to cart, then checkout):
 * first spread over many units' budget lines, then every client on one hot line that has room for a
 * quarter of the attempts. Prints orders per second, p99 latency and the overspend found (must be 0),
 * then one line of JSON. Uses DATABASE_URL's server (a fresh jicai_bench_orders database), else PGlite.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { budgetLines, orders } from '../server/db/schema/index.ts';
import { afterBench, benchApp, benchClient, benchDatabase, benchLine, benchOrg, pct, sampleWaits } from './bench-kit.ts';

const { values: args } = parseArgs({
  options: {
    units: { type: 'string', default: '20' },
    orders: { type: 'string', default: '1000' },
    hot: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '200' },
    via: { type: 'string', default: 'direct' },
  },
});
const UNITS = Number(args.units);
const ORDERS = Number(args.orders);
const HOT = Number(args.hot);
const CONCURRENCY = Number(args.concurrency);
if (args.via !== 'direct' && args.via !== 'cart') throw new Error('--via is direct or cart');
const VIA = args.via;
const log = (msg: string) => console.log(`[bench:orders] ${msg}`);

const bench = await benchDatabase('orders');
const { db } = bench;
const PRICE = 52_000; // ¥520 an office chair: no finding blocks or needs approval
const supplier = await benchOrg(db, 'supplier', '压测家具供应商有限公司');
const app = await benchApp(bench);
log(`${bench.backend}: app on ${app.base}`);

// The chair is on the shelf the product's way: center staff enter the product and sign the supplier's
// agreement, the supplier offers it and submits it, center staff approve it.
const centerOrg = await benchOrg(db, 'procurement_center', '压测采购中心');
const center = await benchClient(db, app.base, centerOrg.id, ['center_staff']);
const seller = await benchClient(db, app.base, supplier.id, ['supplier']);
const ok = <T>(r: { status: number; body: Record<string, unknown> | null }, what: string) => {
  if (r.status !== 200 && r.status !== 201) throw new Error(`${what} ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as T;
};
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
ok(
  await center.send('POST', '/api/agreements', {
    code: 'BENCH-XY-1',
    title: '压测协议供货',
    supplierId: supplier.id,
    categoryCodes: ['A05'],
    startsOn: today,
    endsOn: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`,
  }),
  'agreement',
);
const product = ok<{ id: string }>(
  await center.send('POST', '/api/products', { categoryCode: 'A050103', brand: '压测', model: 'SAC-1', name: '压测 办公椅', specs: {} }),
  'product',
);
const listing = ok<{ id: string }>(
  await seller.send('POST', '/api/listings', {
    productId: product.id,
    priceFen: PRICE,
    stock: 10_000_000,
    deliveryRegions: ['000000'],
    leadTimeDays: 3,
    certificates: [],
  }),
  'listing',
);
ok(await seller.send('POST', `/api/listings/${listing.id}/submit`, {}), 'submit');
ok(await center.send('POST', `/api/listings/${listing.id}/approve`, {}), 'approve');

const checkoutBody = (budgetLineId: string) => ({
  budgetLineId,
  deliveryAddress: '北京市海淀区中关村大街 1 号',
  contactName: '张晓明',
  contactPhone: '010-62345678',
});

/** One order: 立即购买 (one request), or add to cart and then checkout. Returns the checkout's status and latency (all calls). */
async function placeOrder(client: Awaited<ReturnType<typeof benchClient>>, lineId: string) {
  const t = performance.now();
  const key = { 'idempotency-key': `bench-${randomUUID()}` };
  if (VIA === 'direct') {
    const placed = await client.send(
      'POST',
      '/api/orders/checkout',
      { ...checkoutBody(lineId), items: [{ listingId: listing.id, quantity: 1 }] },
      key,
    );
    return { status: placed.status, ms: performance.now() - t };
  }
  const added = await client.send('POST', '/api/cart/items', { listingId: listing.id, quantity: 1 });
  if (added.status !== 200) throw new Error(`cart ${added.status} ${JSON.stringify(added.body)}`);
  const placed = await client.send('POST', '/api/orders/checkout', checkoutBody(lineId), key);
  if (placed.status !== 201) {
    // Refused (no room left on the line): empty the cart so the next attempt starts clean.
    const cart = await client.send('GET', '/api/cart');
    for (const item of (cart.body?.items ?? []) as { id: string }[]) await client.send('DELETE', `/api/cart/items/${item.id}`);
  }
  return { status: placed.status, ms: performance.now() - t };
}

async function phase(label: string, clients: { client: Awaited<ReturnType<typeof benchClient>>; lineId: string }[], total: number) {
  let started = 0;
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const t0 = performance.now();
  const waits = sampleWaits(db);
  await Promise.all(
    clients.map(async ({ client, lineId }) => {
      while (started < total) {
        started++;
        const r = await placeOrder(client, lineId);
        latencies.push(r.ms);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const waited = await waits.stop();
  const placed = statuses[201] ?? 0;
  const stats = {
    attempts: latencies.length,
    placed,
    refused: latencies.length - placed,
    statuses,
    seconds: Math.round(seconds * 10) / 10,
    ordersPerSecond: Math.round((placed / seconds) * 10) / 10,
    p50Ms: pct(latencies, 50),
    p99Ms: pct(latencies, 99),
    waits: waited,
  };
  log(
    `${label}: ${placed} placed of ${stats.attempts} in ${stats.seconds} s = ${stats.ordersPerSecond} orders/s, p50 ${stats.p50Ms} ms, p99 ${stats.p99Ms} ms, statuses ${JSON.stringify(statuses)}`,
  );
  return stats;
}

// Spread: one client per unit (each unit its own budget line), CONCURRENCY clients in all.
const spreadClients = [];
for (let i = 0; i < CONCURRENCY; i++) {
  const unitIndex = i % UNITS;
  const unit = await benchOrg(db, 'purchasing_unit', `压测采购单位${unitIndex + 1}-${i}`);
  const line = await benchLine(db, unit.id, 10_000_000_000);
  spreadClients.push({ client: await benchClient(db, app.base, unit.id, ['purchaser']), lineId: line.id });
}
// A warm-up first, reported but not counted: a server just started compiles its code, opens its pool's
// connections and plans its statements while the first orders wait (they took up to 2 s here, which alone
// set the spread phase's p99 when it ran cold).
const warmup = Number(args.warmup) > 0 ? await phase('warm-up (not counted)', spreadClients, Number(args.warmup)) : null;
const spread = await phase(`spread over ${CONCURRENCY} budget lines`, spreadClients, ORDERS);

// Hot: CONCURRENCY purchasers of one unit on one line with room for a quarter of the attempts.
const hotUnit = await benchOrg(db, 'purchasing_unit', '压测热点采购单位');
const room = Math.floor(HOT / 4);
const hotLine = await benchLine(db, hotUnit.id, PRICE * room);
const hotClients = [];
for (let i = 0; i < CONCURRENCY; i++)
  hotClients.push({ client: await benchClient(db, app.base, hotUnit.id, ['purchaser']), lineId: hotLine.id });
const hot = await phase(`hot: one budget line with room for ${room} orders`, hotClients, HOT);

const [line] = await db.select().from(budgetLines).where(eq(budgetLines.id, hotLine.id));
const onLine = await db.select({ total: orders.totalFen }).from(orders).where(eq(orders.budgetLineId, hotLine.id));
const held = onLine.reduce((s, o) => s + o.total, 0);
const overspendFen = Math.max(0, line!.reservedFen + line!.spentFen - line!.amountFen, held - line!.amountFen);
log(
  `hot line: amount ${line!.amountFen} fen, reserved ${line!.reservedFen}, orders ${onLine.length} holding ${held} fen, overspend ${overspendFen} fen`,
);

const after = await afterBench(bench.db);
const result = {
  benchmark: 'orders',
  backend: bench.backend,
  via: VIA,
  concurrency: CONCURRENCY,
  ordersPerSecond: spread.ordersPerSecond,
  p50Ms: spread.p50Ms,
  p99Ms: spread.p99Ms,
  hot: { ordersPerSecond: hot.ordersPerSecond, p99Ms: hot.p99Ms, placed: hot.placed, room, refused: hot.refused },
  overspendFen,
  spread,
  warmup: warmup && { orders: warmup.placed, seconds: warmup.seconds, p50Ms: warmup.p50Ms, p99Ms: warmup.p99Ms },
  after,
};
console.log(JSON.stringify(result));
await app.close();
await bench.stop();
process.exit(overspendFen === 0 && hot.placed === room && after.ok ? 0 : 1);
