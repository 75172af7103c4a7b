// An order followed from both sides (#21), in Chromium against the real API serving the built storefront, with
// the job workers running and a real SMTP server (smtp-server) as the e-mail catcher. The order is placed
// through the API (the cart and checkout are orders.test.ts's journey). The supplier, who chose e-mail for
// orders, finds it in its bell (站内消息) and in its mailbox, follows the bell to the order, confirms it, ships it
// with a carrier, a waybill number and a serial number per unit, and records the delivery. The purchaser's order
// page, open all along and never reloaded, shows each of those steps in the timeline as it happens, with who
// and when (the waybill and serial numbers with the shipment); the purchaser then accepts with a rating, and
// the acceptance joins the timeline.
// The database is shared with the other test files of the run: every party, product and listing is made here,
// and each attempt of the test makes its own and places its own order (a retry cannot drive on the order a
// failed attempt already advanced).
import { randomInt, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { client, login as apiLogin, type TestContext } from '../helpers/context.ts';
import { actor, type Actor, createBudgetLine, createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';
import { waitFor } from '../helpers/jobs.ts';
import { startMailCatcher } from '../helpers/mail-catcher.ts';
import { startBrowserContext } from '../helpers/server.ts';
import * as ui from './browser.ts';
import { chromiumSuite, label, launchBrowser, expectResponse } from './browser.ts';

const { suite, title } = chromiumSuite('order tracking from both sides');

/** The order's state tag (the title's, the first of the page). */
const orderState = (page: Page) => page.getByTestId('order-status').first().innerText();
/** One step of the order's timeline (进度记录) by its action, e.g. order.confirm. */
const step = (page: Page, action: string) => page.getByTestId('process-timeline').locator(`[data-action="${action}"]`);
/** "2026-12-06 15:05 (北京时间)": when a step happened, as the page prints it. */
const when = /\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(北京时间\)/;

suite(title, () => {
  let browser: Browser;
  let ctx: TestContext;
  let catcher: Awaited<ReturnType<typeof startMailCatcher>>;
  let url = '';
  let center: Actor;

  beforeAll(async () => {
    catcher = await startMailCatcher();
    const started = await startBrowserContext({ env: { SMTP_URL: catcher.url } });
    ctx = started.ctx;
    url = started.url;
    await started.startWorkers();
    browser = await launchBrowser();
    center = await actor(ctx.app, ctx.database.db, 'center_staff');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
    await catcher?.close();
  });

  /**
   * One attempt's own world: a supplier, its product and listing, a unit and the order it places. The test
   * drives the order forward, so a retry (CI retries a browser test once) cannot reuse the order of a failed
   * attempt; a supplier and a unit of its own also keep the bell, the mailbox and the notices of an earlier
   * attempt out of this one's.
   */
  async function placeFreshOrder() {
    const db = ctx.database.db;
    const marker = randomInt(100_000, 999_999);
    const names = { supplier: `测试物流供应${marker}有限公司`, shipper: '赵发货', buyer: '李采购' };
    const address = `orders-${marker}@supplier.example.cn`;
    const waybill = `SF${marker}0001`;
    const serials = [`SN-${marker}-A`, `SN-${marker}-B`];
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;

    // A supplier on an agreement for A02 with one approved listing of a product of its own.
    const product = await center.http.post('/api/products', {
      categoryCode: 'A020206',
      brand: `物流${marker}牌`,
      model: `WL-${marker}`,
      name: `物流${marker} 碎纸机`,
      specs: {},
    });
    expect(product.statusCode, product.body).toBe(201);
    const supplierOrg = await createOrg(db, 'supplier', { name: names.supplier, sizeClass: 'small' });
    const supplierUser = await createUser(db, supplierOrg.id, ['supplier'], { displayName: names.shipper });
    const supplier = client(ctx.app, await apiLogin(ctx.app, supplierUser.username, TEST_PASSWORD));
    const agreement = await center.http.post('/api/agreements', {
      code: `WL-${marker}`,
      title: '协议供货（物流跟踪）',
      supplierId: supplierOrg.id,
      categoryCodes: ['A02'],
      startsOn: today,
      endsOn: nextYear,
    });
    expect(agreement.statusCode, agreement.body).toBeLessThan(300);
    const listing = await supplier.post('/api/listings', {
      productId: product.json().id,
      priceFen: 120_000,
      stock: 50,
      deliveryRegions: ['000000'],
      leadTimeDays: 3,
      certificates: [],
    });
    expect(listing.statusCode, listing.body).toBeLessThan(300);
    expect((await supplier.post(`/api/listings/${listing.json().id}/submit`)).statusCode).toBeLessThan(300);
    expect((await center.http.post(`/api/listings/${listing.json().id}/approve`)).statusCode).toBe(200);
    // 通知设置: orders by e-mail too.
    const settings = await supplier.send('PUT', '/api/notifications/settings', { email: address, emailTopics: ['order'] });
    expect(settings.statusCode, settings.body).toBe(200);

    // The unit orders two (under its approval threshold: straight to the supplier).
    const unit = await createOrg(db, 'purchasing_unit', { name: `测试物流采购单位${marker}`, approvalThresholdFen: 100_000_000 });
    const line = await createBudgetLine(db, unit.id, 10_000_000);
    const buyer = await createUser(db, unit.id, ['purchaser'], { displayName: names.buyer });
    const purchaser = client(ctx.app, await apiLogin(ctx.app, buyer.username, TEST_PASSWORD));
    expect((await purchaser.post('/api/cart/items', { listingId: listing.json().id, quantity: 2 })).statusCode).toBeLessThan(300);
    const placed = await purchaser.post(
      '/api/orders/checkout',
      { budgetLineId: line.id, deliveryAddress: '北京市海淀区中关村大街 1 号', contactName: '李采购', contactPhone: '010-62345678' },
      { 'idempotency-key': `ck-${randomUUID()}` },
    );
    expect(placed.statusCode, placed.body).toBe(201);
    const made = placed.json().orders[0] as { id: string; orderNo: string; status: string };
    expect(made.status).toBe('placed');
    const order = { id: made.id, orderNo: made.orderNo };
    const logins = { supplier: supplierUser.username, purchaser: buyer.username };
    return { names, address, logins, waybill, serials, order };
  }

  it('the supplier is told in its bell and by e-mail, confirms, ships with waybill and serials, delivers; the purchaser watches the timeline and accepts', async () => {
    const { names, address, logins, waybill, serials, order } = await placeFreshOrder();
    expect(order.id).not.toBe('');
    const buyer = await ui.openContext(browser);
    const seller = await ui.openContext(browser);
    try {
      // The purchaser's order page, open from the start: the order placed, by whom and when.
      await ui.login(buyer.page, url, logins.purchaser, '/purchaser', TEST_PASSWORD);
      await buyer.page.goto(`${url}/purchaser/orders/${order.id}`);
      await expect.poll(() => orderState(buyer.page)).toBe('待供应商确认');
      await step(buyer.page, 'order.place').getByText(names.buyer).waitFor();
      await buyer.page.evaluate('window.__stayed = true');

      // The supplier: the new order in its bell, and in its mailbox with the link to the order.
      await ui.login(seller.page, url, logins.supplier, '/supplier', TEST_PASSWORD);
      await expect.poll(() => seller.page.getByTestId('notification-count').innerText()).toContain('1');
      const mail = await waitFor(async () => catcher.to(address).find((m) => m.subject.includes(order.orderNo)), {
        what: 'the new-order e-mail',
      });
      expect(mail.subject).toContain('新订单待确认');
      expect(mail.text).toContain(`/supplier/orders/${order.id}`);
      // The bell's message leads to the order (the popover's list may re-render under the click: try until there).
      const notice = seller.page.getByTestId('notification-popover').getByText(`新订单待确认：${order.orderNo}`);
      await expect
        .poll(
          async () => {
            if (new URL(seller.page.url()).pathname === `/supplier/orders/${order.id}`) return true;
            if (!(await notice.isVisible())) await seller.page.getByTestId('notification-bell').click();
            await notice.click({ timeout: 5_000 }).catch(() => undefined);
            await seller.page.waitForURL((u) => u.pathname === `/supplier/orders/${order.id}`, { timeout: 5_000 }).catch(() => undefined);
            return new URL(seller.page.url()).pathname === `/supplier/orders/${order.id}`;
          },
          { timeout: 45_000, interval: 100 },
        )
        .toBe(true);

      // 确认订单: the purchaser's page shows the step, by the supplier's user, without a reload.
      await seller.page.getByTestId('action-confirm').click();
      const confirmed = expectResponse(seller.page, (r) => new URL(r.url()).pathname === `/api/orders/${order.id}/confirm`);
      await ui.confirmPopover(seller.page, '确认订单');
      expect((await confirmed).status()).toBe(200);
      await expect.poll(() => orderState(seller.page)).toBe('已确认');
      await step(buyer.page, 'order.confirm').getByText(names.shipper).waitFor({ timeout: 15_000 });
      expect(await step(buyer.page, 'order.confirm').innerText()).toMatch(when);

      // 发货: carrier, waybill number and one serial number per unit.
      const form = seller.page.getByTestId('ship-form');
      await form.getByTestId('ship-carrier').fill('顺丰速运');
      await form.getByTestId('ship-waybill').fill(waybill);
      await form.getByTestId('ship-serials-0').fill(serials.join('\n'));
      const shipped = expectResponse(
        seller.page,
        (r) => new URL(r.url()).pathname === `/api/orders/${order.id}/shipments` && r.request().method() === 'POST',
      );
      await form.getByTestId('ship-submit').click();
      const shipAnswer = await shipped;
      expect(shipAnswer.status()).toBe(201);
      expect(shipAnswer.request().postDataJSON()).toMatchObject({
        carrier: '顺丰速运',
        waybillNo: waybill,
        items: [{ quantity: 2, serialNumbers: serials }],
      });
      await expect.poll(() => orderState(seller.page)).toBe('已发货');
      await seller.page.getByTestId('shipment-waybill').getByText(`顺丰速运 ${waybill}`).waitFor();
      const shipment = step(buyer.page, 'order.shipment');
      await shipment.getByText(`顺丰速运 ${waybill}`).waitFor({ timeout: 15_000 });
      await shipment.getByText(new RegExp(`×2 \\(${serials.join(', ')}\\)`)).waitFor();
      expect(await shipment.innerText()).toContain(names.shipper);
      await step(buyer.page, 'order.ship').waitFor();

      // 送达: the consignment arrived, so the order is delivered.
      const delivered = expectResponse(seller.page, (r) => /\/shipments\/[^/]+\/deliver$/.test(new URL(r.url()).pathname));
      await seller.page.getByTestId('shipment-deliver').click();
      expect((await delivered).status()).toBe(200);
      await expect.poll(() => orderState(seller.page)).toBe('已送达');
      await step(buyer.page, 'order.deliver').getByText(names.shipper).waitFor({ timeout: 15_000 });
      await expect.poll(() => orderState(buyer.page)).toBe('已送达');
      await ui.settled(seller.page);
      await ui.screenshot(seller.page, 'order-tracking-supplier-delivered-1280');
      expect(seller.pageErrors).toEqual([]);

      // The purchaser, on the same page all along: every step with who and when, then 验收.
      for (const action of ['order.place', 'order.confirm', 'order.shipment', 'order.ship', 'order.shipment.delivered', 'order.deliver'])
        expect(await step(buyer.page, action).innerText(), action).toMatch(when);
      await buyer.page.getByTestId('action-accept').click();
      const modal = buyer.page.locator('.ant-modal').filter({ hasText: `验收订单 ${order.orderNo}` });
      // The modal still zooming in swallows a click (the rating then stays empty and 验收 sends nothing):
      // wait for it to be still, and for the five stars to be lit, before going on.
      await modal.waitFor();
      await ui.animationsDone(buyer.page);
      await modal.locator('.ant-rate-star').nth(4).click();
      await expect.poll(() => modal.locator('.ant-rate-star-full').count()).toBe(5);
      await modal.locator('#comment').fill('两台到货，序列号与运单一致。');
      const accepted = expectResponse(buyer.page, (r) => new URL(r.url()).pathname === `/api/orders/${order.id}/accept`);
      await modal.getByRole('button', { name: label('验收') }).click();
      expect((await accepted).status()).toBe(200);
      await expect.poll(() => orderState(buyer.page)).toBe('已验收');
      const acceptance = step(buyer.page, 'order.accept');
      await acceptance.getByText(names.buyer).waitFor();
      await acceptance.getByText(/★★★★★ · 两台到货，序列号与运单一致。/).waitFor();
      expect(await buyer.page.evaluate('window.__stayed')).toBe(true);
      await ui.settled(buyer.page);
      await ui.screenshot(buyer.page, 'order-tracking-purchaser-accepted-1280');

      // In English every notice reads in English, worded from its kind and facts (the bell and /notifications).
      await buyer.page.evaluate(`window.localStorage.setItem('jicai.language', 'en')`);
      await buyer.page.goto(`${url}/notifications`);
      const table = buyer.page.getByTestId('notifications-table');
      await table.getByTestId('notification-title').getByText(`Order shipped: ${order.orderNo}`).waitFor();
      await table
        .getByTestId('notification-body')
        .getByText(
          `Order ${order.orderNo} has shipped; watch for the delivery. Consignment 1: 顺丰速运, waybill ${waybill}, 2 units; everything has shipped.`,
        )
        .waitFor();
      await table.getByTestId('notification-title').getByText(`Order delivered, please inspect: ${order.orderNo}`).waitFor();
      expect(await table.innerText()).not.toContain('订单已发货');
      await seller.page.evaluate(`window.localStorage.setItem('jicai.language', 'en')`);
      await seller.page.reload();
      await seller.page.getByTestId('notification-bell').click();
      await seller.page
        .getByTestId('notification-popover')
        .getByTestId('notification-title')
        .getByText(`Order accepted: ${order.orderNo}`)
        .waitFor({ timeout: 15_000 });
      await seller.page.getByTestId('notification-popover').getByText(`New order to confirm: ${order.orderNo}`).waitFor();
      expect(buyer.pageErrors).toEqual([]);
    } finally {
      await buyer.context.close();
      await seller.context.close();
    }
  }, 120_000);
});
