import { calendarDays } from '../../../db/schema/index.ts';
import { isWorkday, shanghaiDate } from '../../../platform/calendar.ts';
import { DAY, HOUR, type Random, type World } from './kit.ts';

/**
 * When people act in the replay: on working days (the holiday calendar the platform itself keeps), in
 * office hours, Beijing time (UTC+8, all year).
 */
const BJ = 8 * HOUR;
const OPENS = 9;
const CLOSES = 18;

export interface Office {
  /** Whether the Beijing calendar day (YYYY-MM-DD) is a working day. */
  workday(day: string): boolean;
}

const offices = new WeakMap<World, Promise<Office>>();

/** The platform's holiday calendar, read once per world. */
export function officeOf(world: World): Promise<Office> {
  let office = offices.get(world);
  if (!office) {
    office = world.db
      .select()
      .from(calendarDays)
      .then((rows) => {
        const exceptions = new Map(rows.map((r) => [r.day, r.isWorkday]));
        return { workday: (day: string) => isWorkday(day, exceptions) };
      });
    offices.set(world, office);
  }
  return office;
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** The moment `hour` o'clock (fractions are minutes) on a Beijing calendar day. */
export const beijing = (day: string, hour: number) => new Date(Date.parse(`${day}T00:00:00Z`) - BJ + Math.round(hour * 60) * 60_000);

const hourOf = (at: Date) => ((at.getTime() + BJ) % DAY) / HOUR;

/** The working day on or after `day`. */
export function workdayFrom(office: Office, day: string): string {
  let d = day;
  while (!office.workday(d)) d = addDays(d, 1);
  return d;
}

/** The first moment in office hours at or after `at`. */
export function inOffice(office: Office, at: Date): Date {
  const day = shanghaiDate(at);
  const hour = hourOf(at);
  if (office.workday(day) && hour >= OPENS && hour < CLOSES) return at;
  if (office.workday(day) && hour < OPENS) return beijing(day, OPENS);
  return beijing(workdayFrom(office, addDays(day, 1)), OPENS);
}

/** `hours` after `from`, then on to office hours if that falls outside them. */
export const later = (office: Office, from: Date, hours: number) => inOffice(office, new Date(from.getTime() + hours * HOUR));

/** The `n`th working day after the day `from` falls on, at `hour` o'clock. */
export function workdaysAfter(office: Office, from: Date, n: number, hour: number): Date {
  let day = shanghaiDate(from);
  for (let i = 0; i < n; i++) day = workdayFrom(office, addDays(day, 1));
  return beijing(day, hour);
}

/**
 * Counting back from the present: the `n`th working day before `now` at `hour` o'clock; n = 0 is the last
 * working day whose `hour` has already passed (today, if it is a working day late enough).
 */
export function workdaysBefore(office: Office, now: Date, n: number, hour: number): Date {
  let day = shanghaiDate(now);
  if (!(office.workday(day) && beijing(day, hour) < now)) day = lastWorkdayBefore(office, day);
  for (let i = 0; i < n; i++) day = lastWorkdayBefore(office, day);
  return beijing(day, hour);
}

function lastWorkdayBefore(office: Office, day: string): string {
  let d = addDays(day, -1);
  while (!office.workday(d)) d = addDays(d, -1);
  return d;
}

/** A working day of the month starting at `monthStart` (Beijing), at a random office hour; null past `until`. */
export function dayInMonth(office: Office, world: World, monthStart: Date, until: Date): Date | null {
  const day = workdayFrom(office, addDays(shanghaiDate(monthStart), world.rnd.int(0, 27)));
  const at = beijing(day, world.rnd.int(OPENS, CLOSES - 3) + world.rnd.int(0, 11) / 12);
  return at < until ? at : null;
}

/** The first day of each Beijing calendar month from `start` to `end`, starting with `start` itself. */
export function monthsOf(start: Date, end: Date): Date[] {
  const months: Date[] = [start];
  const [y, m] = shanghaiDate(start).split('-').map(Number) as [number, number];
  for (let i = 1; ; i++) {
    const first = beijing(new Date(Date.UTC(y, m - 1 + i, 1)).toISOString().slice(0, 10), 0);
    if (first >= end) return months;
    months.push(first);
  }
}

/** Working hours, as [from, to) in hours of the Beijing day. */
const HOURS: [number, number][] = [
  [9, 11.75],
  [13.5, 17],
];

/**
 * The same office time as instants, for the warehouse and auction acts: hours of 09:00–11:45 and
 * 13:30–17:00 on the working days of the world's calendar (`officeOf`).
 */
export class Workdays {
  private constructor(private readonly office: Office) {}

  static async of(world: World): Promise<Workdays> {
    return new Workdays(await officeOf(world));
  }

  /** `hour` (fractional) Beijing time on the Beijing day `at` falls on. */
  static at(at: Date, hour: number): Date {
    const day = Math.floor((at.getTime() + BJ) / DAY);
    return new Date(day * DAY - BJ + Math.round(hour * HOUR));
  }

  isWorkday(at: Date): boolean {
    return this.office.workday(shanghaiDate(at));
  }

  /** `hour` on the first workday on or after the day `at` falls on. */
  on(at: Date, hour: number): Date {
    let d = Workdays.at(at, hour);
    while (!this.isWorkday(d)) d = new Date(d.getTime() + DAY);
    return d;
  }

  /** `hour` on the last workday on or before the day `at` falls on. */
  onOrBefore(at: Date, hour: number): Date {
    let d = Workdays.at(at, hour);
    while (!this.isWorkday(d)) d = new Date(d.getTime() - DAY);
    return d;
  }

  /** `hour` on the first workday on or after the day `at` falls on, and after `at` itself. */
  next(at: Date, hour: number): Date {
    const d = this.on(at, hour);
    return d > at ? d : this.after(at, 1, hour);
  }

  /** `hour` on the `n`th workday after the day `at` falls on (n < 0: before it). */
  after(at: Date, n: number, hour: number): Date {
    let d = Workdays.at(at, hour);
    const step = n < 0 ? -DAY : DAY;
    for (let left = Math.abs(n); left > 0;) {
      d = new Date(d.getTime() + step);
      if (this.isWorkday(d)) left -= 1;
    }
    return d;
  }

  /** A moment in working hours between `from` and `to`, uniformly over the working time between them (null: none). */
  between(rnd: Random, from: Date, to: Date): Date | null {
    const spans: [number, number][] = [];
    for (let day = Workdays.at(from, 0); day < to; day = new Date(day.getTime() + DAY)) {
      if (!this.isWorkday(day)) continue;
      for (const [h0, h1] of HOURS) {
        const a = Math.max(day.getTime() + h0 * HOUR, from.getTime());
        const b = Math.min(day.getTime() + h1 * HOUR, to.getTime());
        if (b > a) spans.push([a, b]);
      }
    }
    let u = rnd.next() * spans.reduce((sum, [a, b]) => sum + b - a, 0);
    for (const [a, b] of spans) {
      if (u < b - a) return new Date(Math.max(a, Math.floor((a + u) / 1000) * 1000));
      u -= b - a;
    }
    return null;
  }

  /** A random hour of the working day (fractional), for an act on a day already chosen. */
  static hour(rnd: Random): number {
    const [h0, h1] = rnd.pick(HOURS);
    return h0 + rnd.next() * (h1 - h0 - 0.25);
  }

  /** `n` moments in working hours between `from` and `to`, in order. */
  times(rnd: Random, from: Date, to: Date, n: number): Date[] {
    return Array.from({ length: n }, () => this.between(rnd, from, to))
      .filter((d): d is Date => d !== null)
      .sort((a, b) => a.getTime() - b.getTime());
  }
}
