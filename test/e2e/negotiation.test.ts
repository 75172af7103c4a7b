// 竞争性谈判 (#22), the visible path in Chromium against the real API with the job workers: the tender and
// the first responses are made through the API; then the center records a round and announces a change on
// its page; the supplier sees the change on its page and submits a sealed final offer (a receipt, no price
// shown); the others offer through the API; the final-offer deadline passes, the job opens the offers, and
// the public page's final-offer record marks the lowest offer as the winner.
import { randomInt } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tenderProcedures } from '../../server/db/schema/index.ts';
import { roundJobs } from '../../server/modules/tenders/tenders.procedures.ts';
import type { TestContext } from '../helpers/context.ts';
import { createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';
import { runDueJob } from '../helpers/jobs.ts';
import { intentionExempt, passTenderDeadline, recordReviewsPassed } from '../helpers/procurement.ts';
import { startBrowserContext } from '../helpers/server.ts';
import * as ui from './browser.ts';
import { chromiumSuite, launchBrowser, expectResponse } from './browser.ts';

const { suite, title } = chromiumSuite('competitive negotiation');

suite(title, () => {
  let browser: Browser;
  let ctx: TestContext;
  let url = '';
  const marker = randomInt(100_000, 999_999);
  let centerLogin = '';
  const suppliers: { name: string; username: string; id: string }[] = [];
  let tender = { id: '', lotId: '' };

  beforeAll(async () => {
    const started = await startBrowserContext();
    ctx = started.ctx;
    url = started.url;
    await started.startWorkers();
    browser = await launchBrowser();
    const db = ctx.database.db;
    const center = await createOrg(db, 'procurement_center', { name: `测试谈判中心${marker}` });
    centerLogin = (await createUser(db, center.id, ['center_staff'])).username;
    const unit = await createOrg(db, 'purchasing_unit', { name: `测试谈判单位${marker}` });
    for (const i of [1, 2, 3]) {
      const org = await createOrg(db, 'supplier', {
        name: `测试谈判供应商${i}号${marker}`,
        sizeClass: 'large',
        legalRepresentative: `谈判代表${i}${marker}`,
      });
      suppliers.push({ name: org.name, username: (await createUser(db, org.id, ['supplier'])).username, id: org.id });
    }
    const asCenter = await apiAs(centerLogin);
    const created = await asCenter('POST', '/api/tenders', {
      title: `网络设备竞争性谈判${marker}`,
      methodCode: 'negotiation',
      ...intentionExempt,
      purchaserOrgId: unit.id,
      kind: 'goods',
      categoryCode: 'A02010104',
      description: '核心交换机',
      documents: '第一章 谈判邀请……第二章 采购需求：核心交换机两台，详见技术参数……',
      deadline: new Date(Date.now() + 14 * 86_400_000).toISOString(),
      smeExemptReason: '标准化通用设备',
      lots: [
        {
          name: '核心交换机',
          budgetFen: 100_000_000,
          items: [{ name: '交换机', quantity: 2, unit: '台' }],
          evaluationMethod: 'lowest_price',
          smeReserved: false,
          smeDeductionRate: '0.10',
        },
      ],
    });
    expect(created.status).toBe(201);
    const t = (await created.json()) as { id: string; lots: { id: string }[] };
    tender = { id: t.id, lotId: t.lots[0]!.id };
    expect((await asCenter('POST', `/api/tenders/${t.id}/publish`, {})).status).toBe(200);
    for (const [i, s] of suppliers.entries()) {
      const res = await (
        await apiAs(s.username)
      )('PUT', `/api/tenders/${t.id}/bids`, {
        lotId: tender.lotId,
        priceFen: 95_000_000 + i * 1_000_000,
        brand: `品牌${i}${marker}`,
        technicalResponse: '首次响应文件',
      });
      expect(res.status).toBe(200);
    }
    await passTenderDeadline(ctx, t.id);
    // The group's review of the first responses (both passed), as test/db/tender-rounds.test.ts does through
    // the committee: this file is about the rounds and the final offers in the browser.
    await recordReviewsPassed(ctx, t.id);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  async function apiAs(username: string) {
    const { status, cookie, csrfToken } = await ui.loginOverHttp(url, username, TEST_PASSWORD);
    expect(status).toBe(200);
    return (method: string, path: string, body?: unknown) =>
      fetch(`${url}${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
  }

  const login = (page: Page, username: string, home: string) => ui.login(page, url, username, home, TEST_PASSWORD);

  it('center: records a round and announces a change; the supplier sees it and seals its final offer; the record shows the winner', async () => {
    const center = await ui.openContext(browser);
    await login(center.page, centerLogin, '/center');
    await center.page.goto(`${url}/center/tenders/${tender.id}`);
    const card = center.page.getByTestId('procedure-card');
    await card.getByTestId('stage-track').waitFor();
    await expect.poll(() => card.getByTestId('stage-track').getAttribute('data-stage')).toBe('rounds');
    await card.getByTestId('round-supplier').click();
    await center.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: suppliers[0]!.name }).click();
    await card.getByTestId('round-notes').fill('第一轮：确认交换机端口数量与质保');
    await card.getByTestId('round-record-submit').click();
    await card.getByTestId('participants').getByText('第 1 轮：第一轮：确认交换机端口数量与质保').waitFor();
    await card.getByTestId('change-text').fill('交货期改为 15 日内；质保 5 年');
    await card.getByTestId('change-submit').click();
    await card.getByTestId('requirement-change').getByText('交货期改为 15 日内；质保 5 年').waitFor();
    await ui.screenshot(center.page, 'negotiation-center-rounds');
    const asCenter = await apiAs(centerLogin);
    const deadline = await asCenter('POST', `/api/tenders/${tender.id}/final-offers/deadline`, {
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(deadline.status).toBe(200);

    const supplier = await ui.openContext(browser);
    await login(supplier.page, suppliers[0]!.username, '/supplier');
    await supplier.page.goto(`${url}/supplier/tenders/${tender.id}`);
    const mine = supplier.page.getByTestId('procedure-card');
    await mine.getByTestId('requirement-change').getByText('交货期改为 15 日内；质保 5 年').waitFor();
    await mine.getByTestId('final-offer-price').fill('880000');
    const sent = expectResponse(supplier.page, (r) => new URL(r.url()).pathname === `/api/tenders/${tender.id}/final-offers`);
    await mine.getByTestId('final-offer-submit').click();
    expect((await sent).status()).toBe(200);
    await mine.getByTestId('final-offer-nonce').waitFor();
    await mine.getByTestId('final-offer-receipt').waitFor();
    expect(await mine.innerText()).not.toContain('880,000');
    await ui.screenshot(supplier.page, 'negotiation-supplier-final-offer');
    for (const [i, s] of suppliers.slice(1).entries()) {
      const res = await (
        await apiAs(s.username)
      )('PUT', `/api/tenders/${tender.id}/final-offers`, { lotId: tender.lotId, priceFen: 90_000_000 + i * 1_000_000 });
      expect(res.status).toBe(200);
    }
    // Before the deadline the center's page shows no final price.
    await center.page.reload();
    await center.page.getByTestId('stage-track').waitFor();
    expect(await center.page.locator('body').innerText()).not.toContain('880,000');

    await ctx.database.db
      .update(tenderProcedures)
      .set({ finalOfferDeadline: sql`now() - interval '1 second'` })
      .where(eq(tenderProcedures.tenderId, tender.id));
    await runDueJob(ctx, roundJobs.openFinalOffers, tender.id);
    const anon = await ui.openContext(browser);
    await anon.page.goto(`${url}/tenders/${tender.id}`);
    const record = anon.page.getByTestId('final-record');
    await record.waitFor();
    const winnerRow = record.locator('tr').filter({ has: anon.page.getByTestId('final-winner') });
    await expect.poll(() => winnerRow.innerText()).toContain(suppliers[0]!.name);
    expect(await winnerRow.innerText()).toContain('¥880,000.00');
    await ui.screenshot(anon.page, 'negotiation-public-final-record');
    for (const o of [center, supplier, anon]) {
      expect(o.pageErrors).toEqual([]);
      await o.context.close();
    }
  }, 180_000);
});
