import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotations, scheduledJobs } from '../../server/db/schema/index.ts';
import { advanceClock, clockOffset, dbNow, resumeRealTime, setClock } from '../../server/platform/clock.ts';
import { processors } from '../../workers/registry.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
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
});
