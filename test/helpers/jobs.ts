import { eq } from 'drizzle-orm';
import { scheduledJobs } from '../../server/db/schema/index.ts';
import type { JobSpec, QueueName } from '../../server/platform/queue/definitions.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { processors } from '../../workers/registry.ts';
import type { TestContext } from './context.ts';

/**
 * Polls `check` until it gives something truthy and returns that: tests wait on a state, never for a fixed
 * time, so a slow machine only makes them slower, not flaky. Throws naming `what` after `timeoutMs`.
 */
export async function waitFor<T>(
  check: () => Promise<T | null | undefined | false>,
  { what = 'a condition', timeoutMs = 20_000, intervalMs = 100 }: { what?: string; timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Every job's processor running in this context, as a worker process runs them (workers/registry.ts). */
export function startJobWorkers(ctx: TestContext): Promise<void> {
  const db = ctx.database.db;
  return ctx.jobs.startWorkers(processors({ config: ctx.config, db, jobs: ctx.jobs, search: postgresSearch(db) }));
}

/**
 * "The deadline passes": moves the durable job of this key into the past, as the clock would, lets the
 * reconciler hand it to the workers (as the deployment's reconciler does every interval), and waits until
 * its row is done, and returns that row. A job's work and its row commit in one transaction, so what the
 * job changed is visible when this returns. Rules that also read a deadline on the domain's own row (a tender's, a quotation's,
 * a lot's end) need that moved first: see procurement.ts.
 */
export async function runDueJob(ctx: Pick<TestContext, 'database' | 'jobs'>, spec: JobSpec, key: string) {
  const db = ctx.database.db;
  const moved = await db
    .update(scheduledJobs)
    .set({ runAt: new Date(Date.now() - 1000) })
    .where(eq(scheduledJobs.id, `${spec.name}:${key}`))
    .returning({ id: scheduledJobs.id });
  if (moved.length === 0) throw new Error(`no ${spec.name} job is scheduled for ${key}`);
  await ctx.jobs.reconcile();
  const status = await waitFor(
    async () => {
      const s = await ctx.jobs.status(db, spec, key);
      return s !== 'pending' && s;
    },
    { what: `${spec.name}:${key} to run` },
  );
  const [row] = await db
    .select()
    .from(scheduledJobs)
    .where(eq(scheduledJobs.id, `${spec.name}:${key}`));
  if (status !== 'done') throw new Error(`${spec.name}:${key} ended ${status}: ${row?.lastError ?? ''}`);
  return row!;
}

/**
 * Waits until a queue holds no job waiting or running: whatever was handed to it (a reconcile, an enqueue)
 * has been run, so a test can then check that something ran once, or not at all, without sleeping.
 */
export async function queueSettled(counts: () => Promise<Record<string, number>>, what = 'the queue to settle') {
  await waitFor(
    async () => {
      const c = await counts();
      return (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) === 0;
    },
    { what },
  );
}

/** queueSettled on one of a test context's queues (the deadlines queue unless named). */
export const settled = (ctx: TestContext, queue: QueueName = 'deadlines') =>
  queueSettled(() => ctx.queueCounts(queue), `the ${queue} queue to settle`);
