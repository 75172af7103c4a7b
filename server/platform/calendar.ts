import { and, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { builtOnce } from '../db/built-once.ts';
import { calendarDays } from '../db/schema/index.ts';
import { procedureDeadline } from './sandbox.ts';

/** China has one time zone and no daylight saving: Asia/Shanghai is UTC+8 all year. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** '2026-11-30 14:38:05': a moment as people in China read it, for messages and notes. */
export const shanghaiDateTime = (at: Date) => new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');

/** '2026-11-30 14:38（北京时间）': a moment in a sentence people read (notes, findings, credit records). */
export const beijingTime = (at: Date) => `${shanghaiDateTime(at).slice(0, 16)}（北京时间）`;

/** The calendar day (YYYY-MM-DD) an instant falls on in Beijing. */
export const shanghaiDate = (at: Date) => new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Weekends are off unless the calendar lists them as make-up workdays; listed holidays are off. */
export function isWorkday(day: string, exceptions: ReadonlyMap<string, boolean>): boolean {
  const listed = exceptions.get(day);
  if (listed !== undefined) return listed;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The Nth working day after the day `from` falls on (Beijing), as a calendar day. */
export function nthWorkdayAfter(from: Date, n: number, exceptions: ReadonlyMap<string, boolean>): string {
  let day = shanghaiDate(from);
  let counted = 0;
  while (counted < n) {
    day = addDays(day, 1);
    if (isWorkday(day, exceptions)) counted += 1;
  }
  return day;
}

/** The last instant of a Beijing calendar day, as UTC. */
export const endOfShanghaiDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - SHANGHAI_OFFSET_MS - 1);

/**
 * A deadline counted in calendar days (申诉 within 15 days): the end of the Beijing day `days` days after
 * `from`; in a sandbox (演练), brought to its pace like workdayDeadline.
 */
export const dayDeadline = (from: Date, days: number): Date =>
  procedureDeadline(from, endOfShanghaiDay(shanghaiDate(new Date(from.getTime() + days * DAY_MS))));

/**
 * A deadline counted in working days (质疑 within 7 working days, confirmation within 1): the end of the
 * Nth working day after `from`, by the holiday calendar in the database. In a sandbox (演练) that deadline,
 * computed in the normal calendar, is brought to the sandbox's pace (sandbox.ts: the interval from `from`
 * divided by the accelerator).
 */
export async function workdayDeadline(db: DbOrTx, from: Date, workdays: number, known?: CalendarRead): Promise<Date> {
  return procedureDeadline(from, await legalWorkdayDeadline(db, from, workdays, known));
}

/** The calendar's exceptions (holidays, make-up workdays) from one day to another: built once. */
const calendarSpan = builtOnce((db) =>
  db
    .select()
    .from(calendarDays)
    .where(and(gte(calendarDays.day, sql.placeholder('start')), lte(calendarDays.day, sql.placeholder('end'))))
    .prepare('jicai_calendar_span'),
);

/** Long holidays add at most ~10 days to a span: three times the span plus two weeks is always enough. */
const spanDays = (workdays: number) => workdays * 3 + 14;

/** The end of the Nth working day after `from` by the calendar, whatever the instance's pace. */
async function legalWorkdayDeadline(db: DbOrTx, from: Date, workdays: number, known?: CalendarRead): Promise<Date> {
  const start = shanghaiDate(from);
  const exceptions =
    known && known.start === start && known.days >= spanDays(workdays)
      ? known.exceptions
      : new Map((await calendarSpan(db).execute({ start, end: addDays(start, spanDays(workdays)) })).map((r) => [r.day, r.isWorkday]));
  return endOfShanghaiDay(nthWorkdayAfter(from, workdays, exceptions));
}

/** The calendar's exceptions read ahead by another statement (calendarJsonSql), from `start` for `days` days. */
export interface CalendarRead {
  start: string;
  days: number;
  exceptions: ReadonlyMap<string, boolean>;
}

/**
 * The calendar's exceptions from a day for `days` days as a column of another statement (a checkout reads
 * them with its rules, for the supplier's confirmation deadline): `calendarFromJson` gives what
 * `workdayDeadline` takes as known. A deadline further out than the span reads the calendar itself.
 */
export const calendarJsonSql = (day: SQL, days: number) =>
  sql`(select coalesce(jsonb_agg(jsonb_build_array(to_char(c.day, 'YYYY-MM-DD'), c.is_workday)), '[]'::jsonb)
         from ${calendarDays} c where c.day >= ${day} and c.day <= ${day} + ${sql.raw(String(Math.trunc(days)))})`;

export const calendarFromJson = (start: string, days: number, json: unknown): CalendarRead => ({
  start,
  days,
  exceptions: new Map(((json ?? []) as [string, boolean][]).map(([day, isWorkday]) => [day, isWorkday])),
});
