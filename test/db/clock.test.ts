import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditEntries, quotations, scheduledJobs } from '../../server/db/schema/index.ts';
import { inTransaction } from '../../server/db/tx.ts';
import { appendAudit, sequenceAudit } from '../../server/platform/audit.ts';
import { advanceClock, clockOffset, dbNow, resumeRealTime, setClock } from '../../server/platform/clock.ts';
import { defineJob } from '../../server/platform/queue/definitions.ts';
import { defineProcessor } from '../../server/platform/queue/job-system.ts';
import { processors } from '../../workers/registry.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { waitFor } from '../helpers/jobs.ts';
import { ownDatabase } from '../helpers/own-database.ts';
import { quotationRequirement, unitWithLine } from '../helpers/procurement.ts';

/**
 * The platform clock (#15): one offset every process shares, read by SQL as jicai.now() /
 * jicai.clock_timestamp(). On a database of this file's own, since moving it moves every deadline there.
 */
let own: Awaited<ReturnType<typeof ownDatabase>>;
let ctx: TestContext;
const DAY = 86_400_000;

beforeAll(async () => {
  own = await ownDatabase('clock');
  ctx = await createTestContext({ databaseUrl: own.url });
}, 120_000);
afterAll(async () => {
  await ctx?.close();
  await own?.drop();
});

const realNow = async () => {
  const r = await ctx.database.db.execute<{ now: string }>(sql`select clock_timestamp() as now`);
  return new Date(r.rows[0]!.now).getTime();
};

describe('the platform clock', () => {
  it('reads real time until it is set; set back, every default and deadline follows it; it does not go back', async () => {
    expect(await clockOffset(ctx.database.db)).toBe(0);
    expect(Math.abs((await dbNow(ctx.database.db)).getTime() - (await realNow()))).toBeLessThan(1000);

    const past = new Date(Date.UTC(2026, 0, 6, 2, 0, 0));
    await setClock(ctx.database.db, past);
    const offset = await clockOffset(ctx.database.db);
    expect(offset).toBeLessThan(-30 * DAY);
    const read = (await dbNow(ctx.database.db)).getTime();
    expect(read - past.getTime()).toBeGreaterThanOrEqual(0);
    expect(read - past.getTime()).toBeLessThan(5000);

    // A quotation posted now is created, and falls due, on the platform clock.
    const u = await unitWithLine(ctx, 10_000_000);
    const deadline = new Date(read + 4 * DAY);
    const posted = await u.purchaser.http.post(
      '/api/quotations',
      quotationRequirement('clock', u.line.id, { deadline: deadline.toISOString() }),
    );
    expect(posted.statusCode, posted.body).toBe(201);
    const [row] = await ctx.database.db.select().from(quotations).where(eq(quotations.id, posted.json().id));
    expect(Math.abs(row!.createdAt.getTime() - read)).toBeLessThan(60_000);
    const [job] = await ctx.database.db
      .select()
      .from(scheduledJobs)
      .where(eq(scheduledJobs.id, `quotations.close:${row!.id}`));
    expect(job!.runAt.getTime()).toBe(deadline.getTime());

    const work = processors({ config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search: postgresSearch(ctx.database.db) });
    // Not yet due on the platform clock, though long past in real time: nothing runs.
    expect(await ctx.jobs.runDue(work)).toBe(0);
    await advanceClock(ctx.database.db, new Date(deadline.getTime() + 1000));
    // Due now: the closing job runs once, through its own handler (no quotes: the quotation fails).
    expect(await ctx.jobs.runDue(work)).toBe(1);
    expect(await ctx.jobs.runDue(work)).toBe(0);
    const [closed] = await ctx.database.db.select().from(quotations).where(eq(quotations.id, row!.id));
    expect(closed!.status).toBe('failed');
    expect(closed!.closedAt!.getTime()).toBeGreaterThanOrEqual(deadline.getTime());
    expect(closed!.closedAt!.getTime()).toBeLessThan(deadline.getTime() + DAY);

    await expect(advanceClock(ctx.database.db, past)).rejects.toThrow(/does not go back/);
    await resumeRealTime(ctx.database.db);
    expect(await clockOffset(ctx.database.db)).toBe(0);
  });

  it('hands a deadline scheduled while the clock stood back to the workers anew once real time resumes, and runs it once at its time', async () => {
    // A deadline job of this test only, recording each run as an audit entry.
    const deadlineJob = defineJob({
      name: 'test.clock-deadline',
      queue: 'deadlines',
      payload: z.object({ key: z.string() }),
      durable: true,
    });
    const workers = await createTestContext({ databaseUrl: own.url, specs: [deadlineJob] });
    try {
      await workers.jobs.startWorkers([
        defineProcessor(deadlineJob, async ({ key }, { tx }) => {
          await appendAudit(tx!, { actor: null, action: 'test.clock-deadline.ran', entityType: 'test', entityId: key });
        }),
      ]);
      const db = workers.database.db;
      const key = `replayed-${Date.now()}`;
      // The clock three weeks back (as the demo replay sets it), a deadline two seconds from real now: on that
      // clock it is three weeks away, and the message handed to BullMQ waits three weeks of real time.
      await setClock(db, new Date((await realNow()) - 21 * DAY));
      const runAt = new Date((await realNow()) + 2_000);
      await inTransaction(db, (tx, afterCommit) => workers.jobs.schedule(tx, afterCommit, deadlineJob, { key, runAt, payload: { key } }));
      // Real time resumes and the reconciler comes round, as at the end of `npm start`'s replay.
      await resumeRealTime(db);
      await workers.jobs.reconcile();
      const row = await waitFor(
        async () => {
          const [r] = await db
            .select()
            .from(scheduledJobs)
            .where(eq(scheduledJobs.id, `test.clock-deadline:${key}`));
          return r?.status === 'done' && r;
        },
        { what: 'the deadline to run at its time in real time' },
      );
      expect(row.completedAt!.getTime()).toBeGreaterThanOrEqual(runAt.getTime());
      await workers.jobs.reconcile();
      await sequenceAudit(db);
      const [ran] = await db
        .select({ n: count() })
        .from(auditEntries)
        .where(and(eq(auditEntries.action, 'test.clock-deadline.ran'), eq(auditEntries.entityId, key)));
      expect(ran!.n).toBe(1);
    } finally {
      await workers.close();
    }
  });
});
