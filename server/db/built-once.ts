import type { Db } from './client.ts';

/**
 * A hot query drizzle builds once per database (its `prepare`), not on every call: the SQL text, its
 * parameter slots and its result mapping are made at first use and reused, so a call costs only its values
 * and its rows. Profiles of the write benchmarks put drizzle's query building at a fifth to a quarter of
 * the API process's CPU; the reads every request or every bid makes are built this way.
 *
 * `build` gets the database and returns the prepared query: values go in through `sql.placeholder(name)`
 * and `execute({ name: value })`. It runs on the pool, outside any transaction. Its name (`build`'s
 * `.prepare(name)`, unique per query) is the statement's name on a PostgreSQL server where statements are
 * named (server/db/prepared-statements.ts); elsewhere the pool client sends it unnamed.
 */
export function builtOnce<Q>(build: (db: Db) => Q): (db: Db) => Q {
  const built = new WeakMap<Db, Q>();
  return (db) => {
    let query = built.get(db);
    if (!query) built.set(db, (query = build(db)));
    return query;
  };
}
