import { calendarDays } from '../../../db/schema/index.ts';
import { isWorkday, shanghaiDate } from '../../../platform/calendar.ts';
import { DAY, HOUR, type Random, type World } from './kit.ts';

/**
 * Office time in Beijing (UTC+8) for the replay's acts: the platform's working calendar (weekends, the
 * listed holidays and make-up workdays), and hours of 09:00–11:45 and 13:30–17:00. Pure arithmetic on
 * instants once the calendar is read.
 */

const BEIJING = 8 * HOUR;
/** Working hours, as [from, to) in hours of the Beijing day. */
const HOURS: [number, number][] = [
  [9, 11.75],
  [13.5, 17],
];

export class Workdays {
  private constructor(private readonly exceptions: ReadonlyMap<string, boolean>) {}

  private static readonly known = new WeakMap<World, Promise<Workdays>>();

  /** The calendar's listed exceptions, read once per world (reference data, as every deadline reads it). */
  static of(world: World): Promise<Workdays> {
    let found = Workdays.known.get(world);
    if (!found) {
      found = world.db
        .select()
        .from(calendarDays)
        .then((rows) => new Workdays(new Map(rows.map((r) => [r.day, r.isWorkday]))));
      Workdays.known.set(world, found);
    }
    return found;
  }

  /** `hour` (fractional) Beijing time on the Beijing day `at` falls on. */
  static at(at: Date, hour: number): Date {
    const day = Math.floor((at.getTime() + BEIJING) / DAY);
    return new Date(day * DAY - BEIJING + Math.round(hour * HOUR));
  }

  isWorkday(at: Date): boolean {
    return isWorkday(shanghaiDate(at), this.exceptions);
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
