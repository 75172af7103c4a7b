// Electronic tendering (first part), driven in Chromium against the real API serving the built
// storefront, with the job workers running: center staff create a goods tender for a purchasing unit
// in the form — one save shows four problems at once on their fields, before anything is sent — and publish it; a
// small enterprise bids in the browser and gets a sealed receipt (exact time, SHA-256); the center
// answers a question and amends the documents, which invalidates that bid — the bidder's page says so
// and it bids again; a large and a medium enterprise bid through the API. Before the deadline neither
// the center's nor the public page shows a price. Then the deadline passes, the opening job opens every
// bid once, and the public page shows the opening record: three bids, the small enterprise's 10%
// deduction and its evaluation price.
// The database is shared with the other test files of the run: the center, the unit, the users and
// the suppliers are made here, and no count is assumed that this file did not make.
import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tenders } from '../../server/db/schema/index.ts';
import { passTenderDeadline } from '../helpers/procurement.ts';
import type { TestContext } from '../helpers/context.ts';
import { startBrowserContext } from '../helpers/server.ts';
import { createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';
import * as ui from './browser.ts';
import {
  chromiumSuite,
  desktop,
  expectNoHorizontalOverflow,
  label,
  launchBrowser,
  phone,
  settled,
  expectResponse,
  animationsDone,
} from './browser.ts';

const { suite, title } = chromiumSuite('electronic tendering');

/** Toasts gone, so screenshots show the page. */
async function quiet(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
}

/** Every price of this journey, as the pages would print them: none may show before the opening. */
const prices = ['2,700,000', '2,600,000', '2,650,000', '2,430,000'];

suite(title, () => {
  let browser: Browser;
  let ctx: TestContext;
  let url = '';
  const marker = randomInt(100_000, 999_999);
  const unitName = `测试招标采购单位${marker}`;
  const projectTitle = `办公计算机招标${marker}`;
  const suppliers = {
    large: { name: `测试大型计算机${marker}有限公司`, username: '' },
    medium: { name: `测试中型计算机${marker}有限公司`, username: '' },
    small: { name: `测试小型计算机${marker}有限公司`, username: '' },
  };
  let centerLogin = '';
  let purchaserLogin = '';
  let unitId = '';
  let tender = { id: '', tenderNo: '', lotId: '' };

  beforeAll(async () => {
    // The test server of the other browser files, plus the job workers: the opening job must run here.
    const started = await startBrowserContext();
    ctx = started.ctx;
    url = started.url;
    await started.startWorkers();
    browser = await launchBrowser();

    const db = ctx.database.db;
    const center = await createOrg(db, 'procurement_center', { name: `测试集中采购中心${marker}` });
    centerLogin = (await createUser(db, center.id, ['center_staff'], { displayName: '王经办' })).username;
    unitId = (await createOrg(db, 'purchasing_unit', { name: unitName })).id;
    purchaserLogin = (await createUser(db, unitId, ['purchaser'], { displayName: '李采购' })).username;
    for (const size of ['large', 'medium', 'small'] as const) {
      const org = await createOrg(db, 'supplier', {
        name: suppliers[size].name,
        sizeClass: size,
        legalRepresentative: `代表${size}${marker}`,
      });
      suppliers[size].username = (await createUser(db, org.id, ['supplier'])).username;
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  const openContext = () => ui.openContext(browser);
  const login = (page: Page, username: string, home: string) => ui.login(page, url, username, home, TEST_PASSWORD);
  // From the top: a form scrolled to its first error would otherwise show the sticky header mid-page.
  const screenshot = async (page: Page, name: string, fullPage = true) => {
    if (fullPage) await page.evaluate('window.scrollTo(0, 0)');
    await ui.screenshot(page, `tenders-${name}`, fullPage);
  };
  const atPhone = async (page: Page, name: string) => {
    await page.setViewportSize(phone);
    await settled(page);
    await expectNoHorizontalOverflow(page);
    await screenshot(page, name);
    await page.setViewportSize(desktop);
  };

  /** Types the bid deadline `days` from now (Beijing wall-clock, to the minute) into the picker. */
  const pickDeadline = async (page: Page, days: number) => {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(Date.now() + days * 86_400_000));
    const part = (type: string) => parts.find((p) => p.type === type)!.value;
    await page.locator('#deadline').click();
    await page.locator('#deadline').fill(`${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`);
    await page.locator('#deadline').press('Enter');
  };

  /** A supplier's API session, as the storefront sends requests (cookie and CSRF header). */
  async function apiAs(username: string) {
    const { status, cookie, csrfToken } = await ui.loginOverHttp(url, username, TEST_PASSWORD);
    expect(status).toBe(200);
    return (method: string, path: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
  }

  async function expectNoPrices(page: Page) {
    const text = await page.locator('body').innerText();
    for (const p of prices) expect(text).not.toContain(p);
  }

  it('center staff: create a tender in the form — one save shows every problem on its field — and publish it', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, centerLogin, '/center');
      await page.getByRole('menuitem', { name: '招标项目' }).click();
      await page.waitForURL((u) => u.pathname === '/center/tenders');
      await page.getByTestId('new-tender').click();
      await page.waitForURL((u) => u.pathname === '/center/tenders/new');

      await page.locator('#title').fill(projectTitle);
      // The method's notice rule is shown with it; open tender is the default.
      await page
        .getByText(/自公告至投标截止不少于 20 日/)
        .first()
        .waitFor();
      // The unit is not among the known ones: chosen by pasting its id.
      await page.locator('#purchaserOrgId').click();
      await page.locator('#purchaserOrgId').fill(unitId);
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: unitId }).first().click();
      // 品目 from the catalogue, searched by code: it decides the experts' specialty and the OCDS classification.
      await page.getByTestId('category-select').click();
      await page.keyboard.type('A02010104');
      await page.locator('.ant-select-tree-node-content-wrapper:visible').filter({ hasText: 'A02010104 台式计算机' }).first().click();
      await page.getByTestId('lot-category-select').click();
      await page.keyboard.type('A02010104');
      await page.locator('.ant-select-tree-node-content-wrapper:visible').filter({ hasText: 'A02010104 台式计算机' }).first().click();
      await page.locator('#description').fill('区属学校办公计算机更新。');
      await page
        .locator('#documents')
        .fill('第一章 投标邀请……第二章 采购需求：台式计算机 500 台，i5 / 16GB / 512GB SSD……第三章 评标方法：综合评分法，价格分 30 分……');

      await page.locator('#lots_0_name').fill('台式计算机');
      await page.locator('#lots_0_budget').fill('3000000');
      await page.locator('#lots_0_items_0_name').fill('台式计算机');
      await page.locator('#lots_0_items_0_quantity').fill('500');
      await page.locator('#lots_0_items_0_specs').fill('i5 / 16GB / 512GB SSD，节能产品认证');
      // Four problems at once, and one save shows them all, each on its field, before anything is sent
      // (the form runs the schema the API checks a tender with): a bond above 2% of the budget, a 70% price
      // weight for goods, a deadline 5 days off (an open tender needs 20), and no SME reservation nor reason.
      await page.locator('#lots_0_bidBond').fill('90000');
      await page.getByText('不超过本包预算的 2%，即 ¥60,000.00；可为 0。').waitFor();
      // No intention was published for this one: the circular's emergency exemption, stated (财库〔2020〕10号).
      await page.locator('#intentionExemption').fill('因不可预见的原因急需开展的采购项目');
      await page.locator('#lots_0_priceWeight').fill('70');
      await page.getByLabel('第 1 个评分因素权重').fill('20');
      await page.getByLabel('第 2 个评分因素权重').fill('10');
      await page.getByTestId('weight-total').getByText('合计 100%').waitFor();
      await pickDeadline(page, 5);
      // ¥3,000,000 is above the ¥2,000,000 whole-project limit and nothing is reserved: a reason is needed.
      const smeRule = page.getByTestId('sme-rule');
      await smeRule.getByText(/预留给中小企业的份额应不低于 30%/).waitFor();
      let posts = 0;
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/tenders' && r.method() === 'POST') posts += 1;
      });
      await page.getByTestId('save-tender').click();
      await page.locator('#lots_0_priceWeight_help').getByText('价格分权重须在 30%–60% 之间（财政部令第87号第五十五条）').waitFor();
      await page.locator('#lots_0_bidBond_help').getByText('投标保证金不得超过预算的 2%（¥60,000.00）').waitFor();
      await page
        .locator('#deadline_help')
        .getByText(/公开招标自公告至投标截止不少于 20 日/)
        .waitFor();
      await page
        .locator('#smeExemptReason_help')
        .getByText(/预留给中小企业的份额 ¥0\.00 低于预算的 30%/)
        .waitFor();
      // The SME section says the same as the field: short of the reservation (orange), never green beside the red.
      expect(await smeRule.evaluate((el) => el.classList.contains('ant-alert-warning'))).toBe(true);
      expect(posts).toBe(0);
      await settled(page);
      await page.evaluate(`document.getElementById('lots_0_priceWeight').scrollIntoView({ block: 'center' })`);
      await ui.screenshot(page, 'tenders-form-refused-1280', false);

      // The reason given: the field's problem goes at once and the section says the reason is on record.
      await page.locator('#smeExemptReason').fill('采购标的为标准化通用设备，由市场主流品牌生产，不宜专门面向中小企业');
      await expect.poll(() => page.locator('#smeExemptReason_help').count()).toBe(0);
      expect(await smeRule.evaluate((el) => el.classList.contains('ant-alert-success'))).toBe(false);
      await page.locator('#lots_0_bidBond').fill('60000');
      await expect.poll(() => page.locator('#lots_0_bidBond_help').count()).toBe(0);
      await pickDeadline(page, 21);
      await expect.poll(() => page.locator('#deadline_help').count()).toBe(0);

      // 30% price, 50% + 20% criteria: saved as a draft.
      await page.locator('#lots_0_priceWeight').fill('30');
      await page.getByLabel('第 1 个评分因素权重').fill('50');
      await page.getByLabel('第 2 个评分因素权重').fill('20');
      await page.getByTestId('weight-total').getByText('合计 100%').waitFor();
      await atPhone(page, 'form-390');
      await screenshot(page, 'form-1280');
      const saved = expectResponse(page, (r) => new URL(r.url()).pathname === '/api/tenders' && r.request().method() === 'POST');
      await page.getByTestId('save-tender').click();
      const created = await saved;
      expect(created.status()).toBe(201);
      const body = (await created.json()) as {
        id: string;
        tenderNo: string;
        purchaserName: string;
        categoryCode: string;
        lots: { id: string; categoryCode: string; budgetFen: number; bidBondFen: number; priceWeight: string; smeDeductionRate: string }[];
      };
      expect(body.purchaserName).toBe(unitName);
      expect(body).toMatchObject({ categoryCode: 'A02010104', categoryName: '台式计算机' });
      expect(body.lots[0]).toMatchObject({ categoryCode: 'A02010104' });
      expect(body.lots[0]).toMatchObject({ budgetFen: 300_000_000, bidBondFen: 6_000_000, priceWeight: '0.30', smeDeductionRate: '0.10' });
      tender = { id: body.id, tenderNo: body.tenderNo, lotId: body.lots[0]!.id };
      await page.waitForURL((u) => u.pathname === `/center/tenders/${body.id}`);
      await expect.poll(() => page.getByTestId('tender-status').first().innerText()).toBe('草稿');

      // Publish, confirmed: bidding opens.
      await page.getByTestId('publish-tender').click();
      const published = expectResponse(page, (r) => new URL(r.url()).pathname === `/api/tenders/${tender.id}/publish`);
      await page
        .locator('.ant-modal-confirm')
        .getByRole('button', { name: label('发布公告') })
        .click();
      expect((await published).status()).toBe(200);
      await expect.poll(() => page.getByTestId('tender-status').first().innerText()).toBe('投标中');
      await page.getByTestId('sealed-notice').getByText('投标文件密封中').waitFor();
      await settled(page);
      await quiet(page);
      await screenshot(page, 'center-bidding-1280');
      await atPhone(page, 'center-bidding-390');

      // The center's list: the tender, its purchaser, budget and countdown to the deadline.
      await page.getByRole('menuitem', { name: '招标项目' }).click();
      await page.waitForURL((u) => u.pathname === '/center/tenders');
      await page.getByTestId('tender-search').locator('input').fill(tender.tenderNo);
      await page.getByTestId('tender-search').locator('input').press('Enter');
      const row = page.getByTestId('tenders-table').locator('tbody tr').filter({ hasText: tender.tenderNo });
      await row.getByText('投标中').waitFor();
      await row.getByText('¥3,000,000.00').waitFor();
      await row.getByText(unitName).waitFor();
      await settled(page);
      await screenshot(page, 'center-list-1280');
      await atPhone(page, 'center-list-390');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('a small enterprise bids in the browser: a sealed receipt with the exact time and a commitment, its 回执密钥 shown once, no price', async () => {
    expect(tender.id).not.toBe('');
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, suppliers.small.username, '/supplier');
      await page.getByRole('menuitem', { name: '投标' }).click();
      await page.waitForURL((u) => u.pathname === '/supplier/tenders');
      await page.getByTestId('tender-search').locator('input').fill(tender.tenderNo);
      await page.getByTestId('tender-search').locator('input').press('Enter');
      const row = page.getByTestId('tenders-table').locator('tbody tr').filter({ hasText: tender.tenderNo });
      await row.getByText(unitName).waitFor();
      await settled(page);
      await screenshot(page, 'supplier-list-1280');
      await row.getByRole('button', { name: label('投标') }).click();
      await page.waitForURL((u) => u.pathname === `/supplier/tenders/${tender.id}`);

      const card = page.getByTestId('lot-bid-card').first();
      await card.getByTestId('bid-price').fill('2700000');
      await card.getByTestId('bid-brand').fill('小微牌');
      await card.getByTestId('bid-technical').fill('完全响应采购需求，提供三年上门保修。');
      await card.getByTestId('bid-sme').check();
      await card
        .getByTestId('live-evaluation')
        .getByText(/¥2,430,000\.00/)
        .waitFor();
      // The 中小企业声明函 the bid will seal, written by the server from the registered facts.
      await card
        .getByTestId('sme-statement')
        .getByText(/本公司郑重声明/)
        .waitFor();
      const sent = expectResponse(
        page,
        (r) => new URL(r.url()).pathname === `/api/tenders/${tender.id}/bids` && r.request().method() === 'PUT',
      );
      await card.getByTestId('submit-bid').click();
      const answer = await sent;
      expect(answer.status()).toBe(200);
      expect(answer.request().postDataJSON()).toMatchObject({
        lotId: tender.lotId,
        priceFen: 270_000_000,
        brand: '小微牌',
        smeDeclared: true,
      });

      const receipt = card.getByTestId('bid-receipt');
      await receipt.waitFor();
      await expect.poll(() => receipt.getByTestId('receipt-version').innerText()).toBe('第 1 版');
      expect(await receipt.getByTestId('receipt-documents-version').innerText()).toBe('第 1 版');
      expect((await receipt.getByTestId('receipt-sha').innerText()).trim()).toMatch(/^[0-9a-f]{64}$/);
      expect(await receipt.getByTestId('receipt-time').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \(北京时间\)$/);
      expect(await receipt.getByTestId('bid-status').innerText()).toBe('已密封');
      expect(await card.innerText()).not.toContain('2,700,000');
      // The 回执密钥, shown this once beside the commitment, with the receipt to download.
      const key = card.getByTestId('receipt-key');
      await key.getByText('请保存回执密钥').waitFor();
      expect((await key.getByTestId('receipt-nonce').innerText()).trim()).toBe((await answer.json()).nonce);
      expect(await key.innerText()).toContain((await receipt.getByTestId('receipt-sha').innerText()).trim());
      await settled(page);
      await quiet(page);
      await screenshot(page, 'supplier-receipt-1280');
      await atPhone(page, 'supplier-receipt-390');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the center answers a question and amends the documents; no price shows on its page or the public one', async () => {
    expect(tender.id).not.toBe('');
    const medium = await apiAs(suppliers.medium.username);
    expect((await medium('POST', `/api/tenders/${tender.id}/questions`, { question: '第二章 内存是否接受 32GB？' })).status).toBe(201);

    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, centerLogin, '/center');
      await page.goto(`${url}/center/tenders/${tender.id}`);
      const pending = page.getByTestId('pending-question').filter({ hasText: '内存是否接受 32GB' });
      await pending.waitFor();
      await expectNoPrices(page);
      await page.getByTestId('sealed-notice').waitFor();

      await pending.getByTestId('answer-question').click();
      // Typed once the modal has opened and settled, so the answer is not lost to its opening.
      await page.locator('.ant-modal:visible #answer').waitFor();
      await animationsDone(page);
      await page.locator('.ant-modal:visible #answer').fill('接受，32GB 视为满足要求。');
      await expect.poll(() => page.locator('.ant-modal:visible #answer').inputValue()).toBe('接受，32GB 视为满足要求。');
      let clarified = expectResponse(page, (r) => new URL(r.url()).pathname === `/api/tenders/${tender.id}/clarifications`);
      await page
        .locator('.ant-modal:visible')
        .getByRole('button', { name: label('公开答复') })
        .click();
      expect((await clarified).status()).toBe(200);
      await page.getByTestId('clarification').filter({ hasText: '接受，32GB 视为满足要求。' }).waitFor();
      expect(await page.getByTestId('pending-question').count()).toBe(0);

      // The amendment: the warning says the bids in become invalid.
      await page.getByTestId('amend-tender').click();
      const modal = page.locator('.ant-modal:visible');
      await modal
        .getByTestId('amend-warning')
        .getByText(/已递交的投标文件全部失效/)
        .waitFor();
      await modal.locator('#answer').fill('第二章 采购需求：内存由 16GB 调整为 32GB。');
      await modal
        .locator('#documents')
        .fill('第一章 投标邀请……第二章 采购需求：台式计算机 500 台，i5 / 32GB / 512GB SSD……第三章 评标方法：综合评分法，价格分 30 分……');
      await settled(page);
      await ui.screenshot(page, 'tenders-amend-1280', false);
      clarified = expectResponse(page, (r) => new URL(r.url()).pathname === `/api/tenders/${tender.id}/clarifications`);
      await modal.getByRole('button', { name: label('确认修改并公告') }).click();
      const amended = await clarified;
      expect(amended.status()).toBe(200);
      expect(((await amended.json()) as { documentsVersion: number }).documentsVersion).toBe(2);
      await expect.poll(() => page.getByTestId('documents-version').innerText()).toBe('第 2 版');
      await page.getByTestId('clarification').filter({ hasText: '内存由 16GB 调整为 32GB' }).getByText('修改招标文件').waitFor();
      await expectNoPrices(page);
      await settled(page);
      await quiet(page);
      await screenshot(page, 'center-amended-1280');

      // The public announcement: documents version 2, the answered question, sealed bids.
      const anon = await openContext();
      try {
        await anon.page.goto(`${url}/tenders/${tender.id}`);
        await anon.page.getByTestId('sealed-notice').getByText('投标文件密封中').waitFor();
        await anon.page.getByTestId('clarification').filter({ hasText: '内存是否接受 32GB' }).waitFor();
        await expectNoPrices(anon.page);
        expect(await anon.page.getByTestId('opening-table').count()).toBe(0);
        await settled(anon.page);
        await ui.screenshot(anon.page, 'tenders-public-sealed-1280');
        expect(anon.pageErrors).toEqual([]);
      } finally {
        await anon.context.close();
      }
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the amended documents invalidated the small enterprise’s bid: its page says why, it bids again; the others bid through the API', async () => {
    expect(tender.id).not.toBe('');
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, suppliers.small.username, '/supplier');
      await page.goto(`${url}/supplier/tenders/${tender.id}`);
      const card = page.getByTestId('lot-bid-card').first();
      await card.getByTestId('bid-invalidated').getByText('投标已失效').waitFor();
      await card
        .getByTestId('bid-status-note')
        .getByText(/招标文件已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(（北京时间）)? ?修改（第 2 版），原投标文件失效/)
        .waitFor();
      await settled(page);
      await screenshot(page, 'supplier-invalidated-1280');

      await card.getByTestId('bid-price').fill('2700000');
      await card.getByTestId('bid-brand').fill('小微牌');
      await card.getByTestId('bid-technical').fill('按第 2 版招标文件完全响应，内存 32GB。');
      await card.getByTestId('bid-sme').check();
      const sent = expectResponse(
        page,
        (r) => new URL(r.url()).pathname === `/api/tenders/${tender.id}/bids` && r.request().method() === 'PUT',
      );
      await card.getByTestId('submit-bid').click();
      expect((await sent).status()).toBe(200);
      const receipt = card.getByTestId('bid-receipt');
      await expect.poll(() => receipt.getByTestId('receipt-version').innerText()).toBe('第 2 版');
      expect(await receipt.getByTestId('receipt-documents-version').innerText()).toBe('第 2 版');
      expect(await receipt.getByTestId('bid-status').innerText()).toBe('已密封');
      // The storefront sends its device id with the bid; the bell tells of the invalidation, read on the notifications page.
      expect((await sent).request().headers()['x-device-id']).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      await page.getByTestId('notification-bell').click();
      await page.getByTestId('notification-popover').getByText(`投标已失效：${tender.tenderNo} 第 1 包`).waitFor();
      // A click on the popover's link can land while the popover re-renders (its list refetches) and do
      // nothing on a loaded machine: open it again and click until the page is there.
      await expect
        .poll(
          async () => {
            if (new URL(page.url()).pathname === '/notifications') return true;
            if (!(await page.getByTestId('all-notifications').isVisible())) await page.getByTestId('notification-bell').click();
            await page
              .getByTestId('all-notifications')
              .click({ timeout: 5_000 })
              .catch(() => undefined);
            await page.waitForURL((u) => u.pathname === '/notifications', { timeout: 5_000 }).catch(() => undefined);
            return new URL(page.url()).pathname === '/notifications';
          },
          { timeout: 45_000, interval: 100 },
        )
        .toBe(true);
      const notice = page
        .getByTestId('notifications-table')
        .locator('tbody tr.ant-table-row')
        .filter({ hasText: `投标已失效：${tender.tenderNo}` });
      await notice.getByText('请按新文件在截止前重新递交').waitFor();
      await settled(page);
      await screenshot(page, 'supplier-notifications-1280');
      const read = expectResponse(page, (r) => /\/api\/notifications\/[^/]+\/read$/.test(new URL(r.url()).pathname));
      await notice.getByTestId('mark-read').click();
      expect((await read).status()).toBe(200);
      await notice.getByText('已读').waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
    for (const [size, priceFen, brand] of [
      ['large', 260_000_000, '大厂牌'],
      ['medium', 265_000_000, '中厂牌'],
    ] as const) {
      const as = await apiAs(suppliers[size].username);
      const res = await as('PUT', `/api/tenders/${tender.id}/bids`, {
        lotId: tender.lotId,
        priceFen,
        brand,
        technicalResponse: '完全响应第 2 版招标文件',
        smeDeclared: false,
      });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await res.text()).not.toContain(String(priceFen));
    }
  }, 60_000);

  it('the deadline passes: the public page shows the opening record with every bid once and the 10% deduction', async () => {
    expect(tender.id).not.toBe('');
    const db = ctx.database.db;
    await passTenderDeadline(ctx, tender.id);
    await expect
      .poll(async () => (await db.select({ status: tenders.status }).from(tenders).where(eq(tenders.id, tender.id)))[0]?.status, {
        timeout: 20_000,
        interval: 200,
      })
      .toBe('opened');

    const { context, page, pageErrors } = await openContext();
    try {
      // Anyone, without logging in: the header link, the list, the record.
      await page.goto(`${url}/`);
      await page.getByRole('link', { name: '招标公告' }).first().click();
      await page.waitForURL((u) => u.pathname === '/tenders');
      await page.getByTestId('tender-search').locator('input').fill(tender.tenderNo);
      await page.getByTestId('tender-search').locator('input').press('Enter');
      const row = page.getByTestId('tenders-table').locator('tbody tr').filter({ hasText: tender.tenderNo });
      await row.getByText('已开标').waitFor();
      await settled(page);
      await screenshot(page, 'public-list-1280');
      await atPhone(page, 'public-list-390');

      await row.getByTestId('tender-link').click();
      await page.waitForURL((u) => u.pathname === `/tenders/${tender.id}`);
      const rows = page.getByTestId('opening-table').locator('tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBe(3);
      for (const s of Object.values(suppliers)) expect(await rows.filter({ hasText: s.name }).count()).toBe(1);
      const small = rows.filter({ hasText: suppliers.small.name });
      expect(await small.getByTestId('opening-price').innerText()).toBe('¥2,700,000.00');
      expect(await small.getByTestId('opening-deduction').innerText()).toBe('10%');
      expect(await small.getByTestId('opening-evaluation').innerText()).toBe('¥2,430,000.00');
      await small.getByText('小型', { exact: true }).waitFor();
      await small.getByText('已声明', { exact: true }).waitFor();
      const large = rows.filter({ hasText: suppliers.large.name });
      expect(await large.getByTestId('opening-evaluation').innerText()).toBe('¥2,600,000.00');
      expect(await large.getByTestId('opening-deduction').count()).toBe(0);
      expect(await rows.filter({ hasText: suppliers.medium.name }).getByTestId('opening-evaluation').innerText()).toBe('¥2,650,000.00');
      await expect.poll(() => page.getByTestId('tender-status').first().innerText()).toBe('已开标');
      await settled(page);
      await screenshot(page, 'public-opening-1280');
      await atPhone(page, 'public-opening-390');

      // The same record in English; then back to Chinese.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByTestId('opening-table').getByText('Evaluation price', { exact: true }).first().waitFor();
      await settled(page);
      await screenshot(page, 'public-opening-en-1280');
      await page.getByRole('button', { name: '中文' }).click();
      await page.getByTestId('opening-table').getByText('评审价', { exact: true }).first().waitFor();

      // The purchasing unit reads its tender and the same record in its workbench.
      await login(page, purchaserLogin, '/purchaser');
      await page.getByRole('menuitem', { name: '招标项目' }).click();
      await page.waitForURL((u) => u.pathname === '/purchaser/tenders');
      const mine = page.getByTestId('tenders-table').locator('tbody tr').filter({ hasText: tender.tenderNo });
      await mine.getByText('已开标').waitFor();
      await mine.getByTestId('tender-link').click();
      await page.waitForURL((u) => u.pathname === `/purchaser/tenders/${tender.id}`);
      await expect.poll(() => page.getByTestId('opening-table').locator('tbody tr.ant-table-row').count()).toBe(3);
      await settled(page);
      await screenshot(page, 'purchaser-opening-1280');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
