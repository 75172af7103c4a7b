// Every demo role, driven in Chromium against the real API serving the built storefront:
// log in, land on the role home, see the organization, screenshot at 1280 and 390 px, log out.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const screensDir = path.join(repoRoot, 'test/artifacts/screens');
const password = 'Demo@12345';

// Demo login → the role home it lands on (admin, regulator, center_staff, approver, purchaser, supplier, expert).
const demoLogins = [
  ['purchaser', '/purchaser'],
  ['approver', '/approver'],
  ['supplier', '/supplier'],
  ['center', '/center'],
  ['expert', '/expert'],
  ['regulator', '/regulator'],
  ['admin', '/admin'],
] as const;

const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };

interface SessionBody {
  organization: { name: string };
}

// Without Chromium the suite is skipped locally, but on CI a missing browser is a failure, not a pass.
const suite = hasChromium || process.env.CI === 'true' ? describe : describe.skip;
const title = hasChromium
  ? 'storefront in Chromium'
  : `storefront in Chromium (skipped: ${chromiumPath} not found; apt-get install -y chromium fonts-noto-cjk)`;

suite(title, () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`CI=true but ${chromiumPath} is missing: install Debian's chromium and fonts-noto-cjk`);
    await mkdir(screensDir, { recursive: true });
    // Builds web/dist when it is missing or older than web/ (scripts/ensure-web.ts), then serves it.
    server = await startTestServer();
    // chromium.launch starts from a fresh temporary user-data dir of its own and deletes it on close.
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openContext(): Promise<{ context: BrowserContext; page: Page; pageErrors: string[] }> {
    const context = await browser.newContext({ viewport: desktop, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { context, page, pageErrors };
  }

  /** Waits until no skeleton or spinner is left, so the screenshot shows data, not placeholders. */
  async function settled(page: Page): Promise<void> {
    await page.waitForLoadState('networkidle');
    await expect.poll(() => page.locator('.ant-skeleton, .ant-spin-spinning, .ant-spin-blur').count(), { timeout: 15_000 }).toBe(0);
  }

  /** Nothing may stick out sideways at phone width (wide tables scroll inside their own box). */
  async function expectNoHorizontalOverflow(page: Page): Promise<void> {
    // A string, not a function: this file is type-checked without the DOM library.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(screensDir, `${name}.png`), fullPage: true, animations: 'disabled' });
  }

  it('public home in zh-CN and in English', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await page.goto(`${server.url}/`);
      await expect.poll(() => page.getByText('品目导航').count()).toBeGreaterThan(0);
      await settled(page);
      await screenshot(page, 'home-zh-CN-1280');
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'home-zh-CN-390');

      await page.setViewportSize(desktop);
      await page.getByRole('button', { name: 'English' }).click();
      const englishTitle = page.getByRole('heading', { name: 'Government e-Procurement Mall' });
      await englishTitle.waitFor();
      await page.reload();
      // The choice survives a reload (localStorage).
      await englishTitle.waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await settled(page);
      await screenshot(page, 'home-en-1280');
      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'home-en-390');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  for (const [username, home] of demoLogins) {
    it(`${username} logs in, lands on ${home}, sees the organization and logs out`, async () => {
      const { context, page, pageErrors } = await openContext();
      try {
        await page.goto(`${server.url}/login`);
        await page.getByLabel('用户名', { exact: true }).fill(username);
        await page.getByLabel('密码', { exact: true }).fill(password);
        const loginResponse = page.waitForResponse(
          (r) => new URL(r.url()).pathname === '/api/auth/login' && r.request().method() === 'POST',
        );
        await page.locator('form button[type="submit"]').click();
        const response = await loginResponse;
        expect(response.status()).toBe(200);
        const session = (await response.json()) as SessionBody;

        await page.waitForURL((url) => url.pathname === home);
        await page.getByText(session.organization.name, { exact: true }).filter({ visible: true }).first().waitFor();
        await settled(page);
        await screenshot(page, `${username}-1280`);

        await page.setViewportSize(phone);
        await page.getByRole('button', { name: '打开菜单' }).waitFor();
        await settled(page);
        await expectNoHorizontalOverflow(page);
        await screenshot(page, `${username}-390`);

        if (username === 'purchaser') {
          // Another role's page answers 403 in place.
          await page.goto(`${server.url}/admin`);
          await page.getByText('无权访问', { exact: true }).waitFor();
        }

        await page.getByRole('button', { name: '退出登录' }).click();
        await page.waitForURL((url) => url.pathname === '/login');
        // The session is gone: the role home now sends us back to the login page.
        await page.goto(`${server.url}${home}`);
        await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === home);
        expect(pageErrors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});
