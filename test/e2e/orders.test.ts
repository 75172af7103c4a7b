// The e-mall purchase journey, driven in Chromium against the real API serving the built storefront:
// a purchaser searches, opens a product and adds two suppliers' offers to the cart; the cart shows the
// policy findings by level (a stock shortfall blocks, an over-standard desktop needs approval, each
// with its legal basis); checkout chooses a budget line (a line spent meanwhile is refused on its field,
// and the retry sends the same Idempotency-Key), asks the over-standard reason and places two orders.
// The shredder's supplier confirms, ships and delivers; the purchaser accepts it with a rating and the
// budget line shows it spent; the approver approves the desktop order; the purchase order PDF opens.
// Before the cart: an offer the cart would refuse (a desktop without its energy-saving certificate) is disabled
// on the product page with the reason; a cart over the direct-order limit starts an online quotation from its goods.
// The database is shared with the other test files of the run: the purchasing unit, its budget lines
// and users, the suppliers, their agreements and listings are made here, and no count is assumed that
// this file did not make.
import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { connectDatabase, type Database } from '../../server/db/client.ts';
import { budgetLines, products } from '../../server/db/schema/index.ts';
import { createBudgetLine, createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';
import { startTestServer } from '../helpers/server.ts';
import * as ui from './browser.ts';
import { chromiumSuite, desktop, expectNoHorizontalOverflow, label, launchBrowser, phone, settled, expectResponse } from './browser.ts';

const { suite, title } = chromiumSuite('e-mall ordering');

// Two products of the demo catalogue: a shredder (no allocation standard issue) and a desktop whose
// allocation standard (配置标准) is ¥5,000.
const shredderName = '得力 9906 办公碎纸机';
const desktopName = '联想 开天M740z 台式计算机 16GB/512GB';

interface OrderAnswer {
  id: string;
  orderNo: string;
  status: string;
  supplierName: string;
  totalFen: number;
}

/** A calendar day in Beijing, "2026-11-30". */
function beijingDay(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** Toasts gone, so screenshots show the page. */
async function quiet(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
}

/** The order's state tag (the title's, the first of the page). */
const orderState = (page: Page) => page.getByTestId('order-status').first().innerText();

suite(title, () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  let database: Database;
  const marker = randomInt(100_000, 999_999);
  const unitName = `测试采购单位${marker}`;
  const shredderSupplier = `测试碎纸机供应${marker}有限公司`;
  const desktopSupplier = `测试台式机供应${marker}有限公司`;
  // Sells the same desktop without an energy-saving certificate: 台式计算机 is a mandatory green category.
  const uncertifiedSupplier = `测试无证台式机${marker}有限公司`;
  // Sells the shredder at ¥26,000: two of them pass the ¥50,000 direct-order limit.
  const dearSupplier = `测试高价碎纸机${marker}有限公司`;
  // Sells the shredder at ¥860: bought with 立即购买, past the cart.
  const quickSupplier = `测试直购碎纸机${marker}有限公司`;
  let shredderProductId = '';
  const logins = { purchaser: '', approver: '', shredder: '' };
  let mainLine = { id: '', code: '', amountFen: 2_000_000 };
  let smallLineCode = '';
  let shredderOrder: OrderAnswer | null = null;
  let desktopOrder: OrderAnswer | null = null;

  /** A session of the API for setting up data as center staff and suppliers do, with the CSRF header on writes. */
  async function apiAs(username: string) {
    const { status, cookie, csrfToken } = await ui.loginOverHttp(server.url, username, TEST_PASSWORD);
    expect(status).toBe(200);
    return async <T>(path: string, body: unknown = {}): Promise<T> => {
      const answer = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(answer.status, `${path}: ${await answer.clone().text()}`).toBeLessThan(300);
      return (await answer.json()) as T;
    };
  }

  /** A supplier of its own with a framework agreement for A02 and one approved listing of the product. */
  async function supplierSelling(
    center: Awaited<ReturnType<typeof apiAs>>,
    name: string,
    productName: string,
    priceFen: number,
    stock: number,
    certified = true,
  ) {
    const org = await createOrg(database.db, 'supplier', { name, sizeClass: 'small' });
    const user = await createUser(database.db, org.id, ['supplier']);
    const [product] = await database.db.select({ id: products.id }).from(products).where(eq(products.name, productName));
    if (!product) throw new Error(`demo product missing: ${productName}`);
    const today = beijingDay(new Date());
    const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
    await center('/api/agreements', {
      code: `E2E-DD-${marker}-${randomInt(1000, 9999)}`,
      title: `E2E 协议供货（${name}）`,
      supplierId: org.id,
      categoryCodes: ['A02'],
      startsOn: today,
      endsOn: nextYear,
    });
    const supplier = await apiAs(user.username);
    const listing = await supplier<{ id: string }>('/api/listings', {
      productId: product.id,
      priceFen,
      stock,
      deliveryRegions: ['000000'],
      leadTimeDays: 3,
      certificates: certified
        ? [{ kind: 'energy_saving', number: `CQC${marker}${randomInt(100, 999)}`, issuer: '中国质量认证中心', validUntil: nextYear }]
        : [],
    });
    await supplier(`/api/listings/${listing.id}/submit`);
    await center(`/api/listings/${listing.id}/approve`);
    return { username: user.username, productId: product.id };
  }

  let desktopProductId = '';

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    database = connectDatabase(inject('databaseUrl'), 1);
    const unit = await createOrg(database.db, 'purchasing_unit', {
      name: unitName,
      approvalThresholdFen: 5_000_000,
      address: '北京市海淀区中关村南大街 5 号',
    });
    const line = await createBudgetLine(database.db, unit.id, 2_000_000);
    mainLine = { id: line.id, code: line.code, amountFen: line.amountFen };
    smallLineCode = (await createBudgetLine(database.db, unit.id, 100_000)).code;
    logins.purchaser = (await createUser(database.db, unit.id, ['purchaser'], { displayName: '李采购' })).username;
    logins.approver = (await createUser(database.db, unit.id, ['approver'], { displayName: '王审批' })).username;
    const centerOrg = await createOrg(database.db, 'procurement_center');
    const center = await apiAs((await createUser(database.db, centerOrg.id, ['center_staff'])).username);
    // The shredder at ¥880 with 5 in stock; the desktop at ¥5,600, above its ¥5,000 standard.
    logins.shredder = (await supplierSelling(center, shredderSupplier, shredderName, 88_000, 5)).username;
    desktopProductId = (await supplierSelling(center, desktopSupplier, desktopName, 560_000, 20)).productId;
    await supplierSelling(center, uncertifiedSupplier, desktopName, 550_000, 20, false);
    shredderProductId = (await supplierSelling(center, dearSupplier, shredderName, 2_600_000, 50)).productId;
    await supplierSelling(center, quickSupplier, shredderName, 86_000, 10);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  const openContext = () => ui.openContext(browser, { acceptDownloads: true });
  const login = (page: Page, username: string, home: string) => ui.login(page, server.url, username, home, TEST_PASSWORD);
  const screenshot = (page: Page, name: string, fullPage = true) => ui.screenshot(page, `orders-${name}`, fullPage);

  it('purchaser: search, add two offers, the cart shows the findings by level, checkout places one order per supplier', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, logins.purchaser, '/purchaser');
      await page.getByRole('menuitem', { name: '商品搜索' }).click();
      await page.waitForURL((url) => url.pathname === '/search');
      await page.goto(`${server.url}/search?q=${encodeURIComponent('得力 碎纸机')}`);
      await page.getByTestId('hit-name').filter({ hasText: shredderName }).first().click();
      await page.waitForURL((url) => url.pathname.startsWith('/products/'));

      // 加入购物车 on this supplier's offer: 6 when 5 are in stock (the cart will say so).
      const offer = page.getByTestId('offers').locator('tbody tr').filter({ hasText: shredderSupplier });
      await offer.getByTestId('add-quantity').fill('6');
      await offer.getByTestId('add-quantity').blur();
      // The field keeps at most the stock: the cart can only be over-filled by a later stock change.
      expect(await offer.getByTestId('add-quantity').inputValue()).toBe('5');
      let added = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/cart/items' && r.request().method() === 'POST');
      await offer.getByTestId('add-to-cart').click();
      expect((await added).status()).toBe(200);
      await page.getByText(`已将「${shredderName}」× 5 加入购物车`).waitFor();
      await expect.poll(() => page.getByTestId('cart-count').innerText()).toContain('1');
      await settled(page);
      await screenshot(page, 'product-add-1280', false);
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await page.setViewportSize(desktop);

      // Another purchase of one more shredder from the same offer: 6 in the cart, 5 in stock.
      added = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/cart/items' && r.request().method() === 'POST');
      await offer.getByTestId('add-quantity').fill('1');
      await offer.getByTestId('add-to-cart').click();
      expect((await added).status()).toBe(200);

      await page.goto(`${server.url}/products/${desktopProductId}`);
      // The offer without a certificate: the cart would refuse it, so the page does, saying why (text and tooltip).
      const uncertified = page.getByTestId('offers').locator('tbody tr').filter({ hasText: uncertifiedSupplier });
      await uncertified
        .getByTestId('offer-blocked-reason')
        .getByText(/^不可采购：.*属强制采购节能产品品目.*没有有效的节能产品认证证书/)
        .waitFor();
      expect(await uncertified.getByTestId('add-to-cart').isDisabled()).toBe(true);
      expect(await uncertified.getByTestId('add-quantity').isDisabled()).toBe(true);
      await uncertified.getByTestId('add-to-cart').hover({ force: true });
      await page
        .locator('.ant-tooltip:visible')
        .getByText(/没有有效的节能产品认证证书/)
        .waitFor();
      await screenshot(page, 'product-refused-1280', false);
      await page.mouse.move(0, 0);
      const desktopOffer = page.getByTestId('offers').locator('tbody tr').filter({ hasText: desktopSupplier });
      added = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/cart/items' && r.request().method() === 'POST');
      await desktopOffer.getByTestId('add-to-cart').click();
      expect((await added).status()).toBe(200);
      await expect.poll(() => page.getByTestId('cart-count').innerText()).toContain('2');

      // The cart: red for what blocks (stock), orange 需审批 for the over-standard desktop, each with its basis.
      await page.getByTestId('header-cart').click();
      await page.waitForURL((url) => url.pathname === '/purchaser/cart');
      const block = page.getByTestId('finding-block');
      await block.getByText(`「${shredderName}」库存仅 5，少于采购数量 6`).waitFor();
      await block.getByText('依据：电子卖场交易规则').waitFor();
      const approval = page.getByTestId('finding-approval').filter({ hasText: '超过台式计算机配置标准 ¥5,000.00' });
      await approval.getByText('需审批').waitFor();
      await approval.getByText(/财资〔2016〕27号/).waitFor();
      expect(await page.getByTestId('cart-group').count()).toBe(2);
      expect(await page.getByTestId('go-checkout').isDisabled()).toBe(true);
      await page.getByText('有“不可下单”的事项，请先调整购物车（修改数量或移除商品）。').waitFor();
      await settled(page);
      await quiet(page);
      await screenshot(page, 'cart-blocked-1280');

      // In English the same findings are worded from their codes and params, the 品目 by its English name (#21).
      await page.evaluate(`window.localStorage.setItem('jicai.language', 'en')`);
      await page.reload();
      await page.getByTestId('finding-block').getByText(`Only 5 of "${shredderName}" in stock, fewer than the 6 ordered`).waitFor();
      await page.getByTestId('finding-block').getByText('Basis: E-mall trading rules').waitFor();
      await page
        .getByTestId('finding-approval')
        .getByText(/above the allocation standard for Desktop computers of ¥5,000\.00/)
        .waitFor();
      await page.getByTestId('cart-category').filter({ hasText: 'Desktop computers' }).first().waitFor();
      await page.evaluate(`window.localStorage.setItem('jicai.language', 'zh-CN')`);
      await page.reload();
      await page.getByTestId('finding-block').getByText(`「${shredderName}」库存仅 5，少于采购数量 6`).waitFor();

      // Two shredders instead: the block goes, the total is ¥1,760 + ¥5,600.
      const shredderRow = page.getByTestId('cart-group').filter({ hasText: shredderSupplier });
      const changed = expectResponse(
        page,
        (r) => /\/api\/cart\/items\/[^/]+$/.test(new URL(r.url()).pathname) && r.request().method() === 'PATCH',
      );
      await shredderRow.getByTestId('cart-quantity').fill('2');
      await shredderRow.getByTestId('cart-quantity').press('Enter');
      expect((await changed).status()).toBe(200);
      await expect.poll(() => page.getByTestId('finding-block').count()).toBe(0);
      await expect.poll(() => page.getByTestId('cart-total').innerText()).toBe('¥7,360.00');
      expect(await page.getByTestId('go-checkout').isDisabled()).toBe(false);
      await settled(page);
      await screenshot(page, 'cart-1280');
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'cart-390');
      await page.setViewportSize(desktop);

      // Checkout: the orders to be made, one per supplier, and which one waits for the approver.
      await page.getByTestId('go-checkout').click();
      await page.waitForURL((url) => url.pathname === '/purchaser/checkout');
      const planned = page.getByTestId('planned-order');
      await planned.filter({ hasText: desktopSupplier }).getByText('需审批').waitFor();
      await planned
        .filter({ hasText: desktopSupplier })
        .getByText(/超过台式计算机配置标准/)
        .waitFor();
      await planned.filter({ hasText: shredderSupplier }).getByText('直接发送供应商').waitFor();
      await page.locator('#overStandardReason').waitFor();
      // The unit's address is the default delivery address.
      await expect.poll(() => page.locator('#deliveryAddress').inputValue()).toBe('北京市海淀区中关村南大街 5 号');

      // Each field says what it needs before anything is sent.
      await page.getByTestId('submit-order').click();
      await page.getByText('请选择预算指标').waitFor();
      await page.getByText('请输入联系电话').waitFor();
      await page.getByText('请输入超配置标准理由').waitFor();

      // The budget line shows what is free; a line too small for ¥7,360 cannot be chosen.
      await page.locator('#budgetLineId').click();
      const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
      await options.filter({ hasText: smallLineCode }).getByText('可用 ¥1,000.00，余额不足').waitFor();
      expect(await options.filter({ hasText: smallLineCode }).getAttribute('class')).toContain('ant-select-item-option-disabled');
      await options.filter({ hasText: mainLine.code }).getByText('可用 ¥20,000.00').waitFor();
      await options.filter({ hasText: mainLine.code }).click();
      await page.getByTestId('budget-after').getByText('可用余额 ¥20,000.00，下单后剩余 ¥12,640.00').waitFor();
      await page.locator('#contactPhone').fill('12');
      await page.getByText('联系电话为 7–20 位数字，可含 +、- 和空格').waitFor();
      await page.locator('#contactPhone').fill('010-62345678');
      await page.locator('#overStandardReason').fill('图形工作站用途，需更高配置。');
      await settled(page);
      await screenshot(page, 'checkout-1280');
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'checkout-390');
      await page.setViewportSize(desktop);

      // Meanwhile another order spends the line: the server refuses, and says so on the budget field.
      await database.db
        .update(budgetLines)
        .set({ spentFen: mainLine.amountFen - 100 })
        .where(eq(budgetLines.id, mainLine.id));
      const keys: string[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/orders/checkout') keys.push(r.headers()['idempotency-key'] ?? '');
      });
      const refused = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/orders/checkout');
      await page.getByTestId('submit-order').click();
      expect((await refused).status()).toBe(422);
      await page
        .locator('#budgetLineId_help')
        .getByText(/可用余额 ¥1\.00，不足 ¥7,360\.00/)
        .waitFor();
      // The lines are read again: the choice now says what is free.
      await page.getByTestId('budget-after').getByText('可用余额 ¥1.00，不足本次合计 ¥7,360.00，请选择其他指标').waitFor();
      await screenshot(page, 'checkout-refused-1280', false);

      // The money is back: the same attempt, sent again, places the orders (with the same key).
      await database.db.update(budgetLines).set({ spentFen: 0 }).where(eq(budgetLines.id, mainLine.id));
      const placedAnswer = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/orders/checkout');
      await page.getByTestId('submit-order').click();
      const placed = await placedAnswer;
      expect(placed.status()).toBe(201);
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(keys[1]).toBe(keys[0]);
      const result = (await placed.json()) as { orders: OrderAnswer[] };
      expect(result.orders).toHaveLength(2);
      shredderOrder = result.orders.find((o) => o.supplierName === shredderSupplier) ?? null;
      desktopOrder = result.orders.find((o) => o.supplierName === desktopSupplier) ?? null;
      expect(shredderOrder).toMatchObject({ status: 'placed', totalFen: 176_000 });
      expect(desktopOrder).toMatchObject({ status: 'pending_approval', totalFen: 560_000 });

      // The orders made, with their numbers, states and links.
      await page.getByText('下单成功').first().waitFor();
      const made = page.getByTestId('placed-orders');
      await made.locator('tbody tr').filter({ hasText: shredderOrder!.orderNo }).getByText('待供应商确认').waitFor();
      await made.locator('tbody tr').filter({ hasText: desktopOrder!.orderNo }).getByText('待审批').waitFor();
      await expect.poll(() => page.getByTestId('cart-count').innerText()).not.toContain('2');
      await settled(page);
      await screenshot(page, 'checkout-done-1280');

      // The purchase order PDF of the shredder order.
      await made.getByRole('link', { name: shredderOrder!.orderNo }).click();
      await page.waitForURL((url) => url.pathname === `/purchaser/orders/${shredderOrder!.id}`);
      await page
        .getByTestId('order-next')
        .getByText(/等待供应商在 .* \(北京时间\) 前确认/)
        .waitFor();
      const href = await page.getByTestId('order-pdf').getAttribute('href');
      const pdf = await page.request.get(`${server.url}${href}`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toContain('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('supplier: the order to confirm is on the home page; confirm, ship, deliver (供应商履约)', async () => {
    expect(shredderOrder).not.toBeNull();
    const order = shredderOrder!;
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, logins.shredder, '/supplier');
      await expect.poll(() => page.getByTestId('orders-placed').innerText()).toContain('1');
      await page.getByRole('menuitem', { name: '订单管理' }).click();
      await page.waitForURL((url) => url.pathname === '/supplier/orders');
      const row = page.getByTestId('orders-table').locator('tbody tr').filter({ hasText: order.orderNo });
      await row.getByText(unitName).waitFor();
      await row.getByText('¥1,760.00').waitFor();
      await row.getByText('待供应商确认').waitFor();
      await settled(page);
      await screenshot(page, 'supplier-list-1280');

      await row.getByRole('button', { name: label('处理') }).click();
      await page.waitForURL((url) => url.pathname === `/supplier/orders/${order.id}`);
      await page.getByTestId('action-confirm').click();
      const confirmed = expectResponse(page, (r) => new URL(r.url()).pathname === `/api/orders/${order.id}/confirm`);
      await ui.confirmPopover(page, '确认订单');
      expect((await confirmed).status()).toBe(200);
      await expect.poll(() => orderState(page)).toBe('已确认');
      await settled(page);
      await quiet(page);
      await screenshot(page, 'supplier-confirmed-1280');
      // 发货 by consignment in the tracking card (carrier and waybill; serial numbers optional): there is no
      // second, plain 确认发货 beside it.
      expect(await page.getByTestId('action-ship').count()).toBe(0);
      const form = page.getByTestId('ship-form');
      await form.getByTestId('ship-carrier').fill('顺丰速运');
      await form.getByTestId('ship-waybill').fill('SF2026120800001');
      const shipped = expectResponse(
        page,
        (r) => new URL(r.url()).pathname === `/api/orders/${order.id}/shipments` && r.request().method() === 'POST',
      );
      await form.getByTestId('ship-submit').click();
      expect((await shipped).status()).toBe(201);
      await expect.poll(() => orderState(page)).toBe('已发货');
      // 送达 by the consignment: the plain step is not offered for an order shipped in consignments.
      await page.getByTestId('shipment-deliver').waitFor();
      await expect.poll(() => page.getByTestId('action-deliver').count()).toBe(0);
      const delivered = expectResponse(page, (r) => /\/shipments\/[^/]+\/deliver$/.test(new URL(r.url()).pathname));
      await page.getByTestId('shipment-deliver').click();
      expect((await delivered).status()).toBe(200);
      await expect.poll(() => orderState(page)).toBe('已送达');
      // Nothing is left for the supplier to do.
      expect(await page.getByTestId('order-actions').count()).toBe(0);
      await page
        .getByTestId('order-next')
        .getByText(/请采购人验收/)
        .waitFor();
      await page.setViewportSize(phone);
      await settled(page);
      await quiet(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'supplier-delivered-390');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('purchaser: accepts the delivery with a rating; the budget line shows it spent; the list exports', async () => {
    expect(shredderOrder).not.toBeNull();
    const order = shredderOrder!;
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, logins.purchaser, '/purchaser');
      await expect.poll(() => page.getByTestId('orders-delivered').innerText()).toContain('1');
      await page.getByRole('menuitem', { name: '我的订单' }).click();
      await page.waitForURL((url) => url.pathname === '/purchaser/orders');
      const table = page.getByTestId('orders-table');
      await table.locator('tbody tr').filter({ hasText: order.orderNo }).getByText('已送达').waitFor();
      await table.locator('tbody tr').filter({ hasText: desktopOrder!.orderNo }).getByText('待审批').waitFor();

      // The state filter stays in the URL, and the export carries it.
      await page.getByTestId('status-filter').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '已送达' }).click();
      await page.waitForURL((url) => url.searchParams.get('status') === 'delivered');
      await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(1);
      const download = page.waitForEvent('download');
      const exported = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/export');
      await page.getByTestId('orders-export-xlsx').click();
      const exportAnswer = await exported;
      expect(exportAnswer.status()).toBe(200);
      expect(new URL(exportAnswer.url()).searchParams.get('path')).toBe('/api/orders?status=delivered');
      expect(exportAnswer.headers()['content-type']).toContain('spreadsheetml');
      expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
      await settled(page);
      await quiet(page);
      await screenshot(page, 'purchaser-list-1280');

      // 验收: the rating is required; 4 stars and a comment accept it.
      await table
        .locator('tbody tr')
        .filter({ hasText: order.orderNo })
        .getByRole('button', { name: label('处理') })
        .click();
      await page.waitForURL((url) => url.pathname === `/purchaser/orders/${order.id}`);
      await page.getByTestId('action-accept').click();
      const modal = page.locator('.ant-modal').filter({ hasText: `验收订单 ${order.orderNo}` });
      await modal.getByRole('button', { name: label('验收') }).click();
      await modal.getByText('请为供应商履约评分（1–5 星）').waitFor();
      await modal.locator('.ant-rate-star').nth(3).click();
      await modal.locator('#comment').fill('货物完好，数量相符。');
      await screenshot(page, 'accept-1280', false);
      const accepted = expectResponse(page, (r) => new URL(r.url()).pathname === `/api/orders/${order.id}/accept`);
      await modal.getByRole('button', { name: label('验收') }).click();
      const acceptAnswer = await accepted;
      expect(acceptAnswer.status()).toBe(200);
      expect(acceptAnswer.request().postDataJSON()).toEqual({ rating: 4, comment: '货物完好，数量相符。' });
      await expect.poll(() => orderState(page)).toBe('已验收');
      expect(await page.getByTestId('order-rating').locator('.ant-rate-star-full').count()).toBe(4);
      await settled(page);
      await quiet(page);
      await screenshot(page, 'accepted-1280');
      // The same page in English.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: `Order ${order.orderNo}` }).waitFor();
      await expect.poll(() => orderState(page)).toBe('Accepted');
      await page
        .getByTestId('order-next')
        .getByText('Accepted and the budget spent; record settlement once the supplier is paid.')
        .waitFor();
      await screenshot(page, 'accepted-en-1280');
      await page.getByRole('button', { name: '中文' }).click();
      await expect.poll(() => orderState(page)).toBe('已验收');

      // The budget line: ¥1,760 spent, the desktop's ¥5,600 still reserved, each movement with its order.
      await page.getByTestId('order-budget-link').click();
      await page.waitForURL((url) => url.pathname === `/purchaser/budget/${mainLine.id}`);
      await expect.poll(() => page.getByTestId('budget-spent').innerText()).toContain('¥1,760.00');
      await expect.poll(() => page.getByTestId('budget-reserved').innerText()).toContain('¥5,600.00');
      await expect.poll(() => page.getByTestId('budget-free').innerText()).toContain('¥12,640.00');
      const movements = page.getByTestId('budget-movements');
      await movements.locator('tbody tr').filter({ hasText: order.orderNo }).filter({ hasText: '支付' }).getByText('¥1,760.00').waitFor();
      await movements
        .locator('tbody tr')
        .filter({ hasText: desktopOrder!.orderNo })
        .filter({ hasText: '冻结' })
        .getByText('¥5,600.00')
        .waitFor();
      await settled(page);
      await screenshot(page, 'budget-line-1280');
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'budget-line-390');
      await page.setViewportSize(desktop);

      await page.getByRole('button', { name: '返回预算指标' }).click();
      await page.waitForURL((url) => url.pathname === '/purchaser/budget');
      await page.getByTestId('budget-line-link').filter({ hasText: mainLine.code }).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('approver: the over-standard desktop order waits with its reasons; approving sends it to the supplier', async () => {
    expect(desktopOrder).not.toBeNull();
    const order = desktopOrder!;
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, logins.approver, '/approver');
      await expect.poll(() => page.getByTestId('orders-pending_approval').innerText()).toContain('1');
      await settled(page);
      await screenshot(page, 'approver-home-1280');
      await page
        .getByText('待审批订单', { exact: true })
        .locator('xpath=ancestor::div[contains(@class,"ant-card")]')
        .getByRole('link')
        .click();
      await page.waitForURL((url) => url.pathname === '/approver/orders' && url.searchParams.get('status') === 'pending_approval');
      const row = page.getByTestId('orders-table').locator('tbody tr').filter({ hasText: order.orderNo });
      await row.getByText(desktopSupplier).waitFor();
      await row.getByRole('button', { name: label('处理') }).click();
      await page.waitForURL((url) => url.pathname === `/approver/orders/${order.id}`);

      // Why it waits: over the standard, with the purchaser's reason; the line is marked.
      const approval = page.getByTestId('order-approval');
      await approval.getByText(/超过台式计算机配置标准 ¥5,000.00/).waitFor();
      await approval.getByText('图形工作站用途，需更高配置。').waitFor();
      await page.getByTestId('order-lines').getByTestId('over-standard').waitFor();
      await page
        .getByTestId('finding-approval')
        .getByText(/财资〔2016〕27号/)
        .waitFor();
      await settled(page);
      await screenshot(page, 'approver-order-1280');
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'approver-order-390');
      await page.setViewportSize(desktop);

      await page.getByTestId('action-approve').click();
      const modal = page.locator('.ant-modal').filter({ hasText: `审批订单 ${order.orderNo}` });
      await modal.locator('#reason').fill('同意，用于图形工作站。');
      const approved = expectResponse(page, (r) => new URL(r.url()).pathname === `/api/orders/${order.id}/approve`);
      await modal.getByRole('button', { name: label('审批通过') }).click();
      expect((await approved).status()).toBe(200);
      await expect.poll(() => orderState(page)).toBe('待供应商确认');
      await approval.getByText('同意，用于图形工作站。').waitFor();
      await page
        .getByTestId('order-next')
        .getByText(/等待供应商在 .* \(北京时间\) 前确认/)
        .waitFor();
      expect(await page.getByTestId('order-actions').count()).toBe(0);
      await settled(page);
      await quiet(page);
      await screenshot(page, 'approver-approved-1280');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('regulator: every order, read-only, with the same export; the accepted order shows its rating and no action', async () => {
    expect(shredderOrder).not.toBeNull();
    const order = shredderOrder!;
    const { context, page, pageErrors } = await openContext();
    try {
      await ui.login(page, server.url, 'regulator', '/regulator');
      await page.getByRole('menuitem', { name: '订单监管' }).click();
      await page.waitForURL((url) => url.pathname === '/regulator/orders');
      await page.getByRole('columnheader', { name: '采购单位' }).waitFor();
      await page.getByRole('columnheader', { name: '供应商' }).waitFor();
      await page.getByTestId('orders-export-xlsx').waitFor();
      await settled(page);
      await screenshot(page, 'regulator-list-1280');
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'regulator-list-390');
      await page.setViewportSize(desktop);

      await page.goto(`${server.url}/regulator/orders/${order.id}`);
      await expect.poll(() => orderState(page)).toBe('已验收');
      await page.getByTestId('order-rating').waitFor();
      expect(await page.getByTestId('order-actions').count()).toBe(0);
      expect(await page.getByTestId('order-budget-link').count()).toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('purchaser: a cart over the direct-order limit starts an online quotation prefilled from its goods, and stays', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, logins.purchaser, '/purchaser');
      await page.goto(`${server.url}/products/${shredderProductId}`);
      const offer = page.getByTestId('offers').locator('tbody tr').filter({ hasText: dearSupplier });
      await offer.getByTestId('add-quantity').fill('2');
      const added = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/cart/items' && r.request().method() === 'POST');
      await offer.getByTestId('add-to-cart').click();
      expect((await added).status()).toBe(200);

      await page.goto(`${server.url}/purchaser/cart`);
      await page
        .getByTestId('finding-block')
        .getByText(/直购限额 ¥50,000\.00，应发起网上竞价/)
        .waitFor();
      await page
        .getByTestId('cart-blocked')
        .getByText(/可按购物车内容发起网上竞价/)
        .waitFor();
      expect(await page.getByTestId('go-checkout').isDisabled()).toBe(true);
      await settled(page);
      await quiet(page);
      await screenshot(page, 'cart-over-limit-1280');
      await page.getByTestId('cart-to-quotation').click();
      await page.waitForURL((url) => url.pathname === '/purchaser/quotations/new');
      await page.getByTestId('quotation-from-cart').waitFor();
      expect(await page.locator('#title').inputValue()).toBe(`${shredderName}采购`);
      expect(await page.locator('#quantity').inputValue()).toBe('2');
      expect(await page.getByTestId('ceiling-input').inputValue()).toBe('52000.00');
      expect(await page.locator('#requirements').inputValue()).toContain(`· ${shredderName}`);
      await page.getByText('A020206', { exact: false }).first().waitFor();
      await settled(page);
      await screenshot(page, 'quotation-from-cart-1280');

      // The cart is kept as it was.
      await page
        .getByTestId('quotation-from-cart')
        .getByRole('button', { name: label('返回购物车') })
        .click();
      await page.waitForURL((url) => url.pathname === '/purchaser/cart');
      await page.getByTestId('cart-group').filter({ hasText: dearSupplier }).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('purchaser: 立即购买 orders one offer straight from the product page and leaves the cart as it was', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, logins.purchaser, '/purchaser');
      await page.goto(`${server.url}/products/${shredderProductId}`);
      const offer = page.getByTestId('offers').locator('tbody tr').filter({ hasText: quickSupplier });
      await offer.getByTestId('add-quantity').fill('2');
      await offer.getByTestId('buy-now').click();
      await page.waitForURL((url) => url.pathname === '/purchaser/checkout' && url.searchParams.get('quantity') === '2');
      // The attempt's Idempotency-Key comes with the link: a reload sends the same one.
      const linkKey = new URL(page.url()).searchParams.get('key');
      expect(linkKey).toMatch(/^[0-9a-f-]{36}$|^ck-[0-9a-f]{32}$/);
      await page.getByText('选择商品').first().waitFor();
      const planned = page.getByTestId('planned-order');
      await planned.filter({ hasText: quickSupplier }).getByText('直接发送供应商').waitFor();
      expect(await planned.filter({ hasText: dearSupplier }).count()).toBe(0);
      await page.locator('#budgetLineId').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: mainLine.code }).click();
      await page
        .getByTestId('budget-after')
        .getByText(/下单后剩余/)
        .waitFor();
      await page.locator('#contactPhone').fill('010-62345678');
      await settled(page);
      await screenshot(page, 'buy-now-1280');
      const placedAnswer = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/orders/checkout');
      await page.getByTestId('submit-order').click();
      const placed = await placedAnswer;
      expect(placed.status()).toBe(201);
      expect(JSON.parse(placed.request().postData() ?? '{}').items).toEqual([{ listingId: expect.any(String), quantity: 2 }]);
      expect(placed.request().headers()['idempotency-key']).toBe(linkKey);
      // The address no longer names the offer: a reload cannot show its form again.
      await page.waitForURL((url) => url.pathname === '/purchaser/checkout' && !url.searchParams.has('listing'));
      const result = (await placed.json()) as { orders: OrderAnswer[] };
      expect(result.orders).toMatchObject([{ supplierName: quickSupplier, status: 'placed', totalFen: 172_000 }]);
      await page.getByTestId('placed-orders').locator('tbody tr').filter({ hasText: result.orders[0]!.orderNo }).waitFor();
      // The cart still holds the two dear shredders the test before left in it.
      await page.goto(`${server.url}/purchaser/cart`);
      await page.getByTestId('cart-group').filter({ hasText: dearSupplier }).waitFor();
      expect(await page.getByTestId('cart-group').filter({ hasText: quickSupplier }).count()).toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('purchaser: a 立即购买 link without its key keeps the one its first load made; the page sits under 商品搜索; a phone shows the placed order as a card; an offer that is not there is said so in English', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, logins.purchaser, '/purchaser');
      await page.goto(`${server.url}/products/${shredderProductId}`);
      const offer = page.getByTestId('offers').locator('tbody tr').filter({ hasText: quickSupplier });
      await offer.getByTestId('buy-now').click();
      await page.waitForURL((url) => url.pathname === '/purchaser/checkout' && url.searchParams.has('key'));
      // The same offer's link as typed or shared without the key: one is made and written into the address…
      const typed = new URL(page.url());
      typed.searchParams.delete('key');
      await page.goto(typed.toString());
      await page.waitForURL((url) => url.searchParams.has('key'));
      const made = new URL(page.url()).searchParams.get('key');
      // …so a reload sends the key the first load made, not a new one.
      await page.reload();
      await page.getByTestId('planned-order').first().waitFor();
      expect(new URL(page.url()).searchParams.get('key')).toBe(made);
      // 立即购买 came from the catalogue: the side menu marks 商品搜索, not 购物车.
      await expect.poll(() => page.locator('.ant-menu-item-selected').innerText()).toContain('商品搜索');
      await page.setViewportSize(phone);
      await page.locator('#budgetLineId').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: mainLine.code }).click();
      await page.locator('#contactPhone').fill('010-62345678');
      const placedAnswer = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/orders/checkout');
      await page.getByTestId('submit-order').click();
      const placed = await placedAnswer;
      expect(placed.status()).toBe(201);
      expect(placed.request().headers()['idempotency-key']).toBe(made);
      const { orders } = (await placed.json()) as { orders: OrderAnswer[] };
      // At a phone's width the order is a card with its number, state, supplier and amount: nothing scrolls sideways.
      const card = page.getByTestId('placed-orders').locator('.planned-order').filter({ hasText: orders[0]!.orderNo });
      await card.getByText(quickSupplier).waitFor();
      expect(await page.getByTestId('placed-orders').locator('table').count()).toBe(0);
      await expectNoHorizontalOverflow(page, 'placed orders at 390 px');
      await screenshot(page, 'buy-now-done-390');
      // A link naming no offer, in English: the page says the offer cannot be ordered, in English, and leads to the search.
      await page.setViewportSize(desktop);
      await page.goto(`${server.url}/purchaser`);
      await page.getByRole('button', { name: 'English' }).click();
      await page.goto(`${server.url}/purchaser/checkout?listing=00000000-0000-4000-8000-000000000000&quantity=1`);
      const gone = page.getByTestId('offer-unavailable');
      await gone.getByText('This offer cannot be ordered').waitFor();
      expect(await gone.innerText()).not.toMatch(/[\u4e00-\u9fff]/);
      await gone.getByRole('link', { name: /Search products/ }).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
