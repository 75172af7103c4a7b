// Accessibility (GB/T 37668-2019, in practice WCAG 2.1 A/AA): axe-core, injected into the page in
// Chromium, checks the main pages of every role — the public mall, the purchaser's workbench, cart and
// orders, the supplier's listings and orders, the center's tenders, the regulator's dashboard and risk
// inbox and dashboard, the expert's assignments — and finds no violation. The app is fixed (theme tokens, names),
// no rule is switched off.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import { chromiumSuite, launchBrowser, login, openContext, settled, animationsDone } from './browser.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** The WCAG 2.0/2.1 A and AA violations of the page as it stands, one line per element. */
async function violations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
  await page.evaluate(axeSource);
  // A string, not a function: this file is type-checked without the DOM library.
  const found = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations)`,
  );
  return found.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`));
}

async function expectAccessible(page: Page, path: string): Promise<void> {
  await settled(page);
  // A button busy on its first load (the risk inbox's scan button reads the rules) is drawn greyed out.
  await expect.poll(() => page.locator('.ant-btn-loading').count(), { timeout: 15_000 }).toBe(0);
  // Colours are measured on the still page, not halfway through a fade, with the pointer off the content.
  await page.mouse.move(0, 0);
  await animationsDone(page);
  const lines = await violations(page);
  expect(lines, `${path}: ${lines.length} violations`).toEqual([]);
}

// Role → login, home and the role's main pages.
const roles = [
  ['purchaser', '/purchaser', ['/purchaser', '/purchaser/cart', '/purchaser/orders']],
  ['supplier', '/supplier', ['/supplier', '/supplier/listings', '/supplier/orders']],
  ['center', '/center', ['/center', '/center/tenders']],
  ['regulator', '/regulator', ['/regulator', '/risk/alerts', '/dashboards']],
  ['expert', '/expert', ['/expert', '/expert/assignments']],
] as const;

const { suite, title } = chromiumSuite('accessibility (axe-core, WCAG 2.1 A/AA)');

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

  it('public home, search and product page have no violation', async () => {
    const { context, page } = await openContext(browser);
    try {
      await page.goto(`${server.url}/`);
      await page.getByText('品目导航').first().waitFor();
      await expectAccessible(page, '/');
      await page.goto(`${server.url}/search?q=${encodeURIComponent('笔记本')}`);
      await page.getByTestId('hit-name').first().waitFor();
      await expectAccessible(page, '/search');
      await page.getByTestId('hit-name').first().click();
      await page.waitForURL((url) => url.pathname.startsWith('/products/'));
      await page.getByTestId('product-name').waitFor();
      await expectAccessible(page, '/products/:id');
    } finally {
      await context.close();
    }
  }, 120_000);

  for (const [username, home, pages] of roles) {
    it(`${username}: ${pages.join(', ')} have no violation`, async () => {
      const { context, page } = await openContext(browser);
      try {
        await login(page, server.url, username, home);
        for (const path of pages) {
          if (path !== home) await page.goto(`${server.url}${path}`);
          await page.locator('main, .ant-layout-content').first().waitFor();
          await expectAccessible(page, path);
        }
      } finally {
        await context.close();
      }
    }, 120_000);
  }
});
