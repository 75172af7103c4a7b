/**
 * `tsx scripts/count-order-statements.ts [--orders 5] [--show]`: the SQL statements one e-mall order costs,
 * counted at the app's pool clients while the app (in this process) serves add-to-cart and checkout, and
 * 立即购买 (one checkout naming its item), over HTTP, as bench:orders drives them. Load-independent: the figure to compare before and after a change.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { benchAppInProcess, benchClient, benchDatabase, benchLine, benchOrg } from './bench-kit.ts';

const { values: args } = parseArgs({ options: { orders: { type: 'string', default: '5' }, show: { type: 'boolean', default: false } } });
const N = Number(args.orders);
let recording: string[] | null = null;
const bench = await benchDatabase('count_orders', 10);
const { db } = bench;
// Each pool client's own query (the app's, server/db/pool-client.ts) is wrapped when the pool first hands
// it out: counted where the app sends, whichever copy of the driver's classes the loader gave it.
const counted = new WeakSet<object>();
bench.database.pool.on('acquire', (client) => {
  if (counted.has(client)) return;
  counted.add(client);
  const send = client.query.bind(client) as (...a: unknown[]) => unknown;
  (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
    const q = a[0];
    const text = typeof q === 'string' ? q : ((q as { text?: string })?.text ?? String(q));
    recording?.push(text.replace(/\s+/g, ' ').slice(0, 160));
    return send(...a);
  };
});
const app = await benchAppInProcess(bench);

const ok = <T>(r: { status: number; body: Record<string, unknown> | null }, what: string) => {
  if (r.status !== 200 && r.status !== 201) throw new Error(`${what} ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as T;
};
const supplier = await benchOrg(db, 'supplier', '计数家具供应商有限公司');
const centerOrg = await benchOrg(db, 'procurement_center', '计数采购中心');
const center = await benchClient(db, app.base, centerOrg.id, ['center_staff']);
const seller = await benchClient(db, app.base, supplier.id, ['supplier']);
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
ok(
  await center.send('POST', '/api/agreements', {
    code: 'COUNT-XY-1',
    title: '计数协议供货',
    supplierId: supplier.id,
    categoryCodes: ['A05'],
    startsOn: today,
    endsOn: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`,
  }),
  'agreement',
);
const product = ok<{ id: string }>(
  await center.send('POST', '/api/products', { categoryCode: 'A050103', brand: '计数', model: 'SAC-1', name: '计数 办公椅', specs: {} }),
  'product',
);
const listing = ok<{ id: string }>(
  await seller.send('POST', '/api/listings', {
    productId: product.id,
    priceFen: 52_000,
    stock: 1_000_000,
    deliveryRegions: ['000000'],
    leadTimeDays: 3,
    certificates: [],
  }),
  'listing',
);
ok(await seller.send('POST', `/api/listings/${listing.id}/submit`, {}), 'submit');
ok(await center.send('POST', `/api/listings/${listing.id}/approve`, {}), 'approve');
const unit = await benchOrg(db, 'purchasing_unit', '计数采购单位');
const line = await benchLine(db, unit.id, 10_000_000_000);
const buyer = await benchClient(db, app.base, unit.id, ['purchaser']);
const body = { budgetLineId: line.id, deliveryAddress: '北京市海淀区中关村大街 1 号', contactName: '张晓明', contactPhone: '010-62345678' };

async function order() {
  const cart: string[] = [];
  const checkout: string[] = [];
  recording = cart;
  ok(await buyer.send('POST', '/api/cart/items', { listingId: listing.id, quantity: 1 }), 'cart');
  recording = checkout;
  const placed = await buyer.send('POST', '/api/orders/checkout', body, { 'idempotency-key': `count-${randomUUID()}` });
  recording = null;
  if (placed.status !== 201) throw new Error(`checkout ${placed.status} ${JSON.stringify(placed.body)}`);
  // Work the request leaves running after its answer (afterCommit) is counted with it: let it settle.
  await new Promise((r) => setTimeout(r, 200));
  return { cart, checkout };
}

/** 立即购买: one checkout naming the item, the cart untouched. */
async function buyNow() {
  const statements: string[] = [];
  recording = statements;
  const placed = await buyer.send(
    'POST',
    '/api/orders/checkout',
    { ...body, items: [{ listingId: listing.id, quantity: 1 }] },
    { 'idempotency-key': `count-${randomUUID()}` },
  );
  recording = null;
  if (placed.status !== 201) throw new Error(`buy now ${placed.status} ${JSON.stringify(placed.body)}`);
  await new Promise((r) => setTimeout(r, 200));
  return statements;
}

await order(); // warm-up: caches, first-use statements
const runs: { cart: string[]; checkout: string[] }[] = [];
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < N; i++) runs.push(await order());
const cpu = process.cpuUsage(cpu0);
// This process's CPU (the app and the one HTTP client) per order, less the 200 ms settling pause each takes.
const cpuMsPerOrder = Math.round(((cpu.user + cpu.system) / 1000 / N) * 10) / 10;
const wallMsPerOrder = Math.round(((performance.now() - t0) / N - 200) * 10) / 10;
await buyNow();
const direct: string[][] = [];
for (let i = 0; i < N; i++) direct.push(await buyNow());
const avg = (k: 'cart' | 'checkout') => runs.reduce((s, r) => s + r[k].length, 0) / runs.length;
if (args.show) {
  const last = runs.at(-1)!;
  console.log('--- POST /api/cart/items');
  last.cart.forEach((s, i) => console.log(`${i + 1}. ${s}`));
  console.log('--- POST /api/orders/checkout');
  last.checkout.forEach((s, i) => console.log(`${i + 1}. ${s}`));
  console.log('--- POST /api/orders/checkout (立即购买)');
  direct.at(-1)!.forEach((s, i) => console.log(`${i + 1}. ${s}`));
}
const result = {
  orders: N,
  cartStatements: avg('cart'),
  checkoutStatements: avg('checkout'),
  perOrder: avg('cart') + avg('checkout'),
  buyNowStatements: direct.reduce((n, r) => n + r.length, 0) / direct.length,
  cpuMsPerOrder,
  wallMsPerOrder,
};
console.log(JSON.stringify(result));
await app.close();
await bench.stop();
process.exit(0);
