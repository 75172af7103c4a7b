/**
 * `npm run bench:opening [-- --bids 10000]`
 *
 * Seeds a published tender with N sealed bids (each from its own supplier, sealed to the tender's key as
 * the API seals them), lets the deadline pass, and runs the opening as the worker does (the durable
 * job through BullMQ). Prints the time from the deadline until every bid is opened and the opening
 * record published, then one line of JSON. Target: 10,000 bids in under 5 s.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { loadConfig } from '../server/config.ts';
import { bids, organizations, tenderLots, tenders } from '../server/db/schema/index.ts';
import { inTransaction } from '../server/db/tx.ts';
import { makeUscc } from '../server/modules/organizations/organizations.rules.ts';
import { bidBinding, tenderJobs } from '../server/modules/tenders/tenders.service.ts';
import { postgresQueueBackend, redisQueueBackend } from '../server/platform/queue/backend.ts';
import { JobSystem } from '../server/platform/queue/job-system.ts';
import { commitmentOf, newReceiptNonce, sealedEnvelope } from '../server/platform/receipts.ts';
import { postgresSearch } from '../server/platform/search/postgres-search.ts';
import { createServices } from '../server/services.ts';
import { jobSpecs, processors } from '../workers/registry.ts';
import { afterBench, benchDatabase, benchOrg } from './bench-kit.ts';

const { values: args } = parseArgs({ options: { bids: { type: 'string', default: '10000' } } });
const N = Number(args.bids);
const log = (msg: string) => console.log(`[bench:opening] ${msg}`);

const bench = await benchDatabase('opening');
const { db } = bench;
const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: bench.url, DEMO_DATA: 'false', DATA_DIR: '.data/bench' });
const backend = process.env.REDIS_URL
  ? redisQueueBackend(process.env.REDIS_URL, `jicai-bench-${randomUUID().slice(0, 8)}`)
  : postgresQueueBackend(bench.url);
const jobs = new JobSystem({ backend, db, specs: jobSpecs(), log: { info() {}, warn() {}, error() {} } });
const search = postgresSearch(db);
const services = createServices({ config, db, jobs, search });

const t0 = performance.now();
const unit = await benchOrg(db, 'purchasing_unit', '压测采购人');
const center = await benchOrg(db, 'procurement_center', '压测采购中心');
const keys = await services.sealer.newKeyPair();
const [tender] = await db
  .insert(tenders)
  .values({
    tenderNo: 'ZBBENCH0001',
    title: '压测开标项目',
    methodCode: 'open',
    purchaserOrgId: unit.id,
    centerOrgId: center.id,
    kind: 'goods',
    description: '',
    documents: '压测招标文件',
    status: 'bidding',
    publishedAt: sql`now() - interval '21 days'`,
    deadline: sql`now() + interval '1 hour'`,
    sealPublicKey: keys.publicKey,
    sealPrivateKeyWrapped: keys.wrappedPrivateKey,
  })
  .returning();
const [lot] = await db
  .insert(tenderLots)
  .values({
    tenderId: tender!.id,
    lotNo: 1,
    name: '压测包',
    budgetFen: 10_000_000_000,
    items: [{ name: '设备', quantity: 1, unit: '套', specs: '' }],
    evaluationMethod: 'lowest_price',
    smeReserved: false,
    smeDeductionRate: '0.10',
  })
  .returning();
const sizes = ['large', 'medium', 'small', 'micro'] as const;
const supplierIds: string[] = [];
for (let i = 0; i < N; i += 2000) {
  const rows = await db
    .insert(organizations)
    .values(
      Array.from({ length: Math.min(2000, N - i) }, (_, j) => ({
        kind: 'supplier' as const,
        name: `压测投标人${i + j + 1}有限公司`,
        uscc: makeUscc('110108', 50_000_000 + i + j),
        regionCode: '110108',
        sizeClass: sizes[(i + j) % 4],
        industry: '制造业',
        legalRepresentative: `法人${i + j}`,
      })),
    )
    .returning({ id: organizations.id });
  supplierIds.push(...rows.map((r) => r.id));
}
const tSeal = performance.now();
for (let i = 0; i < N; i += 2000) {
  await db.insert(bids).values(
    supplierIds.slice(i, i + 2000).map((supplierId, j) => {
      const body = {
        lotId: lot!.id,
        priceFen: 5_000_000_000 + (i + j) * 100,
        brand: `品牌${i + j}`,
        technicalResponse: '完全响应',
        smeDeclared: (i + j) % 2 === 0,
      };
      const nonce = newReceiptNonce();
      const envelope = sealedEnvelope(nonce, body, { sizeClass: sizes[(i + j) % 4], documentsVersion: 1 });
      return {
        tenderId: tender!.id,
        lotId: lot!.id,
        supplierId,
        documentsVersion: 1,
        submittedAt: new Date(),
        commitment: commitmentOf(nonce, bidBinding(tender!.id, lot!.id, supplierId, 1), body),
        sealed: services.sealer.seal(keys.publicKey, envelope, `${tender!.id}:${lot!.id}:${supplierId}`),
      };
    }),
  );
}
log(
  `seeded ${N} sealed bids from ${N} suppliers in ${Math.round(performance.now() - t0)} ms (sealing ${Math.round(performance.now() - tSeal)} ms), ${bench.backend}`,
);

// The deadline passes now; the durable job is due at it.
const [{ deadline } = { deadline: '' }] = (
  await db.execute<{ deadline: string }>(
    sql`update jicai.tenders set deadline = clock_timestamp() where id = ${tender!.id} returning deadline`,
  )
).rows;
await inTransaction(db, (tx, afterCommit) =>
  jobs.schedule(tx, afterCommit, tenderJobs.open, { key: tender!.id, runAt: new Date(deadline), payload: { tenderId: tender!.id } }),
);
const started = performance.now();
await jobs.startWorkers(processors({ config, db, jobs, search }));
await jobs.reconcile();
let opened: typeof tenders.$inferSelect | undefined;
while (performance.now() - started < 120_000) {
  [opened] = await db.select().from(tenders).where(eq(tenders.id, tender!.id));
  if (opened?.openedAt) break;
  await new Promise((r) => setTimeout(r, 20));
}
const wallMs = Math.round(performance.now() - started);
const [{ ms } = { ms: 0 }] = (
  await db.execute<{ ms: number }>(
    sql`select (extract(epoch from (opened_at - deadline)) * 1000)::int as ms from jicai.tenders where id = ${tender!.id}`,
  )
).rows;
const [{ n } = { n: 0 }] = (
  await db.execute<{ n: number }>(sql`select count(*)::int as n from jicai.bids where tender_id = ${tender!.id} and opened_at is not null`)
).rows;
const [{ receiptFailures } = { receiptFailures: 0 }] = (
  await db.execute<{ receiptFailures: number }>(
    sql`select count(*)::int as "receiptFailures" from jicai.bids where tender_id = ${tender!.id} and status_note like '%回执%'`,
  )
).rows;
const recordRows = (opened?.openingRecord ?? []).length;
const recordSuppliers = new Set(((opened?.openingRecord as { supplierId: string }[] | null) ?? []).map((r) => r.supplierId)).size;
log(
  `opened ${n} of ${N} bids (receipts not matching: ${receiptFailures}); opening record ${recordRows} rows (${recordSuppliers} distinct bidders); deadline → opened_at ${ms} ms (database clock), job picked up and done in ${wallMs} ms`,
);
const after = await afterBench(bench.db);
const result = {
  benchmark: 'opening',
  backend: bench.backend,
  queue: process.env.REDIS_URL ? 'redis' : 'postgres',
  bids: N,
  opened: n,
  receiptFailures,
  recordRows,
  deadlineToOpenedMs: ms,
  wallMs,
  target: { bids: 10_000, underMs: 5000 },
  after,
};
console.log(JSON.stringify(result));
await jobs.close();
await bench.stop();
process.exit(n === N && receiptFailures === 0 && recordRows === N && recordSuppliers === N && after.ok ? 0 : 1);
