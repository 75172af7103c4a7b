import type pg from 'pg';
import { PLAN_EACH_TIME, type preparedStatements } from './prepared-statements.ts';

type Send = (config: unknown, values?: unknown, callback?: unknown) => unknown;
type Callback = (err: Error | null, result?: pg.QueryResult) => void;
const noop = () => undefined;
/** Without named statements (the embedded PGlite's connections share one session), a name drizzle's
 * `prepare` gave a query (server/db/built-once.ts) is not sent. */
const unnamed = (config: unknown) =>
  typeof config === 'object' && (config as { name?: unknown }).name ? { ...(config as object), name: undefined } : config;
const textOf = (config: unknown) => (typeof config === 'string' ? config : String((config as { text?: unknown }).text ?? ''));
const isNamed = (query: unknown) => typeof query === 'object' && query !== null && !!(query as { name?: unknown }).name;

/** The plan_cache_mode a statement runs under: a named one's generic plan; a marked one planned for its values. */
type PlanMode = 'force_generic_plan' | 'force_custom_plan';

/**
 * What every pool client of the app does with a query (set up once per new client, server/db/client.ts):
 * - names it when it is a hot statement (`names`, on a PostgreSQL server; see prepared-statements.ts), and
 *   sends it unnamed otherwise;
 * - runs it after the client's previous one has finished. A transaction's connection runs one statement
 *   at a time; code that asks for two at once on one transaction (`Promise.all` over a `tx`) gets them one
 *   after the other, as pg's own queue did — which pg deprecates (removed in pg 9) and printed a warning for.
 * - on a PostgreSQL server, runs a statement marked PLAN_EACH_TIME under `plan_cache_mode=force_custom_plan`
 *   (planned for its own values) and a named one under `force_generic_plan` (the connection's setting,
 *   db/client.ts), switching the connection's setting with a `set` only when the next statement needs the other:
 *   the setting applies to unnamed statements too, so under the connection's default a marked statement was
 *   served a generic plan (measured 8.8 vs 0.17 ms on a skewed column). A rollback (or a failed statement, whose
 *   transaction rolls back) may undo a `set`, so after one the next statement that needs a mode sets it again.
 * Cursors and other submittables go to pg as they are.
 */
export function servePoolClient(client: pg.PoolClient, names: ReturnType<typeof preparedStatements> | null) {
  const send = client.query.bind(client) as Send;
  let tail: Promise<unknown> = Promise.resolve();
  let running = 0;
  // The connection starts with force_generic_plan (db/client.ts); null: not known (after a rollback).
  let mode: PlanMode | null = 'force_generic_plan';
  (client as unknown as { query: Send }).query = (config, values, callback) => {
    if (typeof values === 'function') {
      callback = values;
      values = undefined;
    }
    if (!config || (typeof config === 'object' && typeof (config as { submit?: unknown }).submit === 'function'))
      return send(config, values, callback);
    const query = names ? names.named(config, values) : unnamed(config);
    const text = textOf(config);
    const wanted: PlanMode | null = !names
      ? null
      : isNamed(query)
        ? 'force_generic_plan'
        : text.includes(PLAN_EACH_TIME)
          ? 'force_custom_plan'
          : null;
    const rollback = /^\s*rollback\b/i.test(text);
    const run = async () => {
      if (wanted && wanted !== mode) {
        await send(`set plan_cache_mode = ${wanted}`);
        mode = wanted;
      }
      try {
        const answer = (await send(query, values)) as pg.QueryResult;
        if (rollback) mode = null;
        return answer;
      } catch (error) {
        // A failed statement (a failed commit among them) rolls its transaction back, with any `set` in it.
        mode = null;
        throw error;
      }
    };
    const result = running === 0 ? run() : tail.then(run);
    running++;
    const settled = result.then(noop, noop);
    tail = settled;
    void settled.then(() => running--);
    if (typeof callback !== 'function') return result;
    result.then(
      (r) => (callback as Callback)(null, r),
      (e: Error) => (callback as Callback)(e),
    );
    return undefined;
  };
}
