import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditEntries, auditPending, scheduledJobs } from '../../server/db/schema/index.ts';
import { oneStatement } from '../../server/db/one-statement.ts';
import { inTransaction } from '../../server/db/tx.ts';
import { appendAudit, sequenceAudit } from '../../server/platform/audit.ts';
import { defineJob } from '../../server/platform/queue/definitions.ts';
import { defineProcessor, scheduledClockSql, validateRegistry, type Processor } from '../../server/platform/queue/job-system.ts';
import { schedulingPart } from '../../server/platform/queue/scheduling-part.ts';
import { jobSpecs, processors } from '../../workers/registry.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { settled, waitFor } from '../helpers/jobs.ts';

/** A deadline job for this test only: it records each run as an audit entry in its own transaction. */
const deadlineJob = defineJob({ name: 'test.deadline', queue: 'deadlines', payload: z.object({ key: z.string() }), durable: true });
const backgroundJob = defineJob({ name: 'test.background', queue: 'background', payload: z.object({ key: z.string() }), durable: false });
/** A long scan on the risk queue: it holds its slot until the test opens its gate. */
const slowJob = defineJob({ name: 'test.slow', queue: 'risk', payload: z.object({ key: z.string() }), durable: false });
const gates = new Map<string, () => void>();
const open = (key: string) => gates.get(key)?.();

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ specs: [deadlineJob, backgroundJob, slowJob] });
  await ctx.jobs.startWorkers([
    defineProcessor(deadlineJob, async ({ key }, { tx }) => {
      await appendAudit(tx!, { actor: null, action: 'test.deadline.ran', entityType: 'test', entityId: key });
    }),
    defineProcessor(backgroundJob, async ({ key }, { db }) => {
      await db.transaction((tx) => appendAudit(tx, { actor: null, action: 'test.background.ran', entityType: 'test', entityId: key }));
    }),
    defineProcessor(slowJob, async ({ key }, { db }) => {
      await new Promise<void>((resolve) => gates.set(key, resolve));
      await db.transaction((tx) => appendAudit(tx, { actor: null, action: 'test.slow.ran', entityType: 'test', entityId: key }));
    }),
  ] as Processor[]);
});
afterAll(async () => {
  for (const release of gates.values()) release();
  await ctx.close();
});

const runs = async (action: string, key: string) => {
  await sequenceAudit(ctx.database.db);
  const [row] = await ctx.database.db
    .select({ n: count() })
    .from(auditEntries)
    .where(and(eq(auditEntries.action, action), eq(auditEntries.entityId, key)));
  return row?.n ?? 0;
};
const rowStatus = async (key: string) =>
  (
    await ctx.database.db
      .select()
      .from(scheduledJobs)
      .where(eq(scheduledJobs.id, `test.deadline:${key}`))
  )[0]?.status;

describe('job registry', () => {
  it('the platform registry is complete', () => {
    expect(() =>
      validateRegistry(
        jobSpecs(),
        processors({ config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search: postgresSearch(ctx.database.db) }),
      ),
    ).not.toThrow();
  });
});

describe('durable deadlines', () => {
  it('runs a job scheduled for a moment in the past once, and the reconciler does not run it again', async () => {
    const key = `past-${Date.now()}`;
    await inTransaction(ctx.database.db, (tx, afterCommit) =>
      ctx.jobs.schedule(tx, afterCommit, deadlineJob, { key, runAt: new Date(Date.now() - 60_000), payload: { key } }),
    );
    await waitFor(async () => (await rowStatus(key)) === 'done');
    expect(await runs('test.deadline.ran', key)).toBe(1);
    await ctx.jobs.reconcile();
    await ctx.jobs.reconcile();
    await settled(ctx);
    expect(await runs('test.deadline.ran', key)).toBe(1);
  });

  it('tells where a key stands, and forgets a finished one so it runs afresh, never a pending one', async () => {
    const key = `status-${Date.now()}`;
    const { db } = ctx.database;
    expect(await ctx.jobs.status(db, deadlineJob, key)).toBeNull();
    await inTransaction(db, (tx, afterCommit) =>
      ctx.jobs.schedule(tx, afterCommit, deadlineJob, { key, runAt: new Date(Date.now() + 3_600_000), payload: { key } }),
    );
    expect(await ctx.jobs.status(db, deadlineJob, key)).toBe('pending');
    await inTransaction(db, (tx) => ctx.jobs.forget(tx, deadlineJob, key));
    expect(await ctx.jobs.status(db, deadlineJob, key)).toBe('pending');
    await inTransaction(db, (tx) => ctx.jobs.cancel(tx, deadlineJob, key));
    expect(await inTransaction(db, (tx) => ctx.jobs.status(tx, deadlineJob, key, { lock: true }))).toBe('cancelled');
    await inTransaction(db, async (tx, afterCommit) => {
      await ctx.jobs.forget(tx, deadlineJob, key);
      await ctx.jobs.schedule(tx, afterCommit, deadlineJob, { key, runAt: new Date(Date.now() - 1000), payload: { key } });
    });
    await waitFor(async () => (await ctx.jobs.status(db, deadlineJob, key)) === 'done');
    expect(await runs('test.deadline.ran', key)).toBe(1);
  });

  it("schedules deadlines as a part of the caller's own statement: run once after the commit, a done one not revived, nothing on a rollback", async () => {
    const { db } = ctx.database;
    const [due, done, rolled] = ['due', 'done', 'rolled'].map((k) => `part-${k}-${Date.now()}`) as [string, string, string];
    // A finished deadline first: scheduling its key again in a statement must not run it again.
    await inTransaction(db, (tx, afterCommit) =>
      ctx.jobs.schedule(tx, afterCommit, deadlineJob, { key: done, runAt: new Date(Date.now() - 1000), payload: { key: done } }),
    );
    await waitFor(async () => (await rowStatus(done)) === 'done');
    const inOneStatement = (keys: string[], refuse: boolean) =>
      inTransaction(db, async (tx, afterCommit) => {
        const part = schedulingPart(
          deadlineJob,
          keys.map((key) => ({ key, runAt: new Date(Date.now() - 1000), payload: { key } })),
        );
        const r = await tx.execute<{ jobs: unknown; clock: { now: string; offsetMs: string | number }; audited: number }>(
          oneStatement(
            [
              ['jobs', part.statement],
              [
                'audited',
                sql`insert into ${auditPending} (occurred_at, action, entity_type, entity_id, data) values (now(), 'test.part', 'test', ${keys[0]!}, '{}') returning 1`,
              ],
            ],
            sql`select (select coalesce(jsonb_agg(to_jsonb(j)), '[]'::jsonb) from jobs j) as jobs, ${scheduledClockSql} as clock, (select count(*) from audited)::int as audited`,
          ),
        );
        const row = r.rows[0]!;
        expect(row.audited).toBe(1);
        const written = part.written(row.jobs, row.clock);
        // A finished deadline is left as it is, and so not returned: only the new (or moved) ones are handed over.
        expect(written.rows.map((j) => j.id)).toEqual(keys.filter((k) => k !== done).map((k) => `test.deadline:${k}`));
        ctx.jobs.handOverAfter(afterCommit, written);
        if (refuse) throw new Error('refused at the end');
      });
    await inOneStatement([due, done], false);
    await waitFor(async () => (await rowStatus(due)) === 'done');
    await expect(inOneStatement([rolled], true)).rejects.toThrow('refused at the end');
    await ctx.jobs.reconcile();
    await settled(ctx);
    expect(await runs('test.deadline.ran', due)).toBe(1);
    expect(await runs('test.deadline.ran', done)).toBe(1);
    expect(await rowStatus(rolled)).toBeUndefined();
    expect(() =>
      oneStatement(
        [
          ['a', sql`select 1`],
          ['a', sql`select 2`],
        ],
        sql`select 1`,
      ),
    ).toThrow('given twice');
  });

  it('runs work whose queue message was lost, once the reconciler finds it', async () => {
    const key = `lost-${Date.now()}`;
    // The transaction committed but the process died before telling BullMQ.
    await ctx.database.db
      .insert(scheduledJobs)
      .values({ id: `test.deadline:${key}`, name: 'test.deadline', payload: { key }, runAt: new Date(Date.now() - 1000) });
    // Nothing holds it: the queue runs dry with the row still pending.
    await settled(ctx);
    expect(await rowStatus(key)).toBe('pending');
    const handed = await ctx.jobs.reconcile();
    expect(handed).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await rowStatus(key)) === 'done');
    await ctx.jobs.reconcile();
    await settled(ctx);
    expect(await runs('test.deadline.ran', key)).toBe(1);
  });

  it('does not run a job whose transaction rolled back', async () => {
    const key = `rollback-${Date.now()}`;
    await expect(
      inTransaction(ctx.database.db, async (tx, afterCommit) => {
        await ctx.jobs.schedule(tx, afterCommit, deadlineJob, { key, runAt: new Date(), payload: { key } });
        throw new Error('change refused');
      }),
    ).rejects.toThrow('change refused');
    await ctx.jobs.reconcile();
    await settled(ctx);
    expect(await rowStatus(key)).toBeUndefined();
    expect(await runs('test.deadline.ran', key)).toBe(0);
  });

  it('follows a deadline moved later (an extension) and runs it once, at the new time', async () => {
    const key = `moved-${Date.now()}`;
    const firstAt = Date.now() + 800;
    const completed = async () => (await ctx.queueCounts('deadlines')).completed ?? 0;
    const completedBefore = await completed();
    await inTransaction(ctx.database.db, (tx, afterCommit) =>
      ctx.jobs.schedule(tx, afterCommit, deadlineJob, { key, runAt: new Date(firstAt), payload: { key } }),
    );
    const movedTo = Date.now() + 2500;
    await inTransaction(ctx.database.db, (tx, afterCommit) =>
      ctx.jobs.schedule(tx, afterCommit, deadlineJob, { key, runAt: new Date(movedTo), payload: { key } }),
    );
    // The first time comes: its message is taken, finds the deadline moved and hands it back without running it.
    await waitFor(async () => (await completed()) > completedBefore);
    expect(await runs('test.deadline.ran', key)).toBe(0);
    await waitFor(async () => (await rowStatus(key)) === 'done');
    const [row] = await ctx.database.db
      .select()
      .from(scheduledJobs)
      .where(eq(scheduledJobs.id, `test.deadline:${key}`));
    expect(row!.completedAt!.getTime()).toBeGreaterThanOrEqual(movedTo - 50);
    expect(await runs('test.deadline.ran', key)).toBe(1);
  });

  it('rejects a payload that does not match the job schema before anything is stored', async () => {
    await expect(
      inTransaction(ctx.database.db, (tx, afterCommit) =>
        ctx.jobs.schedule(tx, afterCommit, deadlineJob, {
          key: 'bad',
          runAt: new Date(),
          payload: { key: 42 } as unknown as { key: string },
        }),
      ),
    ).rejects.toThrow();
    expect(await rowStatus('bad')).toBeUndefined();
  });
});

describe('background jobs', () => {
  it('queues the same deterministic id once', async () => {
    const key = `bg-${Date.now()}`;
    await Promise.all([1, 2, 3].map(() => ctx.jobs.enqueue(backgroundJob, { key }, { jobId: `test.background:${key}` })));
    await waitFor(async () => (await runs('test.background.ran', key)) >= 1);
    await settled(ctx, 'background');
    expect(await runs('test.background.ran', key)).toBe(1);
  });
});

describe('queues apart', () => {
  it('keeps one job of a key waiting: requests while it runs keep one follow-up, and after both the next queues afresh', async () => {
    const key = `one-${Date.now()}`;
    const request = (n: number) => ctx.jobs.enqueue(slowJob, { key }, { jobId: `test.slow:${key}:${n}`, onePending: `test.slow:${key}` });
    expect(await request(1)).toEqual({ jobId: `test.slow_${key}_1`, queued: true });
    await waitFor(async () => gates.has(key));
    // Running: two more requests leave one follow-up, not two.
    expect((await request(2)).queued).toBe(false);
    expect((await request(3)).queued).toBe(false);
    const first = gates.get(key)!;
    gates.delete(key);
    first();
    await waitFor(async () => gates.has(key));
    expect(await runs('test.slow.ran', key)).toBe(1);
    // The follow-up runs, once for both requests.
    open(key);
    gates.delete(key);
    await waitFor(async () => (await runs('test.slow.ran', key)) === 2);
    await waitFor(async () => (await request(4)).queued);
    await waitFor(async () => gates.has(key));
    open(key);
    await waitFor(async () => (await runs('test.slow.ran', key)) === 3);
  });

  it('runs a deadline while every slot of the risk queue is held by a long scan', async () => {
    const held = [`held-a-${Date.now()}`, `held-b-${Date.now()}`];
    for (const key of held) await ctx.jobs.enqueue(slowJob, { key }, { jobId: `test.slow:${key}` });
    await waitFor(async () => held.every((k) => gates.has(k)));
    expect(ctx.jobs.concurrencyOf('risk')).toBe(held.length);
    const key = `beside-${Date.now()}`;
    await inTransaction(ctx.database.db, (tx, afterCommit) =>
      ctx.jobs.schedule(tx, afterCommit, deadlineJob, { key, runAt: new Date(Date.now() - 1000), payload: { key } }),
    );
    await waitFor(async () => (await rowStatus(key)) === 'done');
    for (const k of held) expect(await runs('test.slow.ran', k)).toBe(0);
    for (const k of held) open(k);
    await waitFor(async () => (await runs('test.slow.ran', held[0]!)) === 1 && (await runs('test.slow.ran', held[1]!)) === 1);
  });
});
