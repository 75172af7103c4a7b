import type pg from 'pg';
import type { preparedStatements } from './prepared-statements.ts';

type Send = (config: unknown, values?: unknown, callback?: unknown) => unknown;
type Callback = (err: Error | null, result?: pg.QueryResult) => void;
const noop = () => undefined;
/** Without named statements (the embedded PGlite's connections share one session), a name drizzle's
 * `prepare` gave a query (server/db/built-once.ts) is not sent. */
const unnamed = (config: unknown) =>
  typeof config === 'object' && (config as { name?: unknown }).name ? { ...(config as object), name: undefined } : config;

/**
 * What every pool client of the app does with a query (set up once per new client, server/db/client.ts):
 * - names it when it is a hot statement (`names`, on a PostgreSQL server; see prepared-statements.ts), and
 *   sends it unnamed otherwise;
 * - runs it after the client's previous one has finished. A transaction's connection runs one statement
 *   at a time; code that asks for two at once on one transaction (`Promise.all` over a `tx`) gets them one
 *   after the other, as pg's own queue did — which pg deprecates (removed in pg 9) and printed a warning for.
 * Cursors and other submittables go to pg as they are.
 */
export function servePoolClient(client: pg.PoolClient, names: ReturnType<typeof preparedStatements> | null) {
  const send = client.query.bind(client) as Send;
  let tail: Promise<unknown> = Promise.resolve();
  let running = 0;
  (client as unknown as { query: Send }).query = (config, values, callback) => {
    if (typeof values === 'function') {
      callback = values;
      values = undefined;
    }
    if (!config || (typeof config === 'object' && typeof (config as { submit?: unknown }).submit === 'function'))
      return send(config, values, callback);
    const query = names ? names.named(config, values) : unnamed(config);
    const run = () => send(query, values) as Promise<pg.QueryResult>;
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
