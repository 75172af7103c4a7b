// 框架协议采购 in Chromium against the real API serving the built storefront, with the job workers running:
// the center's call (posted through the API) is answered by one supplier in the browser (a sealed receipt,
// no price shown) and two through the API; the deadline passes, the closing job opens the responses, the
// center's staff evaluate in the browser as the panel, and the public page, with no login, shows who was
// admitted. The database is shared with the other browser files: everything here is made by this file.
import { randomInt } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { frameworkCalls } from '../../server/db/schema/index.ts';
import { frameworkJobs } from '../../server/modules/frameworks/frameworks.service.ts';
import type { TestContext } from '../helpers/context.ts';
import { runDueJob } from '../helpers/jobs.ts';
import { startBrowserContext } from '../helpers/server.ts';
import { createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';
import * as ui from './browser.ts';
import { chromiumSuite, launchBrowser, settled } from './browser.ts';

const { suite, title } = chromiumSuite('framework agreement call');

suite(title, () => {
  let browser: Browser;
  let ctx: TestContext;
  let url = '';
  const marker = randomInt(100_000, 999_999);
  let centerLogin = '';
  const suppliers: { name: string; username: string }[] = [];
  let callId = '';

  /** An API session as the storefront has it (cookie and CSRF header). */
  async function session(username: string) {
    const { status, cookie, csrfToken } = await ui.loginOverHttp(url, username, TEST_PASSWORD);
    expect(status).toBe(200);
    return (method: string, path: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify(body),
      });
  }

  beforeAll(async () => {
    const started = await startBrowserContext();
    ctx = started.ctx;
    url = started.url;
    await started.startWorkers();
    browser = await launchBrowser();
    const db = ctx.database.db;
    const center = await createOrg(db, 'procurement_center');
    centerLogin = (await createUser(db, center.id, ['center_staff'], { displayName: '王征集' })).username;
    for (const i of [1, 2, 3]) {
      const name = `测试框架运维${marker}-${i}有限公司`;
      const org = await createOrg(db, 'supplier', { name, sizeClass: 'medium' });
      suppliers.push({ name, username: (await createUser(db, org.id, ['supplier'])).username });
    }
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const ends = new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10);
    const res = await (
      await session(centerLogin)
    )('POST', '/api/frameworks', {
      title: `运维服务框架协议${marker}`,
      categoryCode: 'C1605',
      requirements: '信息系统运维，按次计价',
      method: 'price_first',
      entry: 'closed',
      capUnitPriceFen: 120_000,
      maxAdmitted: 2,
      startsOn: today,
      endsOn: ends,
      deadline: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(res.status).toBe(201);
    callId = ((await res.json()) as { id: string }).id;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('a supplier responds sealed in the browser; the center evaluates as the panel; the public sees who was admitted', async () => {
    const { context, page } = await ui.openContext(browser);
    await ui.login(page, url, suppliers[0]!.username, '/supplier', TEST_PASSWORD);
    await page.goto(`${url}/supplier/frameworks/${callId}`);
    await page.getByText('响应截止前，响应报价密封').waitFor();
    await page.getByTestId('respond-price').fill('950');
    await page.getByTestId('respond-submit').click();
    await page.getByText('已密封提交').waitFor();
    await context.close();
    for (const [i, fen] of [
      [1, 90_000],
      [2, 105_000],
    ] as const) {
      const r = await (await session(suppliers[i]!.username))('PUT', `/api/frameworks/${callId}/response`, { unitPriceFen: fen });
      expect(r.status).toBe(200);
    }
    await ctx.database.db
      .update(frameworkCalls)
      .set({ deadline: sql`now() - interval '1 second'` })
      .where(eq(frameworkCalls.id, callId));
    await runDueJob(ctx, frameworkJobs.close, callId);

    const center = await ui.openContext(browser);
    await ui.login(center.page, url, centerLogin, '/center', TEST_PASSWORD);
    await center.page.goto(`${url}/center/frameworks/${callId}`);
    await center.page.getByTestId('framework-responses').getByText('¥1,050.00').waitFor();
    for (const [i, name] of ['王建国', '李明', '赵敏'].entries()) await center.page.getByTestId(`panel-${i}`).fill(name);
    await center.page.getByTestId('framework-evaluate').click();
    await center.page.getByText('已公布入围结果').first().waitFor();
    await settled(center.page);
    await center.context.close();

    const pub = await ui.openContext(browser);
    await pub.page.goto(`${url}/frameworks/${callId}`);
    const table = pub.page.getByTestId('framework-responses');
    await table.getByText(suppliers[1]!.name).waitFor();
    const rows = await table.locator('tbody tr').allInnerTexts();
    for (const i of [0, 1]) expect(rows.find((r) => r.includes(suppliers[i]!.name))).not.toContain('未入围');
    expect(rows.find((r) => r.includes(suppliers[2]!.name))).toContain('未入围');
    await pub.context.close();
  }, 120_000);
});
