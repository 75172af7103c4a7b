// The main pages on a phone (390 px), in Chinese and in English: no page scrolls sideways (wide tables
// scroll inside their own box) and no text runs out of its table or description cell.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import { chromiumSuite, demoPassword, expectNoHorizontalOverflow, launchBrowser, openContext, phone, settled } from './browser.ts';

/** Texts that stick out of their cell (a leaf element past the cell's left or right edge), named by their start. */
const overflowingCells = `(() => [...document.querySelectorAll('td, th, .ant-descriptions-item-content')]
  .filter((cell) => {
    const box = cell.getBoundingClientRect();
    if (!box.width) return false;
    return [...cell.querySelectorAll('*')].some((e) => {
      if (e.children.length || !e.textContent.trim()) return false;
      const r = e.getBoundingClientRect();
      return r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1);
    });
  })
  .map((cell) => cell.textContent.trim().slice(0, 40)))()`;

async function expectPhoneLayout(page: Page, path: string): Promise<void> {
  await settled(page);
  await expectNoHorizontalOverflow(page, path);
  expect(await page.evaluate<string[]>(overflowingCells), `${path}: text out of its cell`).toEqual([]);
}

const publicPages = ['/', `/search?q=${encodeURIComponent('笔记本')}`, '/tenders', '/auctions'];
const roles = [
  ['purchaser', ['/purchaser', '/purchaser/cart', '/purchaser/orders']],
  ['supplier', ['/supplier', '/supplier/listings', '/supplier/orders', '/notifications']],
  ['center', ['/center', '/center/tenders']],
  ['regulator', ['/regulator', '/risk/alerts', '/dashboards']],
  ['expert', ['/expert', '/expert/assignments']],
] as const;

const { suite, title } = chromiumSuite('phone layout (390 px, zh-CN and en)');

suite(title, () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const language of ['zh-CN', 'en'] as const) {
    it(`${language}: public pages and every role's main pages fit a phone`, async () => {
      const { context, page, pageErrors } = await openContext(browser);
      try {
        if (language === 'en') await context.addInitScript(`window.localStorage.setItem('jicai.language', 'en')`);
        await page.setViewportSize(phone);
        for (const path of publicPages) {
          await page.goto(`${server.url}${path}`);
          await page.locator('main').first().waitFor();
          await expectPhoneLayout(page, path);
        }
        // A product page, opened from the search: the comparison keeps the price in view.
        await page.goto(`${server.url}/search?q=${encodeURIComponent('笔记本')}`);
        await page.getByTestId('hit-name').first().click();
        await page.getByTestId('product-name').waitFor();
        await expectPhoneLayout(page, '/products/:id');
        const price = await page.getByTestId('lowest-price').first().boundingBox();
        expect(price && price.x + price.width <= phone.width).toBe(true);

        for (const [username, pages] of roles) {
          await context.clearCookies();
          // Through the API (the form's labels are in the page's language): the cookie lands in this context.
          const answer = await page.request.post(`${server.url}/api/auth/login`, { data: { username, password: demoPassword } });
          expect(answer.status()).toBe(200);
          for (const path of pages) {
            await page.goto(`${server.url}${path}`);
            await page.locator('main').first().waitFor();
            await expectPhoneLayout(page, `${username} ${path}`);
          }
        }
        expect(pageErrors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 300_000);
  }
});
