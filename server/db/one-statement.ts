import { sql, type SQL } from 'drizzle-orm';

/**
 * One WITH part of a data-modifying statement: a plain insert, update or delete (no WITH of its own), named
 * so the statement's final select (or a later part) can read what it returns.
 */
export type StatementPart = readonly [name: string, statement: SQL];

/**
 * Several writes of one transaction sent as one statement: `with a as (insert …), b as (update …) select …`.
 * PostgreSQL runs every data-modifying part exactly once and to completion, whether or not the final select
 * reads it, all under one snapshot (a part does not see another's rows; constraint checks and triggers see
 * them all). One round trip instead of one per write: a checkout's appends (notices, deadlines, audit
 * entries, open-data releases, stock takes) travel with the budget line's guarded update, so the line is
 * locked by the transaction's last statement and held only until the commit that follows it.
 */
export function oneStatement(parts: readonly StatementPart[], select: SQL): SQL {
  if (parts.length === 0) return select;
  const names = new Set<string>();
  for (const [name] of parts) {
    if (names.has(name)) throw new Error(`statement part "${name}" given twice`);
    names.add(name);
  }
  return sql`with ${sql.join(
    parts.map(([name, statement]) => sql`${sql.identifier(name)} as (${statement})`),
    sql`, `,
  )} ${select}`;
}
