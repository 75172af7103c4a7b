// The public property warehouse (公物仓) and disposal auctions, driven in Chromium against the real API
// serving the built storefront, with the job workers running: a unit registers a surplus asset in the
// form (a net value above the original is refused on its field), adds a photo and offers it; another
// unit asks for a warehouse asset and center staff grant it; center staff list a lot in the form
// (times in Beijing time) and relist a failed one (the policy's discount refused on the start price);
// then the live lot: two bidders and an anonymous watcher on the same page, a bid in one showing in
// the others within a second (measured), a bid under the minimum refused on the field — on the spot,
// and by the server when another bid got in first — a bid in the last minutes extending the end in
// every page, and the close showing 成交 with the reserve met, without a reload.
// The database is shared with the other test files of the run: every unit, supplier, user, asset and
// lot is made here, and no count is assumed that this file did not make.
import { randomInt } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assets, auctionLots } from '../../server/db/schema/index.ts';
import { passLotDeadline } from '../helpers/procurement.ts';
import type { TestContext } from '../helpers/context.ts';
import { startBrowserContext } from '../helpers/server.ts';
import { createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';
import * as ui from './browser.ts';
import { chromiumSuite, expectNoHorizontalOverflow, label, launchBrowser, phone, settled, expectResponse } from './browser.ts';

const { suite, title } = chromiumSuite('warehouse and auctions');

/** A moment in Beijing wall-clock time, as the pickers and the pages show it: "2026-11-30 14:00". */
function beijingMinute(date: Date | string): string {
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
      .formatToParts(new Date(date))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

const yuan = (fen: number) => `¥${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A small PNG with a colour gradient, so a photo is visible in the screenshots. */
async function gradientPng(width: number, height: number, tint: [number, number, number]): Promise<Buffer> {
  const { deflateSync } = await import('node:zlib');
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const f = (x + y) / (width + height);
      raw[row + 1 + x * 3] = Math.round(tint[0] * (0.4 + 0.6 * f));
      raw[row + 2 + x * 3] = Math.round(tint[1] * (0.4 + 0.6 * f));
      raw[row + 3 + x * 3] = Math.round(tint[2] * (0.4 + 0.6 * f));
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Toasts gone, so screenshots show the page. */
async function quiet(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
}

/** Types a Beijing date and time into an antd date-time picker (#id) and commits it with its OK button. */
async function pickTime(page: Page, id: string, value: string): Promise<void> {
  const input = page.locator(`#${id}`);
  await input.click();
  await input.fill(value);
  await page.locator('.ant-picker-dropdown:visible .ant-picker-ok button').click();
  await expect.poll(() => input.inputValue()).toBe(value);
  // The panel closes with an animation: the next picker's panel must be the only one open.
  await expect.poll(() => page.locator('.ant-picker-dropdown:visible').count()).toBe(0);
}

interface ApiAnswer {
  status: number;
  body: Record<string, unknown> & { id?: string };
}

suite(title, () => {
  let browser: Browser;
  let ctx: TestContext;
  let url = '';
  const marker = randomInt(100_000, 999_999);
  const token = `拍${marker}`;
  const users = { owner: '', taker: '', center: '', bidderA: '', bidderB: '', bidderC: '' };
  let photo: Buffer;

  beforeAll(async () => {
    // The test server of the other browser files, plus the job workers: the closing job must run here.
    const started = await startBrowserContext();
    ctx = started.ctx;
    url = started.url;
    await started.startWorkers();
    browser = await launchBrowser();
    photo = await gradientPng(320, 240, [40, 110, 200]);

    const db = ctx.database.db;
    const owner = await createOrg(db, 'purchasing_unit', { name: `测试闲置资产单位${marker}` });
    users.owner = (await createUser(db, owner.id, ['purchaser'], { displayName: '王资产' })).username;
    const taker = await createOrg(db, 'purchasing_unit', { name: `测试调剂申请单位${marker}` });
    users.taker = (await createUser(db, taker.id, ['purchaser'])).username;
    const center = await createOrg(db, 'procurement_center', { name: `测试集中采购中心${marker}` });
    users.center = (await createUser(db, center.id, ['center_staff'])).username;
    for (const key of ['bidderA', 'bidderB', 'bidderC'] as const) {
      const org = await createOrg(db, 'supplier', { name: `测试竞买${key.slice(-1)}${marker}回收有限公司`, sizeClass: 'small' });
      users[key] = (await createUser(db, org.id, ['supplier'])).username;
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  const openContext = () => ui.openContext(browser);
  const login = (page: Page, username: string, home: string) => ui.login(page, url, username, home, TEST_PASSWORD);
  const screenshot = async (page: Page, name: string, fullPage = true) => {
    if (fullPage) await page.evaluate('window.scrollTo(0, 0)');
    await ui.screenshot(page, `auctions-${name}`, fullPage);
  };

  /** A user's API session, calling as the storefront does (cookie and CSRF header). */
  async function apiAs(username: string) {
    const { status, cookie, csrfToken } = await ui.loginOverHttp(url, username, TEST_PASSWORD);
    expect(status).toBe(200);
    const answer = async (r: Response): Promise<ApiAnswer> => ({ status: r.status, body: (await r.json()) as ApiAnswer['body'] });
    return {
      post: (path: string, body: unknown = {}) =>
        fetch(`${url}${path}`, {
          method: 'POST',
          headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then(answer),
      get: (path: string) => fetch(`${url}${path}`, { headers: { cookie } }).then(answer),
      upload: (path: string, file: Buffer) => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(file)], { type: 'image/png' }), 'photo.png');
        return fetch(`${url}${path}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, body: form }).then(answer);
      },
    };
  }

  /** 登记到账 by center staff for every pending registration of the lot: the bank receipt of its deposit. */
  async function recordDeposits(lotId: string) {
    const center = await apiAs(users.center);
    const regs = (await center.get(`/api/auctions/${lotId}/registrations`)).body as unknown as {
      id: string;
      depositFen: number;
      depositStatus: string;
    }[];
    for (const r of regs.filter((x) => x.depositStatus === 'pending')) {
      const paid = await center.post(`/api/auctions/registrations/${r.id}/deposit`, {
        amountFen: r.depositFen,
        bankRef: `YH-${r.id.slice(0, 8)}`,
        receivedAt: new Date(Date.now() - 5000).toISOString(),
      });
      expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    }
  }

  /** A surplus asset of the owner unit, with a photo, offered in the warehouse (its window still open unless told). */
  async function offeredAsset(name: string, windowOver: boolean) {
    const owner = await apiAs(users.owner);
    const asset = await owner.post('/api/assets', {
      categoryCode: 'A02010104',
      name,
      description: '联想 启天 M437，2019 年购置，运行正常，配套键盘鼠标',
      quantity: 20,
      originalValueFen: 10_000_000,
      netValueFen: 2_000_000,
      acquiredOn: '2019-06-01',
      condition: 'good',
      location: '北京市海淀区中关村南大街 5 号 B1 库房',
    });
    expect(asset.status, JSON.stringify(asset.body)).toBe(201);
    const id = asset.body.id!;
    expect((await owner.upload(`/api/assets/${id}/photos`, photo)).status).toBe(201);
    expect((await owner.post(`/api/assets/${id}/offer`)).status).toBe(200);
    if (windowOver)
      await ctx.database.db
        .update(assets)
        .set({ offeredUntil: sql`now() - interval '1 second'` })
        .where(eq(assets.id, id));
    return { id, name };
  }

  /** A live lot (started a minute ago, ending in an hour) for an asset nobody took. */
  async function liveLot(assetName: string, prices: { start: number; reserve: number; increment: number; deposit: number }) {
    const asset = await offeredAsset(assetName, true);
    const center = await apiAs(users.center);
    const lot = await center.post('/api/auctions', {
      assetId: asset.id,
      title: `${assetName} 整批拍卖`,
      description: '整批 20 台，按现状拍卖，不拆分。',
      viewingInfo: '工作日 9:00–17:00 于存放地点看样，联系人王老师 010-6275 0000',
      appraisalFen: 2_000_000,
      startPriceFen: prices.start,
      reservePriceFen: prices.reserve,
      incrementFen: prices.increment,
      depositFen: prices.deposit,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(lot.status, JSON.stringify(lot.body)).toBe(201);
    return lot.body as { id: string; lotNo: string; title: string; startPriceFen: number };
  }

  it('unit: registers a surplus asset (a net value above the original refused on its field), adds a photo, offers it to the warehouse', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, users.owner, '/purchaser');
      await page.getByRole('menuitem', { name: '闲置资产' }).click();
      await page.waitForURL((u) => u.pathname === '/purchaser/assets');
      await page.getByTestId('register-asset').click();
      const modal = page.locator('.ant-modal').filter({ hasText: '登记闲置资产' });
      await modal.waitFor();
      await modal.locator('#categoryCode').click();
      await page.keyboard.type('A02010104');
      await page.locator('.ant-select-tree-node-content-wrapper:visible').filter({ hasText: 'A02010104' }).first().click();
      await modal.locator('#name').fill(`${token} 激光打印机（闲置）`);
      await modal.locator('#description').fill('惠普 M403dn，2018 年购置，硒鼓已更换');
      await modal.locator('#quantity').fill('3');
      await modal.locator('#originalValue').fill('9000');
      // Worth more now than it cost: the server refuses it, on the net value field.
      await modal.locator('#netValue').fill('12000');
      await modal.locator('#acquiredOn').click();
      await modal.locator('#acquiredOn').fill('2018-09-15');
      await modal.locator('#acquiredOn').press('Enter');
      await modal.locator('#location').fill('北京市海淀区中关村南大街 5 号 3 层库房');
      const refused = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/assets' && r.request().method() === 'POST');
      await modal.getByRole('button', { name: label('登记') }).click();
      expect((await refused).status()).toBe(422);
      const netItem = modal.locator('.ant-form-item').filter({ has: page.locator('#netValue') });
      await netItem.locator('.ant-form-item-explain-error').filter({ hasText: '净值不能高于原值' }).waitFor();
      await screenshot(page, 'register-error-1280', false);

      await modal.locator('#netValue').fill('1800');
      const created = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/assets' && r.request().method() === 'POST');
      await modal.getByRole('button', { name: label('登记') }).click();
      expect((await created).status()).toBe(201);
      const drawer = page.getByTestId('asset-drawer');
      await drawer.getByTestId('asset-status').filter({ hasText: '已登记' }).first().waitFor();

      const uploaded = expectResponse(page, (r) => /\/api\/assets\/[^/]+\/photos$/.test(new URL(r.url()).pathname));
      await drawer.locator('input[type="file"]').setInputFiles({ name: 'printer.png', mimeType: 'image/png', buffer: photo });
      expect((await uploaded).status()).toBe(201);
      await drawer.getByTestId('asset-photos').locator('img').first().waitFor();

      await drawer.getByTestId('offer-asset').click();
      await ui.confirmPopover(page, '放入公物仓');
      await drawer.getByTestId('asset-status').filter({ hasText: '公物仓调剂中' }).first().waitFor();
      const history = drawer.getByTestId('asset-history');
      await history.getByText('放入公物仓', { exact: true }).waitFor();
      await history.getByText('登记', { exact: true }).waitFor();
      await quiet(page);
      await settled(page);
      await screenshot(page, 'asset-drawer-1280', false);

      await page.keyboard.press('Escape');
      const row = page.getByTestId('assets-table').locator('tbody tr.ant-table-row').filter({ hasText: token });
      await row.getByText('公物仓调剂中').waitFor();
      await row.getByText('¥9,000.00').waitFor();
      await settled(page);
      await screenshot(page, 'assets-1280');
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'assets-390');
      // The public header of a logged-in purchaser (cart, workbench) still fits with the auction hall link.
      await page.goto(`${url}/auctions`);
      await page.getByRole('heading', { name: '拍卖大厅' }).waitFor();
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'hall-purchaser-390', false);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('another unit asks for a warehouse asset; center staff grant it and it moves with its history', async () => {
    const asset = await offeredAsset(`${token} 会议桌（闲置）`, false);
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, users.taker, '/purchaser');
      await page.getByRole('menuitem', { name: '公物仓' }).click();
      await page.waitForURL((u) => u.pathname === '/purchaser/warehouse');
      await page.getByPlaceholder('按资产名称或编号搜索').fill(asset.name);
      await page.getByPlaceholder('按资产名称或编号搜索').press('Enter');
      const row = page.getByTestId('warehouse-table').locator('tbody tr.ant-table-row').filter({ hasText: asset.name });
      await row.waitFor();
      await row.getByTestId('request-asset').click();
      const modal = page.locator('.ant-modal').filter({ hasText: '申请调剂' });
      await modal.locator('#reason').fill('新设信访接待室，需会议桌');
      await modal.getByRole('button', { name: label('提交申请') }).click();
      await modal.waitFor({ state: 'hidden' });
      await row.getByTestId('request-status').filter({ hasText: '待审核' }).waitFor();
      await quiet(page);
      await settled(page);
      await screenshot(page, 'warehouse-1280');
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'warehouse-390');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }

    const center = await openContext();
    try {
      await login(center.page, users.center, '/center');
      await center.page.getByRole('menuitem', { name: '调剂审核' }).click();
      const group = center.page.getByTestId('request-group').filter({ hasText: asset.name });
      await group.getByText('新设信访接待室，需会议桌').waitFor();
      await settled(center.page);
      await screenshot(center.page, 'reallocation-1280');
      await group.getByTestId('grant-request').click();
      const modal = center.page.locator('.ant-modal').filter({ hasText: '同意调剂' });
      await modal.locator('#reason').fill('用途明确，同意调剂');
      await modal.getByRole('button', { name: label('同意调剂') }).click();
      await modal.waitFor({ state: 'hidden' });
      await group.waitFor({ state: 'detached' });
      expect(center.pageErrors).toEqual([]);
    } finally {
      await center.context.close();
    }

    const taker = await openContext();
    try {
      await login(taker.page, users.taker, '/purchaser');
      await taker.page.goto(`${url}/purchaser/assets?q=${encodeURIComponent(asset.name)}`);
      const row = taker.page.getByTestId('assets-table').locator('tbody tr.ant-table-row').filter({ hasText: asset.name });
      await row.getByText('已调剂').waitFor();
      await row.getByTestId('asset-open').click();
      const history = taker.page.getByTestId('asset-history');
      await history.getByText(/由测试闲置资产单位\d+调剂至测试调剂申请单位\d+/).waitFor();
      expect(taker.pageErrors).toEqual([]);
    } finally {
      await taker.context.close();
    }
  }, 90_000);

  it('center staff list a lot in the form (Beijing times) and relist a failed one: the policy discount refused on the start price', async () => {
    const asset = await offeredAsset(`${token} 复印机（闲置）`, true);
    const failed = await liveLot(`${token} 空调（闲置）`, { start: 500_000, reserve: 600_000, increment: 10_000, deposit: 50_000 });
    await ctx.database.db
      .update(auctionLots)
      .set({ status: 'failed', closedAt: sql`now()`, resultNote: '无人出价，流拍', version: sql`${auctionLots.version} + 1` })
      .where(eq(auctionLots.id, failed.id));
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, users.center, '/center');
      await page.getByRole('menuitem', { name: '拍卖管理' }).click();
      await page.waitForURL((u) => u.pathname === '/center/auctions');
      await page.getByTestId('create-lot').click();
      const modal = page.locator('.ant-modal').filter({ hasText: '新建拍卖标的' });
      await modal.locator('#assetId').click();
      await page.keyboard.type(asset.name);
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: asset.name }).first().click();
      // The asset fills the title, description, viewing and appraisal.
      await expect.poll(() => modal.locator('#title').inputValue()).toContain(asset.name);
      expect(await modal.locator('#appraisal').inputValue()).toBe('20000.00');
      await modal.locator('#startPrice').fill('8000');
      await modal.locator('#reservePrice').fill('9000');
      await modal.locator('#increment').fill('200');
      await modal.locator('#deposit').fill('1000');
      const startsAt = beijingMinute(new Date(Date.now() - 60_000));
      const endsAt = beijingMinute(new Date(Date.now() + 2 * 3_600_000));
      await pickTime(page, 'startsAt', startsAt);
      await pickTime(page, 'endsAt', endsAt);
      await modal.locator('#extensionWindowMinutes').fill('3');
      await modal.locator('#extensionMinutes').fill('3');
      await screenshot(page, 'create-lot-1280', false);
      const created = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/auctions' && r.request().method() === 'POST');
      await modal.getByRole('button', { name: label('挂牌') }).click();
      const answer = await created;
      expect(answer.status()).toBe(201);
      const lot = (await answer.json()) as {
        lotNo: string;
        startsAt: string;
        endsAt: string;
        reservePriceFen: number;
        extensionMinutes: number;
      };
      // Typed as Beijing wall-clock time, stored as that instant.
      expect(beijingMinute(lot.startsAt)).toBe(startsAt);
      expect(beijingMinute(lot.endsAt)).toBe(endsAt);
      expect(lot).toMatchObject({ reservePriceFen: 900_000, extensionMinutes: 3 });
      const row = page.getByTestId('lots-table').locator('tbody tr.ant-table-row').filter({ hasText: lot.lotNo });
      await row.getByText('¥9,000.00').waitFor();
      await row.getByTestId('lot-state').filter({ hasText: '竞价中' }).waitFor();

      // Relist the failed lot: more than 20% below the last start is refused on the start price field.
      await page.goto(`${url}/center/auctions?q=${encodeURIComponent(failed.lotNo)}`);
      const failedRow = page.getByTestId('lots-table').locator('tbody tr.ant-table-row').filter({ hasText: failed.lotNo });
      await failedRow.getByTestId('lot-state').filter({ hasText: '流拍' }).waitFor();
      await quiet(page);
      await settled(page);
      await screenshot(page, 'manage-1280');
      await failedRow.getByTestId('relist-lot').click();
      const relist = page.locator('.ant-modal').filter({ hasText: `重新挂牌 ${failed.lotNo}` });
      await relist.locator('#startPrice').fill('3500');
      const refused = expectResponse(page, (r) => new URL(r.url()).pathname === `/api/auctions/${failed.id}/relist`);
      await relist.getByRole('button', { name: label('重新挂牌') }).click();
      expect((await refused).status()).toBe(422);
      const startItem = relist.locator('.ant-form-item').filter({ has: page.locator('#startPrice') });
      await startItem.locator('.ant-form-item-explain-error').filter({ hasText: '不得低于 ¥4,000.00' }).waitFor();
      await screenshot(page, 'relist-error-1280', false);
      await relist.locator('#startPrice').fill('4000');
      const relisted = expectResponse(page, (r) => new URL(r.url()).pathname === `/api/auctions/${failed.id}/relist`);
      await relist.getByRole('button', { name: label('重新挂牌') }).click();
      expect((await relisted).status()).toBe(201);
      await relist.waitFor({ state: 'hidden' });
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'manage-390');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('live lot: a bid in one page shows in the others within a second; under the minimum refused; a late bid extends the end everywhere; the close shows 成交', async () => {
    const lot = await liveLot(`${token} 台式计算机（闲置）`, { start: 1_000_000, reserve: 1_080_000, increment: 50_000, deposit: 100_000 });
    const db = ctx.database.db;
    // Bidders B and C register through the API; A registers in the page.
    const b = await apiAs(users.bidderB);
    const c = await apiAs(users.bidderC);
    expect((await b.post(`/api/auctions/${lot.id}/register`, { depositRef: 'BJ2026-BZJ-000201' })).status).toBe(201);
    expect((await c.post(`/api/auctions/${lot.id}/register`, { depositRef: 'BJ2026-BZJ-000301' })).status).toBe(201);
    await recordDeposits(lot.id);

    const A = await openContext();
    const B = await openContext();
    const W = await openContext();
    const lotPath = `/auctions/${lot.id}`;
    const price = (page: Page) => page.getByTestId('price-panel').getByTestId('current-price');
    const live = (page: Page) => page.locator('[data-testid="live-status"][data-state="live"]').waitFor();
    try {
      await W.page.setViewportSize(phone);
      await W.page.goto(`${url}${lotPath}`);
      await login(A.page, users.bidderA, '/supplier');
      await A.page.goto(`${url}${lotPath}`);
      await login(B.page, users.bidderB, '/supplier');
      await B.page.goto(`${url}${lotPath}`);
      await Promise.all([live(A.page), live(B.page), live(W.page)]);
      await W.page.getByTestId('has-reserve').waitFor();

      // A registers with its deposit reference and gets its bidder code.
      await A.page.getByTestId('deposit-ref').fill('BJ2026-BZJ-000101');
      await A.page.getByTestId('register-submit').click();
      const code = A.page.getByTestId('bidder-code');
      await code.waitFor();
      const codeA = (await code.innerText()).trim();
      expect(codeA).toMatch(/^[A-Z2-9]{4}$/);
      // No bid until the center records the deposit's bank receipt (登记到账).
      await A.page.getByTestId('deposit-pending').waitFor();
      await recordDeposits(lot.id);
      await A.page.reload();
      await live(A.page);
      await A.page.getByTestId('deposit-status').filter({ hasText: '已到账' }).waitFor();

      // A bids the start price through the bid box; B and the anonymous watcher see it without a reload,
      // pushed by the lot's live stream: while the stream is live the page does not poll, so the update can
      // only have come through it. The test waits on that state, not on a wall clock (a loaded CI machine
      // can take longer than a second); the latency is printed, and the auction benchmark measures it.
      await A.page.getByTestId('quick-1').click();
      expect(await A.page.getByTestId('bid-amount').inputValue()).toBe('10000.00');
      await A.page.getByTestId('bid-submit').click();
      const confirm = A.page.locator('.ant-modal-confirm').filter({ hasText: '确认出价' });
      await confirm.getByTestId('confirm-amount').filter({ hasText: '¥10,000.00' }).waitFor();
      const placed = expectResponse(A.page, (r) => new URL(r.url()).pathname === `/api/auctions/${lot.id}/bids`);
      await confirm.getByRole('button', { name: label('确认出价') }).click();
      const bidAnswer = await placed;
      const answeredAt = Date.now();
      expect(bidAnswer.status()).toBe(201);
      const shows = (amount: string) =>
        `document.querySelector('[data-testid="price-panel"] [data-testid="current-price"]')?.textContent === '${amount}'`;
      await Promise.all([
        B.page.waitForFunction(shows('¥10,000.00'), undefined, { timeout: 15_000, polling: 'raf' }),
        W.page.waitForFunction(shows('¥10,000.00'), undefined, { timeout: 15_000, polling: 'raf' }),
      ]);
      console.log(`live update: the bid showed in the other pages ${Date.now() - answeredAt} ms after the bid's answer`);
      await Promise.all([live(B.page), live(W.page)]);
      for (const page of [B.page, W.page]) {
        const first = page.getByTestId('bid-history').locator('tbody tr.ant-table-row').first();
        await first.getByText(codeA).waitFor();
        await first.getByText('¥10,000.00').waitFor();
      }
      await A.page.getByTestId('bid-leading').waitFor();
      expect(await B.page.getByTestId('next-minimum').innerText()).toBe('¥10,500.00');

      // B: under the minimum is said on the field at once.
      const amountItem = (page: Page) => page.locator('.ant-form-item').filter({ has: page.getByTestId('bid-amount') });
      await B.page.getByTestId('bid-amount').fill('10200');
      await amountItem(B.page).locator('.ant-form-item-explain-error').filter({ hasText: '出价须不低于 ¥10,500.00' }).waitFor();
      // B confirms ¥10,500 just after C bid the same through the API: the server refuses it on the field.
      await B.page.getByTestId('quick-1').click();
      await B.page.getByTestId('bid-submit').click();
      const confirmB = B.page.locator('.ant-modal-confirm').filter({ hasText: '确认出价' });
      await confirmB.getByTestId('confirm-amount').filter({ hasText: '¥10,500.00' }).waitFor();
      expect((await c.post(`/api/auctions/${lot.id}/bids`, { amountFen: 1_050_000 })).status).toBe(201);
      const late = expectResponse(B.page, (r) => new URL(r.url()).pathname === `/api/auctions/${lot.id}/bids`);
      await confirmB.getByRole('button', { name: label('确认出价') }).click();
      expect((await late).status()).toBe(422);
      await amountItem(B.page).locator('.ant-form-item-explain-error').filter({ hasText: '当前价 ¥10,500.00' }).waitFor();
      await price(B.page).filter({ hasText: '¥10,500.00' }).waitFor();
      await quiet(B.page);
      await screenshot(B.page, 'bid-refused-1280', false);

      // The last minutes: the end two minutes away (each page hears it), then B's bid moves it.
      const [moved] = await db
        .update(auctionLots)
        .set({ endsAt: sql`now() + interval '2 minutes'`, version: sql`${auctionLots.version} + 1` })
        .where(eq(auctionLots.id, lot.id))
        .returning({ endsAt: auctionLots.endsAt });
      for (const page of [A.page, B.page, W.page])
        await page
          .getByTestId('lot-ends-at')
          .filter({ hasText: beijingMinute(moved!.endsAt) })
          .waitFor();
      await B.page.getByTestId('quick-1').click();
      expect(await B.page.getByTestId('bid-amount').inputValue()).toBe('11000.00');
      await B.page.getByTestId('bid-submit').click();
      await confirmB.getByTestId('confirm-amount').filter({ hasText: '¥11,000.00' }).waitFor();
      const extending = expectResponse(B.page, (r) => new URL(r.url()).pathname === `/api/auctions/${lot.id}/bids`);
      await confirmB.getByRole('button', { name: label('确认出价') }).click();
      const extended = (await (await extending).json()) as { extended: boolean; endsAt: string };
      expect(extended.extended).toBe(true);
      expect(Date.parse(extended.endsAt)).toBeGreaterThan(moved!.endsAt.getTime());
      for (const page of [A.page, B.page, W.page]) {
        await page
          .getByTestId('lot-ends-at')
          .filter({ hasText: beijingMinute(extended.endsAt) })
          .waitFor();
        await page.getByTestId('lot-ends-at').getByTestId('lot-extended').waitFor();
        await page.getByTestId('original-end').waitFor();
        await price(page).filter({ hasText: '¥11,000.00' }).waitFor();
      }
      await B.page.getByTestId('bid-leading').waitFor();
      await quiet(A.page);
      await quiet(B.page);
      await settled(A.page);
      await screenshot(A.page, 'lot-live-1280');
      await expectNoHorizontalOverflow(W.page);
      await screenshot(W.page, 'lot-live-390');
      // The watcher never sees the reserve's value.
      expect(await W.page.locator('body').innerText()).not.toContain(yuan(1_080_000));

      // The end passes: the closing job runs and every page shows the result without a reload.
      await passLotDeadline(ctx, lot.id);
      for (const page of [A.page, B.page, W.page]) {
        await page.getByTestId('lot-result').filter({ hasText: '已成交，成交价 ¥11,000.00' }).waitFor({ timeout: 15_000 });
        await page.getByTestId('reserve-met').filter({ hasText: '最高出价已达到保留价' }).waitFor();
      }
      await W.page.getByTestId('lot-state').filter({ hasText: '已成交待付款' }).waitFor();
      await settled(W.page);
      await screenshot(W.page, 'lot-sold-390');

      // The winner's 我的竞买: its code, the deposit held, won, and the payment deadline.
      await B.page.getByRole('link', { name: label('进入工作台') }).click();
      await B.page.getByRole('menuitem', { name: '我的竞买' }).click();
      await B.page.waitForURL((u) => u.pathname === '/supplier/auctions');
      const mine = B.page.getByTestId('mine-table').locator('tbody tr.ant-table-row').filter({ hasText: lot.lotNo });
      await mine.getByTestId('standing').filter({ hasText: '已竞得' }).waitFor();
      await mine.getByTestId('deposit-status').filter({ hasText: '已到账' }).waitFor();
      await mine.getByText('北京时间').first().waitFor();
      await settled(B.page);
      await screenshot(B.page, 'mine-1280');
      await A.page.goto(`${url}/supplier/auctions`);
      const mineA = A.page.getByTestId('mine-table').locator('tbody tr.ant-table-row').filter({ hasText: lot.lotNo });
      await mineA.getByTestId('mine-code').filter({ hasText: codeA }).waitFor();
      await mineA.getByTestId('deposit-status').filter({ hasText: '已退还' }).waitFor();
      await A.page.setViewportSize(phone);
      await settled(A.page);
      await expectNoHorizontalOverflow(A.page);
      await screenshot(A.page, 'mine-390');

      // The hall lists it with its result.
      await W.page.goto(`${url}/auctions?q=${encodeURIComponent(lot.lotNo)}`);
      const card = W.page.getByTestId('lot-card').filter({ hasText: lot.lotNo });
      await card.getByTestId('lot-state').filter({ hasText: '已成交待付款' }).waitFor();
      await settled(W.page);
      await expectNoHorizontalOverflow(W.page);
      await screenshot(W.page, 'hall-390');
      for (const open of [A, B, W]) expect(open.pageErrors).toEqual([]);
    } finally {
      await Promise.all([A.context.close(), B.context.close(), W.context.close()]);
    }
  }, 120_000);

  it('public: the auction hall at 1280 px, live lots first with their countdowns', async () => {
    await liveLot(`${token} 投影仪（闲置）`, { start: 300_000, reserve: 0, increment: 10_000, deposit: 30_000 });
    const { context, page, pageErrors } = await openContext();
    try {
      await page.goto(`${url}/`);
      await page.getByRole('link', { name: label('拍卖大厅') }).click();
      await page.waitForURL((u) => u.pathname === '/auctions');
      await page.getByTestId('lot-card').first().waitFor();
      await page.getByTestId('phase-filter').getByText('竞价中').click();
      await page.waitForURL((u) => u.searchParams.get('phase') === 'live');
      const card = page.getByTestId('lot-card').filter({ hasText: `${token} 投影仪` });
      await card.getByTestId('countdown').filter({ hasText: '距结束' }).waitFor();
      await card.getByText('无保留价').waitFor();
      await settled(page);
      await screenshot(page, 'hall-1280');
      await card.getByTestId('lot-title').click();
      await page.waitForURL((u) => u.pathname.startsWith('/auctions/'));
      await page.getByRole('button', { name: label('登录后报名') }).waitFor();
      // The same lot in English.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByText('Next minimum bid', { exact: true }).waitFor();
      await page.getByRole('button', { name: label('Log in to register') }).waitFor();
      await settled(page);
      await screenshot(page, 'lot-en-1280');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
