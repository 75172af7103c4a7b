import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { clockSettings } from '../db/schema/index.ts';

/**
 * The platform's one clock (#15). Deadlines are judged by the database's clock, never an app server's:
 * `jicai.clock_timestamp()` is PostgreSQL's clock plus the offset every process shares (migration 0022),
 * and SQL says `jicai.now()` for the transaction's time. In service the offset is 0. The demo replay and
 * tests on a database of their own set it back and move it forward; the job system's due times follow it,
 * so a deadline passes when the clock passes it and its job runs through the same handler as ever.
 * Sessions, login counters and rate limits stay on the machine's real time (they are about real traffic).
 */
export async function dbNow(db: DbOrTx): Promise<Date> {
  const result = await db.execute<{ now: Date | string }>(sql`select jicai.clock_timestamp() as now`);
  const value = result.rows[0]?.now;
  return value instanceof Date ? value : new Date(String(value));
}

/**
 * The clock's time and its offset from real time, read together: what the job system turns a deadline into
 * a delay in real time with (the delay holds only while the offset does).
 */
export async function clockReading(db: DbOrTx): Promise<{ now: Date; offsetMs: number }> {
  const result = await db.execute<{ now: Date | string; offset_ms: string | number | null }>(sql`
    select jicai.clock_timestamp() as now, (select offset_ms from ${clockSettings} where id) as offset_ms`);
  const row = result.rows[0];
  return { now: row?.now instanceof Date ? row.now : new Date(String(row?.now)), offsetMs: Number(row?.offset_ms ?? 0) };
}

/** The clock's offset from real time, in milliseconds (0 in service). */
export async function clockOffset(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ offsetMs: clockSettings.offsetMs }).from(clockSettings);
  return row?.offsetMs ?? 0;
}

/**
 * Sets the clock so that it reads `at` now, and returns the offset. Only the demo replay and tests call
 * this; no route does.
 */
export async function setClock(db: DbOrTx, at: Date): Promise<number> {
  const result = await db.execute<{ offset_ms: string | number }>(sql`
    insert into ${clockSettings} (id, offset_ms, changed_at)
    values (true, (extract(epoch from (${at.toISOString()}::timestamptz - clock_timestamp())) * 1000)::bigint, clock_timestamp())
    on conflict (id) do update set offset_ms = excluded.offset_ms, changed_at = excluded.changed_at
    returning offset_ms`);
  return Number(result.rows[0]!.offset_ms);
}

/**
 * Moves the clock forward to `at` (never back: time that has passed stays passed). Returns the new time.
 */
export async function advanceClock(db: DbOrTx, at: Date): Promise<Date> {
  const now = await dbNow(db);
  if (at.getTime() < now.getTime()) throw new Error(`the clock does not go back (${at.toISOString()} < ${now.toISOString()})`);
  await setClock(db, at);
  return at;
}

/** Back to real time (offset 0), which may only move the clock forward. */
export async function resumeRealTime(db: DbOrTx): Promise<void> {
  if ((await clockOffset(db)) > 0) throw new Error('the clock is ahead of real time; it does not go back');
  await db.update(clockSettings).set({ offsetMs: 0, changedAt: sql`clock_timestamp()` });
}
