// A complaint decided by the finance department (投诉处理决定, 财政部令第94号), as the public sees it in
// Chromium: the decision ordering a re-evaluation, its reasons, and the award it annulled (the lot and the
// supplier it had gone to); the open data has that award cancelled. Set up through the API on a database of
// this file's own, since the legal clocks are passed by moving the platform clock.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tenderClocks, tenders } from '../../server/db/schema/index.ts';
import { tenderJobs } from '../../server/modules/tenders/tenders.service.ts';
import { advanceClock, dbNow } from '../../server/platform/clock.ts';
import { client, type TestContext } from '../helpers/context.ts';
import { actor, createOrg } from '../helpers/factories.ts';
import { runDueJob } from '../helpers/jobs.ts';
import { ownDatabase } from '../helpers/own-database.ts';
import { goodsTender, publishTender, recordReviewsPassed, threeBidders } from '../helpers/procurement.ts';
import { startBrowserContext } from '../helpers/server.ts';
import * as ui from './browser.ts';
import { chromiumSuite, launchBrowser } from './browser.ts';

const { suite, title } = chromiumSuite('a published complaint decision and the award it annulled');
const DAY = 86_400_000;

suite(title, () => {
  let own: Awaited<ReturnType<typeof ownDatabase>>;
  let ctx: TestContext;
  let browser: Browser;
  let url = '';
  const token = `d${randomBytes(3).toString('hex')}`;
  let tenderId = '';
  let winnerName = '';

  beforeAll(async () => {
    own = await ownDatabase('decision');
    const started = await startBrowserContext({ databaseUrl: own.url });
    ctx = started.ctx;
    url = started.url;
    await started.startWorkers();
    browser = await launchBrowser();
    const db = ctx.database.db;
    const center = await actor(ctx.app, db, 'center_staff');
    const regulator = await actor(ctx.app, db, 'regulator', (await createOrg(db, 'regulator', { regionCode: '110000' })).id);
    const unit = await createOrg(db, 'purchasing_unit');
    const purchaser = await actor(ctx.app, db, 'purchaser', unit.id);
    const deadline = new Date((await dbNow(db)).getTime() + 21 * DAY);
    const t = await publishTender(center, goodsTender(unit.id, `${token} 办公计算机采购`, { deadline: deadline.toISOString() }));
    tenderId = t.id;
    const lotId: string = t.lots[0].id;
    const name = (i: number) => `${token}投标人${i}有限公司`;
    const bidders = await threeBidders(ctx, { id: t.id, lotId }, token, name);
    winnerName = name(0);
    await advanceClock(db, new Date(deadline.getTime() + 1000));
    await runDueJob(ctx, tenderJobs.open, t.id);
    await db.update(tenders).set({ status: 'evaluation' }).where(eq(tenders.id, t.id));
    await recordReviewsPassed(ctx, t.id);
    expect((await center.http.post(`/api/tenders/${t.id}/evaluate`)).statusCode).toBe(200);
    expect((await purchaser.http.post(`/api/tenders/${t.id}/lots/${lotId}/award`)).statusCode).toBe(200);
    // The losing bidder challenges; the reply's deadline passes unanswered; it complains and is accepted.
    const loser = bidders[2]!;
    const challenge = await loser.http.post(`/api/tenders/${t.id}/challenges`, {
      grounds: '中标人技术响应未满足招标文件实质性要求，请予复核。',
    });
    expect(challenge.statusCode, challenge.body).toBe(201);
    const [reply] = await db
      .select()
      .from(tenderClocks)
      .where(and(eq(tenderClocks.tenderId, t.id), eq(tenderClocks.kind, 'challenge_reply')));
    await advanceClock(db, new Date(Math.max(reply!.due.getTime() + 1000, (await dbNow(db)).getTime())));
    await runDueJob(ctx, tenderJobs.clock, reply!.id);
    const filed = await loser.http.post(`/api/tenders/${t.id}/complaints`, {
      challengeId: challenge.json()[0].id,
      grounds: '质疑答复期满未获答复，中标人技术响应不满足招标文件第二章第 5 项实质性要求。',
      evidence: '投标文件第 23 页技术参数表；招标文件第二章第 5 项。',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    expect((await regulator.http.post(`/api/complaints/${filed.json().id}/acceptance`, { accept: true })).statusCode).toBe(200);
    const decided = await regulator.http.post(`/api/complaints/${filed.json().id}/decision`, {
      outcome: 'reevaluate',
      reasons: '评标委员会未按招标文件规定的评标标准评审，责令重新评审。',
    });
    expect(decided.statusCode, decided.body).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
    await own?.drop();
  });

  it('shows the decision with the annulled award to anyone, and the open data has that award cancelled', async () => {
    const { context, page, pageErrors } = await ui.openContext(browser);
    await page.goto(`${url}/tenders/${tenderId}`);
    await page.getByText('投诉成立，责令重新评审').waitFor();
    await page.getByText('评标委员会未按招标文件规定的评标标准评审，责令重新评审。').waitFor();
    const annulled = page.getByTestId('annulled-award');
    await annulled.waitFor();
    expect(await annulled.innerText()).toMatch(new RegExp(`^第 1 包 .+ 确认的中标结果（中标人：${winnerName}）已依此决定撤销$`));
    // The history names each step in words, the decision among them (never an action's code).
    await page.getByText('进度记录').waitFor();
    await expect.poll(() => page.locator('.ant-timeline-item').count()).toBeGreaterThan(3);
    expect(await page.getByText(/tender\.[a-z_.]+/).count()).toBe(0);
    await ui.screenshot(page, 'complaint-decision-annulled-award');
    expect(pageErrors).toEqual([]);
    await context.close();
    const record = (await client(ctx.app, null).get(`/api/ocds/tenders/${tenderId}/record`)).json();
    expect(record.records[0].compiledRelease.awards).toEqual([expect.objectContaining({ status: 'cancelled' })]);
  });
});
