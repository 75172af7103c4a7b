// The order list's filter bar and 常用筛选, driven in Chromium against the real API serving the built
// storefront: a purchaser's unit has three orders placed here through the API (¥800, ¥2,400 and
// ¥8,000); the purchaser filters its orders by today's date and an amount from ¥1,000 (the URL keeps
// them), sorts by the total from the column header, saves the filter by a name, clears the filters,
// reloads, and picks the saved filter again: the same two orders, in the same order. The layout holds
// at 390 px. The database is shared with the other files of the run: the unit, its users, the
// supplier and its listing are made here.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { client, login as apiLogin, type TestContext } from '../helpers/context.ts';
import { actor, createBudgetLine, createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';
import { startBrowserContext } from '../helpers/server.ts';
import * as ui from './browser.ts';
import { chromiumSuite, desktop, expectNoHorizontalOverflow, launchBrowser, phone, settled, expectResponse } from './browser.ts';

const { suite, title } = chromiumSuite('list filters and saved filters');

/** A calendar day in Beijing, "2026-11-30". */
const beijingDay = (date = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);

suite(title, () => {
  let browser: Browser;
  let ctx: TestContext;
  const server = { url: '' };
  const marker = randomInt(100_000, 999_999);
  const purchaser = { username: '' };
  /** The unit's orders, as placed: ¥800, ¥2,400, ¥8,000. */
  const orderNos: string[] = [];

  beforeAll(async () => {
    const started = await startBrowserContext();
    ctx = started.ctx;
    server.url = started.url;
    browser = await launchBrowser();

    const db = ctx.database.db;
    const today = beijingDay();
    const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
    const center = await actor(ctx.app, db, 'center_staff');
    const product = await center.http.post('/api/products', {
      categoryCode: 'A020206',
      brand: `筛选${marker}牌`,
      model: `LF-${marker}`,
      name: `筛选${marker} 碎纸机`,
      specs: {},
    });
    expect(product.statusCode, product.body).toBe(201);
    const supplierOrg = await createOrg(db, 'supplier', { sizeClass: 'small', name: `测试筛选供应${marker}有限公司` });
    const supplierUser = await createUser(db, supplierOrg.id, ['supplier']);
    const supplier = client(ctx.app, await apiLogin(ctx.app, supplierUser.username, TEST_PASSWORD));
    const agreement = await center.http.post('/api/agreements', {
      code: `E2E-LF-${randomBytes(4).toString('hex')}`,
      title: '协议供货',
      supplierId: supplierOrg.id,
      categoryCodes: ['A02'],
      startsOn: today,
      endsOn: nextYear,
    });
    expect(agreement.statusCode, agreement.body).toBe(201);
    const listing = await supplier.post('/api/listings', {
      productId: product.json().id,
      priceFen: 80_000,
      stock: 1000,
      deliveryRegions: ['000000'],
      leadTimeDays: 3,
      certificates: [],
    });
    expect(listing.statusCode, listing.body).toBe(201);
    await supplier.post(`/api/listings/${listing.json().id}/submit`, {});
    expect((await center.http.post(`/api/listings/${listing.json().id}/approve`, {})).statusCode).toBe(200);

    const unit = await createOrg(db, 'purchasing_unit', { name: `测试筛选采购单位${marker}` });
    const line = await createBudgetLine(db, unit.id, 10_000_000);
    const user = await createUser(db, unit.id, ['purchaser'], { displayName: '赵采购' });
    purchaser.username = user.username;
    const http = client(ctx.app, await apiLogin(ctx.app, user.username, TEST_PASSWORD));
    for (const quantity of [1, 3, 10]) {
      expect((await http.post('/api/cart/items', { listingId: listing.json().id, quantity })).statusCode).toBeLessThan(300);
      const placed = await http.post(
        '/api/orders/checkout',
        { budgetLineId: line.id, deliveryAddress: '北京市海淀区中关村大街 1 号', contactName: '赵晓明', contactPhone: '010-62345678' },
        { 'idempotency-key': `ck-${randomUUID()}` },
      );
      expect(placed.statusCode, placed.body).toBe(201);
      orderNos.push(placed.json().orders[0].orderNo as string);
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  /** The order numbers the table shows, top to bottom. */
  const shown = (page: Page) => page.getByTestId('order-link').allInnerTexts();
  const ordersAnswer = (page: Page) =>
    expectResponse(page, (r) => new URL(r.url()).pathname === '/api/orders' && r.request().method() === 'GET' && r.status() === 200);

  it('purchaser: filters its orders by date and amount, saves the filter, reloads and picks it again', async () => {
    const { context, page, pageErrors } = await ui.openContext(browser);
    try {
      await ui.login(page, server.url, purchaser.username, '/purchaser', TEST_PASSWORD);
      await page.goto(`${server.url}/purchaser/orders`);
      await settled(page);
      expect(await shown(page)).toEqual([...orderNos].reverse());

      // Today only, and from ¥1,000: the ¥800 order leaves; the URL keeps the filter (in fen).
      const today = beijingDay();
      const range = page.getByTestId('list-filters').locator('.ant-picker-range input');
      await range.first().click();
      await range.first().fill(today);
      await range.first().press('Enter');
      await range.nth(1).fill(today);
      let answer = ordersAnswer(page);
      await range.nth(1).press('Enter');
      await answer;
      await page.waitForURL((url) => url.searchParams.get('from') === today && url.searchParams.get('to') === today);
      answer = ordersAnswer(page);
      await page.getByTestId('filter-min-amount').fill('1000');
      await page.getByTestId('filter-min-amount').press('Enter');
      await answer;
      await page.waitForURL((url) => url.searchParams.get('minFen') === '100000');
      await settled(page);
      await expect.poll(() => shown(page)).toEqual([orderNos[2], orderNos[1]]);

      // Sorted by the total from the column header: the server answers in that order.
      answer = ordersAnswer(page);
      await page.getByRole('columnheader', { name: /订单金额/ }).click();
      await answer;
      await page.waitForURL((url) => url.searchParams.get('sort') === 'totalFen');
      await expect.poll(() => shown(page)).toEqual([orderNos[1], orderNos[2]]);
      await ui.screenshot(page, 'list-filters-orders-1280', false);

      // 保存筛选 under a name: kept on the server for this user.
      await page.getByTestId('save-filter').click();
      await page.getByTestId('saved-filter-name').fill('今日千元以上');
      const saved = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/saved-filters' && r.request().method() === 'POST');
      await page.getByTestId('save-filter-ok').click();
      expect((await saved).status()).toBe(201);
      await page.getByText('已保存常用筛选“今日千元以上”').waitFor();
      await expect.poll(() => page.getByTestId('saved-filters').innerText()).toContain('今日千元以上');

      // Cleared and reloaded: every order again, nothing in the URL.
      await page.getByTestId('filter-clear').click();
      await page.waitForURL((url) => !url.searchParams.has('minFen') && !url.searchParams.has('from'));
      await page.reload();
      await settled(page);
      await expect.poll(() => shown(page)).toHaveLength(3);
      expect(await page.getByTestId('filter-min-amount').inputValue()).toBe('');

      // Picked again from 常用筛选: the same filter, the same two orders in the same order.
      await page.getByTestId('saved-filters').click();
      answer = ordersAnswer(page);
      await page.getByTestId('saved-filter-item').filter({ hasText: '今日千元以上' }).click();
      await answer;
      await page.waitForURL(
        (url) =>
          url.searchParams.get('from') === today &&
          url.searchParams.get('to') === today &&
          url.searchParams.get('minFen') === '100000' &&
          url.searchParams.get('sort') === 'totalFen',
      );
      await expect.poll(() => shown(page)).toEqual([orderNos[1], orderNos[2]]);
      expect(await page.getByTestId('filter-min-amount').inputValue()).toBe('1000.00');

      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page, 'orders with filters');
      await ui.screenshot(page, 'list-filters-orders-390');
      await page.setViewportSize(desktop);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
