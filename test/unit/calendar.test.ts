import { describe, expect, it } from 'vitest';
import { endOfShanghaiDay, isWorkday, nthWorkdayAfter, shanghaiDate } from '../../server/platform/calendar.ts';

describe('working days (pure)', () => {
  const none = new Map<string, boolean>();
  it('reads instants on the Beijing calendar', () => {
    expect(shanghaiDate(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
    expect(shanghaiDate(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
    expect(endOfShanghaiDay('2026-12-01').toISOString()).toBe('2026-12-01T15:59:59.999Z');
  });
  it('skips weekends, holidays, and counts make-up workdays', () => {
    expect(nthWorkdayAfter(new Date('2026-12-04T02:00:00Z'), 1, none)).toBe('2026-12-07'); // Friday → Monday
    const exceptions = new Map([
      ['2026-10-01', false],
      ['2026-10-02', false],
      ['2026-10-05', false],
      ['2026-10-06', false],
      ['2026-10-07', false],
      ['2026-10-10', true],
    ]);
    expect(isWorkday('2026-10-10', exceptions)).toBe(true);
    // Award notice on 30 Sep: 7 working days are 8, 9, 10 (Saturday make-up), 12, 13, 14, 15 October.
    expect(nthWorkdayAfter(new Date('2026-09-30T03:00:00Z'), 7, exceptions)).toBe('2026-10-15');
  });
});
