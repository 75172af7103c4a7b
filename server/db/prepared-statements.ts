/** A statement carrying this comment is planned for its own parameters every time (never named). */
export const PLAN_EACH_TIME = '/* jicai:plan-each-time */';

/** Uses of one statement text before it is named; distinct texts counted at most (the count restarts above: a
 * few MB of statement text at most, however many one-off texts a process sends). */
const NAME_AFTER = 2;
const MAX_COUNTED = 2_000;

type QueryConfig = { text: string; name?: string; values?: unknown[] };

/**
 * Named prepared statements for the statements a process runs again and again, as PostgreSQL's JDBC driver
 * does (prepareThreshold): the second time a parameterized statement text is run it gets a name of this
 * process (`j1`, `j2`, … one per text), and each connection parses it once. PostgreSQL then skips the
 * parse and the planning, serving it from its generic plan (the pool's connections set plan_cache_mode to
 * force_generic_plan, db/client.ts). Measured on an order: planning was 47% of the
 * database's time over its 37 statements (26 since a cart is judged by one statement).
 *
 * Bounded: at most `maxNames` texts are named per process (statements whose text varies with a list's length
 * stay unnamed once the bound is reached), so each connection holds at most that many. A statement that
 * must be planned for its own values (its best plan depends on them, as a search's does over a large table)
 * carries PLAN_EACH_TIME and is never named. Statements without parameters (begin, commit, set local …)
 * keep the simple protocol.
 */
export function preparedStatements({ maxNames = 1_000 }: { maxNames?: number } = {}) {
  const counts = new Map<string, number>();
  const names = new Map<string, string>();

  function nameOf(text: string): string | undefined {
    const known = names.get(text);
    if (known) return known;
    if (names.size >= maxNames || text.includes(PLAN_EACH_TIME)) return undefined;
    const n = (counts.get(text) ?? 0) + 1;
    if (n < NAME_AFTER) {
      if (counts.size >= MAX_COUNTED) counts.clear();
      counts.set(text, n);
      return undefined;
    }
    counts.delete(text);
    const name = `j${names.size + 1}`;
    names.set(text, name);
    return name;
  }

  return {
    nameOf,
    /** The query to send for a call's arguments: the same, or with the name its text has by now. */
    named(config: unknown, values: unknown): unknown {
      if (typeof config === 'string') {
        const name = Array.isArray(values) && values.length > 0 ? nameOf(config) : undefined;
        return name ? { text: config, name } : config;
      }
      const c = config as QueryConfig;
      if (c.name || typeof c.text !== 'string') return config;
      const params = Array.isArray(values) ? values : c.values;
      const name = params && params.length > 0 ? nameOf(c.text) : undefined;
      return name ? { ...c, name } : config;
    },
  };
}
