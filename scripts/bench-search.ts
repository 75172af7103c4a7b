/**
 * `npm run bench:search [-- --listings 100000 --seconds 20 --concurrency 16]`
 *
 * Loads N listings into a fresh database (DATABASE_URL's server in a `jicai_bench` database, or an
 * in-memory PGlite when unset), indexes them through the real document builder and search adapter,
 * starts the real HTTP app on loopback, and drives GET /api/search with typical Chinese queries.
 * Prints p50, p99 and searches per second per query class, then one line of JSON.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { connectDatabase, migrateDatabase } from '../server/db/client.ts';
import { frameworkAgreements, listingCertificates, listings, organizations, products } from '../server/db/schema/index.ts';
import { buildDocuments } from '../server/modules/catalogue/catalogue.documents.ts';
import { makeUscc } from '../server/modules/organizations/organizations.rules.ts';
import { applyReferenceData } from '../server/modules/reference/reference-data.ts';
import { startEmbeddedPostgres } from '../server/platform/embedded-postgres.ts';
import { postgresQueueBackend } from '../server/platform/queue/backend.ts';
import { JobSystem } from '../server/platform/queue/job-system.ts';
import { postgresSearch } from '../server/platform/search/postgres-search.ts';
import type { SearchDocument } from '../server/platform/search/search-port.ts';
import { jobSpecs } from '../workers/registry.ts';
import { afterBench, benchLimits } from './bench-kit.ts';
import { postgresRateLimitStore } from '../server/platform/rate-limit-store.ts';

const { values: args } = parseArgs({
  options: {
    listings: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '16' },
  },
});
const N = Number(args.listings);
const SECONDS = Number(args.seconds);
const CONCURRENCY = Number(args.concurrency);
const log = (msg: string) => console.log(`[bench:search] ${msg}`);

let url: string;
let stopEmbedded: (() => Promise<void>) | null = null;
if (process.env.DATABASE_URL) {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query('drop database if exists jicai_bench with (force)');
  await admin.query(`create database jicai_bench template template0 encoding 'UTF8' lc_ctype 'C.UTF-8' lc_collate 'C.UTF-8'`);
  await admin.end();
  const target = new URL(process.env.DATABASE_URL);
  target.pathname = '/jicai_bench';
  url = target.toString();
} else {
  const embedded = await startEmbeddedPostgres(undefined);
  url = embedded.url;
  stopEmbedded = embedded.stop;
}
const backend = process.env.DATABASE_URL ? 'postgres' : 'pglite';
const database = connectDatabase(url, 20);
await migrateDatabase(database);
await applyReferenceData(database.db);
const db = database.db;

// ---- load ----------------------------------------------------------------------------------
const t0 = performance.now();
const brandModels: [string, string, string, string][] = [
  ['A02010104', '联想', '开天M740z', '台式计算机'],
  ['A02010104', '华为', '擎云B730', '台式计算机'],
  ['A02010104', '清华同方', '超越E500', '台式计算机'],
  ['A02010104', '长城', '世恒TD120', '台式计算机'],
  ['A02010105', '联想', '开天N80z', '便携式计算机'],
  ['A02010105', '华为', '擎云L420', '便携式计算机'],
  ['A02010105', '联想', '昭阳K4e', '便携式计算机'],
  ['A02010105', '戴尔', 'Latitude5440', '便携式计算机'],
  ['A02010601', '奔图', 'P3305DN', '激光打印机'],
  ['A02010601', '惠普', 'LaserJet4004dn', '激光打印机'],
  ['A020204', '奔图', 'M7105DN', '多功能一体机'],
  ['A02010604', 'AOC', '24B2XH', '显示器'],
  ['A050102', '震旦', 'AD1600', '办公桌'],
  ['A050103', '圣奥', 'SAC08', '办公椅'],
  ['A02061804', '格力', 'KFR35GW', '变频空调'],
  ['A020201', '理光', 'IM2702', '数码复合机'],
];
const SUPPLIERS = 50;
const perSupplier = Math.ceil(N / SUPPLIERS);
const sizes = ['large', 'medium', 'small', 'micro'] as const;
const supplierRows = await db
  .insert(organizations)
  .values(
    Array.from({ length: SUPPLIERS }, (_, i) => ({
      kind: 'supplier' as const,
      name: `压测供应商${i + 1}有限公司`,
      uscc: makeUscc('110108', 30_000_000 + i * 7),
      regionCode: '110108',
      sizeClass: sizes[i % 4],
      industry: '批发业',
    })),
  )
  .returning({ id: organizations.id });
const productCount = perSupplier;
const productRows: { id: string }[] = [];
for (let i = 0; i < productCount; i += 1000) {
  productRows.push(
    ...(await db
      .insert(products)
      .values(
        Array.from({ length: Math.min(1000, productCount - i) }, (_, j) => {
          const [category, brand, model, kind] = brandModels[(i + j) % brandModels.length]!;
          const variant = Math.floor((i + j) / brandModels.length);
          return {
            categoryCode: category,
            brand,
            model: `${model}-${variant}`,
            name: `${brand} ${model} ${kind} 配置${variant}`,
            specs: {},
          };
        }),
      )
      .returning({ id: products.id })),
  );
}
const agreementIds: string[] = [];
for (const s of supplierRows) {
  const [a] = await db
    .insert(frameworkAgreements)
    .values({
      code: `BENCH-${s.id.slice(0, 8)}`,
      title: '压测协议',
      supplierId: s.id,
      categoryCodes: ['A'],
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
    })
    .returning({ id: frameworkAgreements.id });
  agreementIds.push(a!.id);
}
const ids: string[] = [];
let seed = 42;
const random = () => (seed = (seed * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32;
for (let s = 0; s < SUPPLIERS && ids.length < N; s++) {
  for (let i = 0; i < productRows.length && ids.length < N; i += 2000) {
    const batch = productRows.slice(i, i + 2000).slice(0, N - ids.length);
    const rows = await db
      .insert(listings)
      .values(
        batch.map((p) => ({
          supplierId: supplierRows[s]!.id,
          productId: p.id,
          agreementId: agreementIds[s]!,
          priceFen: 50_000 + Math.floor(random() * 1_500_000),
          stock: 100,
          deliveryRegions: random() < 0.5 ? ['000000'] : ['110000'],
          leadTimeDays: 1 + Math.floor(random() * 7),
          status: 'active' as const,
          activatedAt: new Date(Date.now() - Math.floor(random() * 86_400_000 * 60)),
        })),
      )
      .returning({ id: listings.id });
    ids.push(...rows.map((r) => r.id));
    const certified = rows.filter(() => random() < 0.5);
    if (certified.length)
      await db.insert(listingCertificates).values(
        certified.map((r) => ({
          listingId: r.id,
          kind: 'energy_saving' as const,
          number: `B${r.id.slice(0, 8)}`,
          issuer: '中国质量认证中心',
          validUntil: '2027-12-31',
        })),
      );
  }
}
log(
  `inserted ${ids.length} listings of ${productRows.length} products from ${SUPPLIERS} suppliers in ${Math.round(performance.now() - t0)} ms`,
);
const indexer = postgresSearch(db, { cacheTtlMs: 0 });
const t1 = performance.now();
for (let i = 0; i < ids.length; i += 5000) {
  const docs = await buildDocuments(db, ids.slice(i, i + 5000));
  await indexer.load(
    [...docs.values()].filter((d): d is SearchDocument => d !== null),
    { replace: false },
  );
}
await database.pool.query('analyze jicai.search_listings');
log(`indexed ${ids.length} documents in ${Math.round(performance.now() - t1)} ms (${backend})`);

// ---- drive -----------------------------------------------------------------------------------
const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, DEMO_DATA: 'false', RUN_WORKERS: 'false', ...benchLimits });
const jobs = new JobSystem({ backend: postgresQueueBackend(url), db, specs: jobSpecs(), log: { info() {}, warn() {}, error() {} } });

const classes: Record<string, string[]> = {
  '1-2 chars': ['机', '电脑', '空调', '桌'],
  '3 chars': ['计算机', '打印机', '一体机', '显示器'],
  '4+ chars': ['便携式计算机', '激光打印机', '多功能一体机', '变频空调'],
  'brand + model': ['联想 开天', '华为 擎云', '奔图 M7105DN', '格力 KFR35GW'],
  'with facets': [
    '笔记本&green=energy_saving',
    '计算机&category=A020101&size=small',
    '打印机&price=3000-5000',
    '联想&region=110108&sort=price_asc',
  ],
};
const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 10) / 10;
};

/** Runs the HTTP app with a search port and drives it for `seconds` with CONCURRENCY clients. */
async function drive(label: string, cacheTtlMs: number, seconds: number) {
  const search = postgresSearch(db, { cacheTtlMs });
  const app = await buildApp({
    config,
    database,
    databaseBackend: backend,
    jobs,
    search,
    limits: postgresRateLimitStore(db),
    webDist: '/nonexistent',
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const queries = Object.entries(classes).flatMap(([cls, qs]) =>
    qs.map((q) => {
      const [text, ...filters] = q.split('&');
      return {
        cls,
        url: `${base}/api/search?q=${text!.split(' ').map(encodeURIComponent).join('+')}${filters.length ? `&${filters.join('&')}` : ''}`,
      };
    }),
  );
  const latencies: Record<string, number[]> = Object.fromEntries(Object.keys(classes).map((c) => [c, []]));
  let errors = 0;
  let zeroHits = 0;
  for (const q of queries) await fetch(q.url).then((r) => r.arrayBuffer());
  const deadline = performance.now() + seconds * 1000;
  let n = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const q = queries[n++ % queries.length]!;
        const t = performance.now();
        const res = await fetch(q.url);
        const body = (await res.json()) as { total?: number };
        latencies[q.cls]!.push(performance.now() - t);
        if (res.status !== 200) errors++;
        else if (!body.total) zeroHits++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await app.close();
  const all = Object.values(latencies).flat();
  log(`--- ${label} (result cache ${cacheTtlMs > 0 ? `${cacheTtlMs / 1000} s` : 'off'}) ---`);
  for (const [cls, xs] of Object.entries(latencies))
    log(`${cls.padEnd(14)} n=${String(xs.length).padStart(6)}  p50=${pct(xs, 50)} ms  p99=${pct(xs, 99)} ms`);
  const stats = {
    searches: all.length,
    seconds: Math.round(elapsed * 10) / 10,
    searchesPerSecond: Math.round(all.length / elapsed),
    p50Ms: pct(all, 50),
    p99Ms: pct(all, 99),
    errors,
    zeroHitQueries: zeroHits,
  };
  log(
    `${label}: ${stats.searches} searches in ${stats.seconds} s = ${stats.searchesPerSecond}/s, p50 ${stats.p50Ms} ms, p99 ${stats.p99Ms} ms, errors ${errors}`,
  );
  return stats;
}

const cold = await drive('cold: every search runs its SQL', 0, Math.max(5, Math.round(SECONDS / 2)));
const served = await drive('as served: 15 s result cache', 15_000, Math.max(5, Math.round(SECONDS / 2)));
const after = await afterBench(database.db);
const result = {
  benchmark: 'search',
  backend,
  listings: ids.length,
  concurrency: CONCURRENCY,
  ...served,
  cold,
  target: { p99Ms: 50, searchesPerSecond: 300 },
  after,
};
console.log(JSON.stringify(result));
await jobs.close();
await database.close();
await stopEmbedded?.();
process.exit(after.ok ? 0 : 1);
