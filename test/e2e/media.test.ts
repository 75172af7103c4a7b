// Pictures and documents (#21 items 3 and 4), in Chromium against the real API serving the built storefront,
// with the job workers running. Pictures: the demo's products carry drawings the project renders with sharp
// and uploads through the catalogue service; search results and the product page show them, and each
// <img> has loaded (naturalWidth > 0). Documents: the center uploads the 招标文件 as a PDF (version 1) and an
// amendment (version 2); a supplier bids and uploads its 投标文件, which is stored only as ciphertext; before
// the opening nobody reads it — the center in its browser session (409), an expert (404), another supplier
// (404), the bidder itself (409); the opening job opens it and the center's browser session downloads it.
import { randomInt } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bidFiles, storedFiles } from '../../server/db/schema/index.ts';
import { goodsTender, passTenderDeadline } from '../helpers/procurement.ts';
import type { TestContext } from '../helpers/context.ts';
import { startBrowserContext } from '../helpers/server.ts';
import { createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';
import { minimalPdf } from '../helpers/files.ts';
import * as ui from './browser.ts';
import { chromiumSuite, launchBrowser, settled } from './browser.ts';

const { suite, title } = chromiumSuite('pictures and documents');

/** Waits until the image has loaded and returns its natural width (0 for a broken image). */
async function loadedWidth(page: Page, selector: string): Promise<number> {
  const img = page.locator(selector).first();
  await img.waitFor({ state: 'visible', timeout: 15_000 });
  await img.scrollIntoViewIfNeeded();
  await expect.poll(() => img.evaluate((el: unknown) => (el as { complete: boolean }).complete), { timeout: 15_000 }).toBe(true);
  return img.evaluate((el: unknown) => (el as { naturalWidth: number }).naturalWidth);
}

suite(title, () => {
  let browser: Browser;
  let ctx: TestContext;
  let url = '';
  const marker = randomInt(100_000, 999_999);
  const users = { center: '', purchaser: '', bidder: '', other: '', expert: '' };
  const supplierIds: string[] = [];
  let unitId = '';

  beforeAll(async () => {
    const started = await startBrowserContext();
    ctx = started.ctx;
    url = started.url;
    await started.startWorkers();
    browser = await launchBrowser();
    const db = ctx.database.db;
    const center = await createOrg(db, 'procurement_center', { name: `测试采购中心${marker}` });
    users.center = (await createUser(db, center.id, ['center_staff'])).username;
    users.expert = (await createUser(db, center.id, ['expert'])).username;
    unitId = (await createOrg(db, 'purchasing_unit', { name: `测试单位${marker}` })).id;
    for (const key of ['bidder', 'other', 'purchaser'] as const) {
      const org = await createOrg(db, 'supplier', {
        name: `测试${key}${marker}有限公司`,
        sizeClass: 'large',
        legalRepresentative: `${key}${marker}`,
      });
      supplierIds.push(org.id);
      users[key] = (await createUser(db, org.id, ['supplier'])).username;
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  /** An API session as the storefront sends requests (cookie and CSRF header); JSON or one multipart file. */
  async function apiAs(username: string) {
    const { status, cookie, csrfToken } = await ui.loginOverHttp(url, username, TEST_PASSWORD);
    expect(status).toBe(200);
    const headers = { cookie, 'x-csrf-token': csrfToken };
    return {
      json: (method: string, path: string, body?: unknown) =>
        fetch(`${url}${path}`, {
          method,
          headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      upload: (path: string, filename: string, content: Buffer) => {
        const form = new FormData();
        form.append('file', new Blob([content], { type: 'application/pdf' }), filename);
        return fetch(`${url}${path}`, { method: 'POST', headers, body: form });
      },
    };
  }

  it('shows product pictures in search results and on the product page', { timeout: 90_000 }, async () => {
    const { page, context, pageErrors } = await ui.openContext(browser);
    await page.goto(`${url}/search?q=${encodeURIComponent('联想')}`);
    await settled(page);
    expect(await loadedWidth(page, '[data-testid="search-hit"] img[data-testid="product-thumb"]')).toBeGreaterThan(0);
    const thumb = await page.locator('img[data-testid="product-thumb"]').first().getAttribute('src');
    expect(thumb).toMatch(/\/thumb$/);
    const cached = await page.request.get(`${url}${thumb}`);
    expect(cached.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(cached.headers()['content-type']).toBe('image/webp');
    await page.locator('[data-testid="hit-name"]').first().click();
    await page.waitForURL((u) => u.pathname.startsWith('/products/'));
    await settled(page);
    expect(await loadedWidth(page, 'img.ant-image-img')).toBeGreaterThan(0);
    await ui.screenshot(page, 'media-product-page');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it(
    'uploads the tender documents and a sealed bid file that nobody reads before the opening, the committee after',
    { timeout: 120_000 },
    async () => {
      const center = await apiAs(users.center);
      const created = await center.json('POST', '/api/tenders', goodsTender(unitId, `测试文件招标${marker}`));
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      expect((await center.upload(`/api/tenders/${id}/document-files`, '招标文件.pdf', minimalPdf())).status).toBe(201);
      expect((await center.json('POST', `/api/tenders/${id}/publish`)).status).toBe(200);
      const amended = await center.upload(`/api/tenders/${id}/document-files`, '招标文件（修改）.pdf', minimalPdf('% 修改\n'));
      expect(amended.status).toBe(201);
      expect(((await amended.json()) as { version: number }).version).toBe(2);
      const lotId = ((await (await center.json('GET', `/api/tenders/${id}`)).json()) as { lots: { id: string }[] }).lots[0]!.id;

      const file = minimalPdf('% 投标文件正文\n');
      let fileUrl = '';
      for (const key of ['bidder', 'other', 'purchaser'] as const) {
        const s = await apiAs(users[key]);
        const bid = await s.json('PUT', `/api/tenders/${id}/bids`, { lotId, priceFen: 280_000_000, technicalResponse: '完全响应' });
        expect(bid.status).toBe(200);
        if (key !== 'bidder') continue;
        const up = await s.upload(`/api/tenders/${id}/bids/${lotId}/files`, '投标文件.pdf', file);
        expect(up.status).toBe(201);
        fileUrl = ((await up.json()) as { url: string }).url;
        expect((await s.json('GET', fileUrl)).status).toBe(409);
      }
      const [row] = await ctx.database.db.select().from(bidFiles).where(eq(bidFiles.tenderId, id));
      const [stored] = await ctx.database.db
        .select()
        .from(storedFiles)
        .where(and(eq(storedFiles.area, 'bid-files-sealed'), eq(storedFiles.sha256, row!.sealedSha256)));
      expect(stored!.content.includes(Buffer.from('%PDF'))).toBe(false);

      // The center, in its browser session: the documents list, and the sealed file refused.
      const { page, context, pageErrors } = await ui.openContext(browser);
      await ui.login(page, url, users.center, '/center', TEST_PASSWORD);
      const versions = await page.request.get(`${url}/api/tenders/${id}/document-files`);
      expect(((await versions.json()) as { version: number }[]).map((v) => v.version)).toEqual([1, 2]);
      expect((await page.request.get(`${url}/api/tenders/${id}/document-files/1`)).status()).toBe(200);
      expect((await page.request.get(`${url}${fileUrl}`)).status()).toBe(409);
      expect((await (await apiAs(users.other)).json('GET', fileUrl)).status).toBe(404);
      expect((await (await apiAs(users.expert)).json('GET', fileUrl)).status).toBe(404);

      await passTenderDeadline(ctx, id);
      const opened = await page.request.get(`${url}${fileUrl}`);
      expect(opened.status()).toBe(200);
      expect(Buffer.from(await opened.body()).equals(file)).toBe(true);
      expect((await (await apiAs(users.other)).json('GET', fileUrl)).status).toBe(404);
      expect(pageErrors).toEqual([]);
      await context.close();
    },
  );
});
