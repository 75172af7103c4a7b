import { fillPlaceholders, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { DbOrTx } from './client.ts';

/**
 * A hot query drizzle builds once per process (its `prepare`), not on every call: the SQL text, its
 * parameter slots and its result mapping are made at first use and reused, so a call costs only its values
 * and its rows. Profiles of the write benchmarks put drizzle's query building at a fifth to a quarter of
 * the API process's CPU; the reads every request, bid or order makes are built this way.
 *
 * `build` gets a database (or transaction) and returns the prepared query: values go in through
 * `sql.placeholder(name)` and `execute({ name: value })`. Each call runs it on the connection of the
 * database or transaction it is given: a transaction's reads see its own writes. Its name (`build`'s
 * `.prepare(name)`, unique per query) is the statement's name on a PostgreSQL server where statements are
 * named (server/db/prepared-statements.ts); elsewhere the pool client sends it unnamed.
 */
export function builtOnce<Q extends object>(build: (db: DbOrTx) => Q): (db: DbOrTx) => Q {
  let built: Q | undefined;
  return (db) => {
    built ??= build(db);
    // The prepared query runs on its `client` (drizzle's node-postgres session): the pool for a database,
    // the transaction's own connection for a transaction.
    return Object.create(built, { client: { value: clientOf(db) } }) as Q;
  };
}

/** The connection a drizzle database (its pool) or transaction (its pool client) runs statements on. */
function clientOf(db: DbOrTx): unknown {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  if (!client) throw new Error('drizzle session without a client: server/db/built-once.ts needs updating');
  return client;
}

const dialect = new PgDialect();
/** Rows as drizzle's own `execute` gives them: times, dates and intervals (and their arrays) as text. */
const asText = (value: string) => value;
const TEXT_TYPES = new Set([1082, 1083, 1114, 1184, 1186, 1115, 1182, 1185, 1187, 1231]);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    TEXT_TYPES.has(oid) ? asText : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * A raw statement (drizzle's `sql`) built once, for the statements a hot path runs as text (a bid, a sealed
 * bid, the policy values in force): `build` writes it with `sql.placeholder(name)` for each value, and each
 * call fills them. Runs under `name` on the connection it is given (a transaction's own, or the pool), as
 * builtOnce's queries do; returns the rows as `db.execute` would.
 */
export function statementBuiltOnce<Row>(name: string, build: () => SQL) {
  let built: { sql: string; params: unknown[] } | undefined;
  return async (db: DbOrTx, values: Record<string, unknown>): Promise<Row[]> => {
    built ??= dialect.sqlToQuery(build());
    const client = clientOf(db) as pg.Pool | pg.PoolClient;
    const result = await client.query({ name, text: built.sql, types }, fillPlaceholders(built.params, values));
    return result.rows as Row[];
  };
}
