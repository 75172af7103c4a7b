// The replayed demo world (#15) in Chromium: "browser tests walk the expert's scoring and the
// opening-on-deadline through the storefront". On a database of this file's own, the year is played
// through the API exactly as `npm start` plays it (the clock set back, the demo data loaded, the replay,
// real time resumed), with its present set five minutes back so that the tender whose bids close "ten
// minutes after now" closes a few minutes after the replay. Then the app listens, the job workers start
// (with the reconciler, as `npm start` runs them), and in the browser: the demo supplier finds that tender
// in the list and bids, and gets its sealed receipt; the first expert the replay left waiting on the
// tender in scoring signs the recusal declaration and submits a score sheet within the weights, and the
// center sees that expert as scored; the platform clock moves past the deadline (as time would, without the
// test waiting for it), the reconciler hands the opening to the workers, their job opens the bids, and the supplier's page, reloaded, shows the opening record: the three bids of the replay and its own.
// That last step needs the opening job, handed to BullMQ while the replay's clock stood three weeks back, to
// be handed over anew with its real-time delay once real time resumes.
import { eq, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { experts, tenders, users } from '../../server/db/schema/index.ts';
import { reindexAll } from '../../server/modules/catalogue/catalogue.documents.ts';
import { loadDemoData } from '../../server/modules/demo/demo-data.ts';
import { historyStart, replayDemoWorld } from '../../server/modules/demo/replay/replay.ts';
import { advanceClock, setClock } from '../../server/platform/clock.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { processors } from '../../workers/registry.ts';
import type { TestContext } from '../helpers/context.ts';
import { ownDatabase } from '../helpers/own-database.ts';
import { startBrowserContext } from '../helpers/server.ts';
import * as ui from './browser.ts';
import { chromiumSuite, label, launchBrowser, settled, expectResponse } from './browser.ts';

const { suite, title } = chromiumSuite('the replayed demo world');

const OPENING_TITLE = '北京市疾病预防控制中心实验室计算机采购项目';
const SCORING_TITLE = '北京市海淀区教育委员会教学楼彩色数码复合机采购项目';
/** The demo supplier's bid (北京华信创新科技有限公司, a medium enterprise: no deduction), under the three of the replay. */
const OUR_PRICE = '296500';

/** How long a page may take to show what the API answered (the machine is shared: longer than vitest's 1 s). */
const settle = { timeout: 15_000 };

/** Toasts gone, so screenshots show the page. */
async function quiet(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
}

suite(title, () => {
  let own: Awaited<ReturnType<typeof ownDatabase>> | undefined;
  let ctx: TestContext | undefined;
  let browser: Browser | undefined;
  let url = '';
  let present: string[] = [];
  const opening = { id: '', tenderNo: '', lotId: '', deadline: new Date(0) };
  const scoring = { id: '', tenderNo: '', expert: '', expertName: '' };
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    const t0 = Date.now();
    own = await ownDatabase('world_e2e');
    const db = own.database.db;
    // The world's present, five minutes back: its "opening ten minutes after now" falls five minutes after
    // this line, a few minutes after the replay ends (the last test moves the clock past it rather than
    // waiting). Setting up and replaying took 33–100 s on a shared two-core machine, 166 s under heavy load
    // once the setup went through the services (seven minutes back then left 19 s to bid in).
    const now = new Date(Date.now() - 5 * 60_000);
    await setClock(db, historyStart(now));
    await loadDemoData(db);
    await reindexAll(db, postgresSearch(db));
    timings.setupMs = Date.now() - t0;
    const started = await startBrowserContext({ databaseUrl: own.url, env: { DEMO_DATA: 'false' } });
    ctx = started.ctx;
    url = started.url;
    const deps = { config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search: postgresSearch(ctx.database.db) };
    const replayed = await replayDemoWorld({ app: ctx.app, db: ctx.database.db, jobs: ctx.jobs, processors: processors(deps), now });
    present = replayed.present;
    timings.replayMs = replayed.ms;
    // The workers, as `npm start` runs them: every queue's worker and the reconciler that hands due deadlines to them.
    await started.startWorkers();
    await ctx.jobs.startReconciler(5_000);
    browser = await launchBrowser();

    const [o] = await db
      .select({ id: tenders.id, tenderNo: tenders.tenderNo, deadline: tenders.deadline, status: tenders.status })
      .from(tenders)
      .where(eq(tenders.title, OPENING_TITLE));
    expect(o?.status).toBe('bidding');
    const lot = await db.execute<{ id: string }>(sql`select id from jicai.tender_lots where tender_id = ${o!.id}`);
    Object.assign(opening, { id: o!.id, tenderNo: o!.tenderNo, deadline: o!.deadline, lotId: lot.rows[0]!.id });
    const [s] = await db.select({ id: tenders.id, tenderNo: tenders.tenderNo }).from(tenders).where(eq(tenders.title, SCORING_TITLE));
    const waiting = present.find((line) => line.startsWith(`评分中「${SCORING_TITLE}」`));
    const first = /waiting for experts ([^,\s]+)/.exec(waiting ?? '')?.[1] ?? '';
    const [e] = await db
      .select({ name: experts.name })
      .from(experts)
      .innerJoin(users, eq(users.id, experts.userId))
      .where(eq(users.username, first));
    Object.assign(scoring, { id: s!.id, tenderNo: s!.tenderNo, expert: first, expertName: e?.name ?? '' });
    timings.readyMs = Date.now() - t0;
    console.log(
      `demo world ready in ${(timings.readyMs / 1000).toFixed(1)} s (setup ${(timings.setupMs / 1000).toFixed(1)} s, replay ${(
        timings.replayMs / 1000
      ).toFixed(1)} s); bids on ${opening.tenderNo} close ${opening.deadline.toISOString()}, ${Math.round(
        (opening.deadline.getTime() - Date.now()) / 1000,
      )} s from now\n${present.join('\n')}`,
    );
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
    await own?.drop();
  });

  const openContext = () => ui.openContext(browser!);
  const login = (page: Page, username: string, home: string) => ui.login(page, url, username, home);
  const screenshot = async (page: Page, name: string, fullPage = true) => {
    if (fullPage) await page.evaluate('window.scrollTo(0, 0)');
    await ui.screenshot(page, `demo-world-${name}`, fullPage);
  };

  it('the demo supplier finds the tender closing in minutes, bids in the browser and gets its sealed receipt', async () => {
    expect(opening.id).not.toBe('');
    // Still open as the browser arrives: the replay left time to bid.
    expect(opening.deadline.getTime(), 'the replay took so long that the bids close before the supplier can bid').toBeGreaterThan(
      Date.now() + 10_000,
    );
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, 'supplier', '/supplier');
      await page.getByRole('menuitem', { name: '投标' }).click();
      await page.waitForURL((u) => u.pathname === '/supplier/tenders');
      await page.getByTestId('tender-search').locator('input').fill('疾病预防控制中心');
      await page.getByTestId('tender-search').locator('input').press('Enter');
      const row = page.getByTestId('tenders-table').locator('tbody tr').filter({ hasText: OPENING_TITLE });
      await row.getByText('投标中').waitFor();
      await settled(page);
      await screenshot(page, 'supplier-list-1280');
      await row.getByRole('button', { name: label('投标') }).click();
      await page.waitForURL((u) => u.pathname === `/supplier/tenders/${opening.id}`);

      const card = page.getByTestId('lot-bid-card').first();
      await card.getByTestId('bid-price').fill(OUR_PRICE);
      await card.getByTestId('bid-brand').fill('同方');
      await card
        .getByTestId('bid-technical')
        .fill('完全响应招标文件第二章全部技术要求：国产处理器，16G 内存，512G 固态硬盘，三年上门保修。');
      const sent = expectResponse(
        page,
        (r) => new URL(r.url()).pathname === `/api/tenders/${opening.id}/bids` && r.request().method() === 'PUT',
      );
      await card.getByTestId('submit-bid').click();
      const answer = await sent;
      expect(answer.status(), await answer.text()).toBe(200);
      expect(answer.request().postDataJSON()).toMatchObject({ lotId: opening.lotId, priceFen: 29_650_000, smeDeclared: false });

      const receipt = card.getByTestId('bid-receipt');
      await receipt.waitFor();
      await expect.poll(() => receipt.getByTestId('receipt-version').innerText(), settle).toBe('第 1 版');
      expect(await receipt.getByTestId('bid-status').innerText()).toBe('已密封');
      expect((await receipt.getByTestId('receipt-sha').innerText()).trim()).toMatch(/^[0-9a-f]{64}$/);
      expect(await receipt.getByTestId('receipt-time').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \(北京时间\)$/);
      // Sealed: no price on the page, and no opening record yet.
      expect(await page.locator('body').innerText()).not.toContain('296,500');
      expect(await page.getByTestId('opening-table').count()).toBe(0);
      await settled(page);
      await quiet(page);
      await screenshot(page, 'supplier-receipt-1280');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('the first expert left waiting on the tender in scoring signs the declaration and submits a score sheet within the weights', async () => {
    expect(scoring.expert).toMatch(/^expert\d*$/);
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, scoring.expert, '/expert');
      await page.getByRole('menuitem', { name: '评审任务' }).click();
      await page.waitForURL((u) => u.pathname === '/expert/assignments');
      const row = page.getByTestId('assignments-table').locator('tbody tr.ant-table-row').filter({ hasText: scoring.tenderNo });
      await row.getByText(SCORING_TITLE).waitFor();
      await row.getByText('评审中').waitFor();
      await settled(page);
      await screenshot(page, 'expert-assignments-1280');
      // Drawn and not yet declared (待声明), or declared and not yet scored: either way the row leads to the sheet.
      const declared = (await row.getByText('待声明').count()) === 0;
      await row.getByTestId('open-assignment').click();
      await page.waitForURL((u) => u.pathname.startsWith('/expert/assignments/') && u.pathname !== '/expert/assignments/');
      const seatId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
      if (!declared) {
        await page.getByTestId('declaration').getByText('签署声明前看不到任何投标文件。').waitFor();
        expect(await page.locator('body').innerText()).not.toContain('¥');
        await page.getByTestId('confirm-seat').click();
        const confirmed = expectResponse(page, (r) => new URL(r.url()).pathname === `/api/tender-experts/${seatId}/confirm`);
        await page.locator('.ant-modal-confirm .ant-btn-primary').click();
        expect((await confirmed).status()).toBe(200);
      }

      // The sheet: the three bids of the replay, a cell for 技术 (0–50) and 服务 (0–20) each.
      const sheet = page.getByTestId('sheet-table');
      const rows = sheet.locator('tbody tr.ant-table-row');
      await expect.poll(() => rows.count(), settle).toBe(3);
      await page.getByTestId('lot-sheet').getByText('待评分').waitFor();
      await sheet.locator('thead').getByText('0–50 分').waitFor();
      await sheet.locator('thead').getByText('0–20 分').waitFor();
      const points = [
        ['44', '17.5'],
        ['41', '16'],
        ['38.5', '18'],
      ] as const;
      for (const [i, [tech, service]] of points.entries()) {
        await page.getByTestId(`points-${i}-tech`).fill(tech);
        await page.getByTestId(`points-${i}-service`).fill(service);
        // Below full marks (50, 20): each criterion's 评分理由.
        await page.getByTestId(`reason-${i}-tech`).fill('技术方案基本响应，个别参数仅满足最低要求');
        await page.getByTestId(`reason-${i}-service`).fill('服务承诺满足要求，响应时间一般');
      }
      await expect.poll(() => page.getByTestId('row-total-0').innerText(), settle).toBe('61.50');
      const sent = expectResponse(
        page,
        (r) => new URL(r.url()).pathname === `/api/tender-experts/${seatId}/scores` && r.request().method() === 'PUT',
      );
      await page.getByTestId('submit-scores').click();
      const put = await sent;
      expect(put.status(), await put.text()).toBe(200);
      const body = put.request().postDataJSON() as { sheets: { points: Record<string, string> }[] };
      expect(body.sheets.map((s) => s.points)).toEqual(points.map(([tech, service]) => ({ tech, service })));
      await page.getByTestId('lot-sheet').getByText('已评分').waitFor();
      await page.getByRole('button', { name: label('重新提交评分') }).waitFor();
      await settled(page);
      await quiet(page);
      await screenshot(page, 'expert-sheet-1280');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('center staff see that expert’s score sheet submitted on the committee', async () => {
    expect(scoring.expertName).not.toBe('');
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, 'center', '/center');
      await page.getByRole('menuitem', { name: '评标定标' }).click();
      await page.waitForURL((u) => u.pathname === '/center/evaluation');
      // The list opens on 已开标 (committees to draw); the tender in scoring is under 评审中.
      await page.getByTestId('evaluation-status').getByText('评审中', { exact: true }).click();
      await page.getByTestId('evaluation-search').locator('input').fill(scoring.tenderNo);
      await page.getByTestId('evaluation-search').locator('input').press('Enter');
      const row = page.getByTestId('evaluation-table').locator('tbody tr.ant-table-row').filter({ hasText: scoring.tenderNo });
      await row.getByText('评审中').waitFor();
      await row.getByTestId('evaluation-open').click();
      await page.waitForURL((u) => u.pathname === `/center/tenders/${scoring.id}/evaluation`);
      const seat = page.getByTestId('seats-table').locator('tbody tr.ant-table-row').filter({ hasText: scoring.expertName });
      await seat.getByTestId('seat-scored').getByText('已提交 1 / 1 包').waitFor();
      await seat.getByText('已确认参加').waitFor();
      await settled(page);
      await screenshot(page, 'center-committee-1280');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the deadline passes on the platform clock: the workers open the bids, and the supplier’s page shows the record with four bids, its own among them', async () => {
    expect(opening.id).not.toBe('');
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, 'supplier', '/supplier');
      await page.goto(`${url}/supplier/tenders/${opening.id}`);
      await page.getByTestId('lot-bid-card').first().getByTestId('bid-receipt').waitFor();
      // The platform clock moves past the deadline, as time would (minutes of CI saved), and the reconciler
      // hands the now-due opening to the workers, exactly as it does every interval under `npm start`.
      // Then this waits for the state, not a guess: until the opening job has run.
      if (opening.deadline.getTime() > Date.now()) await advanceClock(ctx!.database.db, new Date(opening.deadline.getTime() + 1_000));
      await ctx!.jobs.reconcile();
      const waitFrom = Date.now();
      let openedAt = '';
      await expect
        .poll(
          async () => {
            const res = await page.request.get(`${url}/api/tenders/${opening.id}`);
            const tender = (await res.json()) as { status: string; openedAt: string | null };
            openedAt = tender.openedAt ?? '';
            return tender.status;
          },
          {
            timeout: 120_000,
            interval: 2_000,
            message: `the opening job should open ${opening.tenderNo} once its deadline ${opening.deadline.toISOString()} passes`,
          },
        )
        .toBe('opened');
      // Opened by the job at its time, not before the deadline.
      expect(Date.parse(openedAt)).toBeGreaterThanOrEqual(opening.deadline.getTime());
      console.log(
        `opened at ${openedAt}, ${((Date.parse(openedAt) - opening.deadline.getTime()) / 1000).toFixed(1)} s after the deadline (the test waited ${(
          (Date.now() - waitFrom) /
          1000
        ).toFixed(1)} s)`,
      );
      await page.reload();
      await page.getByTestId('opening-table').waitFor();
      const rows = page.getByTestId('opening-table').locator('tbody tr.ant-table-row');
      await expect.poll(() => rows.count(), settle).toBe(4);
      const ours = rows.filter({ hasText: '北京华信创新科技有限公司' });
      expect(await ours.count()).toBe(1);
      await ours.getByText('本单位').waitFor();
      expect(await ours.getByTestId('opening-price').innerText()).toBe('¥296,500.00');
      expect(await ours.getByTestId('opening-evaluation').innerText()).toBe('¥296,500.00');
      // The replay's three, at their prices; the small enterprise's with its 10% deduction.
      for (const price of ['¥301,500.00', '¥309,000.00', '¥298,800.00'])
        expect(await rows.filter({ has: page.getByTestId('opening-price').getByText(price, { exact: true }) }).count()).toBe(1);
      await expect.poll(() => page.getByTestId('tender-status').first().innerText(), settle).toBe('已开标');
      await settled(page);
      await screenshot(page, 'supplier-opening-1280');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  it('the supplier’s and the regulator’s homes list what waits on them', async () => {
    const supplierKinds = [
      'order_to_confirm',
      'order_to_ship',
      'order_to_deliver',
      'quotation_to_quote',
      'tender_bid_closing',
      'auction_to_pay',
    ];
    for (const [username, home, kinds] of [
      ['supplier', '/supplier', supplierKinds],
      ['regulator', '/regulator', ['risk_alert']],
    ] as const) {
      const { context, page, pageErrors } = await openContext();
      try {
        await login(page, username, home);
        const tasks = page.getByTestId('tasks-card');
        const items = tasks.getByTestId('todo-item');
        await items.first().waitFor(settle);
        expect(Number(await tasks.getByTestId('todo-count').getAttribute('data-total'))).toBeGreaterThanOrEqual(1);
        const listed = await items.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
        expect(
          listed.some((k) => (kinds as readonly string[]).includes(k ?? '')),
          listed.join(', '),
        ).toBe(true);
        await settled(page);
        await screenshot(page, `${username}-todos-1280`);
        // Each item leads to where to act: the regulator's first risk alert opens in its inbox.
        if (username === 'regulator') {
          const alert = tasks.locator('[data-testid="todo-item"][data-kind="risk_alert"]').first();
          await alert.getByRole('link').click();
          await page.waitForURL((u) => u.pathname === '/risk/alerts' && u.searchParams.has('alert'));
        }
        expect(pageErrors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  }, 120_000);
});
