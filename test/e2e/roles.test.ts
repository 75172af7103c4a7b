// Every demo role, driven in Chromium against the real API serving the built storefront:
// log in, land on the role home, see the organization, screenshot at 1280 and 390 px, log out.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import {
  chromiumSuite,
  desktop,
  expectNoHorizontalOverflow,
  launchBrowser,
  login,
  openContext,
  phone,
  screenshot,
  settled,
} from './browser.ts';

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

const { suite, title } = chromiumSuite('storefront');

suite(title, () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    // The global setup built web/dist and loaded the demo data; this serves them.
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('public home in zh-CN and in English', async () => {
    const { context, page, pageErrors } = await openContext(browser);
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
      const { context, page, pageErrors } = await openContext(browser);
      try {
        const session = await login(page, server.url, username, home);
        await page.getByText(session.organization.name, { exact: true }).filter({ visible: true }).first().waitFor();
        // 待办事项 (#21): every role home but the admin's lists what waits, or says nothing does, with the count.
        if (username !== 'admin') await page.getByTestId('tasks-card').getByTestId('todo-count').waitFor();
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
