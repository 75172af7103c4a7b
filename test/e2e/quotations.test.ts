// Online quotation (网上竞价), driven in Chromium against the real API serving the built storefront, with
// the job workers running: a purchaser posts a requirement for IT operations services (C1605: no
// framework agreement, no spec fields) in the form — a deadline too soon is refused on its field —
// and the ceiling is reserved; a large and a medium supplier quote through the API, a small one in the
// browser (the live total, the ceiling warning, the SME declaration), gets a sealed receipt with its
// SHA-256, replaces it (version 2), withdraws it and quotes again (version 3); then the deadline passes, the closing job opens and ranks the
// quotes, and the public result page, with no login, shows the small enterprise first only through
// its 10% deduction: ¥54,000.00 quoted, ¥48,600.00 evaluated. The purchaser's page links the order.
// The database is shared with the other test files of the run: the unit, its budget line, its users
// and the suppliers are made here, and no count is assumed that this file did not make.
import { randomInt } from 'node:crypto';
import fs from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { quotations } from '../../server/db/schema/index.ts';
import { passQuotationDeadline } from '../helpers/procurement.ts';
import type { TestContext } from '../helpers/context.ts';
import { startBrowserContext } from '../helpers/server.ts';
import { createBudgetLine, createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';
import * as ui from './browser.ts';
import { chromiumSuite, desktop, expectNoHorizontalOverflow, label, launchBrowser, phone, settled, expectResponse } from './browser.ts';

const { suite, title } = chromiumSuite('online quotation');

/** A moment in Beijing wall-clock time, as the deadline picker takes it: "2026-11-30 14:00". */
function beijingMinute(date: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** Toasts gone, so screenshots show the page. */
async function quiet(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
}

/** Types a Beijing date and time into the antd date-time picker and commits it with its OK button (Enter would submit the form). */
async function pickDeadline(page: Page, value: string): Promise<void> {
  const input = page.locator('#deadline');
  await input.click();
  await input.fill(value);
  await page.locator('.ant-picker-dropdown:visible .ant-picker-ok button').click();
  await expect.poll(() => input.inputValue()).toBe(value);
}

suite(title, () => {
  let browser: Browser;
  let ctx: TestContext;
  let url = '';
  const marker = randomInt(100_000, 999_999);
  const unitName = `测试竞价采购单位${marker}`;
  const projectTitle = `机房运维服务竞价${marker}`;
  const suppliers = {
    large: { name: `测试大型运维${marker}有限公司`, username: '' },
    medium: { name: `测试中型运维${marker}有限公司`, username: '' },
    small: { name: `测试小型运维${marker}有限公司`, username: '' },
  };
  let purchaserLogin = '';
  let lineCode = '';
  let quotation = { id: '', quotationNo: '' };

  beforeAll(async () => {
    // The test server of the other browser files, plus the job workers: the closing job must run here.
    const started = await startBrowserContext();
    ctx = started.ctx;
    url = started.url;
    await started.startWorkers();
    browser = await launchBrowser();

    const db = ctx.database.db;
    const unit = await createOrg(db, 'purchasing_unit', { name: unitName, address: '北京市海淀区中关村南大街 5 号' });
    lineCode = (await createBudgetLine(db, unit.id, 10_000_000)).code;
    purchaserLogin = (await createUser(db, unit.id, ['purchaser'], { displayName: '李采购' })).username;
    for (const size of ['large', 'medium', 'small'] as const) {
      const org = await createOrg(db, 'supplier', { name: suppliers[size].name, sizeClass: size });
      suppliers[size].username = (await createUser(db, org.id, ['supplier'])).username;
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  const openContext = () => ui.openContext(browser);
  const login = (page: Page, username: string, home: string) => ui.login(page, url, username, home, TEST_PASSWORD);
  // From the top: a form scrolled to its first error would otherwise show the sticky header mid-page.
  const screenshot = async (page: Page, name: string, fullPage = true) => {
    if (fullPage) await page.evaluate('window.scrollTo(0, 0)');
    await ui.screenshot(page, `quotations-${name}`, fullPage);
  };

  /** A supplier's API session, quoting as the storefront does (cookie and CSRF header). */
  async function quoteByApi(username: string, unitPriceFen: number, smeDeclared = false) {
    const { status, cookie, csrfToken } = await ui.loginOverHttp(url, username, TEST_PASSWORD);
    expect(status).toBe(200);
    const answer = await fetch(`${url}/api/quotations/${quotation.id}/quote`, {
      method: 'PUT',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ unitPriceFen, brand: '自有', model: '运维服务包', deliveryDays: 7, smeDeclared }),
    });
    expect(answer.status, await answer.clone().text()).toBe(200);
  }

  it('purchaser: posts a requirement; a deadline too soon is refused on its field; the posted quotation is sealed', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, purchaserLogin, '/purchaser');
      await page.getByRole('menuitem', { name: '网上竞价' }).click();
      await page.waitForURL((u) => u.pathname === '/purchaser/quotations');
      await page.getByTestId('new-quotation').click();
      await page.waitForURL((u) => u.pathname === '/purchaser/quotations/new');

      // Each field says what it needs before anything is sent.
      await page.getByTestId('post-quotation').click();
      await page.getByText('请输入项目名称').waitFor();
      await page.getByText('请选择采购品目').waitFor();
      await page.getByText('请选择预算指标').waitFor();

      await page.locator('#title').fill(projectTitle);
      await page.locator('#categoryCode').click();
      await page.locator('#categoryCode').fill('C1605');
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '运行维护服务' }).first().click();
      await page.getByTestId('no-spec-fields').waitFor();
      await page.locator('#requirements').fill('信息机房 7×24 运行维护，含月度巡检、故障处理与季度报告。');
      await page.locator('#quantity').fill('10');
      await page.getByTestId('ceiling-input').fill('60000');
      await page.locator('#deliveryDays').fill('10');
      await page.locator('#budgetLineId').click();
      const line = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: lineCode });
      await line.getByText('可用 ¥100,000.00').waitFor();
      await line.click();
      await page.getByTestId('quotation-summary').getByText('可用 ¥100,000.00，冻结后剩余 ¥40,000.00').waitFor();
      await page.locator('#contactPhone').fill('010-62345678');
      await page.locator('#intentionExemption').fill('因不可预见的原因急需开展的采购项目');
      // The deduction defaults to 10%, the address to the unit's.
      await expect.poll(() => page.locator('#deliveryAddress').inputValue()).toBe('北京市海淀区中关村南大街 5 号');
      expect(await page.getByTestId('deduction-select').innerText()).toContain('10%');

      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'form-390');
      await page.setViewportSize(desktop);

      // A deadline tomorrow: the server refuses it, on the deadline field, with the rule's basis.
      const defaultDeadline = await page.locator('#deadline').inputValue();
      await pickDeadline(page, beijingMinute(new Date(Date.now() + 86_400_000)));
      let posted = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/quotations' && r.request().method() === 'POST');
      await page.getByTestId('post-quotation').click();
      expect((await posted).status()).toBe(422);
      await page
        .locator('#deadline_help')
        .getByText(/报价截止时间须在发布后至少 3 日/)
        .waitFor();
      await settled(page);
      await screenshot(page, 'form-refused-1280');

      // The default (3 days and 1 hour) goes through; the ceiling is reserved.
      await pickDeadline(page, defaultDeadline);
      posted = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/quotations' && r.request().method() === 'POST');
      await page.getByTestId('post-quotation').click();
      const created = await posted;
      expect(created.status()).toBe(201);
      const body = (await created.json()) as {
        id: string;
        quotationNo: string;
        ceilingFen: number;
        smeDeductionRate: string;
        deadline: string;
      };
      expect(body).toMatchObject({ ceilingFen: 6_000_000, smeDeductionRate: '0.10' });
      expect(beijingMinute(new Date(body.deadline))).toBe(defaultDeadline);
      quotation = { id: body.id, quotationNo: body.quotationNo };
      await page.waitForURL((u) => u.pathname === `/purchaser/quotations/${body.id}`);
      await expect.poll(() => page.getByTestId('quotation-status').first().innerText()).toBe('报价中');
      await page.getByTestId('sealed-notice').getByText('报价密封中').waitFor();
      await page.getByTestId('quotation-budget-line').getByText('当前可用余额 ¥40,000.00').waitFor();
      await page.getByTestId('requirement-ceiling').getByText('¥60,000.00').waitFor();
      await settled(page);
      await quiet(page);
      await screenshot(page, 'purchaser-open-1280');
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'purchaser-open-390');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('suppliers: two quote through the API, the small one in the browser; its receipt is sealed with a SHA-256, then replaced, withdrawn and quoted again', async () => {
    expect(quotation.id).not.toBe('');
    await quoteByApi(suppliers.large.username, 500_000);
    await quoteByApi(suppliers.medium.username, 510_000);
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, suppliers.small.username, '/supplier');
      await page.getByRole('menuitem', { name: '网上竞价' }).click();
      await page.waitForURL((u) => u.pathname === '/supplier/quotations');
      await page.getByTestId('quotation-search').locator('input').fill(quotation.quotationNo);
      await page.getByTestId('quotation-search').locator('input').press('Enter');
      const row = page.getByTestId('quotations-table').locator('tbody tr').filter({ hasText: quotation.quotationNo });
      await row.getByText('可报价').waitFor();
      await row.getByText(unitName).waitFor();
      await settled(page);
      await screenshot(page, 'supplier-list-1280');
      await row.getByRole('button', { name: label('报价') }).click();
      await page.waitForURL((u) => u.pathname === `/supplier/quotations/${quotation.id}`);

      // The requirement as published; nothing of the others' quotes shows.
      await page.getByTestId('requirement-ceiling').getByText('¥60,000.00').waitFor();
      expect(await page.getByTestId('result-table').count()).toBe(0);

      // The live total: over the ceiling it warns, under it shows the deduction the declaration would give.
      await page.getByTestId('unit-price').fill('6100');
      await page.getByTestId('over-ceiling').getByText('报价总额超过最高限价 ¥60,000.00，将无法提交。').waitFor();
      await page.getByTestId('unit-price').fill('5600');
      await expect.poll(() => page.getByTestId('live-total-amount').innerText()).toBe('¥56,000.00');
      await page.locator('#brand').fill('自有');
      await page.locator('#model').fill('运维服务包 A');
      await page.getByTestId('sme-declared').check();
      await page
        .getByTestId('live-evaluation')
        .getByText(/¥50,400\.00/)
        .waitFor();
      await settled(page);
      await screenshot(page, 'supplier-quote-1280');

      let sent = expectResponse(
        page,
        (r) => new URL(r.url()).pathname === `/api/quotations/${quotation.id}/quote` && r.request().method() === 'PUT',
      );
      await page.getByTestId('submit-quote').click();
      let answer = await sent;
      expect(answer.status()).toBe(200);
      expect(answer.request().postDataJSON()).toMatchObject({ unitPriceFen: 560_000, smeDeclared: true, deliveryDays: 10 });
      // The receipt: sealed, version 1, a commitment to what was sent; nothing of the price.
      const receipt = page.getByTestId('receipt-card');
      await receipt.getByText('报价已密封').first().waitFor();
      await expect.poll(() => receipt.getByTestId('receipt-version').innerText()).toBe('第 1 版');
      const sha1 = (await receipt.getByTestId('receipt-sha').innerText()).trim();
      expect(sha1).toMatch(/^[0-9a-f]{64}$/);
      expect(await receipt.getByTestId('receipt-time').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(北京时间\)$/);
      expect(await receipt.innerText()).not.toContain('56,000');
      // The 回执密钥, shown this once: kept in a downloaded JSON file with the commitment and the quote as sent.
      const key = page.getByTestId('receipt-key');
      await key.getByText('请保存回执密钥').waitFor();
      const nonce = (await key.getByTestId('receipt-nonce').innerText()).trim();
      expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(nonce).toBe((await answer.json()).nonce);
      const download = page.waitForEvent('download');
      await key.getByTestId('receipt-download').click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^报价回执-.+-第1版\.json$/);
      const saved = JSON.parse(await fs.readFile((await file.path())!, 'utf8'));
      expect(saved).toMatchObject({
        commitment: sha1,
        nonce,
        verify: { path: `/api/public/quotations/${quotation.id}/receipts/verify`, body: { nonce, quote: { unitPriceFen: 560_000 } } },
      });
      await settled(page);
      await quiet(page);
      await screenshot(page, 'supplier-receipt-1280');
      await key.getByTestId('receipt-key-dismiss').click();
      await key.waitFor({ state: 'detached' });

      // Replace it at ¥5,400: the whole quote again (the sealed one cannot be shown back), version 2.
      await page.getByTestId('replace-quote').click();
      await page.getByTestId('unit-price').fill('5400');
      await expect.poll(() => page.getByTestId('live-total-amount').innerText()).toBe('¥54,000.00');
      sent = expectResponse(
        page,
        (r) => new URL(r.url()).pathname === `/api/quotations/${quotation.id}/quote` && r.request().method() === 'PUT',
      );
      await page.getByTestId('submit-quote').click();
      answer = await sent;
      expect(answer.status()).toBe(200);
      expect(answer.request().postDataJSON()).toMatchObject({
        unitPriceFen: 540_000,
        brand: '自有',
        model: '运维服务包 A',
        smeDeclared: true,
      });
      await expect.poll(() => receipt.getByTestId('receipt-version').innerText()).toBe('第 2 版');
      expect((await receipt.getByTestId('receipt-sha').innerText()).trim()).not.toBe(sha1);

      // Withdrawn, it would not be opened; quoting again before the deadline makes version 3.
      const withdrawn = expectResponse(
        page,
        (r) => new URL(r.url()).pathname === `/api/quotations/${quotation.id}/quote` && r.request().method() === 'DELETE',
      );
      await page.getByTestId('withdraw-quote').click();
      await ui.confirmPopover(page, '撤回报价');
      expect((await withdrawn).status()).toBe(200);
      await receipt.getByText('报价已撤回').waitFor();
      await expect.poll(() => page.getByTestId('unit-price').inputValue()).toBe('5400');
      sent = expectResponse(
        page,
        (r) => new URL(r.url()).pathname === `/api/quotations/${quotation.id}/quote` && r.request().method() === 'PUT',
      );
      await page.getByTestId('submit-quote').click();
      expect((await sent).status()).toBe(200);
      await expect.poll(() => receipt.getByTestId('receipt-version').innerText()).toBe('第 3 版');
      await receipt.getByText('报价已密封').first().waitFor();
      await settled(page);
      await quiet(page);
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'supplier-receipt-390');
      await page.setViewportSize(desktop);

      await page.goto(`${url}/supplier/quotations?q=${quotation.quotationNo}`);
      await page
        .getByTestId('quotations-table')
        .locator('tbody tr')
        .filter({ hasText: quotation.quotationNo })
        .getByText('已报价（第 3 版）')
        .waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the deadline passes: the public result ranks the small enterprise first through its 10% deduction; the purchaser sees the order', async () => {
    expect(quotation.id).not.toBe('');
    // The deadline is moved into the past, then the reconciler hands the closing job to the workers.
    const db = ctx.database.db;
    await passQuotationDeadline(ctx, quotation.id);
    await expect
      .poll(
        async () => (await db.select({ status: quotations.status }).from(quotations).where(eq(quotations.id, quotation.id)))[0]?.status,
        { timeout: 20_000, interval: 200 },
      )
      .toBe('awarded');

    const { context, page, pageErrors } = await openContext();
    try {
      // Anyone, without logging in: the announcements list, then the result.
      await page.goto(`${url}/`);
      await page.getByRole('link', { name: '网上竞价' }).first().click();
      await page.waitForURL((u) => u.pathname === '/quotations');
      await page.getByTestId('quotation-search').locator('input').fill(quotation.quotationNo);
      await page.getByTestId('quotation-search').locator('input').press('Enter');
      const row = page.getByTestId('quotations-table').locator('tbody tr').filter({ hasText: quotation.quotationNo });
      await row.getByText('已成交').waitFor();
      await row.getByText(suppliers.small.name).waitFor();
      await settled(page);
      await screenshot(page, 'public-list-1280');
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'public-list-390');
      await page.setViewportSize(desktop);

      await row.getByTestId('quotation-link').click();
      await page.waitForURL((u) => u.pathname === `/quotations/${quotation.id}`);
      const rows = page.getByTestId('result-table').locator('tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBe(3);
      const first = rows.nth(0);
      expect(await first.getByTestId('result-rank').innerText()).toBe('1');
      expect(await first.getByTestId('result-supplier').innerText()).toBe(suppliers.small.name);
      expect(await first.getByTestId('result-total').innerText()).toBe('¥54,000.00');
      expect(await first.getByTestId('result-evaluation').innerText()).toBe('¥48,600.00');
      await first.getByText('10%', { exact: true }).waitFor();
      await first.getByText('小型', { exact: true }).waitFor();
      await first.getByText('成交', { exact: true }).waitFor();
      expect(await rows.nth(1).getByTestId('result-supplier').innerText()).toBe(suppliers.large.name);
      expect(await rows.nth(1).getByTestId('result-evaluation').innerText()).toBe('¥50,000.00');
      expect(await rows.nth(2).getByTestId('result-supplier').innerText()).toBe(suppliers.medium.name);
      expect(await rows.nth(2).getByTestId('result-evaluation').innerText()).toBe('¥51,000.00');
      await page
        .getByTestId('quotation-next')
        .getByText(/成交金额 ¥54,000\.00（评审价 ¥48,600\.00）/)
        .waitFor();
      await settled(page);
      await screenshot(page, 'public-result-1280');
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'public-result-390');
      await page.setViewportSize(desktop);

      // The same result in English; then back to Chinese for the purchaser's login.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByTestId('result-table').getByText('Evaluation price', { exact: true }).first().waitFor();
      await settled(page);
      await screenshot(page, 'public-result-en-1280');
      await page.getByRole('button', { name: '中文' }).click();
      await page.getByTestId('result-table').getByText('评审价', { exact: true }).first().waitFor();

      // The purchaser's page links the order placed with the small enterprise, at its quoted price.
      await login(page, purchaserLogin, '/purchaser');
      await page.getByRole('menuitem', { name: '网上竞价' }).click();
      await page.waitForURL((u) => u.pathname === '/purchaser/quotations');
      const mine = page.getByTestId('quotations-table').locator('tbody tr').filter({ hasText: quotation.quotationNo });
      await mine.getByText('已成交').waitFor();
      await settled(page);
      await screenshot(page, 'purchaser-list-1280');
      await mine.getByTestId('quotation-link').click();
      await page.waitForURL((u) => u.pathname === `/purchaser/quotations/${quotation.id}`);
      await expect.poll(() => page.getByTestId('quotation-status').first().innerText()).toBe('已成交');
      // The ceiling is released; the order holds the awarded ¥54,000 instead.
      await page.getByTestId('quotation-budget-line').getByText('当前可用余额 ¥46,000.00').waitFor();
      await settled(page);
      await screenshot(page, 'purchaser-result-1280');
      await page.getByTestId('quotation-order-link').click();
      await page.waitForURL((u) => u.pathname.startsWith('/purchaser/orders/'));
      await page.getByText(suppliers.small.name).first().waitFor();
      await page.getByText('¥54,000.00').first().waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
