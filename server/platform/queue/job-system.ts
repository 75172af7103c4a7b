import { UnrecoverableError, type Job } from 'bullmq';
import { and, asc, eq, lte, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { clockSettings, scheduledJobs } from '../../db/schema/index.ts';
import { oneStatement } from '../../db/one-statement.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import { clockReading, dbNow } from '../clock.ts';
import { JobRegistryError, validateRegistry, type Logger, type Processor } from './processors.ts';
import type { QueueBackend, QueueHandle, WorkerHandle } from './backend.ts';
import { defaultConcurrency, queueNames, type JobSpec, type QueueName } from './definitions.ts';
import { schedulingPart } from './scheduling-part.ts';

export { defineProcessor, JobRegistryError, validateRegistry } from './processors.ts';
export type { Logger, Processor, ProcessorContext } from './processors.ts';

type ScheduledRow = typeof scheduledJobs.$inferSelect;
/** The platform clock and its offset, as one JSON value a statement can return beside its rows. */
export const scheduledClockSql = sql<{ now: string; offsetMs: string | number }>`json_build_object(
  'now', jicai.clock_timestamp(), 'offsetMs', coalesce((select offset_ms from ${clockSettings} where id), 0))`;

/**
 * BullMQ forbids ':' in custom ids; the run time is part of the id so a moved deadline gets a new job, and so
 * is the platform clock's offset (when not 0) so a moved clock does too: a message handed over while the clock
 * stood back (the demo replay) has a delay counted from that clock, weeks of real time, and BullMQ would
 * ignore the reconciler's correct one under the same id. The stale message, when it fires, finds the row done.
 */
const bullJobId = (row: Pick<ScheduledRow, 'id' | 'runAt'>, offsetMs: number) =>
  `${row.id.replaceAll(':', '_')}@${row.runAt.getTime()}${offsetMs ? `~${offsetMs}` : ''}`;

const RETRY = { attempts: 5, backoff: { type: 'exponential', delay: 2000 } } as const;
const RETENTION = { removeOnComplete: { age: 24 * 3600, count: 10_000 }, removeOnFail: { age: 3600 } } as const;

export interface JobSystemOptions {
  backend: QueueBackend;
  db: Db;
  specs: JobSpec[];
  log: Logger;
  /** Jobs each queue's worker runs at once: one number for every queue, or per queue (the rest default). */
  concurrency?: number | Partial<Record<QueueName, number>>;
  /** How far ahead the reconciler hands pending work to BullMQ. */
  horizonMs?: number;
  /** Prefix of the BullMQ queue names, so that separate test runs on one database never share queues. */
  queuePrefix?: string;
}

export class JobSystem {
  private readonly specs = new Map<string, JobSpec>();
  private readonly queues = new Map<QueueName, QueueHandle>();
  private workers: WorkerHandle[] = [];
  private processors = new Map<string, Processor>();
  private reconcileTimer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: JobSystemOptions) {
    for (const spec of opts.specs) this.specs.set(spec.name, spec);
  }

  get backendKind() {
    return this.opts.backend.kind;
  }

  private queue(name: QueueName): QueueHandle {
    let q = this.queues.get(name);
    if (!q) {
      q = this.opts.backend.queue(`${this.opts.queuePrefix ?? ''}${name}`);
      this.queues.set(name, q);
    }
    return q;
  }

  private spec(name: string): JobSpec {
    const spec = this.specs.get(name);
    if (!spec) throw new JobRegistryError(`unknown job "${name}"`);
    return spec;
  }

  /**
   * A background job now (or after delayMs). The id is deterministic: the same work is queued once.
   * With `onePending`, at most one job of that key waits to run (BullMQ's deduplication, on both
   * backends): a request while one waits joins it (`queued: false`). While one runs, requests keep one
   * follow-up, queued as the running one finishes: a request never joins a run that has already read.
   */
  async enqueue<P extends z.ZodType>(
    spec: JobSpec<P>,
    payload: z.infer<P>,
    opts: { jobId: string; delayMs?: number; onePending?: string },
  ): Promise<{ jobId: string; queued: boolean }> {
    if (spec.durable) throw new JobRegistryError(`job "${spec.name}" is durable: use schedule()`);
    const data = spec.payload.parse(payload);
    const jobId = opts.jobId.replaceAll(':', '_');
    const held = await this.queue(spec.queue).add(spec.name, data, {
      jobId,
      delay: Math.max(0, opts.delayMs ?? 0),
      ...(opts.onePending ? { deduplication: { id: opts.onePending.replaceAll(':', '_'), keepLastIfActive: true } } : {}),
      ...RETRY,
      ...RETENTION,
    });
    return { jobId: held || jobId, queued: !held || held === jobId };
  }

  /** Jobs the queue's worker runs at once. */
  concurrencyOf(queue: QueueName): number {
    const c = this.opts.concurrency;
    return (typeof c === 'number' ? c : c?.[queue]) ?? defaultConcurrency[queue];
  }

  /**
   * Records a deadline in the caller's transaction and hands it to BullMQ after commit. Scheduling the
   * same key again moves the deadline (an auction extension); a job that already ran is not revived.
   */
  async schedule<P extends z.ZodType>(
    tx: Tx,
    afterCommit: AfterCommit,
    spec: JobSpec<P>,
    input: { key: string; runAt: Date; payload: z.infer<P> },
  ): Promise<string> {
    // One statement, the same upsert a caller's own statement takes as a part (schedulingPart); the clock
    // is read by it too: no further round trip per deadline (every auction extension).
    const part = schedulingPart(spec, [input]);
    const done = await tx.execute<{ rows: unknown; clock: { now: string; offsetMs: string | number } }>(
      oneStatement(
        [['scheduled', part.statement]],
        sql`select (select coalesce(jsonb_agg(to_jsonb(s)), '[]'::jsonb) from scheduled s) as rows, ${scheduledClockSql} as clock`,
      ),
    );
    this.handOverAfter(afterCommit, part.written(done.rows[0]!.rows, done.rows[0]!.clock));
    return `${spec.name}:${input.key}`;
  }

  /** Hands the deadlines a caller's own statement wrote (`schedulingPart`) to BullMQ once it has committed. */
  handOverAfter(afterCommit: AfterCommit, written: { rows: ScheduledRow[]; clock: { now: Date; offsetMs: number } }) {
    for (const row of written.rows) if (row.status === 'pending') afterCommit(() => this.handOver(row, written.clock));
  }

  async cancel(tx: Tx, spec: JobSpec, key: string): Promise<void> {
    await tx
      .update(scheduledJobs)
      .set({ status: 'cancelled', completedAt: sql`jicai.now()` })
      .where(and(eq(scheduledJobs.id, `${spec.name}:${key}`), eq(scheduledJobs.status, 'pending')));
  }

  /**
   * Where a deadline of this key stands: pending (to run), done, failed or cancelled, or null when none
   * was scheduled. With `lock` (inside a transaction) the row is locked until the commit, so the job cannot
   * start or finish meanwhile.
   */
  async status(db: DbOrTx, spec: JobSpec, key: string, opts: { lock?: boolean } = {}): Promise<ScheduledRow['status'] | null> {
    const query = db
      .select({ status: scheduledJobs.status })
      .from(scheduledJobs)
      .where(eq(scheduledJobs.id, `${spec.name}:${key}`));
    const [row] = await (opts.lock ? query.for('update') : query);
    return row?.status ?? null;
  }

  /**
   * Forgets a finished deadline of this key (done, failed or cancelled), so that scheduling the key
   * again runs it afresh; a pending one is left as it is.
   */
  async forget(tx: Tx, spec: JobSpec, key: string): Promise<void> {
    await tx.delete(scheduledJobs).where(and(eq(scheduledJobs.id, `${spec.name}:${key}`), ne(scheduledJobs.status, 'pending')));
  }

  /** Queues the row's message with the delay left on the platform clock (which may run behind real time). */
  private async handOver(row: ScheduledRow, clock?: { now: Date; offsetMs: number }): Promise<void> {
    const spec = this.spec(row.name);
    const { now: current, offsetMs } = clock ?? (await clockReading(this.opts.db));
    await this.queue(spec.queue).add(
      spec.name,
      { scheduledId: row.id },
      { jobId: bullJobId(row, offsetMs), delay: Math.max(0, row.runAt.getTime() - current.getTime()), ...RETRY, ...RETENTION },
    );
  }

  /**
   * Re-hands to BullMQ every pending deadline that is due or near. BullMQ ignores an id it already
   * holds, and the runner skips rows already done, so running this often is harmless.
   */
  async reconcile(): Promise<number> {
    const clock = await clockReading(this.opts.db);
    const horizon = new Date(clock.now.getTime() + (this.opts.horizonMs ?? 3600_000));
    const rows = await this.opts.db
      .select()
      .from(scheduledJobs)
      .where(and(eq(scheduledJobs.status, 'pending'), lte(scheduledJobs.runAt, horizon)))
      .orderBy(asc(scheduledJobs.runAt))
      .limit(1000);
    for (const row of rows) {
      if (!this.specs.has(row.name)) {
        this.opts.log.error({ job: row.id }, 'scheduled job has no declaration; left pending');
        continue;
      }
      await this.handOver(row, clock);
    }
    return rows.length;
  }

  /**
   * Starts one BullMQ worker per queue, each with its own slots, after checking the registry is
   * complete: a slow or failing job of one queue never holds the slots of another.
   */
  async startWorkers(processors: Processor[]): Promise<void> {
    validateRegistry([...this.specs.values()], processors);
    this.processors = new Map(processors.map((p) => [p.spec.name, p]));
    for (const name of queueNames) {
      if (![...this.specs.values()].some((s) => s.queue === name)) continue;
      this.workers.push(
        this.opts.backend.worker(
          `${this.opts.queuePrefix ?? ''}${name}`,
          (job) => this.process(job),
          this.concurrencyOf(name),
          (error) => this.opts.log.error({ err: error, queue: name }, 'worker error'),
        ),
      );
    }
    for (const spec of this.specs.values()) {
      if (spec.everySeconds) await this.queue(spec.queue).repeat(`repeat-${spec.name}`, spec.everySeconds * 1000, spec.name, {});
    }
  }

  /** Reconciles now and then every intervalMs, until close(). */
  async startReconciler(intervalMs: number): Promise<void> {
    await this.reconcile();
    this.reconcileTimer = setInterval(() => {
      this.reconcile().catch((err: unknown) => this.opts.log.error({ err }, 'reconcile failed'));
    }, intervalMs);
    this.reconcileTimer.unref();
  }

  private async process(job: Job): Promise<unknown> {
    const processor = this.processors.get(job.name);
    if (!processor) throw new UnrecoverableError(`no processor for job "${job.name}"`);
    const jobId = job.id ?? '';
    if (!processor.spec.durable) {
      const parsed = processor.spec.payload.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`bad payload for "${job.name}": ${parsed.error.message}`);
      const pending: (() => unknown)[] = [];
      await processor.run(parsed.data, {
        db: this.opts.db,
        tx: null,
        afterCommit: (w) => pending.push(w),
        jobs: this,
        log: this.opts.log,
        jobId,
      });
      for (const work of pending) await work();
      return 'done';
    }
    const scheduledId = String((job.data as { scheduledId?: unknown }).scheduledId ?? '');
    return this.runScheduled(scheduledId, processor, jobId);
  }

  /**
   * Runs one durable deadline: locks its row, skips it unless pending and due on the platform clock, runs
   * the processor in the transaction that marks the row done (so it runs exactly once), and records a
   * failure's attempt and message for the reconciler's retry.
   */
  private async runScheduled(scheduledId: string, processor: Processor, jobId: string): Promise<'done' | 'skipped' | 'not-due'> {
    try {
      return await inTransaction(
        this.opts.db,
        async (tx, afterCommit) => {
          const [row] = await tx.select().from(scheduledJobs).where(eq(scheduledJobs.id, scheduledId)).for('update');
          if (!row || row.status !== 'pending') return 'skipped';
          if (row.runAt.getTime() > (await dbNow(tx)).getTime()) {
            // The deadline moved later after this message was queued; the newer message will do the work.
            afterCommit(() => this.handOver(row));
            return 'not-due';
          }
          const parsed = processor.spec.payload.safeParse(row.payload);
          if (!parsed.success) throw new UnrecoverableError(`bad payload in ${row.id}: ${parsed.error.message}`);
          await processor.run(parsed.data, { db: this.opts.db, tx, afterCommit, jobs: this, log: this.opts.log, jobId });
          await tx
            .update(scheduledJobs)
            .set({
              status: 'done',
              completedAt: sql`jicai.clock_timestamp()`,
              attempts: sql`${scheduledJobs.attempts} + 1`,
              lastError: null,
            })
            .where(eq(scheduledJobs.id, row.id));
          return 'done';
        },
        (err) => this.opts.log.warn({ err, job: scheduledId }, 'after-commit work failed; the reconciler will retry'),
      );
    } catch (error) {
      await this.opts.db
        .update(scheduledJobs)
        .set({
          attempts: sql`${scheduledJobs.attempts} + 1`,
          lastError: String(error instanceof Error ? error.message : error).slice(0, 2000),
        })
        .where(eq(scheduledJobs.id, scheduledId))
        .catch(() => undefined);
      throw error;
    }
  }

  /**
   * Runs here, in due order, every durable deadline the platform clock has passed, through the same
   * runner as the workers (row lock, done in the work's own transaction: exactly once, whoever gets there
   * first). The demo replay calls it each time it moves the clock; returns how many ran. A failing job
   * throws: a replay that cannot keep the product's rules must stop, not leave a half-made world.
   */
  async runDue(processors: Processor[]): Promise<number> {
    const byName = new Map(processors.map((p) => [p.spec.name, p]));
    let ran = 0;
    for (;;) {
      const rows = await this.opts.db
        .select({ id: scheduledJobs.id, name: scheduledJobs.name })
        .from(scheduledJobs)
        .where(and(eq(scheduledJobs.status, 'pending'), lte(scheduledJobs.runAt, sql`jicai.clock_timestamp()`)))
        .orderBy(asc(scheduledJobs.runAt), asc(scheduledJobs.id))
        .limit(100);
      let progressed = false;
      for (const row of rows) {
        const processor = byName.get(row.name);
        if (!processor) throw new JobRegistryError(`no processor for due job "${row.name}"`);
        if ((await this.runScheduled(row.id, processor, `due:${row.id}`)) === 'done') {
          ran += 1;
          progressed = true;
        }
      }
      if (!progressed) return ran;
    }
  }

  async health(): Promise<{ status: 'ok' | 'down'; backend: string; counts?: Record<string, number>; error?: string }> {
    try {
      const counts = await withTimeout(this.queue('deadlines').counts(), 3000);
      return { status: 'ok', backend: this.opts.backend.kind, counts };
    } catch (error) {
      return { status: 'down', backend: this.opts.backend.kind, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * For metrics: per queue, BullMQ's job counts by state; per job kind, the durable deadlines still
   * pending, how many are overdue and by how long the oldest is late (the database clock).
   */
  async metrics(): Promise<{
    queues: { queue: QueueName; counts: Record<string, number> }[];
    kinds: { name: string; pending: number; overdue: number; maxLatenessSeconds: number }[];
  }> {
    const queues = await Promise.all(
      queueNames.map(async (queue) => ({ queue, counts: await withTimeout(this.queue(queue).counts(), 3000).catch(() => ({})) })),
    );
    const rows = await this.opts.db.execute<{ name: string; pending: string; overdue: string; lateness: string | null }>(sql`
      select name, count(*) as pending,
             count(*) filter (where run_at <= jicai.clock_timestamp()) as overdue,
             extract(epoch from jicai.clock_timestamp() - min(run_at) filter (where run_at <= jicai.clock_timestamp())) as lateness
        from ${scheduledJobs} where status = 'pending' group by name`);
    return {
      queues,
      kinds: rows.rows.map((r) => ({
        name: r.name,
        pending: Number(r.pending),
        overdue: Number(r.overdue),
        maxLatenessSeconds: r.lateness === null ? 0 : Number(r.lateness),
      })),
    };
  }

  /** Stops taking work: running jobs finish (BullMQ worker.close waits for them). */
  async close(): Promise<void> {
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers = [];
    await this.opts.backend.close();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
