import path from 'node:path';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema/index.ts';
import { projectRoot } from '../paths.ts';
import { servePoolClient } from './pool-client.ts';
import { preparedStatements } from './prepared-statements.ts';

export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Queries take either: a query function does not care whether it runs inside a transaction. */
export type DbOrTx = Db | Tx;

export interface Database {
  pool: pg.Pool;
  db: Db;
  url: string;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(projectRoot, 'migrations');

export interface ConnectOptions {
  /**
   * Serve the statements this process runs again and again as named prepared statements (see
   * `preparedStatements`). Only on a PostgreSQL server: the embedded PGlite's connections share one session,
   * where names from two pool clients would collide.
   */
  namedStatements?: boolean;
}

export function connectDatabase(url: string, poolSize = 10, opts: ConnectOptions = {}): Database {
  // No JIT: the product's statements are short, and the planner's cost estimates for a search's CTEs and
  // unnests cross jit_above_cost, where compiling took ten times longer than running (measured 176 → 21 ms).
  // A connection idle for a minute is closed, not after pg's 10 s: a busy process's connections outlive a
  // short lull, and with them each one's parsed statements and catalog caches (a new one forks a backend
  // and parses again, which the first requests after the lull wait for).
  // A named statement (db/prepared-statements.ts) is served from its generic plan from its first run: under
  // plan_cache_mode auto PostgreSQL planned some of them again on every run because the generic plan's
  // estimate looked dearer (`id = any($1::uuid[])` is costed for 10 elements, a custom plan for the 1
  // given) — 0.6 ms of planning for a 0.1 ms read. A statement whose best plan depends on its values (a
  // search over a large table) carries PLAN_EACH_TIME and is never named. Measured on bench:orders:
  // planning 3.2 → 0.9 s of the database's 12.7 → 8.7 s, 47.8 / 38.8 → 57.8 / 54.6 orders/s (alternating).
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    idleTimeoutMillis: 60_000,
    application_name: 'jicai',
    options: '-c jit=off -c plan_cache_mode=force_generic_plan',
  });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // Nor one that is checked out (a transaction between two statements) when the server goes away: the pool
  // listens only to idle clients, and an 'error' event nobody listens to ends the process. Its next query
  // fails instead (the request answers 5xx, the job retries), and the pool drops it on release.
  const names = opts.namedStatements ? preparedStatements() : null;
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    servePoolClient(client, names);
  });
  const db = drizzle(pool, { schema });
  return { pool, db, url, close: () => pool.end() };
}

/** Key of the advisory lock that keeps two processes (API and worker) from migrating at once. */
const MIGRATION_LOCK = 7_305_001;

export async function migrateDatabase(database: Database): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle(client, { schema }), { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
