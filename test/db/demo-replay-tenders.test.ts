import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenders } from '../../server/db/schema/index.ts';
import { reindexAll } from '../../server/modules/catalogue/catalogue.documents.ts';
import { loadDemoData } from '../../server/modules/demo/demo-data.ts';
import { play, World } from '../../server/modules/demo/replay/kit.ts';
import { historyStart } from '../../server/modules/demo/replay/replay.ts';
import { tenderStories } from '../../server/modules/demo/replay/tenders.story.ts';
import { resumeRealTime, setClock } from '../../server/platform/clock.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { processors } from '../../workers/registry.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { ownDatabase } from '../helpers/own-database.ts';

let own: Awaited<ReturnType<typeof ownDatabase>>;
let ctx: TestContext;
const now = new Date();

beforeAll(async () => {
  own = await ownDatabase('replay_tenders');
  const db = own.database.db;
  await setClock(db, historyStart(now));
  await loadDemoData(db);
  await reindexAll(db, postgresSearch(db));
  ctx = await createTestContext({ databaseUrl: own.url });
}, 180_000);
afterAll(async () => {
  await ctx?.close();
  await own?.drop();
});

describe('the demo replay: tenders', () => {
  it('plays a year of tenders through the API under the platform clock', { timeout: 600_000 }, async () => {
    const db = ctx.database.db;
    const world = new World({
      app: ctx.app,
      db,
      jobs: ctx.jobs,
      processors: processors({ config: ctx.config, db, jobs: ctx.jobs, search: postgresSearch(db) }),
      seed: 1,
      now,
    });
    const started = Date.now();
    const { acts } = await play(world, tenderStories(world, { start: historyStart(now), now }));
    await resumeRealTime(db);
    console.log(`tenders replay: ${acts} acts, ${world.requests} requests, ${world.deadlinesRun} deadlines, ${Date.now() - started} ms`);
    const rows = await db.select().from(tenders);
    const by = (status: string) => rows.filter((r) => r.status === status);
    console.log(Object.fromEntries(['bidding', 'opened', 'evaluation', 'awarded', 'contracted', 'failed'].map((s) => [s, by(s).length])));
    expect(rows.length).toBe(12);
    expect(by('failed')).toHaveLength(1);
    expect(by('contracted').length).toBeGreaterThanOrEqual(6);
    expect(by('evaluation')).toHaveLength(1);
    expect(by('bidding')).toHaveLength(2);
    const [opening] = rows.filter((r) => r.deadline.getTime() > now.getTime() && r.deadline.getTime() < now.getTime() + 3600_000);
    expect(opening?.status).toBe('bidding');
    for (const r of rows) expect(r.createdAt.getTime()).toBeLessThanOrEqual(Date.now());
    const [failed] = by('failed');
    expect((await db.select().from(tenders).where(eq(tenders.id, failed!.id)))[0]!.status).toBe('failed');
  });
});
