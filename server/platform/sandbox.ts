import { count, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { clockSettings, organizations } from '../db/schema/index.ts';

/**
 * Sandbox (演练) mode (#15): with SANDBOX_ACCELERATOR=N every procedure period the services compute runs
 * N times faster, as ProZorro's sandbox does — at N=1440 a 20-day notice period passes in 20 minutes, a
 * 7-working-day challenge window in about ten. Periods are computed as ever (days, working days on the
 * holiday calendar, the end of a Beijing day) and then the interval from its start is divided by N, here
 * and only here: `procedureSpan` for a span, `procedureDeadline` for a deadline the calendar gave.
 *
 * The mode is the process's, held while a runtime is open (`holdSandboxMode`, called by startRuntime once
 * the database has agreed to it), not a dependency threaded through the services: the OCDS identifiers
 * carry it too (`ocidOf`), and they are built from inside every module's release recording; one process
 * serves one database, and the database records its mode (`recordSandboxMode`), so the API and the worker
 * processes cannot disagree. Unset, every function here is the identity.
 */

let current: number | null = null;
let holders = 0;

/** The accelerator this process runs with, or null on a normal instance. */
export const sandboxAccelerator = (): number | null => current;

/** A span of `ms` under accelerator `n` (null: as it is). Rounded up: a scaled minimum is never shortened. */
export function scaleSpan(ms: number, n: number | null): number {
  return n === null ? ms : Math.ceil(ms / n);
}

/** A procedure span of this instance: `ms` of legal time, divided by the accelerator in a sandbox. */
export const procedureSpan = (ms: number): number => scaleSpan(ms, current);

/** `from` plus a procedure span of `ms`. */
export const procedureAfter = (from: Date, ms: number): Date => new Date(from.getTime() + procedureSpan(ms));

/**
 * A deadline computed in the normal calendar (the end of the 7th working day after `from`), brought to this
 * instance's pace: in a sandbox the interval from `from` to it is divided by the accelerator.
 */
export const procedureDeadline = (from: Date, deadline: Date): Date => procedureAfter(from, deadline.getTime() - from.getTime());

/** How long a day of procedure time lasts here, for messages ("1 日按 1 分钟计"); null on a normal instance. */
export function sandboxDayLasts(n: number | null = current): string | null {
  if (n === null) return null;
  const seconds = 86_400 / n;
  if (seconds >= 3600) return `${+(seconds / 3600).toFixed(1)} 小时`;
  if (seconds >= 60) return `${+(seconds / 60).toFixed(1)} 分钟`;
  return `${+seconds.toFixed(1)} 秒`;
}

/** What a refusal of a legal period adds in a sandbox: how the period is counted here ('' on a normal instance). */
export function sandboxNote(): string {
  return current === null ? '' : `（演练环境：时限加快 ${current} 倍，1 日按 ${sandboxDayLasts()}计）`;
}

/**
 * Enters the process into the mode `n` (null: normal) until the returned release is called. A second
 * runtime in the same process must hold the same mode: two modes at once would mix their periods.
 */
export function holdSandboxMode(n: number | null): () => void {
  if (holders > 0 && current !== n)
    throw new Error(`this process already runs ${describeMode(current)}; it cannot also run ${describeMode(n)}`);
  current = n;
  holders += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holders -= 1;
    if (holders === 0) current = null;
  };
}

/** A service built for one mode in a process that runs another is a wiring mistake: stop at once. */
export function assertSandboxMode(n: number | null): void {
  if (current !== n) throw new Error(`services built for ${describeMode(n)} in a process that runs ${describeMode(current)}`);
}

const describeMode = (n: number | null) => (n === null ? 'a normal instance' : `a sandbox (SANDBOX_ACCELERATOR=${n})`);

export class SandboxModeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxModeError';
  }
}

/**
 * The database keeps the mode it was first started in (jicai.clock.sandbox_accelerator, set with
 * mode_recorded_at): its first start records it, and every later start must match, whichever process
 * (API or worker) starts first. A database that already holds organizations but recorded no mode was used
 * before modes were recorded, as a normal instance: it is recorded as one, never turned into a sandbox.
 * Throws a SandboxModeError that says what to do.
 */
export async function recordSandboxMode(db: DbOrTx, n: number | null): Promise<void> {
  const [row] = await db.select().from(clockSettings);
  if (row && !row.modeRecordedAt) {
    const [used] = await db.select({ n: count() }).from(organizations);
    const mode = n !== null && (used?.n ?? 0) > 0 ? null : n;
    // One statement, guarded: of two processes starting at once, the first records and the second compares.
    await db
      .update(clockSettings)
      .set({ sandboxAccelerator: mode, modeRecordedAt: sql`clock_timestamp()` })
      .where(isNull(clockSettings.modeRecordedAt));
  }
  const [recorded] = await db.select({ n: clockSettings.sandboxAccelerator }).from(clockSettings);
  const theirs = recorded?.n ?? null;
  if (theirs === n) return;
  if (theirs === null)
    throw new SandboxModeError(
      `SANDBOX_ACCELERATOR=${n}: this database belongs to a normal instance, and a sandbox (演练) never runs on real data. ` +
        'Start the sandbox on a database of its own (another DATABASE_URL, or another DATA_DIR for the embedded one).',
    );
  throw new SandboxModeError(
    `This database is a sandbox (演练) database created with SANDBOX_ACCELERATOR=${theirs}; ` +
      (n === null
        ? 'it cannot serve as a normal instance. Set SANDBOX_ACCELERATOR=' + theirs + ' to run the sandbox, or use another database.'
        : `it cannot run with SANDBOX_ACCELERATOR=${n} (its periods were counted at ${theirs}). Set SANDBOX_ACCELERATOR=${theirs}, or use another database.`),
  );
}

/** The lines start-up prints in a sandbox, loud on purpose (a production build may run one for training); none otherwise. */
export function sandboxStartLines(n: number | null, nodeEnv: string): string[] {
  if (n === null) return [];
  const rule = '  ' + '!'.repeat(96);
  return [
    rule,
    `  !! 演练环境 SANDBOX (SANDBOX_ACCELERATOR=${n}): every procedure period runs ${n}× faster — 1 day lasts ${englishDay(n)}.`,
    '  !! For training only: nothing here is a real procurement, and open data ids carry "-sandbox-".',
    ...(nodeEnv === 'production' ? ['  !! NODE_ENV=production: a production build running as a training sandbox, on purpose?'] : []),
    rule,
  ];
}

function englishDay(n: number): string {
  const seconds = 86_400 / n;
  if (seconds >= 3600) return `${+(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 60) return `${+(seconds / 60).toFixed(1)} min`;
  return `${+seconds.toFixed(1)} s`;
}
