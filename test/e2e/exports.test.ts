// The list exports (导出 CSV / 导出 Excel at the end of a list's filter row), driven in Chromium against
// the real API serving the built storefront and the demo data: the admin downloads the organizations
// as CSV with a Chinese header row, the regulator the expert pool as XLSX, and a visitor, logged out,
// the open-data processes with the kind filter the page shows (a published tender written here, since
// the demo data alone may publish none). Each download is GET /api/export of the list's own route with
// the page's filters; the layout holds at 1280 and 390 px.
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertHistoryTender } from '../helpers/history-rows.ts';
import type { TestContext } from '../helpers/context.ts';
import { startBrowserContext } from '../helpers/server.ts';
import { createOrg } from '../helpers/factories.ts';
import * as ui from './browser.ts';
import { chromiumSuite, expectNoHorizontalOverflow, launchBrowser, phone, settled } from './browser.ts';

const { suite, title } = chromiumSuite('list exports');

suite(title, () => {
  let browser: Browser;
  let ctx: TestContext;
  const server = { url: '' };
  const tenderTitle = `测试导出项目${randomInt(100_000, 999_999)}`;

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
    const exported = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/export');
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
});
