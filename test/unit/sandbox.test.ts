import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { ocidOf } from '../../server/modules/ocds/ocds.ids.ts';
import { dayDeadline, endOfShanghaiDay, nthWorkdayAfter } from '../../server/platform/calendar.ts';
import {
  assertSandboxMode,
  holdSandboxMode,
  procedureAfter,
  procedureDeadline,
  procedureSpan,
  sandboxAccelerator,
  sandboxDayLasts,
  sandboxNote,
  sandboxStartLines,
  scaleSpan,
} from '../../server/platform/sandbox.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;
let release: (() => void) | null = null;
const enter = (n: number | null) => (release = holdSandboxMode(n));
afterEach(() => {
  release?.();
  release = null;
});

describe('sandbox (演练) mode: one function scales procedure periods', () => {
  it('divides a span by the accelerator, rounding up so a scaled minimum is never shorter', () => {
    expect(scaleSpan(20 * DAY, null)).toBe(20 * DAY);
    expect(scaleSpan(20 * DAY, 1440)).toBe(20 * MINUTE);
    expect(scaleSpan(15 * DAY, 1440)).toBe(15 * MINUTE);
    expect(scaleSpan(1000, 3)).toBe(334);
  });

  it('is the identity on a normal instance, and N times faster while a sandbox is held', () => {
    const from = new Date('2026-12-01T02:00:00Z');
    expect(sandboxAccelerator()).toBeNull();
    expect(procedureSpan(20 * DAY)).toBe(20 * DAY);
    expect(procedureAfter(from, 3 * DAY).getTime() - from.getTime()).toBe(3 * DAY);
    expect(sandboxNote()).toBe('');
    enter(1440);
    expect(sandboxAccelerator()).toBe(1440);
    expect(procedureSpan(20 * DAY)).toBe(20 * MINUTE);
    expect(procedureAfter(from, 3 * DAY).getTime() - from.getTime()).toBe(3 * MINUTE);
    expect(sandboxNote()).toContain('1 日按 1 分钟计');
    release!();
    release = null;
    expect(procedureSpan(20 * DAY)).toBe(20 * DAY);
  });

  it('scales a calendar deadline from its start: computed in the normal calendar first', () => {
    const exceptions = new Map([
      ['2026-10-01', false],
      ['2026-10-02', false],
      ['2026-10-05', false],
      ['2026-10-06', false],
      ['2026-10-07', false],
      ['2026-10-10', true],
    ]);
    // The award notice on 30 September 11:00 Beijing: the challenge window ends 15 October 23:59:59.999 (holidays lengthen it).
    const from = new Date('2026-09-30T03:00:00Z');
    const legal = endOfShanghaiDay(nthWorkdayAfter(from, 7, exceptions));
    expect(procedureDeadline(from, legal)).toEqual(legal);
    enter(1440);
    const scaled = procedureDeadline(from, legal);
    // 15 days, 12 hours and a millisecond less, a 1440th of it: about 15.5 minutes.
    expect(scaled.getTime() - from.getTime()).toBe(Math.ceil((legal.getTime() - from.getTime()) / 1440));
    expect(scaled.getTime() - from.getTime()).toBeGreaterThan(15 * MINUTE);
    expect(scaled.getTime() - from.getTime()).toBeLessThan(16 * MINUTE);
    // A 15-day appeal window ends at the end of its Beijing day, then is scaled the same way.
    const appeal = dayDeadline(from, 15);
    expect(appeal.getTime() - from.getTime()).toBe(Math.ceil((endOfShanghaiDay('2026-10-15').getTime() - from.getTime()) / 1440));
  });

  it('marks OCDS identifiers of a sandbox, so training data is never taken for a publication', () => {
    expect(ocidOf('T2026-0001')).toBe('ocds-jc2026-T2026-0001');
    enter(1440);
    expect(ocidOf('T2026-0001')).toBe('ocds-jc2026-sandbox-T2026-0001');
  });

  it('holds one mode per process: a second runtime in another mode, or services built for another, are refused', () => {
    enter(1440);
    const again = holdSandboxMode(1440);
    expect(() => holdSandboxMode(null)).toThrow(/already runs a sandbox \(SANDBOX_ACCELERATOR=1440\)/);
    expect(() => holdSandboxMode(720)).toThrow(/cannot also run a sandbox \(SANDBOX_ACCELERATOR=720\)/);
    expect(() => assertSandboxMode(null)).toThrow(/services built for a normal instance/);
    expect(() => assertSandboxMode(1440)).not.toThrow();
    again();
    // Still held by the first holder.
    expect(sandboxAccelerator()).toBe(1440);
  });

  it('says how long a day lasts', () => {
    expect(sandboxDayLasts(1440)).toBe('1 分钟');
    expect(sandboxDayLasts(24)).toBe('1 小时');
    expect(sandboxDayLasts(86_400)).toBe('1 秒');
    expect(sandboxDayLasts(100)).toBe('14.4 分钟');
    expect(sandboxDayLasts(null)).toBeNull();
  });
});

describe('SANDBOX_ACCELERATOR', () => {
  const problem = (value: string) => {
    try {
      loadConfig({ SANDBOX_ACCELERATOR: value });
      return null;
    } catch (error) {
      return (error as ConfigError).issues.find((i) => i.variable === 'SANDBOX_ACCELERATOR')?.message ?? null;
    }
  };
  it('is an integer of at least 2, unset (or empty) on a normal instance; a bad value names the variable', () => {
    expect(loadConfig({}).SANDBOX_ACCELERATOR).toBeUndefined();
    expect(loadConfig({ SANDBOX_ACCELERATOR: '' }).SANDBOX_ACCELERATOR).toBeUndefined();
    expect(loadConfig({ SANDBOX_ACCELERATOR: '1440' }).SANDBOX_ACCELERATOR).toBe(1440);
    expect(problem('1')).toMatch(/不小于 2/);
    expect(problem('0')).toMatch(/不小于 2/);
    expect(problem('1.5')).toMatch(/整数/);
    expect(problem('fast')).toMatch(/整数/);
    expect(problem('-3')).toMatch(/整数/);
    expect(problem('100000')).toMatch(/86400/);
    expect(() => loadConfig({ SANDBOX_ACCELERATOR: 'fast' })).toThrow(ConfigError);
  });

  it('is allowed in production (a training deployment runs the production build; start-up says so loudly)', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://jicai:Vq8-long-random-pass@db:5432/jicai_training',
      REDIS_URL: 'redis://redis:6379',
      SEAL_KEY: randomBytes(32).toString('base64'),
      AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      SANDBOX_ACCELERATOR: '1440',
    };
    expect(loadConfig(production).SANDBOX_ACCELERATOR).toBe(1440);
    expect(sandboxStartLines(1440, 'production').join('\n')).toMatch(
      /演练环境 SANDBOX.*1440× faster — 1 day lasts 1 min[\s\S]*NODE_ENV=production/,
    );
    expect(sandboxStartLines(null, 'production')).toEqual([]);
  });
});
