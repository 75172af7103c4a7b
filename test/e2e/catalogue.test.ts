// The e-mall, driven in Chromium against the real API serving the built storefront: the public search
// (synonyms, highlights, badges, a facet whose count is the result count), the product page comparing
// suppliers in Chinese and English; center staff admitting a new supplier by framework agreement with
// a price cap and amending it; the supplier's listing form (inline validation, the cap refused on the
// price field, a draft submitted), its bulk import (a bad row imports nothing); the review queue
// approving the listing, which then shows on the public product page; a new standard product whose
// spec fields follow its category, with an image.
// The database is shared with the other test files of the run: the supplier, its user and agreement
// are created here, and no count is assumed that was not read from the page.
import { randomInt } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { connectDatabase, type Database } from '../../server/db/client.ts';
import { createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';
import { startTestServer } from '../helpers/server.ts';
import * as ui from './browser.ts';
import { chromiumSuite, desktop, expectNoHorizontalOverflow, label, launchBrowser, phone, settled, expectResponse } from './browser.ts';

const { suite, title } = chromiumSuite('e-mall catalogue');

// A laptop of the demo catalogue (A02010105 便携式计算机) the new supplier will offer.
const laptopCategory = 'A02010105';
const laptopName = '联想 ThinkPad E14 便携式计算机 16GB/512GB';
const importModel = 'ThinkPad E14-16G1024G';

/** "“笔记本”共 415 件商品报价" → 415. */
function totalOf(text: string): number {
  const match = /共\s*([\d,]+)\s*件/.exec(text);
  if (!match?.[1]) throw new Error(`no total in "${text}"`);
  return Number(match[1].replaceAll(',', ''));
}

/** "小型企业 (136)" → 136. */
function countOf(text: string): number {
  const match = /\((\d+)\)\s*$/.exec(text.trim());
  if (!match?.[1]) throw new Error(`no count in "${text}"`);
  return Number(match[1]);
}

/** A 1×1 PNG. */
const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Toasts gone, so screenshots show the page. */
async function quiet(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
}

function csv(rows: string[][]): Buffer {
  const header = '品目代码,品牌,型号,价格(元),库存,配送地区,供货周期(天),证书类型,证书编号,发证机构,有效期至';
  return Buffer.from(`\uFEFF${[header, ...rows.map((r) => r.join(','))].join('\r\n')}\r\n`, 'utf8');
}

suite(title, () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  let database: Database;
  const marker = randomInt(100_000, 999_999);
  const supplierName = `测试协议供货${marker}科技有限公司`;
  const agreementCode = `E2E-XYGH-${marker}`;
  let supplierLogin = '';

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    // A supplier of its own: the demo supplier may be on an exclusion list by now (credit.test.ts lists it).
    database = connectDatabase(inject('databaseUrl'), 1);
    const org = await createOrg(database.db, 'supplier', { name: supplierName, sizeClass: 'small' });
    supplierLogin = (await createUser(database.db, org.id, ['supplier'])).username;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  const openContext = () => ui.openContext(browser, { acceptDownloads: true });
  const login = (page: Page, username: string, home: string, password?: string) => ui.login(page, server.url, username, home, password);
  const screenshot = (page: Page, name: string, fullPage = true) => ui.screenshot(page, `catalogue-${name}`, fullPage);
  const totalShown = async (page: Page) => totalOf(await page.getByTestId('search-total').innerText());

  it('public: search 笔记本 from the home page, highlights and badges, a facet count is the result count, 390 px with the filter drawer', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await page.goto(`${server.url}/`);
      // The category navigation opens the category's search.
      await page.getByTestId(`category-link-${laptopCategory}`).click();
      await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('category') === laptopCategory);
      await page.getByTestId('search-hit').first().waitFor();

      await page.goto(`${server.url}/`);
      const box = page.getByLabel('搜索商品、品目或供应商');
      await box.fill('笔记本');
      await box.press('Enter');
      await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === '笔记本');
      const hits = page.getByTestId('search-hit');
      await hits.first().waitFor();
      await settled(page);

      // 笔记本 is a synonym of the category name: every name on the page shows it marked.
      const names = await page.getByTestId('hit-name').allInnerTexts();
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(name).toContain('便携式计算机');
      expect(await hits.first().locator('mark').first().innerText()).toBe('便携式计算机');
      expect(await page.getByTestId('badge-energy_saving').count()).toBeGreaterThan(0);
      expect((await page.getByTestId('badge-small-micro').count()) + (await page.getByTestId('badge-sme').count())).toBeGreaterThan(0);
      const all = await totalShown(page);
      expect(all).toBeGreaterThan(0);
      await screenshot(page, 'search-1280');

      // 小型企业: the count next to the facet is the number of results once it is chosen.
      const facets = page.getByTestId('facets');
      const small = facets.locator('label').filter({ hasText: '小型企业' });
      const expected = countOf(await small.innerText());
      expect(expected).toBeGreaterThan(0);
      expect(expected).toBeLessThanOrEqual(all);
      await small.click();
      await page.waitForURL((url) => url.searchParams.getAll('size').join() === 'small');
      await expect.poll(() => totalShown(page), { timeout: 15_000 }).toBe(expected);
      await settled(page);
      // Each product now shows its cheapest small enterprise's offer, which carries the 小微企业 badge (the
      // count may equal the unfiltered one, so wait for the filtered page itself).
      await expect
        .poll(async () => (await hits.count()) === (await page.getByTestId('badge-small-micro').count()), { timeout: 15_000 })
        .toBe(true);
      await page.getByTestId('active-filters').getByText('小型企业').waitFor();
      await screenshot(page, 'search-small-1280');

      // A brand on top: again the facet's count is the result count.
      const brandLabel = facets.locator('label').filter({ hasText: '联想' });
      const lenovo = countOf(await brandLabel.innerText());
      await brandLabel.click();
      await page.waitForURL((url) => url.searchParams.getAll('brand').join() === '联想');
      await expect.poll(() => totalShown(page), { timeout: 15_000 }).toBe(lenovo);
      for (const name of await page.getByTestId('hit-name').allInnerTexts()) expect(name).toMatch(/^联想/);

      // At 390 px the facets move into a drawer.
      await page.setViewportSize(phone);
      await settled(page);
      await expect.poll(() => facets.count(), { timeout: 15_000 }).toBe(0);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'search-390');
      await page.getByTestId('open-filters').click();
      const drawer = page.locator('.ant-drawer').filter({ hasText: '企业规模' });
      await drawer.getByText('价格区间').waitFor();
      await screenshot(page, 'search-filters-390', false);
      await drawer.getByRole('button', { name: label('清除筛选条件') }).click();
      await page.waitForURL((url) => !url.searchParams.has('size') && !url.searchParams.has('brand'));
      await expect.poll(() => totalShown(page), { timeout: 15_000 }).toBe(all);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('public: a product page compares at least three suppliers, cheapest first, in Chinese and in English', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await page.goto(`${server.url}/search?q=${encodeURIComponent('ThinkPad E14')}&category=${laptopCategory}`);
      await page.getByTestId('hit-name').filter({ hasText: laptopName }).first().click();
      await page.waitForURL((url) => url.pathname.startsWith('/products/'));
      await page.getByTestId('product-name').filter({ hasText: laptopName }).waitFor();
      const offers = page.getByTestId('offers').locator('tbody tr.ant-table-row');
      await offers.first().waitFor();
      expect(await offers.count()).toBeGreaterThanOrEqual(3);
      // Cheapest first, the lowest marked.
      const prices = (await offers.locator('td:nth-child(2)').allInnerTexts()).map((text) =>
        Number(/¥([\d,]+\.\d{2})/.exec(text)?.[1]?.replaceAll(',', '')),
      );
      expect(prices.every((p) => Number.isFinite(p))).toBe(true);
      expect([...prices].sort((a, b) => a - b)).toEqual(prices);
      expect(await offers.first().getByTestId('lowest-price').count()).toBe(1);
      await page.getByText('强制采购', { exact: true }).first().waitFor();
      await page.getByTestId('allocation-cap').getByText('¥7,000.00').waitFor();
      await page.getByTestId('spec-table').getByText('处理器').waitFor();
      // Each supplier links to its credit lookup.
      const firstSupplier = offers.first().locator('td').first().locator('a');
      expect(await firstSupplier.getAttribute('href')).toMatch(/^\/credit\?q=/);
      await settled(page);
      await screenshot(page, 'product-zh-CN-1280');

      await page.getByRole('button', { name: 'English' }).click();
      await page.getByText(/^Supplier offers compared \(\d+\)$/).waitFor();
      await page.getByRole('columnheader', { name: 'Credit score' }).waitFor();
      await page.getByTestId('spec-table').getByText('CPU', { exact: true }).waitFor();
      await page.getByText('Mandatory green procurement', { exact: false }).waitFor();
      expect(await offers.count()).toBeGreaterThanOrEqual(3);
      await settled(page);
      await screenshot(page, 'product-en-1280');
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'product-en-390');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('center admits a new supplier to 便携式计算机 with a price cap, then lowers the cap with a reason', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, 'center', '/center');
      await page.getByRole('menuitem', { name: /框架协议$/ }).click();
      await page.waitForURL((url) => url.pathname === '/center/agreements');
      await page.getByRole('button', { name: '新建协议' }).click();
      const modal = page.locator('.ant-modal').filter({ hasText: '新建框架协议' });
      await modal.waitFor();
      await modal.locator('#code').fill(agreementCode);
      await modal.locator('#title').fill(`E2E 便携式计算机协议供货（${supplierName}）`);
      await ui.pickSupplier(page, modal, supplierName);
      await modal.locator('#categoryCodes').click();
      await page.keyboard.type(laptopCategory);
      await page
        .locator('.ant-select-tree-node-content-wrapper:visible')
        .filter({ hasText: `${laptopCategory} 便携式计算机` })
        .first()
        .click();
      await modal.locator('#priceCap').fill('7000');
      // A discount must be a decimal between 0 and 1: said on the spot.
      await modal.locator('#minDiscount').fill('5%');
      await modal.getByText('折扣率为 0 到 1 之间的小数，最多 4 位，如 0.05').waitFor();
      await modal.locator('#minDiscount').fill('');
      const created = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/agreements' && r.request().method() === 'POST');
      await modal.getByRole('button', { name: '创建协议' }).click();
      expect((await created).status()).toBe(201);
      const drawer = page.locator('.ant-drawer').filter({ hasText: agreementCode });
      await drawer.getByText('限价 ¥7,000.00').waitFor();
      await drawer.getByText('没有变更记录').waitFor();
      await quiet(page);

      await drawer.getByRole('button', { name: label('变更') }).click();
      const amend = page.locator('.ant-modal').filter({ hasText: `变更协议 ${agreementCode}` });
      await amend.locator('#priceCap').fill('6800');
      await amend.locator('#reason').fill('参照市场价格下调限价。');
      await amend.getByRole('button', { name: '提交变更' }).click();
      await amend.waitFor({ state: 'hidden' });
      await drawer.getByText('限价 ¥6,800.00').first().waitFor();
      const history = drawer.getByTestId('amendments');
      await history.getByText('参照市场价格下调限价。').waitFor();
      await history.getByText('¥7,000.00').first().waitFor();
      await settled(page);
      await quiet(page);
      await screenshot(page, 'agreement-1280', false);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('supplier: the listing form checks on the spot, the cap is refused on the price field, a draft is submitted; a bad import row imports nothing', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, supplierLogin, '/supplier', TEST_PASSWORD);
      await page.getByRole('menuitem', { name: /框架协议$/ }).click();
      await page.locator('tbody tr').filter({ hasText: agreementCode }).getByText('限价 ¥6,800.00').waitFor();

      await page.getByRole('menuitem', { name: '我的报价' }).click();
      await page.waitForURL((url) => url.pathname === '/supplier/listings');
      await page.getByText('还没有报价').waitFor();
      await page.getByRole('button', { name: '新增报价' }).click();
      const modal = page.locator('.ant-modal').filter({ hasText: '新增报价' });
      await modal.waitFor();

      // Nothing chosen, nothing typed: each field says what it needs.
      await modal.locator('#stock').fill('');
      await modal.getByRole('button', { name: '保存为草稿' }).click();
      await modal.getByText('请选择标准商品').waitFor();
      await modal.getByText('请输入价格').waitFor();
      await modal.getByText('请输入库存').waitFor();
      await modal.locator('#price').fill('6,299.999');
      await modal.getByText('请输入金额（元），最多两位小数，如 6299.00').waitFor();

      await modal.locator('#productId').click();
      await modal.locator('#productId').fill('ThinkPad E14');
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: laptopName }).first().click();
      // What the product already sells for, before typing a price.
      await modal.getByText('品目参考价').waitFor();
      await modal.locator('#stock').fill('80');
      await modal.getByRole('button', { name: '添加证书' }).click();
      await modal.locator('#certificates_0_number').fill('CQC2026E2E001');
      await modal.locator('#certificates_0_issuer').fill('中国质量认证中心');
      await ui.pickDate(modal.locator('#certificates_0_validUntil'), '2027-12-31');

      // Above the agreement's cap: the server refuses, and says so on the price field.
      await modal.locator('#price').fill('9999.99');
      const refused = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/listings' && r.request().method() === 'POST');
      await modal.getByRole('button', { name: '保存为草稿' }).click();
      expect((await refused).status()).toBe(422);
      await modal.locator('#price_help').getByText(`价格 ¥9,999.99 超过框架协议 ${agreementCode} 的限价 ¥6,800.00`).waitFor();
      await screenshot(page, 'listing-form-1280', false);

      await modal.locator('#price').fill('6299.5');
      const created = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/listings' && r.request().method() === 'POST');
      await modal.getByRole('button', { name: '保存为草稿' }).click();
      const response = await created;
      expect(response.status()).toBe(201);
      expect(((await response.json()) as { priceFen: number }).priceFen).toBe(629_950);
      await modal.waitFor({ state: 'hidden' });

      // The new draft opens in the drawer, ready to submit.
      const drawer = page.locator('.ant-drawer').filter({ hasText: laptopName });
      await drawer.locator('.ant-tag').filter({ hasText: '草稿' }).first().waitFor();
      await drawer.getByText('CQC2026E2E001').first().waitFor();
      await drawer.getByTestId('action-submit').click();
      await drawer.locator('.ant-tag').filter({ hasText: '待审核' }).first().waitFor();
      await drawer.getByTestId('price-history').getByText('¥6,299.50').waitFor();
      await settled(page);
      await quiet(page);
      await screenshot(page, 'listing-drawer-1280', false);
      await page.keyboard.press('Escape');
      await page.locator('tbody tr').filter({ hasText: laptopName }).locator('.ant-tag').filter({ hasText: '待审核' }).waitFor();
      // A product the supplier lists is no longer offered for a new listing (the 409 cannot be reached from here).
      await page.getByRole('button', { name: '新增报价' }).click();
      await modal.waitFor();
      await modal.locator('#productId').click();
      // The picker asks with ?listable=true (the answer may come from the refetch the new draft caused).
      await modal.locator('#productId').fill('ThinkPad E14');
      const dropdown = page.locator('.ant-select-dropdown:visible');
      await expect
        .poll(
          async () =>
            (await dropdown.locator('.ant-select-item-option').count()) + (await dropdown.getByText('没有匹配的标准商品').count()),
        )
        .toBeGreaterThan(0);
      await settled(page);
      expect(await dropdown.locator('.ant-select-item-option').filter({ hasText: laptopName }).count()).toBe(0);
      await modal.locator('.ant-modal-close').click();
      await modal.waitFor({ state: 'hidden' });
      await settled(page);
      await screenshot(page, 'listings-1280');
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'listings-390');
      await page.setViewportSize(desktop);

      // Bulk import: the template, then a file with a row outside the agreement refuses everything.
      await page.goto(`${server.url}/supplier/listings/import`);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: '下载 CSV 模板' }).click();
      const template = await (await download).createReadStream();
      const chunks: Buffer[] = [];
      for await (const chunk of template) chunks.push(chunk as Buffer);
      const lines = Buffer.concat(chunks)
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/);
      expect(lines[0]).toBe('品目代码,品牌,型号,价格(元),库存,配送地区,供货周期(天),证书类型,证书编号,发证机构,有效期至');
      expect(lines).toHaveLength(2);

      const good = [
        laptopCategory,
        '联想',
        importModel,
        '6500.00',
        '20',
        '110000;120000',
        '5',
        '节能产品',
        'CQC2026E2E002',
        '中国质量认证中心',
        '2027-12-31',
      ];
      const outside = ['A02010104', '联想', '启天M455-16G512G', '4300.00', '10', '110000', '3', '', '', '', ''];
      await page
        .locator('input[type="file"]')
        .setInputFiles({ name: 'bad-listings.csv', mimeType: 'text/csv', buffer: csv([good, outside]) });
      const errors = page.getByTestId('import-errors');
      await errors.getByText('整个文件未导入，没有生成任何报价。').waitFor();
      await errors.locator('tbody tr').filter({ hasText: '型号' }).filter({ hasText: '实行协议供货' }).first().waitFor();
      expect(await errors.locator('tbody tr.ant-table-row').first().locator('td').first().innerText()).toBe('3');
      await settled(page);
      await screenshot(page, 'import-errors-1280');

      await page.locator('input[type="file"]').setInputFiles({ name: 'good-listings.csv', mimeType: 'text/csv', buffer: csv([good]) });
      await page.getByText('校验通过：导入预览').waitFor();
      await page.getByText('共 1 行，将生成 1 条草稿报价，其中 0 条价格需要人工复核。').waitFor();
      await page.getByRole('button', { name: '确认导入' }).click();
      await page.getByText('导入完成').waitFor();
      await page.getByRole('button', { name: '查看草稿报价' }).click();
      await page.waitForURL((url) => url.pathname === '/supplier/listings' && url.searchParams.get('status') === 'draft');
      await page.locator('tbody tr').filter({ hasText: importModel }).first().waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('center: the review queue shows the submitted listing and approves it; it is then on the public product page', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, 'center', '/center');
      await page.getByRole('menuitem', { name: '报价审核' }).click();
      await page.waitForURL((url) => url.pathname === '/center/listings/review');
      await page.getByPlaceholder('按商品、品牌、型号或供应商搜索').fill(supplierName);
      await page.getByPlaceholder('按商品、品牌、型号或供应商搜索').press('Enter');
      const row = page.locator('tbody tr').filter({ hasText: supplierName }).filter({ hasText: laptopName });
      await row.getByText('¥6,299.50').waitFor();
      await settled(page);
      await screenshot(page, 'review-1280');

      const approved = expectResponse(page, (r) => /\/api\/listings\/[^/]+\/approve$/.test(new URL(r.url()).pathname));
      await row.getByTestId('action-approve').click();
      await ui.confirmPopover(page, '通过');
      expect((await approved).status()).toBe(200);
      await page.getByText('没有待审核的报价').waitFor();

      // On the shelf: the product page now compares this supplier's offer too.
      await page.goto(`${server.url}/center/listings?q=${encodeURIComponent(supplierName)}`);
      const listed = page.locator('tbody tr').filter({ hasText: laptopName });
      await listed.locator('.ant-tag').filter({ hasText: '已上架' }).waitFor();
      await listed.getByTestId('listing-open').click();
      const drawer = page.locator('.ant-drawer').filter({ hasText: laptopName });
      await drawer.getByRole('link', { name: /查看商品页/ }).waitFor();
      const href = await drawer.getByRole('link', { name: /查看商品页/ }).getAttribute('href');
      expect(href).toMatch(/^\/products\//);
      await page.goto(`${server.url}${href}`);
      const offer = page.getByTestId('offers').locator('tbody tr').filter({ hasText: supplierName });
      await offer.getByText('¥6,299.50').waitFor();
      await offer.getByText('小微企业').waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('center: a new standard product gets the spec fields of its category, a spec the server misses shows on its field, then an image', async () => {
    const { context, page, pageErrors } = await openContext();
    const model = `E2E-${marker}`;
    const name = `测试品牌 ${model} 便携式计算机`;
    try {
      await login(page, 'center', '/center');
      await page.getByRole('menuitem', { name: '标准商品' }).click();
      await page.waitForURL((url) => url.pathname === '/center/products');
      // An existing laptop: the category's spec labels and units, filled with the product's specs.
      await page.getByPlaceholder('按名称、品牌或型号搜索').fill('ThinkPad E14');
      await page.getByPlaceholder('按名称、品牌或型号搜索').press('Enter');
      await page
        .locator('tbody tr')
        .filter({ hasText: laptopName })
        .getByRole('button', { name: label('编辑') })
        .click();
      const edit = page.locator('.ant-drawer').filter({ hasText: `编辑：${laptopName}` });
      await edit.getByText('屏幕尺寸', { exact: true }).waitFor();
      await expect.poll(() => edit.locator('#specs_memoryGb').inputValue(), { timeout: 15_000 }).toBe('16');
      await settled(page);
      await screenshot(page, 'product-edit-1280', false);
      await edit.getByRole('button', { name: '关 闭' }).click();
      await edit.waitFor({ state: 'hidden' });

      await page.getByRole('button', { name: '新增商品' }).click();
      const drawer = page.locator('.ant-drawer').filter({ hasText: '新增标准商品' });
      await drawer.getByText('请先选择品目，规格参数随品目而定。').waitFor();
      await drawer.locator('#categoryCode').click();
      await page.keyboard.type(laptopCategory);
      await page
        .locator('.ant-select-tree-node-content-wrapper:visible')
        .filter({ hasText: `${laptopCategory} 便携式计算机` })
        .first()
        .click();
      await drawer.getByText('处理器', { exact: true }).waitFor();
      await drawer.locator('#brand').fill('测试品牌');
      await drawer.locator('#model').fill(model);
      await drawer.locator('#name').fill(name);
      await drawer.locator('#specs_cpu').fill('飞腾 D3000');
      await drawer.locator('#specs_memoryGb').fill('16');
      await drawer.locator('#specs_storageGb').fill('512');
      await drawer.locator('#specs_os').fill('统信UOS');
      // The screen size is left out: the server names it, and the form shows it on that field.
      const refused = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/products' && r.request().method() === 'POST');
      await drawer.getByRole('button', { name: '创建商品' }).click();
      expect((await refused).status()).toBe(422);
      await drawer.locator('#specs_screenInch_help').getByText('请填写屏幕尺寸').waitFor();
      await drawer.locator('#specs_screenInch').fill('14');
      const created = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/products' && r.request().method() === 'POST');
      await drawer.getByRole('button', { name: '创建商品' }).click();
      const response = await created;
      expect(response.status()).toBe(201);
      const product = (await response.json()) as { id: string; specs: Record<string, unknown> };
      expect(product.specs).toEqual({ cpu: '飞腾 D3000', memoryGb: 16, storageGb: 512, os: '统信UOS', screenInch: 14 });

      // Images once it exists: not an image is refused in the browser, a PNG is uploaded.
      const editing = page.locator('.ant-drawer').filter({ hasText: `编辑：${name}` });
      await editing.getByText('暂无图片').waitFor();
      const fileInput = editing.locator('input[type="file"]');
      await fileInput.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
      await page.getByText('只能上传 PNG 或 JPEG 图片').waitFor();
      await fileInput.setInputFiles({ name: 'front.png', mimeType: 'image/png', buffer: onePixelPng });
      await editing.locator('.ant-image img').first().waitFor();
      await settled(page);
      await screenshot(page, 'product-create-1280', false);

      // The public page shows it, with its specs and image, and no offer yet.
      await page.goto(`${server.url}/products/${product.id}`);
      await page.getByTestId('product-name').filter({ hasText: name }).waitFor();
      await page.getByTestId('spec-table').getByText('飞腾 D3000').waitFor();
      await page.getByText('暂无在售报价').waitFor();
      await page.locator('.ant-image img').first().waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
