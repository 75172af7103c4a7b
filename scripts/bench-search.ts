/**
 * `npm run bench:search [-- --listings 100000 --seconds 20 --concurrency 16 --distinct 5000]`
 *
 * Loads N listings into a fresh database (DATABASE_URL's server in a `jicai_bench` database, or an
 * in-memory PGlite when unset), starts the real HTTP app on loopback, and drives GET /api/search from a
 * separate process (bench-search-load.ts) with traffic drawn from ≥ 2,000 distinct queries
 * (bench-search-traffic.ts). Two phases: COLD (SEARCH_CACHE_TTL_MS=0, every search runs its SQL) and
 * AS SERVED (the default 15 s result cache, with its hit rate). Prints each phase, then one JSON line.
 *
 * The fixture is bulk-built in SQL (generate_series, INSERT … SELECT) so that 1M listings load in
 * minutes: 50 suppliers each list every product. The search rows are built set-wise from per-product
 * and per-supplier lexemes made by the same segmenter (documentLexemes) the sync job uses; a sample of
 * rows is then re-synced through the real document builder and adapter and must come out identical.
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { connectDatabase, migrateDatabase } from '../server/db/client.ts';
import { frameworkAgreements, organizations } from '../server/db/schema/index.ts';
import { makeUscc } from '../server/modules/organizations/organizations.rules.ts';
import { applyReferenceData } from '../server/modules/reference/reference-data.ts';
import { startEmbeddedPostgres } from '../server/platform/embedded-postgres.ts';
import { postgresQueueBackend } from '../server/platform/queue/backend.ts';
import { JobSystem } from '../server/platform/queue/job-system.ts';
import { postgresRateLimitStore, redisRateLimitStore } from '../server/platform/rate-limit-store.ts';
import { postgresSearch } from '../server/platform/search/postgres-search.ts';
import { jobSpecs } from '../workers/registry.ts';
import { afterBench, benchLimits } from './bench-kit.ts';
import { loadSearchFixture, verifyFixture } from './bench-search-fixture.ts';

const { values: args } = parseArgs({
  options: {
    listings: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
    distinct: { type: 'string', default: '5000' },
  },
});
const N = Number(args.listings);
const log = (msg: string) => console.log(`[bench:search] ${msg}`);

async function benchDatabase(): Promise<{ url: string; stop: (() => Promise<void>) | null }> {
  if (!process.env.DATABASE_URL) {
    const embedded = await startEmbeddedPostgres(undefined);
    return { url: embedded.url, stop: embedded.stop };
  }
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query('drop database if exists jicai_bench with (force)');
  await admin.query(`create database jicai_bench template template0 encoding 'UTF8' lc_ctype 'C.UTF-8' lc_collate 'C.UTF-8'`);
  await admin.end();
  const target = new URL(process.env.DATABASE_URL);
  target.pathname = '/jicai_bench';
  return { url: target.toString(), stop: null };
}

const { url, stop: stopEmbedded } = await benchDatabase();
const backend = process.env.DATABASE_URL ? 'postgres' : 'pglite';
// As the runtime connects: hot statements named on a PostgreSQL server, never on the embedded PGlite.
const database = connectDatabase(url, 20, { namedStatements: backend === 'postgres' });
await migrateDatabase(database);
await applyReferenceData(database.db);
const db = database.db;

const SUPPLIERS = 50;
const sizes = ['large', 'medium', 'small', 'micro'] as const;
const suppliers = await db
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
  .returning({ id: organizations.id, name: organizations.name });
for (const s of suppliers)
  await db.insert(frameworkAgreements).values({
    code: `BENCH-${s.id.slice(0, 8)}`,
    title: '压测协议',
    supplierId: s.id,
    categoryCodes: ['A'],
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
  });
const t0 = performance.now();
const loaded = await loadSearchFixture(database.pool, N, suppliers);
log(
  `loaded ${loaded.listings} listings of ${loaded.products} products from ${SUPPLIERS} suppliers in ${Math.round(performance.now() - t0)} ms (${backend})`,
);
const sample = await verifyFixture(database.pool, db, postgresSearch(db, { cacheTtlMs: 0 }));
log(`fixture rows equal to the sync job's for ${sample} sampled listings`);

const jobs = new JobSystem({ backend: postgresQueueBackend(url), db, specs: jobSpecs(), log: { info() {}, warn() {}, error() {} } });

/** One phase: the app with the search cache as SEARCH_CACHE_TTL_MS says, driven from a child process. */
async function phase(label: string, cacheTtl: string) {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    DEMO_DATA: 'false',
    RUN_WORKERS: 'false',
    SEARCH_CACHE_TTL_MS: cacheTtl,
    ...benchLimits,
  });
  const search = postgresSearch(db, { cacheTtlMs: config.SEARCH_CACHE_TTL_MS, cacheBytes: config.SEARCH_CACHE_MB * 2 ** 20 });
  // As the product runs: rate-limit counters in Redis when REDIS_URL is set (in PostgreSQL every search
  // from one address would update one row), in PostgreSQL otherwise (the embedded default).
  const limits = process.env.REDIS_URL
    ? redisRateLimitStore(process.env.REDIS_URL, `jicai-bench-${process.pid}`)
    : postgresRateLimitStore(db);
  const app = await buildApp({
    config,
    database,
    databaseBackend: backend,
    jobs,
    search,
    limits,
    webDist: '/nonexistent',
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const child = fork(new URL('./bench-search-load.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`load generator exited with ${code}`))));
  const before = search.cacheCounts();
  child.send({
    base,
    seconds: Number(args.seconds),
    warmup: Number(args.warmup),
    concurrency: Number(args.concurrency),
    distinct: Number(args.distinct),
  });
  const stats = (await Promise.race([new Promise((resolve) => child.once('message', resolve)), exited])) as Record<string, unknown> & {
    searchesPerSecond: number;
    p50Ms: number;
    p99Ms: number;
  };
  const counts = search.cacheCounts();
  await app.close();
  await limits.close();
  const hits = counts.hits - before.hits;
  const cacheHitRate =
    config.SEARCH_CACHE_TTL_MS > 0 ? Math.round((hits / Math.max(1, hits + counts.misses - before.misses)) * 1000) / 1000 : null;
  const load = loadavg().map((x) => Math.round(x * 100) / 100);
  log(
    `${label}: ${stats.searchesPerSecond}/s, p50 ${stats.p50Ms} ms, p99 ${stats.p99Ms} ms, cache hit rate ${cacheHitRate ?? 'off'}, load average ${load.join(' ')}`,
  );
  const cache = { entries: counts.entries, mb: Math.round((counts.bytes / 2 ** 20) * 10) / 10, limitMb: config.SEARCH_CACHE_MB };
  return { ...stats, cacheTtlMs: config.SEARCH_CACHE_TTL_MS, cacheHitRate, cache, loadAverage: load };
}

const cold = await phase('COLD (SEARCH_CACHE_TTL_MS=0: every search runs its SQL)', '0');
const served = await phase('AS SERVED (15 s result cache)', '15000');
const after = await afterBench(database.db);
console.log(
  JSON.stringify({
    benchmark: 'search',
    backend,
    listings: loaded.listings,
    products: loaded.products,
    concurrency: Number(args.concurrency),
    cold,
    served,
    target: { cold: { p99Ms: N >= 1_000_000 ? 300 : 100, searchesPerSecond: 200 }, served: { p99Ms: 20, searchesPerSecond: 1000 } },
    after,
  }),
);
await jobs.close();
await database.close();
await stopEmbedded?.();
process.exit(after.ok ? 0 : 1);
