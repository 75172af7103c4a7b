/**
 * `npm run bench:bids [-- --suppliers 64 --lots 20 --seconds 20]`
 *
 * Sealed bid submission through the HTTP API: each supplier submits, then keeps replacing, its bids
 * on a published tender's lots (PUT /api/tenders/:id/bids seals each to the tender's key and answers
 * with a receipt). Prints bids per second and p50/p99 latency, checks that every supplier's last
 * receipt is what the database holds, then one line of JSON.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { and, eq, sql } from 'drizzle-orm';
import { bids, tenderLots } from '../server/db/schema/index.ts';
import { afterBench, benchApp, benchClient, benchDatabase, benchOrg, pct, sampleWaits } from './bench-kit.ts';

const { values: args } = parseArgs({
  options: {
    suppliers: { type: 'string', default: '64' },
    lots: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '20' },
  },
});
const SUPPLIERS = Number(args.suppliers);
const LOTS = Number(args.lots);
const SECONDS = Number(args.seconds);
const log = (msg: string) => console.log(`[bench:bids] ${msg}`);

const bench = await benchDatabase('bids');
const { db } = bench;
const app = await benchApp(bench);
const unit = await benchOrg(db, 'purchasing_unit', '压测采购人');
const centerOrg = await benchOrg(db, 'procurement_center', '压测采购中心');
const center = await benchClient(db, app.base, centerOrg.id, ['center_staff']);
const created = await center.send('POST', '/api/tenders', {
  title: '压测投标项目',
  methodCode: 'open',
  purchaserOrgId: unit.id,
  kind: 'goods',
  documents: '压测招标文件：采购需求、评标方法、合同条款……',
  deadline: new Date(Date.now() + 21 * 86_400_000).toISOString(),
  smeExemptReason: '压测',
  intentionExemption: '压测：因不可预见的原因急需开展的采购',
  lots: Array.from({ length: LOTS }, (_, i) => ({
    name: `第${i + 1}包`,
    budgetFen: 100_000_000,
    items: [{ name: '设备', quantity: 1, unit: '套' }],
    evaluationMethod: 'lowest_price',
    smeReserved: false,
    smeDeductionRate: '0.10',
  })),
});
if (created.status !== 201) throw new Error(`create ${created.status} ${JSON.stringify(created.body)}`);
const tenderId = String(created.body!.id);
const published = await center.send('POST', `/api/tenders/${tenderId}/publish`);
if (published.status !== 200) throw new Error(`publish ${published.status} ${JSON.stringify(published.body)}`);
const lotIds = (await db.select({ id: tenderLots.id }).from(tenderLots).where(eq(tenderLots.tenderId, tenderId))).map((l) => l.id);
const people: Awaited<ReturnType<typeof benchClient>>[] = [];
for (let i = 0; i < SUPPLIERS; i++)
  people.push(
    await benchClient(
      db,
      app.base,
      (await benchOrg(db, 'supplier', `压测投标人${i + 1}有限公司`, { legalRepresentative: `法人${i}` })).id,
      ['supplier'],
    ),
  );
log(`${bench.backend}: tender with ${LOTS} lots, ${SUPPLIERS} suppliers, app on ${app.base}`);

const latencies: number[] = [];
const statuses: Record<number, number> = {};
const last = new Map<string, string>();
const deadline = performance.now() + SECONDS * 1000;
const t0 = performance.now();
const waits = sampleWaits(db);
await Promise.all(
  people.map(async (p, i) => {
    let k = 0;
    while (performance.now() < deadline) {
      const lotId = lotIds[(i + k++) % lotIds.length]!;
      const t = performance.now();
      const r = await p.send('PUT', `/api/tenders/${tenderId}/bids`, {
        lotId,
        priceFen: 50_000_000 + Math.floor(Math.random() * 40_000_000),
        brand: `品牌${i}`,
        technicalResponse: '完全响应招标文件要求',
        smeDeclared: i % 2 === 0,
      });
      latencies.push(performance.now() - t);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === 200) last.set(`${lotId}:${i}`, String(r.body!.commitment));
    }
  }),
);
const seconds = (performance.now() - t0) / 1000;
const waited = await waits.stop();
const stored = await db
  .select({ lotId: bids.lotId, commitment: bids.commitment, version: bids.version })
  .from(bids)
  .where(and(eq(bids.tenderId, tenderId), eq(bids.status, 'submitted')));
const storedSha = new Set(stored.map((b) => b.commitment));
const mismatched = [...last.values()].filter((sha) => !storedSha.has(sha)).length;
const [{ plain } = { plain: 0 }] = (
  await db.execute<{ plain: number }>(
    sql`select count(*)::int as plain from jicai.bids where tender_id = ${tenderId} and sealed like '%priceFen%'`,
  )
).rows;
const ok = statuses[200] ?? 0;
const after = await afterBench(bench.db);
const result = {
  benchmark: 'bids',
  backend: bench.backend,
  suppliers: SUPPLIERS,
  lots: LOTS,
  submissions: latencies.length,
  accepted: ok,
  statuses,
  seconds: Math.round(seconds * 10) / 10,
  bidsPerSecond: Math.round((ok / seconds) * 10) / 10,
  p50Ms: pct(latencies, 50),
  p99Ms: pct(latencies, 99),
  waits: waited,
  loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  bidsHeld: stored.length,
  lastReceiptsMismatched: mismatched,
  plaintextRows: plain,
  after,
};
log(
  `${ok} bids in ${result.seconds} s = ${result.bidsPerSecond}/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms; ${stored.length} bids held, last receipts not matching: ${mismatched}, rows with plaintext: ${plain}`,
);
console.log(JSON.stringify(result));
await app.close();
await bench.stop();
process.exit(mismatched === 0 && plain === 0 && after.ok ? 0 : 1);
