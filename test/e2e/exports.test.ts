// The list exports (导出 CSV / 导出 Excel at the end of a list's filter row), driven in Chromium against
// the real API serving the built storefront and the demo data: the admin downloads the organizations
// as CSV with a Chinese header row, the regulator the expert pool as XLSX, and a visitor, logged out,
// the open-data processes with the kind filter the page shows (a published tender written here, since
// the demo data alone may publish none), and the admin the audit log, read in words in zh-CN and in
// English and filtered by person and day (a login made here). Each download is GET /api/export of the
// list's own route with the page's filters; the layout holds at 1280 and 390 px.
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertHistoryTender } from '../helpers/history-rows.ts';
import { client, login as apiLogin, type TestContext } from '../helpers/context.ts';
import { startBrowserContext } from '../helpers/server.ts';
import { createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';
import * as ui from './browser.ts';
import { chromiumSuite, expectNoHorizontalOverflow, launchBrowser, phone, settled, expectResponse } from './browser.ts';

const { suite, title } = chromiumSuite('list exports');

suite(title, () => {
  let browser: Browser;
  let ctx: TestContext;
  const server = { url: '' };
  const tenderTitle = `测试导出项目${randomInt(100_000, 999_999)}`;
  /** Someone who logs in once (through the API) for the audit log to show; and the Beijing day of that login. */
  const auditee = { id: '', name: `审计${randomInt(100_000, 999_999)}王芳`, orgName: '', day: '' };

  beforeAll(async () => {
    // The global setup built web/dist and loaded the demo data; this serves them.
    const started = await startBrowserContext();
    ctx = started.ctx;
    server.url = started.url;
    browser = await launchBrowser();

    // One published tender, so the open-data list has a row of this file's own.
    const db = ctx.database.db;
    const unit = await createOrg(db, 'purchasing_unit');
    const center = await createOrg(db, 'procurement_center');
    const supplier = await createOrg(db, 'supplier', { sizeClass: 'small' });
    const day = 86_400_000;
    await insertHistoryTender(db, {
      unitId: unit.id,
      centerId: center.id,
      title: tenderTitle,
      categoryCode: 'A02010103',
      budgetFen: 100_000_000,
      publishedAt: new Date(Date.now() - 20 * day),
      deadline: new Date(Date.now() - 2 * day),
      bids: [{ supplierId: supplier.id, priceFen: 90_000_000, sizeClass: 'small' }],
    });

    // A purchaser of a unit of this file's own logs in: "王芳（…）登录平台" in the log.
    const auditUnit = await createOrg(db, 'purchasing_unit');
    const person = await createUser(db, auditUnit.id, ['purchaser'], { displayName: auditee.name });
    await apiLogin(ctx.app, person.username, TEST_PASSWORD);
    const admin = client(ctx.app, await apiLogin(ctx.app, 'admin', ui.demoPassword));
    const logged = (await admin.get(`/api/admin/audit?actorUserId=${person.id}&action=auth.login`)).json<{
      items: { occurredAt: string }[];
    }>();
    Object.assign(auditee, {
      id: person.id,
      orgName: auditUnit.name,
      day: new Date(Date.parse(logged.items[0]!.occurredAt) + 8 * 3600_000).toISOString().slice(0, 10),
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  const openContext = () => ui.openContext(browser, { acceptDownloads: true });
  const login = (page: Page, username: string, home: string) => ui.login(page, server.url, username, home);
  const screenshot = (page: Page, name: string) => ui.screenshot(page, `exports-${name}`);

  /** Clicks an export button; returns the /api/export answer and the file the browser saved. */
  async function exportList(page: Page, testId: string) {
    const download = page.waitForEvent('download');
    const exported = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/export');
    await page.getByTestId(testId).click();
    const answer = await exported;
    const file: Download = await download;
    const saved = await file.path();
    return { answer, file, body: await readFile(saved) };
  }

  /** The export row sits at the end of the filter row and nothing sticks out at phone width. */
  async function checkLayout(page: Page, prefix: string, shot: string) {
    const buttons = page.locator('.table-filters > .export-buttons');
    await expect.poll(() => buttons.count()).toBe(1);
    await page.getByTestId(`${prefix}-csv`).waitFor();
    await page.getByTestId(`${prefix}-xlsx`).waitFor();
    await settled(page);
    await screenshot(page, `${shot}-1280`);
    await page.setViewportSize(phone);
    await settled(page);
    await expectNoHorizontalOverflow(page);
    await expect.poll(() => buttons.isVisible()).toBe(true);
    await screenshot(page, `${shot}-390`);
    await page.setViewportSize(ui.desktop);
  }

  it('admin: the organizations list downloads as CSV with a Chinese header row', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, 'admin', '/admin');
      await page.getByRole('heading', { name: '机构管理' }).waitFor();
      await expect.poll(() => page.locator('tbody tr.ant-table-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await checkLayout(page, 'organizations-export', 'organizations');

      const { answer, file, body } = await exportList(page, 'organizations-export-csv');
      expect(answer.status()).toBe(200);
      expect(new URL(answer.url()).searchParams.get('path')).toBe('/api/admin/organizations');
      expect(answer.headers()['content-type']).toContain('csv');
      expect(file.suggestedFilename()).toBe('机构管理.csv');
      const text = body.toString('utf8').replace(/^\uFEFF/, '');
      const [header, ...rows] = text.split(/\r?\n/).filter((l) => l.trim() !== '');
      expect(header).toContain('名称');
      expect(header).toMatch(/[\u4e00-\u9fff]/);
      expect(rows.length).toBeGreaterThan(0);
      expect(text).toContain('北京市海淀区教育委员会');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('regulator: the expert pool downloads as XLSX', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, 'regulator', '/regulator');
      await page.goto(`${server.url}/regulator/experts`);
      await page.getByRole('heading', { name: '专家名录' }).waitFor();
      await expect.poll(() => page.locator('tbody tr.ant-table-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await checkLayout(page, 'experts-export', 'experts');

      const { answer, file, body } = await exportList(page, 'experts-export-xlsx');
      expect(answer.status()).toBe(200);
      expect(new URL(answer.url()).searchParams.get('path')).toBe('/api/experts');
      expect(answer.headers()['content-type']).toContain('spreadsheetml');
      expect(file.suggestedFilename()).toBe('专家名录.xlsx');
      expect(body.subarray(0, 2).toString('latin1')).toBe('PK');
      expect(body.length).toBeGreaterThan(1000);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  /** A page's export buttons shown, and nothing sticking out at phone width; screenshots at both widths. */
  async function shotBoth(page: Page, testId: string, shot: string) {
    await page.getByTestId(`${testId}-csv`).waitFor();
    await settled(page);
    await screenshot(page, `${shot}-1280`);
    await page.setViewportSize(phone);
    await settled(page);
    await expectNoHorizontalOverflow(page);
    await expect.poll(() => page.getByTestId(`${testId}-xlsx`).isVisible()).toBe(true);
    await screenshot(page, `${shot}-390`);
    await page.setViewportSize(ui.desktop);
  }

  it("lists without a filter row: the export buttons sit above the table (budget lines, a line's movements, the review queue)", async () => {
    const purchaser = await openContext();
    try {
      await login(purchaser.page, 'purchaser', '/purchaser');
      await purchaser.page.goto(`${server.url}/purchaser/budget`);
      await shotBoth(purchaser.page, 'budget-lines-export', 'budget');
      await purchaser.page.getByTestId('budget-line-link').first().click();
      await purchaser.page.waitForURL((u) => /^\/purchaser\/budget\/[^/]+$/.test(u.pathname));
      await shotBoth(purchaser.page, 'movements-export', 'budget-line');
      const { answer } = await exportList(purchaser.page, 'movements-export-csv');
      expect(answer.status()).toBe(200);
      expect(new URL(answer.url()).searchParams.get('path')).toMatch(/^\/api\/organizations\/[^/]+\/budget-lines\/[^/]+\/movements$/);
      expect(purchaser.pageErrors).toEqual([]);
    } finally {
      await purchaser.context.close();
    }
    const center = await openContext();
    try {
      await login(center.page, 'center', '/center');
      await center.page.goto(`${server.url}/center/reallocation`);
      await shotBoth(center.page, 'review-export', 'reallocation-review');
      expect(center.pageErrors).toEqual([]);
    } finally {
      await center.context.close();
    }
  }, 90_000);

  it('public: the open-data processes export logged out, with the kind filter', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await page.goto(`${server.url}/open-data`);
      await page.getByRole('heading', { name: '开放数据' }).waitFor();
      const table = page.getByTestId('processes-table');
      await expect.poll(() => table.locator('tbody tr.ant-table-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await page.getByTestId('kind-filter').getByText('招标项目').click();
      await page.waitForURL((u) => u.searchParams.get('kind') === 'tender');
      // The router commits the new search in a transition: the URL can read kind=tender a moment before the
      // page renders with it. Wait for the rendered filter (the selected segment) and the table it fetched.
      const selected = page.getByTestId('kind-filter').locator('.ant-segmented-item-selected');
      await expect.poll(() => selected.textContent(), { timeout: 10_000 }).toBe('招标项目');
      await expect.poll(() => table.locator('.ant-spin-spinning').count(), { timeout: 10_000 }).toBe(0);
      await settled(page);

      const { answer, file, body } = await exportList(page, 'processes-export-csv');
      expect(answer.status()).toBe(200);
      expect(new URL(answer.url()).searchParams.get('path')).toBe('/api/ocds/processes?kind=tender');
      expect(answer.headers()['content-type']).toContain('csv');
      expect(file.suggestedFilename()).toBe('采购过程.csv');
      const [header, ...rows] = body
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '');
      expect(header).toContain('标题');
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.join('\n')).toContain(tenderTitle);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('admin: the audit log reads in words in zh-CN and in English, filtered by person and by day, and exports as filtered', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, 'admin', '/admin');
      await page.goto(`${server.url}/admin/audit`);
      await page.getByRole('heading', { name: '审计日志' }).waitFor();
      const rows = page.locator('[data-testid="audit-table"] tbody tr.ant-table-row');
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(0);

      // By person: a part of the name, searched.
      const search = page.getByPlaceholder('按姓名或用户名搜索操作人');
      await search.fill(auditee.name.slice(2));
      await search.press('Enter');
      await page.waitForURL((u) => u.searchParams.get('person') === auditee.name.slice(2));
      const sentenceZh = `${auditee.name}（${auditee.orgName}）登录平台`;
      await page.getByTestId('audit-sentence').filter({ hasText: sentenceZh }).waitFor();
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);

      // By day: the day of the login, typed into the range (Beijing days).
      const range = page.locator('[data-testid="audit-filters"] .ant-picker-range input');
      await range.first().click();
      await range.first().fill(auditee.day);
      await range.first().press('Enter');
      await range.nth(1).fill(auditee.day);
      await range.nth(1).press('Enter');
      await page.waitForURL((u) => u.searchParams.get('from') === auditee.day && u.searchParams.get('to') === auditee.day);
      await settled(page);
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => page.getByTestId('audit-sentence').first().textContent()).toBe(sentenceZh);
      await page.getByTestId('audit-export-csv').waitFor();
      await settled(page);
      await screenshot(page, 'audit-zh-CN-1280');
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await page.setViewportSize(ui.desktop);

      // The file holds what the page shows, in words.
      const { answer, body } = await exportList(page, 'audit-export-csv');
      expect(answer.status()).toBe(200);
      const exportedPath = new URL(answer.url()).searchParams.get('path')!;
      expect(exportedPath).toContain(`person=${encodeURIComponent(auditee.name.slice(2))}`);
      expect(exportedPath).toContain(`from=${auditee.day}&to=${auditee.day}`);
      const text = body.toString('utf8').replace(/^\uFEFF/, '');
      expect(text.split(/\r?\n/)[0]).toContain('摘要');
      expect(text).toContain(sentenceZh);

      // The day before holds none of the person's entries.
      const dayBefore = new Date(Date.parse(`${auditee.day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      await page.goto(`${server.url}/admin/audit?person=${encodeURIComponent(auditee.name.slice(2))}&from=${dayBefore}&to=${dayBefore}`);
      await page.getByText('暂无审计记录').waitFor();

      // In English, the same entry in English words; the thing a row is about links to its page.
      await page.goto(`${server.url}/admin/audit?actorUserId=${auditee.id}&from=${auditee.day}&to=${auditee.day}`);
      await page.getByTestId('audit-sentence').filter({ hasText: sentenceZh }).waitFor();
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Audit log' }).waitFor();
      await page
        .getByTestId('audit-sentence')
        .filter({ hasText: `${auditee.name} (${auditee.orgName}) logged in` })
        .waitFor();
      await page.goto(`${server.url}/admin/audit?entityType=user&entityId=${auditee.id}&action=user.create`);
      const created = page.getByTestId('audit-sentence').filter({ hasText: `created user ${auditee.name}` });
      await created.waitFor();
      expect(await created.getByTestId('audit-entity-link').getAttribute('href')).toBe(
        `/admin/users?q=${encodeURIComponent(auditee.name)}`,
      );
      await settled(page);
      await screenshot(page, 'audit-en-1280');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
