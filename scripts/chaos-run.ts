/**
 * One chaos run (`npm run bench:chaos`, test/db/chaos.test.ts): a throwaway PostgreSQL and Redis, the
 * cluster of scripts/cluster.ts on them (API replicas and workers behind HAProxy), the world of
 * chaos-world.ts, the load of chaos-load.ts in a process of its own, and the faults of the plan at their
 * times; then the verification of chaos-verify.ts and the recovery time of each fault.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { connectDatabase, migrateDatabase, type Database } from '../server/db/client.ts';
import { applyReferenceData } from '../server/modules/reference/reference-data.ts';
import { benchLimits } from './bench-kit.ts';
import type { Kind, LoadResult } from './chaos-load.ts';
import { throwawayPostgres, throwawayRedis } from './chaos-servers.ts';
import { settled, verifyChaos } from './chaos-verify.ts';
import { buildWorld, type ChaosPlan, type ChaosWorld } from './chaos-world.ts';
import { startCluster, type Cluster } from './cluster.ts';
import { redisQueueBackend } from '../server/platform/queue/backend.ts';
import { JobSystem } from '../server/platform/queue/job-system.ts';
import { jobSpecs } from '../workers/registry.ts';

const root = path.resolve(import.meta.dirname, '..');

/** A fault at `at` ms after t0; the worker kills wait for the named tender's or lot's deadline instead. */
export type Fault =
  | { kind: 'kill-api'; at: number }
  | { kind: 'kill-worker-opening'; tender: number }
  | { kind: 'kill-worker-close'; lot: number }
  | { kind: 'restart-redis'; at: number }
  | { kind: 'restart-postgres'; at: number };

export interface FaultRecord {
  kind: Fault['kind'];
  at: number;
  detail: string;
  /** For a worker kill: whether the killed worker was inside a writing transaction (the deadline's work). */
  caughtMidWork?: boolean;
  /** ms from the fault until the first success of each kind of request (null: none after it). */
  recoveryMs: Partial<Record<Kind | 'deadline', number | null>>;
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

async function freshDatabase(adminUrl: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database jicai template template0 encoding 'UTF8' lc_ctype 'C.UTF-8' lc_collate 'C.UTF-8'`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = '/jicai';
  const database = connectDatabase(url.toString(), 4);
  await migrateDatabase(database);
  await applyReferenceData(database.db);
  return { url: url.toString(), database };
}

/** The worker (by PGAPPNAME) whose transaction waits for a row lock, if any. */
async function waitingWorker(database: Database): Promise<string | null> {
  const r = await database.db
    .execute<{ name: string }>(
      sql`select application_name as name from pg_stat_activity where application_name like 'jicai-worker%' and wait_event_type = 'Lock' limit 1`,
    )
    .catch(() => null);
  return r?.rows[0]?.name?.replace(/^jicai-/, '') ?? null;
}

async function jobDone(database: Database, id: string): Promise<number | null> {
  const r = await database.db
    .execute<{ at: string | null }>(sql`select completed_at as at from jicai.scheduled_jobs where id = ${id} and status = 'done'`)
    .catch(() => null);
  const at = r?.rows[0]?.at;
  return at ? new Date(at).getTime() : null;
}

/**
 * SIGKILLs the worker in the middle of a deadline's work, then starts it again. So that the kill lands inside
 * the work's transaction (an opening of a few dozen bids takes milliseconds), the run holds the row the work
 * changes (the tender, the lot) from just before the deadline; the worker that took the job waits on it with
 * the job's row locked and its transaction open, and is killed there. The row is let go after the kill.
 */
async function killWorkerAtDeadline(ctx: Ctx, dueAt: number, jobId: string, row: { table: string; id: string }) {
  await sleepUntil(dueAt - 1000);
  const holder = new pg.Client({ connectionString: ctx.dbUrl });
  await holder.connect();
  await holder.query('begin');
  await holder.query(`select 1 from jicai.${row.table} where id = $1 for update`, [row.id]);
  let victim: string | null = null;
  while (!victim && Date.now() < dueAt + 90_000) {
    victim = await waitingWorker(ctx.database);
    if (!victim) await new Promise((r) => setTimeout(r, 25));
  }
  const name = victim ?? 'worker1';
  const at = Date.now();
  ctx.cluster.workers[Number(name.replace('worker', '')) - 1]!.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 300));
  await holder.query('rollback');
  await holder.end();
  await new Promise((r) => setTimeout(r, 500));
  ctx.cluster.respawn(name);
  return {
    at,
    detail: `SIGKILL ${name} ${at - dueAt} ms after the deadline, inside the job's transaction`,
    caughtMidWork: victim !== null,
    job: jobId,
  };
}

interface Ctx {
  cluster: Cluster;
  database: Database;
  dbUrl: string;
  world: ChaosWorld;
  pgServer: { restartImmediate(): void };
  redis: { restart(): Promise<void> };
}

async function runFault(f: Fault, ctx: Ctx) {
  const { cluster, world } = ctx;
  if (f.kind === 'kill-worker-opening') {
    const t = world.tenders[f.tender]!;
    return killWorkerAtDeadline(ctx, t.deadline, `tenders.open:${t.id}`, { table: 'tenders', id: t.id });
  }
  if (f.kind === 'kill-worker-close') {
    const l = world.lots[f.lot]!;
    return killWorkerAtDeadline(ctx, l.endsAt, `auctions.close:${l.id}`, { table: 'auction_lots', id: l.id });
  }
  await sleepUntil(world.t0 + f.at);
  const at = Date.now();
  if (f.kind === 'kill-api') {
    cluster.api[1]!.kill('SIGKILL');
    setTimeout(() => cluster.respawn('api2'), 2000);
    return { at, detail: 'SIGKILL api2 mid-bidding (started again 2 s later)' };
  }
  if (f.kind === 'restart-redis') {
    await ctx.redis.restart();
    return { at, detail: `Redis killed and started again empty in ${Date.now() - at} ms` };
  }
  ctx.pgServer.restartImmediate();
  return { at, detail: `pg_ctl restart -m immediate took ${Date.now() - at} ms` };
}

function recovery(at: number, load: LoadResult) {
  const out: FaultRecord['recoveryMs'] = {};
  for (const kind of ['order', 'sealedBid', 'auctionBid'] as Kind[]) {
    const next = load.successes[kind].filter((t) => t >= at).sort((a, b) => a - b)[0];
    out[kind] = next === undefined ? null : next - at;
  }
  return out;
}

export interface ChaosOptions {
  plan: ChaosPlan;
  faults: Fault[];
  apis?: number;
  workers?: number;
  /** ms between publishing the tenders and t0 (room for the lots and registrations). */
  lead?: number;
  log?: (msg: string) => void;
  /** More environment for every process of the cluster (JOB_STALL_SECONDS…). */
  env?: Record<string, string>;
}

export async function runChaos(opts: ChaosOptions) {
  const log = opts.log ?? (() => undefined);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jicai-chaos-'));
  const pgServer = await throwawayPostgres();
  const redis = await throwawayRedis();
  let cluster: Cluster | null = null;
  let database: Database | null = null;
  try {
    const fresh = await freshDatabase(pgServer.url);
    database = fresh.database;
    log(`PostgreSQL ${pgServer.url.replace(/\/postgres$/, '/jicai')}, Redis ${redis.url}`);
    const started = Date.now();
    cluster = await startCluster({
      apis: opts.apis ?? 3,
      workers: opts.workers ?? 2,
      port: 0,
      output: openSync(path.join(dir, 'cluster.log'), 'a'),
      env: {
        ...process.env,
        ...benchLimits,
        DATABASE_URL: fresh.url,
        REDIS_URL: redis.url,
        DATA_DIR: path.join(dir, 'data'),
        DEMO_DATA: 'false',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'development',
        AUDIT_SIGNING_KEY: '',
        SEAL_KEY: '',
        ...opts.env,
      },
    });
    log(`cluster up in ${Date.now() - started} ms: ${cluster.url} (logs ${dir}/cluster.log)`);
    const world = await buildWorld(database.db, cluster.url, opts.plan, opts.lead);
    // The tenders were published with the clock set back: their openings go to the queue with today's delays
    // now (the workers' reconciler would, within RECONCILE_INTERVAL_SECONDS).
    const jobs = new JobSystem({
      backend: redisQueueBackend(redis.url),
      db: database.db,
      specs: jobSpecs(),
      log: { info() {}, warn() {}, error() {} },
    });
    await jobs.reconcile();
    await jobs.close();
    writeFileSync(path.join(dir, 'world.json'), JSON.stringify(world));
    log(`world ready; t0 in ${world.t0 - Date.now()} ms`);
    const loadOut = path.join(dir, 'load.json');
    const loader = spawn(process.execPath, ['--import', 'tsx', 'scripts/chaos-load.ts', path.join(dir, 'world.json'), loadOut], {
      cwd: root,
      stdio: 'inherit',
    });
    const loaded = new Promise<number | null>((resolve) => loader.once('exit', (code) => resolve(code)));
    const ctx = { cluster, database, dbUrl: fresh.url, world, pgServer, redis };
    const records = await Promise.all(
      opts.faults.map(async (f) => {
        const r = await runFault(f, ctx);
        log(`${f.kind}: ${r.detail}`);
        return { kind: f.kind, ...r };
      }),
    );
    const code = await loaded;
    if (code !== 0) throw new Error(`the load generator exited with ${code}`);
    const load = JSON.parse(readFileSync(loadOut, 'utf8')) as LoadResult;
    const allSettled = await settled(database.db, world, 180_000);
    const faults: FaultRecord[] = [];
    for (const r of records) {
      const rec: FaultRecord = { kind: r.kind, at: r.at - world.t0, detail: r.detail, recoveryMs: recovery(r.at, load) };
      if ('caughtMidWork' in r) rec.caughtMidWork = r.caughtMidWork;
      if ('job' in r && r.job) {
        const done = await jobDone(database, r.job);
        rec.recoveryMs.deadline = done === null ? null : done - r.at;
      }
      faults.push(rec);
    }
    const verified = await verifyChaos(database.db, world, load);
    return {
      ok: verified.ok && allSettled && load.gaveUp === 0,
      allSettled,
      load,
      faults,
      verified,
      seconds: Math.round((Date.now() - world.t0) / 1000),
    };
  } finally {
    await cluster?.stop().catch(() => undefined);
    await database?.close().catch(() => undefined);
    await redis.stop().catch(() => undefined);
    pgServer.stop();
    if (!process.env.CHAOS_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}
