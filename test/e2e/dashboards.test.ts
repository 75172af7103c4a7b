// The policy dashboards, the regulator's risk alert inbox and the public open-data page, driven in
// Chromium against the real API serving the built storefront, with the job workers running (a scan
// runs each rule as a background job): the regulator's dashboard draws its charts with Chinese labels
// (and English after the switch, the regions too: chart, table, filter and scope say "Haidian", not the
// server's 北京市海淀区), a chart's 查看数据 shows the figures and its CSV downloads; a demo
// purchaser sees its own unit only, without the region and unit filters; a split purchase written
// here is found by 立即扫描 and worked in the inbox (assigned, commented, closed); /open-data works
// logged out and its bulk download answers.
// The database is shared with the other test files of the run: the unit and orders behind the alert
// are made here, and no count is assumed that this file did not make.
import { randomInt } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertHistoryAuction, insertHistoryOrder, insertHistoryQuotation, insertHistoryTender } from '../helpers/history-rows.ts';
import type { TestContext } from '../helpers/context.ts';
import { startBrowserContext } from '../helpers/server.ts';
import { createBudgetLine, createOrg } from '../helpers/factories.ts';
import * as ui from './browser.ts';
import { chromiumSuite, expectNoHorizontalOverflow, label, launchBrowser, phone, settled, expectResponse } from './browser.ts';

const demoUnit = '北京市海淀区教育委员会';

const { suite, title } = chromiumSuite('dashboards, risk alerts and open data');

suite(title, () => {
  let browser: Browser;
  let ctx: TestContext;
  let url = '';
  const marker = randomInt(100_000, 999_999);
  const unitName = `测试拆分单位${marker}`;
  const boardUnit = `测试看板单位${marker}`;

  beforeAll(async () => {
    const started = await startBrowserContext();
    ctx = started.ctx;
    url = started.url;
    browser = await launchBrowser();

    // A split purchase (拆分采购): two desktop orders of one unit within the window, each under the
    // direct-order limit (¥50,000), together above it.
    const db = ctx.database.db;
    const unit = await createOrg(db, 'purchasing_unit', { name: unitName });
    const supplier = await createOrg(db, 'supplier', { name: `测试拆分供应商${marker}有限公司` });
    const line = await createBudgetLine(db, unit.id, 100_000_000);
    const day = 86_400_000;
    for (const daysAgo of [9, 4]) {
      await insertHistoryOrder(db, {
        unitId: unit.id,
        supplierId: supplier.id,
        budgetLineId: line.id,
        at: new Date(Date.now() - daysAgo * day),
        lines: [{ categoryCode: 'A02010104', title: '联想 开天M90', unitPriceFen: 450_000, quantity: 7 }],
      });
    }
    // A unit whose whole year this test writes, so its dashboard's figures are known: e-mall ¥542,000
    // (laptops ¥12,000, three official cars ¥530,000, one of them new-energy), a quotation won at
    // ¥80,000 (ceiling ¥100,000), a tender won at ¥2,500,000 (budget ¥3,000,000), one lot reserved for
    // SMEs, one auction sold for ¥30,000 (appraised ¥25,000) and one failed.
    const board = await createOrg(db, 'purchasing_unit', { name: boardUnit });
    const center = await createOrg(db, 'procurement_center');
    const boardLine = await createBudgetLine(db, board.id, 10_000_000_000);
    const firm = (sizeClass: 'large' | 'medium' | 'small' | 'micro') =>
      createOrg(db, 'supplier', { name: `测试看板${sizeClass}${marker}有限公司`, sizeClass });
    const [L, D, S, M] = [await firm('large'), await firm('medium'), await firm('small'), await firm('micro')];
    const on = (d: string) => new Date(`${d}T10:00:00+08:00`);
    const base = { unitId: board.id, budgetLineId: boardLine.id };
    await insertHistoryOrder(db, {
      ...base,
      supplierId: S.id,
      at: on('2026-05-10'),
      lines: [{ categoryCode: 'A02010105', title: '联想 昭阳', unitPriceFen: 600_000, quantity: 2, certified: true }],
    });
    await insertHistoryOrder(db, {
      ...base,
      supplierId: L.id,
      at: on('2026-06-12'),
      lines: [
        { categoryCode: 'A02030501', title: '大众 帕萨特', unitPriceFen: 18_000_000, quantity: 2 },
        { categoryCode: 'A02030502', title: '比亚迪 汉', unitPriceFen: 17_000_000, quantity: 1 },
      ],
    });
    await insertHistoryQuotation(db, {
      ...base,
      title: '打印机 10 台',
      categoryCode: 'A02010601',
      quantity: 10,
      ceilingFen: 10_000_000,
      createdAt: on('2026-07-01'),
      closedAt: on('2026-07-10'),
      quotes: [
        { supplierId: M.id, priceFen: 8_000_000, sizeClass: 'micro' },
        { supplierId: L.id, priceFen: 9_000_000, sizeClass: 'large' },
      ],
      winner: 0,
    });
    const tender = { unitId: board.id, centerId: center.id, publishedAt: on('2026-08-01'), deadline: on('2026-08-25') };
    await insertHistoryTender(db, {
      ...tender,
      title: '服务器采购',
      categoryCode: 'A02010103',
      budgetFen: 300_000_000,
      bids: [
        { supplierId: D.id, priceFen: 250_000_000, sizeClass: 'medium' },
        { supplierId: L.id, priceFen: 260_000_000, sizeClass: 'large' },
        { supplierId: S.id, priceFen: 270_000_000, sizeClass: 'small' },
      ],
      winner: 0,
      awardedAt: on('2026-09-10'),
    });
    await insertHistoryTender(db, {
      ...tender,
      title: '办公家具（预留中小企业）',
      categoryCode: 'A050101',
      budgetFen: 150_000_000,
      smeReserved: true,
      bids: [{ supplierId: S.id, priceFen: 140_000_000, sizeClass: 'small' }],
    });
    await insertHistoryAuction(db, {
      unitId: board.id,
      name: '别克 GL8 商务车',
      categoryCode: 'A02030501',
      appraisalFen: 2_500_000,
      startPriceFen: 2_500_000,
      closedAt: on('2026-10-20'),
      outcome: 'paid',
      hammerFen: 3_000_000,
      winnerId: L.id,
    });
    await insertHistoryAuction(db, {
      unitId: board.id,
      name: '旧复印机',
      categoryCode: 'A020201',
      appraisalFen: 100_000,
      startPriceFen: 100_000,
      closedAt: on('2026-10-21'),
      outcome: 'failed',
    });

    // 立即扫描 queues each rule as a job: the workers must run here.
    await started.startWorkers();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  const openContext = () => ui.openContext(browser, { acceptDownloads: true });
  const login = (page: Page, username: string, home: string) => ui.login(page, url, username, home);
  async function screenshot(page: Page, name: string, fullPage = true) {
    await ui.screenshot(page, `dashboards-${name}`, fullPage);
  }
  const svgTexts = (page: Page, testId: string) => page.getByTestId(testId).locator('.dashboard-chart svg text').allTextContents();

  it('regulator: the dashboard draws its charts with Chinese labels, shows the figures behind a chart and downloads them', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, 'regulator', '/regulator');
      await page.getByRole('menuitem', { name: '数据看板' }).click();
      await page.waitForURL((u) => u.pathname === '/dashboards');
      await page.getByRole('heading', { name: '数据看板' }).waitFor();
      // 北京市财政局 sees its jurisdiction: the city and the districts below it.
      await page.getByTestId('dashboard-scope').getByText('北京市（含下辖地区）的采购单位').waitFor();

      // Charts are SVG with their labels as text, in Chinese.
      await page.getByTestId('chart-spendByMonth').locator('.dashboard-chart svg').waitFor();
      await expect.poll(() => svgTexts(page, 'chart-spendByMonth')).toEqual(expect.arrayContaining(['采购金额', '笔数', '月份']));
      await page.getByTestId('chart-channels').locator('.dashboard-chart svg').waitFor();
      expect(await page.locator('.dashboard-chart svg').count()).toBeGreaterThanOrEqual(6);
      expect(await page.getByTestId('kpi-spend').innerText()).toMatch(/¥[\d,]+\.\d{2}/);
      await page.getByTestId('region-filter').waitFor();
      await page.getByTestId('unit-filter').waitFor();
      await settled(page);
      await screenshot(page, 'regulator-1280');

      // One unit, chosen by name: its figures, stated by hand above.
      await page.getByTestId('unit-filter').click();
      await page.keyboard.type(boardUnit);
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: boardUnit }).click();
      await page.waitForURL((u) => !!u.searchParams.get('organizationId'));
      await page.getByTestId('dashboard-scope').getByText(`采购单位：${boardUnit}`).waitFor();
      await expect.poll(() => page.getByTestId('kpi-spend').innerText()).toContain('¥3,122,000.00');
      await page.getByTestId('chart-vehicles').locator('.dashboard-chart svg').waitFor();
      await page.getByTestId('chart-reserve').locator('.dashboard-chart svg').waitFor();
      await settled(page);
      await screenshot(page, 'regulator-unit-1280');

      // 查看数据: the channel mix as a table with money in ¥.
      await page.getByTestId('toggle-channels').click();
      const table = page.getByTestId('data-channels');
      await table.waitFor();
      await table.getByRole('columnheader', { name: '采购方式' }).waitFor();
      for (const [channel, amount] of [
        ['电子卖场', '¥542,000.00'],
        ['网上竞价', '¥80,000.00'],
        ['招标采购', '¥2,500,000.00'],
      ] as const) {
        await table.locator('tr').filter({ hasText: channel }).getByText(amount, { exact: true }).waitFor();
      }
      await expect.poll(() => page.getByTestId('chart-channels').locator('.dashboard-chart').count()).toBe(0);
      await page.getByTestId('toggle-savings').click();
      await page
        .getByTestId('data-savings')
        .locator('tr')
        .filter({ hasText: '招标采购' })
        .getByText('¥500,000.00', { exact: true })
        .waitFor();
      await screenshot(page, 'regulator-channels-data', false);

      // The section downloads as CSV with the page's filters.
      const download = page.waitForEvent('download');
      const answer = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/dashboards/export');
      await page.getByTestId('export-channels-csv').click();
      const response = await answer;
      expect(response.status()).toBe(200);
      expect(new URL(response.url()).searchParams.get('section')).toBe('channels');
      expect(new URL(response.url()).searchParams.get('organizationId')).toBeTruthy();
      expect((await download).suggestedFilename()).toMatch(/\.csv$/);

      // A region instead, kept in the URL.
      await page.getByRole('button', { name: label('重置') }).click();
      // 北京市财政局 sees its jurisdiction: the city and the districts below it.
      await page.getByTestId('dashboard-scope').getByText('北京市（含下辖地区）的采购单位').waitFor();
      await page.getByTestId('region-filter').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '海淀区' }).click();
      await page.waitForURL((u) => u.searchParams.get('regionCode') === '110108');
      await page.getByTestId('dashboard-scope').getByText('海淀区（含下辖地区）的采购单位').waitFor();

      // The region chart names the server's regions in Chinese (this file's units sit in 北京市海淀区).
      await expect.poll(() => svgTexts(page, 'chart-spendByRegion')).toContain('北京市海淀区');

      // English: the same charts, labelled in English, the regions by their English names everywhere.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Dashboards' }).waitFor();
      await expect.poll(() => svgTexts(page, 'chart-spendByMonth')).toEqual(expect.arrayContaining(['Spend', 'Month']));
      await page.getByTestId('dashboard-scope').getByText('Purchasing units in Haidian (and the regions under it)').waitFor();
      await expect.poll(() => page.getByTestId('region-filter').innerText()).toContain('Beijing / Haidian');
      await expect.poll(() => svgTexts(page, 'chart-spendByRegion')).toContain('Haidian');
      expect((await svgTexts(page, 'chart-spendByRegion')).join(' ')).not.toMatch(/[\u4e00-\u9fff]/);
      // The 品目 by their English names too (the server names them in Chinese).
      await expect.poll(async () => (await svgTexts(page, 'chart-spendByCategory')).join(' ')).toMatch(/[A-Za-z]{3}/);
      expect((await svgTexts(page, 'chart-spendByCategory')).join(' ')).not.toMatch(/[\u4e00-\u9fff]/);
      await page.getByTestId('chart-spendByRegion').scrollIntoViewIfNeeded();
      await screenshot(page, 'regulator-regions-en', false);
      await page.getByTestId('toggle-spendByRegion').click();
      const regionTable = page.getByTestId('data-spendByRegion');
      await regionTable.locator('tr').filter({ hasText: '110108' }).getByText('Haidian', { exact: true }).waitFor();
      expect(await regionTable.innerText()).not.toContain('海淀');
      await page.getByRole('button', { name: '中文' }).click();
      await page.getByRole('heading', { name: '数据看板' }).waitFor();
      await regionTable.locator('tr').filter({ hasText: '110108' }).getByText('北京市海淀区', { exact: true }).waitFor();
      await page.getByTestId('toggle-spendByRegion').click();
      await expect.poll(() => svgTexts(page, 'chart-spendByRegion')).toContain('北京市海淀区');

      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'regulator-390');
      await page.getByTestId('chart-spendByMonth').scrollIntoViewIfNeeded();
      await screenshot(page, 'regulator-390-month', false);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('purchaser: the dashboard states its own unit and offers no region or unit filter; other units are refused', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, 'purchaser', '/purchaser');
      await page.getByRole('menuitem', { name: '数据看板' }).click();
      await page.waitForURL((u) => u.pathname === '/dashboards');
      const scope = page.getByTestId('dashboard-scope');
      await scope.getByText(`本单位：${demoUnit}`).waitFor();
      await scope.getByText('采购人只能查看本单位的数据。').waitFor();
      await page.getByTestId('kpi-spend').waitFor();
      await page.getByTestId('chart-spendByMonth').waitFor();
      expect(await page.getByTestId('region-filter').count()).toBe(0);
      expect(await page.getByTestId('unit-filter').count()).toBe(0);
      // Only one unit: no ranking of units or regions.
      expect(await page.getByTestId('chart-spendByUnit').count()).toBe(0);
      expect(await page.getByTestId('chart-spendByRegion').count()).toBe(0);
      const other = await page.request.get(`${url}/api/dashboards/summary?regionCode=110000`);
      expect(other.status()).toBe(403);
      await settled(page);
      await screenshot(page, 'purchaser-1280');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('regulator: 立即扫描 finds the split purchase; the alert is assigned, commented and closed with its trail', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, 'regulator', '/regulator');
      await page.getByRole('menuitem', { name: /风险提醒/ }).click();
      await page.waitForURL((u) => u.pathname === '/risk/alerts');
      await page.getByRole('heading', { name: '风险提醒' }).waitFor();

      await page.getByTestId('scan-button').click();
      await page.getByTestId('scan-done').waitFor({ timeout: 60_000 });

      await page.getByPlaceholder('标题或对象名称').fill(unitName);
      await page.getByPlaceholder('标题或对象名称').press('Enter');
      await page.waitForURL((u) => u.searchParams.get('q') === unitName);
      const row = page.getByTestId('alerts-table').locator('tbody tr.ant-table-row').filter({ hasText: unitName });
      await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
      await row.getByText('拆分采购', { exact: false }).first().waitFor();
      await row.getByText('待处理').waitFor();
      await settled(page);
      await screenshot(page, 'alerts-1280');

      // The inbox exports what its filters show (GET /api/export of the list route).
      const download = page.waitForEvent('download');
      const exported = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/export');
      await page.getByTestId('alerts-export-xlsx').click();
      const exportAnswer = await exported;
      expect(exportAnswer.status()).toBe(200);
      expect(new URL(exportAnswer.url()).searchParams.get('path')).toBe(`/api/risk/alerts?q=${encodeURIComponent(unitName)}`);
      expect(exportAnswer.headers()['content-type']).toContain('spreadsheetml');
      expect((await download).suggestedFilename()).toBe('风险提醒.xlsx');

      // The drawer: the evidence readable, money in ¥.
      await row.getByTestId('alert-link').click();
      await page.waitForURL((u) => !!u.searchParams.get('alert'));
      const drawer = page.locator('.ant-drawer').filter({ hasText: '风险提醒详情' });
      const evidence = drawer.getByTestId('alert-evidence');
      await evidence.getByText('直购限额', { exact: true }).waitFor();
      await evidence.getByText('¥50,000.00', { exact: true }).waitFor();
      await evidence.getByText('¥63,000.00', { exact: true }).waitFor();
      // The orders behind it, as a table whose order numbers open the order.
      const orderLinks = evidence.locator('table a[href^="/regulator/orders/"]');
      expect(await orderLinks.count()).toBe(2);
      expect(await evidence.getByText('¥31,500.00', { exact: true }).count()).toBe(2);

      // Assign: to the first regulator offered.
      await drawer.locator('#assigneeId').click();
      const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
      const assignee = (await option.innerText()).trim();
      await option.click();
      await drawer
        .getByTestId('assign-form')
        .getByRole('button', { name: label('指定处理人') })
        .click();
      await page.getByText(`已指定 ${assignee} 处理`).waitFor();
      await drawer.getByTestId('alert-status').filter({ hasText: '处理中' }).waitFor();

      // Comment.
      const note = `已电话核实${marker}：两笔订单为同一批采购`;
      await drawer.locator('#commentBody').fill(note);
      await drawer.getByRole('button', { name: label('添加意见') }).click();
      await drawer.getByTestId('alert-trail').getByText(note).waitFor();

      // Close: a note is required.
      await drawer.getByRole('button', { name: label('关闭提醒') }).click();
      const modal = page.locator('.ant-modal:visible').filter({ hasText: '处理结论' });
      await modal.getByText('确认违规', { exact: true }).click();
      await modal.getByRole('button', { name: label('关闭提醒') }).click();
      await modal.getByText('请输入处理说明').waitFor();
      await modal.locator('#closeNote').fill('拆分采购属实，已责令整改并约谈经办人');
      await modal.getByRole('button', { name: label('关闭提醒') }).click();
      // The saved state, not the passing toast, proves it closed (a loaded machine may outlast the toast).
      await drawer.getByTestId('alert-status').filter({ hasText: '已关闭' }).waitFor({ timeout: 60_000 });
      const trail = drawer.getByTestId('alert-trail');
      await trail.getByText('拆分采购属实，已责令整改并约谈经办人').waitFor();
      for (const kind of ['指定处理人', '意见', '关闭']) await trail.getByText(kind, { exact: true }).first().waitFor();
      await drawer.getByRole('button', { name: label('重新打开') }).waitFor();
      await settled(page);
      await screenshot(page, 'alert-drawer-1280');

      await page.keyboard.press('Escape');
      await row.getByText('已关闭').waitFor();

      // The rules panel: counts and last run.
      await page.getByRole('tab', { name: '监测规则' }).click();
      const rules = page.getByTestId('rules-table');
      await rules.getByText('拆分采购', { exact: false }).first().waitFor();
      expect(await rules.getByText('尚未运行').count()).toBe(0);
      await screenshot(page, 'rules-1280');

      await page.setViewportSize(phone);
      await page.getByRole('tab', { name: '提醒收件箱' }).click();
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'alerts-390');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('public: /open-data works logged out, lists the published processes and its bulk download answers', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await page.goto(`${url}/`);
      await page.getByRole('link', { name: '开放数据' }).click();
      await page.waitForURL((u) => u.pathname === '/open-data');
      await page.getByRole('heading', { name: '开放数据' }).waitFor();
      await page.getByText('Open Contracting Data Standard (OCDS) 1.1.5').first().waitFor();
      await page.getByTestId('licence').waitFor();
      const table = page.getByTestId('processes-table');
      await expect.poll(() => table.locator('tbody tr.ant-table-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      const firstRelease = await table.getByTestId('release-link').first().getAttribute('href');
      expect(firstRelease).toBeTruthy();
      expect((await page.request.get(new URL(firstRelease!, url).toString())).status()).toBe(200);

      const href = await page.getByTestId('bulk-releases').getAttribute('href');
      expect(href).toBe('/api/ocds/bulk/releases.json');
      const bulk = await page.request.get(`${url}${href}`);
      expect(bulk.status()).toBe(200);
      expect(bulk.headers()['content-type']).toContain('json');
      const records = await page.request.get(`${url}${(await page.getByTestId('bulk-records').getAttribute('href'))!}`);
      expect(records.status()).toBe(200);

      // The kind filter stays in the URL.
      await page.getByTestId('kind-filter').getByText('招标项目').click();
      await page.waitForURL((u) => u.searchParams.get('kind') === 'tender');
      await settled(page);
      await screenshot(page, 'open-data-1280');
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'open-data-390');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
