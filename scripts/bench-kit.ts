/**
 * What the HTTP benchmarks share: a fresh database (a `jicai_bench_<name>` database on DATABASE_URL's
 * server, or an in-memory PGlite when unset) with the schema and reference data, the real app on
 * loopback, logged-in HTTP clients and percentiles.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { connectDatabase, migrateDatabase, type Db } from '../server/db/client.ts';
import type { organizations, OrgKind, Role } from '../server/db/schema/index.ts';
import { createBudgetLine, createOrg, createUser, TEST_PASSWORD } from '../test/helpers/factories.ts';
import { makeUscc } from '../server/modules/organizations/organizations.rules.ts';
import { applyReferenceData } from '../server/modules/reference/reference-data.ts';
import { verifyAuditChain } from '../server/platform/audit.ts';
import { checkConsistency } from '../server/platform/consistency.ts';
import { startEmbeddedPostgres } from '../server/platform/embedded-postgres.ts';
import { postgresQueueBackend, redisQueueBackend } from '../server/platform/queue/backend.ts';
import { JobSystem } from '../server/platform/queue/job-system.ts';
import { postgresSearch } from '../server/platform/search/postgres-search.ts';
import { postgresRateLimitStore, redisRateLimitStore } from '../server/platform/rate-limit-store.ts';
import { jobSpecs } from '../workers/registry.ts';
import { httpRequest, jsonOf } from './bench-http.ts';

export const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 10) / 10;
};

export async function benchDatabase(name: string, poolSize = 40) {
  let url: string;
  let stopEmbedded: (() => Promise<void>) | null = null;
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists jicai_bench_${name} with (force)`);
    await admin.query(`create database jicai_bench_${name} template template0 encoding 'UTF8' lc_ctype 'C.UTF-8' lc_collate 'C.UTF-8'`);
    await admin.end();
    const target = new URL(process.env.DATABASE_URL);
    target.pathname = `/jicai_bench_${name}`;
    url = target.toString();
  } else {
    const embedded = await startEmbeddedPostgres(undefined);
    url = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const backend = process.env.DATABASE_URL ? ('postgres' as const) : ('pglite' as const);
  const database = connectDatabase(url, poolSize);
  await migrateDatabase(database);
  await applyReferenceData(database.db);
  return { url, backend, database, db: database.db, stop: async () => (await database.close(), await stopEmbedded?.()) };
}

/**
 * The app under load. On PostgreSQL it runs in a child process of its own (scripts/bench-serve.ts), so the
 * load generator's work (HTTP clients, parsing) never shares the server's event loop and the figures
 * measure the server; an in-memory PGlite lives in this process, so the server has to as well.
 */
export async function benchApp(bench: Awaited<ReturnType<typeof benchDatabase>>): Promise<{ base: string; close: () => Promise<void> }> {
  if (bench.backend !== 'postgres') return benchAppInProcess(bench);
  const processes = String(Math.max(1, Number(process.env.BENCH_SERVERS ?? 1)));
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      // BENCH_CPU_PROF=<dir>: each server process writes a V8 CPU profile there when it stops.
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      fileURLToPath(new URL('./bench-serve.ts', import.meta.url)),
      bench.url,
      processes,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const base = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => l.startsWith('READY ') && resolve(l.slice(6)));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { base, close: async () => (child.kill('SIGTERM'), await exited) };
}

/** The app in this process (the child's own, or PGlite's). */
export async function benchAppInProcess(bench: Awaited<ReturnType<typeof benchDatabase>>) {
  const config = loadConfig({
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    DATABASE_URL: bench.url,
    DEMO_DATA: 'false',
    RUN_WORKERS: 'false',
    DATA_DIR: '.data/bench',
    ...benchLimits,
  });
  const backend = process.env.REDIS_URL
    ? redisQueueBackend(process.env.REDIS_URL, `jicai-bench-${randomUUID().slice(0, 8)}`)
    : postgresQueueBackend(bench.url);
  const jobs = new JobSystem({ backend, db: bench.db, specs: jobSpecs(), log: { info() {}, warn() {}, error() {} } });
  const limits = process.env.REDIS_URL
    ? redisRateLimitStore(process.env.REDIS_URL, `jicai-bench-${randomUUID().slice(0, 8)}`)
    : postgresRateLimitStore(bench.db);
  const app = await buildApp({
    config,
    database: bench.database,
    databaseBackend: bench.backend,
    jobs,
    search: postgresSearch(bench.db),
    limits,
    webDist: '/nonexistent',
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { base, close: async () => (await app.close(), await jobs.close(), await limits.close()) };
}

/**
 * What every benchmark proves it did not weaken, on the database it just loaded: every cross-table
 * invariant of `npm run check:consistency` and the audit chain. Part of each benchmark's JSON line; a
 * benchmark whose world is inconsistent exits non-zero.
 */
export async function afterBench(db: Db) {
  const report = await checkConsistency(db, { limit: 3 });
  const audit = await verifyAuditChain(db);
  const broken = report.checks.filter((c) => c.count > 0).map((c) => ({ name: c.name, count: c.count, examples: c.examples }));
  for (const b of broken) console.error(`[consistency] BROKEN ${b.name}: ${b.count} — ${JSON.stringify(b.examples)}`);
  if (audit.firstBroken) console.error(`[audit] chain broken at ${audit.firstBroken.seq}: ${audit.firstBroken.reason}`);
  return {
    ok: report.ok && audit.ok,
    consistency: { ok: report.ok, checks: report.checks.length, broken },
    auditChain: { ok: audit.ok, entries: audit.checked },
  };
}

/** The benchmarks drive the API from one address far faster than a person: limits out of their way. */
export const benchLimits = {
  LOGIN_MAX_FAILURES_PER_ADDRESS: '10000',
  RATE_LIMIT_SEARCH_PER_MINUTE: '1000000',
  RATE_LIMIT_EXPORT_PER_MINUTE: '1000000',
  RATE_LIMIT_OPEN_DATA_PER_MINUTE: '1000000',
  RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
  RATE_LIMIT_STREAMS_PER_ADDRESS: '100000',
};

/**
 * The benchmarks' organizations, people and budget lines are registered the way the product registers
 * them: by the platform's administrator and the finance department through the organizations service
 * (the test suite's factories).
 */
export async function benchOrg(db: Db, kind: OrgKind, name: string, extra: Partial<typeof organizations.$inferInsert> = {}) {
  return createOrg(db, kind, {
    name,
    ...(kind === 'purchasing_unit' ? { approvalThresholdFen: 1_000_000_000 } : {}),
    ...(kind === 'supplier' ? { uscc: makeUscc('110108', 40_000_000 + Math.floor(Math.random() * 50_000_000)) } : {}),
    ...extra,
  });
}

export const benchLine = (db: Db, organizationId: string, amountFen: number) => createBudgetLine(db, organizationId, amountFen);

/** A user of the organization, logged in over HTTP: fetch with its cookie and CSRF token. */
export async function benchClient(db: Db, base: string, organizationId: string, roles: Role[]) {
  const { username } = await createUser(db, organizationId, roles);
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: TEST_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await httpRequest(
      `${base}${path}`,
      method,
      {
        cookie,
        ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body === undefined ? undefined : JSON.stringify(body),
    );
    return { status: r.status, body: jsonOf(r) };
  };
  return { send };
}

/**
 * What the benchmark's sessions wait on, sampled from pg_stat_activity every 100 ms while it runs: for each
 * wait (e.g. `Lock:transactionid`, `Client:ClientRead`) the average number of sessions in it, and for lock
 * waits the statements waiting. Printed in each report, so a hot row shows as what still waits.
 */
export function sampleWaits(db: Db) {
  const seen = new Map<string, number>();
  const lockedStatements = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = await db.execute<{ wait: string | null; query: string; active: boolean }>(sql`
        select coalesce(wait_event_type || ':' || wait_event, 'CPU') as wait, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 70) as query,
               state = 'active' as active
        from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`);
      samples += 1;
      for (const r of rows.rows) {
        const key = r.wait ?? 'CPU';
        seen.set(key, (seen.get(key) ?? 0) + 1);
        if (key.startsWith('Lock:')) lockedStatements.set(r.query, (lockedStatements.get(r.query) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const avg = (m: Map<string, number>, top: number) =>
    Object.fromEntries(
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([k, n]) => [k, Math.round((n / Math.max(samples, 1)) * 10) / 10]),
    );
  return {
    async stop() {
      running = false;
      await loop;
      return { samples, sessionsByWait: avg(seen, 8), lockWaitsByStatement: avg(lockedStatements, 4) };
    },
  };
}
