import { getTableColumns, sql, type AnyColumn, type SQL, type Table } from 'drizzle-orm';
import { bigint, pgSchema, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Every app table lives in the `jicai` schema. In the embedded database BullMQ's PostgreSQL backend
 * shares the session search_path with the app (see shared/EMBEDDED.md) and owns tables named `job`,
 * `event`, `meta`...; qualifying ours keeps the two apart.
 */
export const jicai = pgSchema('jicai');

export const id = () => uuid('id').primaryKey().defaultRandom();

/** Money in integer fen. JS numbers are exact below 2^53 fen (about 9 × 10^13 yuan), far above any budget. */
export const fen = (name: string) => bigint(name, { mode: 'number' });

export const utc = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The platform clock (jobs.ts `clock`): PostgreSQL's transaction time plus the clock's offset. */
export const clockNow = sql`jicai.now()`;

export const createdAt = () => utc('created_at').notNull().default(clockNow);
export const updatedAt = () => utc('updated_at').notNull().default(clockNow);

/**
 * A JS array as one text[] parameter. Drizzle expands a bare array in a sql template into a tuple
 * ($1, $2, …); wrapped in a Param it is bound once and node-postgres sends it as an array literal.
 */
export const textArray = (values: readonly string[]) => sql`${sql.param([...values])}::text[]`;

/**
 * `column = any($1::uuid[])`: one array parameter however many ids (inArray binds one parameter per id, which
 * at an opening of 10,000 bids is 10,000 parameters to send, parse and plan).
 */
export const uuidIn = (column: AnyColumn | SQL, ids: readonly string[]) => sql`${column} = any(${sql.param([...ids])}::uuid[])`;

/** Text for ILIKE '%…%': % and _ typed by a user are literal characters, not wildcards. */
export const escapeLike = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);
export const containsPattern = (q: string) => `%${escapeLike(q)}%`;

/** Rows a statement returned as one JSON array (`jsonb_agg(to_jsonb(r))`), as drizzle maps the table's rows; null is none. */
export function jsonRows<T extends Table>(table: T, json: unknown): T['$inferSelect'][] {
  const list = (typeof json === 'string' ? JSON.parse(json) : (json ?? [])) as Record<string, unknown>[];
  return list.map((row) => rowFromJson(table, row));
}

/**
 * A table's row from its `to_jsonb(row)`: each column by its database name, through the column's own
 * driver mapping (a timestamp to a Date, a date kept as text), as drizzle's select would give it. For
 * statements that return several tables' rows at once, aggregated as JSON.
 */
export function rowFromJson<T extends Table>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const raw = json[column.name];
    row[key] = raw === null || raw === undefined ? null : column.mapFromDriverValue(raw);
  }
  return row as T['$inferSelect'];
}
