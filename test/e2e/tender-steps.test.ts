// The steps of a 公开招标 after the opening (#22 item 4), as the public and a losing bidder see them in
// Chromium. Set up through the API (the form with its 品目 picker is tenders.test.ts's journey): a computer
// tender (A02010104) whose one lot is reserved for small and micro enterprises; two bidders offer 清华同方,
// one 联想, one 浪潮, and one small firm bids without its 中小企业声明函. Opened by its job, the undeclared bid fails
// compliance review automatically; the center qualifies, the committee reviews, the report is computed and
// signed by every member, the purchaser confirms. The public page then shows the award notice (winner,
// amount, committee), the 无效投标 with its reason and the same-brand marks; the losing bidder sees 未中标.
import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { experts, users } from '../../server/db/schema/index.ts';
import { client, login as apiLogin, type TestContext } from '../helpers/context.ts';
import { actor, createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';
import { drawCommittee, intentionExempt, passReviews, passTenderDeadline, signReport } from '../helpers/procurement.ts';
import { startBrowserContext } from '../helpers/server.ts';
import * as ui from './browser.ts';
import { chromiumSuite, demoPassword, launchBrowser } from './browser.ts';

const { suite, title } = chromiumSuite('tender steps: reviews, award notice, outcomes');

suite(title, () => {
  let browser: Browser;
  let ctx: TestContext;
  let url = '';
  const marker = randomInt(100_000, 999_999);
  const names = {
    tongfang1: `测试同方一${marker}科技有限公司`,
    tongfang2: `测试同方二${marker}科技有限公司`,
    lenovo: `测试联想${marker}科技有限公司`,
    inspur: `测试浪潮${marker}科技有限公司`,
    undeclared: `测试未声明${marker}科技有限公司`,
  };
  const usernames: Record<string, string> = {};
  let tenderId = '';
  let committee: string[] = [];

  /** A logged-in client for a drawn expert: its own account (test or demo password), or a new one linked to it. */
  async function expertHttp(expertId: string) {
    const db = ctx.database.db;
    const [e] = await db.select().from(experts).where(eq(experts.id, expertId));
    if (e!.userId) {
      const [u] = await db.select().from(users).where(eq(users.id, e!.userId));
      for (const password of [TEST_PASSWORD, demoPassword]) {
        try {
          return client(ctx.app, await apiLogin(ctx.app, u!.username, password));
        } catch {
          // try the other password
        }
      }
    }
    const user = await createUser(db, (await createOrg(db, 'procurement_center')).id, ['expert']);
    await db.update(experts).set({ userId: user.id }).where(eq(experts.id, expertId));
    return client(ctx.app, await apiLogin(ctx.app, user.username, TEST_PASSWORD));
  }

  beforeAll(async () => {
    const started = await startBrowserContext();
    ctx = started.ctx;
    url = started.url;
    await started.startWorkers();
    browser = await launchBrowser();
    const db = ctx.database.db;
    const center = await actor(ctx.app, db, 'center_staff');
    const unit = await createOrg(db, 'purchasing_unit', { name: `测试品目采购单位${marker}` });
    const purchaser = await actor(ctx.app, db, 'purchaser', unit.id);
    const created = await center.http.post('/api/tenders', {
      title: `办公计算机采购${marker}`,
      methodCode: 'open',
      ...intentionExempt,
      purchaserOrgId: unit.id,
      kind: 'goods',
      categoryCode: 'A02010104',
      documents: '第一章 投标邀请……第二章 采购需求：台式计算机 300 台……第三章 最低评标价法……',
      deadline: new Date(Date.now() + 21 * 86_400_000).toISOString(),
      lots: [
        {
          name: '台式计算机',
          categoryCode: 'A02010104',
          budgetFen: 200_000_000,
          items: [{ name: '台式计算机', quantity: 300, unit: '台' }],
          evaluationMethod: 'lowest_price',
          smeReserved: true,
          smallMicroOnly: true,
          smeDeductionRate: '0.10',
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    tenderId = created.json().id;
    const lotId: string = created.json().lots[0].id;
    expect((await center.http.post(`/api/tenders/${tenderId}/publish`)).statusCode).toBe(200);
    for (const [key, brand, price, declared] of [
      ['tongfang1', '清华同方', 180_000_000, true],
      ['tongfang2', '清华同方', 182_000_000, true],
      ['lenovo', '联想', 185_000_000, true],
      ['inspur', '浪潮', 188_000_000, true],
      ['undeclared', '华为', 170_000_000, false],
    ] as const) {
      const org = await createOrg(db, 'supplier', { sizeClass: 'small', name: names[key], legalRepresentative: `代表${key}${marker}` });
      const user = await createUser(db, org.id, ['supplier']);
      usernames[key] = user.username;
      const http = client(ctx.app, await apiLogin(ctx.app, user.username, TEST_PASSWORD));
      const bid = await http.send('PUT', `/api/tenders/${tenderId}/bids`, {
        lotId,
        priceFen: price,
        brand,
        technicalResponse: '完全响应',
        smeDeclared: declared,
      });
      expect(bid.statusCode, bid.body).toBe(200);
    }
    await passTenderDeadline(ctx, tenderId);
    const drawn = await drawCommittee(center, tenderId);
    const members = [];
    for (const seat of drawn.seats as { id: string; expertId: string; name: string }[]) {
      const http = await expertHttp(seat.expertId);
      expect((await http.post(`/api/tender-experts/${seat.id}/confirm`)).statusCode).toBe(200);
      members.push({ http, seatId: seat.id });
    }
    committee = (drawn.seats as { name: string }[]).map((s) => s.name);
    await passReviews(center, members[0]!, tenderId, lotId);
    expect((await center.http.post(`/api/tenders/${tenderId}/evaluate`)).statusCode).toBe(200);
    await signReport(members, lotId);
    const awarded = await purchaser.http.post(`/api/tenders/${tenderId}/lots/${lotId}/award`);
    expect(awarded.statusCode, awarded.body).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('the public page shows the award notice, the 无效投标 with its reason and the same-brand marks', async () => {
    const { context, page, pageErrors } = await ui.openContext(browser);
    try {
      await page.goto(`${url}/tenders/${tenderId}`);
      const notice = page.getByTestId('award-notice');
      await notice.getByText('中标结果公告').waitFor();
      expect(await notice.getByTestId('notice-winner').innerText()).toBe(names.tongfang1);
      expect(await notice.getByTestId('notice-amount').innerText()).toBe('¥1,800,000.00');
      const listed = await notice.getByTestId('notice-committee').innerText();
      for (const name of committee) expect(listed).toContain(name);
      await notice.getByTestId('notice-ocds').waitFor();
      const invalid = page.getByTestId('invalid-bids');
      await invalid.getByText(names.undeclared).waitFor();
      await invalid.getByText('符合性审查', { exact: true }).waitFor();
      await invalid.getByText(/未提供中小企业声明函/).waitFor();
      await expect.poll(() => page.getByTestId('same-brand').count()).toBe(2);
      await ui.settled(page);
      await ui.screenshot(page, 'tender-steps-public-1280', true);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('a losing bidder sees 未中标 on its bid', async () => {
    const { context, page, pageErrors } = await ui.openContext(browser);
    try {
      await ui.login(page, url, usernames.lenovo!, '/supplier', TEST_PASSWORD);
      await page.goto(`${url}/supplier/tenders/${tenderId}`);
      await page.getByTestId('bid-outcome').getByText('未中标').waitFor();
      await page.getByTestId('notice-winner').getByText(names.tongfang1).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
