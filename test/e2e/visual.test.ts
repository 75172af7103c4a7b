// Visual regression (#21): the main pages of each role, at 1440 px and 390 px, in Chinese and in English,
// compared with the screenshots committed under test/e2e/visual/. What a run would otherwise vary is held
// still, so the pixels that differ are the ones a change made:
// - the data: a database of this file's own, the demo data loaded with the platform clock set to one fixed
//   moment (a Monday 10:00 Beijing time), and one order placed by the demo purchaser; the browser's Date is
//   that moment too, so "3 days left" and today's date read the same in every run;
// - what still differs (ids, the minutes the run took, counts and amounts if the data grows): every digit on
//   the page is drawn as 0, from the first render on (maskDigits), and in form fields before the screenshot;
// - the drawing: animations and the caret off, the pointer off the content, lazy pictures loaded, fonts
//   ready. Chromium and the fonts are Debian's (chromium, fonts-noto-cjk and fonts-liberation, which .ci/run
//   installs), so a clean machine of this kind draws the same glyphs.
// A page passes when both images have the same size and at most 0.2 % of its pixels differ (pixelmatch,
// anti-aliasing ignored; runs on this machine kind differed by 0 pixels on every page, once by 232 of 780,000
// on a phone page under load). Baselines are stored as 256-colour PNGs (36 files, 1.7 MB), and the actual
// screenshot is reduced the same way before comparing. A failure names the page and writes
// test/artifacts/visual/<name>.actual.png and <name>.diff.png (differences in red). To accept a change:
// UPDATE_VISUAL=1 npx vitest run --project e2e test/e2e/visual.test.ts rewrites the baselines that no longer
// match (and writes missing ones); look at the new PNGs under test/e2e/visual/, commit them. A missing baseline fails (only UPDATE_VISUAL=1 writes one), so CI never
// passes on a comparison it did not make.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { and, eq, like } from 'drizzle-orm';
import pixelmatch from 'pixelmatch';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { budgetLines, listings, organizations, products } from '../../server/db/schema/index.ts';
import { reindexAll } from '../../server/modules/catalogue/catalogue.documents.ts';
import { loadDemoData } from '../../server/modules/demo/demo-data.ts';
import { setClock } from '../../server/platform/clock.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { client, login as apiLogin, type TestContext } from '../helpers/context.ts';
import { ownDatabase } from '../helpers/own-database.ts';
import { startBrowserContext } from '../helpers/server.ts';
import { animationsDone, chromiumSuite, demoPassword, launchBrowser, openContext, settled } from './browser.ts';

/** Monday 1 June 2026, 10:00 in Beijing: the moment the demo data is made at and the browser lives in. */
const FIXED = new Date('2026-06-01T02:00:00Z');
const widths = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } } as const;
/** Pages taller than this are compared down to it (the top of a long list is what shows its layout). */
const MAX_HEIGHT = 2000;
/** The share of pixels that may differ, and how different one must be to count (pixelmatch's YIQ threshold). */
const TOLERANCE = 0.002;
const THRESHOLD = 0.15;

const repoRoot = path.resolve(import.meta.dirname, '../..');
const baselineDir = path.join(import.meta.dirname, 'visual');
const artifactsDir = path.join(repoRoot, 'test/artifacts/visual');
const updating = process.env.UPDATE_VISUAL === '1';

/**
 * Every digit the page shows is drawn as 0, from the first render on: a MutationObserver masks each text
 * node as it is added or changed, before it is painted, so a list that re-renders (a virtual tree on a
 * resize) cannot bring a real number back between the masking and the screenshot. Styles and scripts are
 * left alone. A string, not a function: this file is type-checked without the DOM library.
 */
const maskDigits = `(() => {
  const skip = (element) => element && /^(STYLE|SCRIPT|NOSCRIPT|TEXTAREA)$/.test(element.nodeName);
  const mask = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      if (!skip(node.parentNode) && /[1-9]/.test(node.nodeValue)) node.nodeValue = node.nodeValue.replace(/[1-9]/g, '0');
    } else if (node.nodeType === Node.ELEMENT_NODE && !skip(node)) {
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) mask(text);
    }
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'characterData') mask(record.target);
      else record.addedNodes.forEach(mask);
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
})()`;

/**
 * Makes the page still before its screenshot: digits in form fields as 0 too, nothing focused, lazy
 * pictures loaded, fonts ready.
 */
const freeze = `(async () => {
  for (const img of document.querySelectorAll('img[loading="lazy"]')) img.loading = 'eager';
  for (const input of document.querySelectorAll('input, textarea')) {
    if (/[1-9]/.test(input.value)) input.value = input.value.replace(/[1-9]/g, '0');
  }
  if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  await document.fonts.ready;
  await Promise.all([...document.images].map((img) => img.complete ? null : new Promise((done) => { img.onload = img.onerror = done; })));
})()`;

interface Shot {
  name: string;
  png: Buffer;
}

/** The page as it stands, frozen, at most MAX_HEIGHT tall. */
async function shoot(page: Page, name: string): Promise<Shot> {
  await settled(page);
  await expect.poll(() => page.locator('.ant-btn-loading, .ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
  await page.mouse.move(0, 0);
  await animationsDone(page);
  await page.evaluate(freeze);
  await animationsDone(page);
  const height = Math.min(MAX_HEIGHT, await page.evaluate<number>('document.documentElement.scrollHeight'));
  const width = page.viewportSize()!.width;
  const png = await page.screenshot({ fullPage: true, clip: { x: 0, y: 0, width, height }, animations: 'disabled', caret: 'hide' });
  return { name, png };
}

/** Red where the actual image differs from the baseline, over a faded copy of the baseline. */
async function compare(shot: Shot): Promise<string | null> {
  const file = path.join(baselineDir, `${shot.name}.png`);
  const small = await sharp(shot.png).png({ compressionLevel: 9, palette: true, quality: 100, dither: 0 }).toBuffer();
  let problem: string | null = null;
  let diff: Buffer | null = null;
  const actual = await raw(small);
  const expected = existsSync(file) ? await raw(await readFile(file)) : null;
  if (!expected) {
    problem = `${shot.name}: no baseline ${path.relative(repoRoot, file)} (UPDATE_VISUAL=1 writes it)`;
  } else if (actual.width !== expected.width || actual.height !== expected.height) {
    problem = `${shot.name}: ${actual.width}×${actual.height} px, the baseline is ${expected.width}×${expected.height}`;
  } else {
    diff = Buffer.alloc(actual.data.length);
    const differing = pixelmatch(expected.data, actual.data, diff, actual.width, actual.height, { threshold: THRESHOLD, alpha: 0.2 });
    const share = differing / (actual.width * actual.height);
    if (share > TOLERANCE)
      problem = `${shot.name}: ${(share * 100).toFixed(2)} % of the pixels differ (${differing}; at most ${TOLERANCE * 100} %)`;
  }
  if (!problem) return null;
  // Updating rewrites only the baselines that would fail: a page that still matches keeps its file.
  if (updating) {
    await writeFile(file, small);
    return null;
  }
  await mkdir(artifactsDir, { recursive: true });
  await writeFile(path.join(artifactsDir, `${shot.name}.actual.png`), small);
  if (diff) {
    const info = { width: actual.width, height: actual.height, channels: 4 as const };
    await sharp(diff, { raw: info })
      .png()
      .toFile(path.join(artifactsDir, `${shot.name}.diff.png`));
  }
  return `${problem}; see test/artifacts/visual/${shot.name}.actual.png and .diff.png`;
}

async function raw(png: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const { suite, title } = chromiumSuite('visual regression (8 pages × 1440/390 px × zh-CN/en)');

suite(title, () => {
  let own: Awaited<ReturnType<typeof ownDatabase>> | undefined;
  let ctx: TestContext | undefined;
  let browser: Browser | undefined;
  let url = '';
  let orderId = '';
  let productId = '';

  beforeAll(async () => {
    own = await ownDatabase('visual');
    const db = own.database.db;
    await setClock(db, FIXED);
    await loadDemoData(db);
    await reindexAll(db, postgresSearch(db));
    const started = await startBrowserContext({ databaseUrl: own.url, env: { DEMO_DATA: 'false' } });
    ctx = started.ctx;
    url = started.url;

    // One order of the demo purchaser (a shredder from the demo's first supplier), and one more in its cart.
    const [offer] = await db
      .select({ id: listings.id, productId: listings.productId })
      .from(listings)
      .innerJoin(products, eq(products.id, listings.productId))
      .innerJoin(organizations, eq(organizations.id, listings.supplierId))
      .where(and(eq(products.categoryCode, 'A020206'), eq(listings.status, 'active'), eq(organizations.name, '北京华信创新科技有限公司')))
      .orderBy(products.name)
      .limit(1);
    if (!offer) throw new Error('the demo has no shredder of 北京华信创新科技有限公司');
    productId = offer.productId;
    const purchaser = client(ctx.app, await apiLogin(ctx.app, 'purchaser', demoPassword));
    const [line] = await db
      .select({ id: budgetLines.id })
      .from(budgetLines)
      .innerJoin(organizations, eq(organizations.id, budgetLines.organizationId))
      .where(and(eq(organizations.name, '北京市海淀区教育委员会'), like(budgetLines.code, '2026-BG-01')));
    expect((await purchaser.post('/api/cart/items', { listingId: offer.id, quantity: 2 })).statusCode).toBe(200);
    const placed = await purchaser.post(
      '/api/orders/checkout',
      { budgetLineId: line!.id, deliveryAddress: '北京市海淀区中关村大街 1 号', contactName: '张晓明', contactPhone: '010-62345678' },
      { 'idempotency-key': 'visual-order-1' },
    );
    expect(placed.statusCode, placed.body).toBe(201);
    orderId = placed.json().orders[0].id as string;
    expect((await purchaser.post('/api/cart/items', { listingId: offer.id, quantity: 1 })).statusCode).toBe(200);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
    await own?.drop();
  });

  // Who sees each page (null: nobody logged in) and where.
  const pages = (): [string, string | null, string][] => [
    ['home', null, '/'],
    // One model its twenty suppliers offer at twenty prices: the order is the same in every run (search breaks a
    // tie of relevance and price by listing id, which differs run to run).
    ['search', null, '/search?q=HW-8300A'],
    ['product', null, `/products/${productId}`],
    ['purchaser-home', 'purchaser', '/purchaser'],
    ['cart', 'purchaser', '/purchaser/cart'],
    ['order', 'purchaser', `/purchaser/orders/${orderId}`],
    ['supplier-orders', 'supplier', '/supplier/orders'],
    ['center-tenders', 'center', '/center/tenders'],
    ['regulator-home', 'regulator', '/regulator'],
  ];

  /** Every page in one language, both widths; returns what differs (and the page's uncaught errors). */
  async function walk(language: 'zh-CN' | 'en'): Promise<string[]> {
    const { context, page, pageErrors } = await openContext(browser!);
    const failures: string[] = [];
    try {
      await context.addInitScript(`window.localStorage.setItem('jicai.language', '${language}')`);
      await context.addInitScript(maskDigits);
      await page.clock.setFixedTime(FIXED);
      let as: string | null = null;
      for (const [name, who, where] of pages()) {
        if (who !== as) {
          await context.clearCookies();
          if (who) {
            // Through the API (the form's labels are in the page's language): the cookie lands in this context.
            const answer = await page.request.post(`${url}/api/auth/login`, { data: { username: who, password: demoPassword } });
            expect(answer.status()).toBe(200);
          }
          as = who;
        }
        await page.setViewportSize(widths.desktop);
        await page.goto(`${url}${where}`);
        await page
          .locator('main')
          .first()
          .waitFor()
          .catch((error: Error) => {
            throw new Error(`${language} ${name} (${where}) never showed: ${error.message}; uncaught: ${pageErrors.join(' | ')}`);
          });
        for (const [size, viewport] of Object.entries(widths)) {
          await page.setViewportSize(viewport);
          const failed = await compare(await shoot(page, `${name}-${size}-${language}`));
          if (failed) failures.push(failed);
        }
      }
      return [...failures, ...pageErrors.map((e) => `${language}: uncaught ${e}`)];
    } finally {
      await context.close();
    }
  }

  it('the main pages look as committed at 1440 and 390 px, in Chinese and in English', async () => {
    // The two languages side by side, each in a context of its own: the wait is mostly the server's and the page's.
    const failures = (await Promise.all([walk('zh-CN'), walk('en')])).flat();
    expect(failures).toEqual([]);
    // 35–60 s on a quiet machine; over 150 s once with the machine's load at 13 on its two cores.
  }, 360_000);
});
