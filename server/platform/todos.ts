import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import type { Milestone, MilestoneKind, Todo, TodoEntityType, TodoKind } from '../../contracts/workbench.schemas.ts';

/**
 * 待办 sources (#21): each module that owns a state machine says, in one SQL statement over its own tables,
 * which of its records wait on a caller — the statement selects the columns below, one row per to-do (or per
 * group of records, with `count`). `todoRows` runs it once, soonest due first, at most `limit` rows and the
 * number there would be without the limit. Time is the platform clock's (`jicai.now()`).
 *
 *   kind text, title text, party text|null, entity_type text, entity_id text|null, link text,
 *   due timestamptz|null, amount_fen bigint|null, count int|null, since timestamptz|null
 */
export interface TodoSource<K extends string = TodoKind> {
  items: TodoItem<K>[];
  /** Rows the statement found before the limit. */
  total: number;
}
export type TodoItem<K extends string = TodoKind> = Omit<Todo, 'kind' | 'role'> & { kind: K };

/** The most rows one source contributes to a list: a role home shows the soonest, and says how many there are. */
export const TODO_SOURCE_LIMIT = 50;

const iso = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export async function todoRows<K extends string = TodoKind>(db: DbOrTx, source: SQL, limit = TODO_SOURCE_LIMIT): Promise<TodoSource<K>> {
  const result = await db.execute<{
    kind: K;
    title: string | null;
    party: string | null;
    entity_type: TodoEntityType;
    entity_id: string | null;
    link: string;
    due: string | null;
    amount_fen: string | number | null;
    count: string | number | null;
    since: string | null;
    total: string | number;
  }>(sql`
    select t.kind, t.title, t.party, t.entity_type, t.entity_id::text as entity_id, t.link,
           ${iso(sql`t.due`)} as due, t.amount_fen, t.count, ${iso(sql`t.since`)} as since, count(*) over () as total
      from (${source}) t
     order by t.due asc nulls last, t.since asc nulls last, t.entity_id
     limit ${limit}`);
  const rows = result.rows;
  return {
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((r) => ({
      kind: r.kind,
      title: r.title ?? '',
      party: r.party,
      entityType: r.entity_type,
      entityId: r.entity_id,
      link: r.link,
      due: r.due,
      amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
      count: r.count === null ? null : Number(r.count),
      since: r.since,
    })),
  };
}

/** The same for the milestones a unit waits for (临近截止): future dates only, soonest first. */
export async function milestoneRows(db: DbOrTx, source: SQL, limit = 10): Promise<Milestone[]> {
  const { items } = await todoRows<MilestoneKind>(db, sql`select * from (${source}) m where m.due > jicai.now()`, limit);
  return items;
}
