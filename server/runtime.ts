import path from 'node:path';
import pino from 'pino';
import type { Config } from './config.ts';
import { connectDatabase, migrateDatabase, type Database } from './db/client.ts';
import { reindexAll } from './modules/catalogue/catalogue.documents.ts';
import { loadDemoData } from './modules/demo/demo-data.ts';
import { historyStart } from './modules/demo/replay/replay.ts';
import { clockOffset, setClock } from './platform/clock.ts';
import { holdSandboxMode, recordSandboxMode } from './platform/sandbox.ts';
import { count } from 'drizzle-orm';
import { organizations } from './db/schema/index.ts';
import { backfillReleasesOnce } from './modules/ocds/ocds.service.ts';
import { applyReferenceData } from './modules/reference/reference-data.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './platform/embedded-postgres.ts';
import { postgresQueueBackend, redisQueueBackend } from './platform/queue/backend.ts';
import type { JobSpec } from './platform/queue/definitions.ts';
import { JobSystem, type Logger } from './platform/queue/job-system.ts';
import { meiliSearch } from './platform/search/meili-search.ts';
import { postgresSearch } from './platform/search/postgres-search.ts';
import { searchJobs } from './platform/search/search-jobs.ts';
import type { SearchPort } from './platform/search/search-port.ts';
import { postgresRateLimitStore, redisRateLimitStore, type RateLimitStore } from './platform/rate-limit-store.ts';

export interface Runtime {
  config: Config;
  database: Database;
  databaseBackend: 'pglite' | 'postgres';
  jobs: JobSystem;
  search: SearchPort;
  limits: RateLimitStore;
  log: Logger;
  demoLoaded: boolean;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  specs: JobSpec[];
  /** Load reference data and, if DEMO_DATA, demo data. The worker process leaves this to the API. */
  seed: boolean;
  /** Prefix for BullMQ keys on Redis (tests use their own). */
  queuePrefix?: string;
  log?: Logger;
}

/**
 * The adapters at the edges, chosen once from the environment: PostgreSQL or embedded PGlite,
 * Redis or BullMQ's PostgreSQL backend (and rate-limit counters), Meilisearch or PostgreSQL search. Nothing else branches on them.
 */
export async function startRuntime(config: Config, opts: RuntimeOptions): Promise<Runtime> {
  const log: Logger = opts.log ?? pino({ level: config.LOG_LEVEL });
  let embedded: EmbeddedPostgres | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres(path.join(config.DATA_DIR, 'pgdata'));
    url = embedded.url;
  }
  const database = connectDatabase(url, config.DATABASE_POOL_SIZE, { namedStatements: !embedded });
  await migrateDatabase(database);
  // The database's mode first (sandbox.ts): a sandbox never runs on a normal database, nor a normal instance on a sandbox's.
  let releaseMode = () => {};
  let demoLoaded = false;
  try {
    await recordSandboxMode(database.db, config.SANDBOX_ACCELERATOR ?? null);
    releaseMode = holdSandboxMode(config.SANDBOX_ACCELERATOR ?? null);
    if (opts.seed) demoLoaded = await seedDatabase(database, config);
  } catch (error) {
    // A start refused leaves nothing open behind it (tests start again in the same process).
    releaseMode();
    await database.close();
    if (embedded) await embedded.stop();
    throw error;
  }
  const backend = config.REDIS_URL
    ? redisQueueBackend(config.REDIS_URL, opts.queuePrefix, { stallMs: config.JOB_STALL_SECONDS * 1000 })
    : postgresQueueBackend(url);
  const jobs = new JobSystem({
    backend,
    db: database.db,
    specs: opts.specs,
    log,
    concurrency: { deadlines: config.WORKER_CONCURRENCY, background: config.WORKER_CONCURRENCY, risk: config.RISK_WORKER_CONCURRENCY },
    queuePrefix: config.QUEUE_PREFIX,
  });
  let search: SearchPort = postgresSearch(database.db, {
    cacheTtlMs: config.SEARCH_CACHE_TTL_MS,
    cacheBytes: config.SEARCH_CACHE_MB * 2 ** 20,
  });
  if (config.MEILI_HOST) {
    const meili = meiliSearch(config.MEILI_HOST, config.MEILI_API_KEY, (listingId, token) =>
      jobs.enqueue(searchJobs.sync, { listingId }, { jobId: `search.sync:${listingId}:${token}` }).then(() => undefined),
    );
    // A Meilisearch that is down at start shows in /api/health; the app still starts.
    await meili.setup().catch((err: unknown) => log.error({ err }, 'Meilisearch index setup failed'));
    search = meili;
  }
  const limits = config.REDIS_URL
    ? redisRateLimitStore(config.REDIS_URL, config.QUEUE_PREFIX ? `jicai-${config.QUEUE_PREFIX}` : 'jicai')
    : postgresRateLimitStore(database.db);
  if (demoLoaded) await reindexAll(database.db, search);
  return {
    config,
    database,
    databaseBackend: embedded ? 'pglite' : 'postgres',
    jobs,
    search,
    limits,
    log,
    demoLoaded,
    async close() {
      await jobs.close();
      await limits.close();
      await search.close();
      await database.close();
      if (embedded) await embedded.stop();
      releaseMode();
    },
  };
}

/** Reference data, the release backfill and, on an empty database with DEMO_DATA, the demo world. Returns whether the demo loaded. */
async function seedDatabase(database: Database, config: Config): Promise<boolean> {
  await applyReferenceData(database.db);
  // Databases made before the release store: their processes get releases once (the head row marks it done).
  await backfillReleasesOnce(database.db);
  const [orgs] = await database.db.select({ n: count() }).from(organizations);
  if (config.DEMO_DATA && orgs?.n === 0) {
    // The demo world begins a year back on the platform clock; its replay (main.ts) plays it up to now.
    // A sandbox keeps real time and gets the demo's people and catalogue without the year: the replay's
    // history keeps legal periods a sandbox would cut short (a challenge two days after an award).
    if (!config.SANDBOX_ACCELERATOR) await setClock(database.db, historyStart(new Date()));
    return loadDemoData(database.db);
  }
  if ((await clockOffset(database.db)) < 0) {
    throw new Error(
      `The platform clock is ${Math.round(-(await clockOffset(database.db)) / 86_400_000)} days behind real time: a demo replay did not finish. ` +
        `Remove ${config.DATABASE_URL ? 'the database' : path.join(config.DATA_DIR, 'pgdata')} and start again.`,
    );
  }
  return false;
}
