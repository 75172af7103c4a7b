// Evaluation and award (评标、定标), driven in Chromium against the real API serving the built
// storefront, with the job workers running. Set up through the API (the tender pages are another
// journey): a goods tender (A020201, comprehensive: price 30%, technical 50%, service 20%) with three
// bidders — large ¥2,700,000, medium ¥2,750,000, small ¥2,900,000 with an SME declaration — opened by
// its job once the deadline passes. Then in the browser: center staff draw the committee and see who
// was left out and why (a director of the large bidder, a suspended expert); one drawn expert declares
// no conflict and fills the score sheet — an out-of-range technical score is refused on its cell — the
// other four score through the API; the center computes the report, which ranks the small enterprise
// first only through its 10% deduction (evaluation price ¥2,610,000.00, price score 30.00, total 85.00)
// and flags the one expert far from the others; the purchaser confirms the award; and the public report
// page, with no login, shows it, printable and as JSON. The small bidder seals a 投标文件 (PDF) with its bid:
// before the opening nobody reads it (the center 409, the bidder 409, an expert and another supplier 404);
// after it, a drawn expert reads it only once declared (404 before), on the expert's own page, where the
// file's name, size and SHA-256 are listed and its download (the exact bytes sealed) is recorded in the audit log.
// The database is shared with the other test files of the run: the center, the unit, the users, the
// suppliers and the conflicted experts are made here, and no count is assumed that this file did not make.
import { createHash, randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { and, eq, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditEntries, auditPending, expertAffiliations, experts, tenders, users } from '../../server/db/schema/index.ts';
import { passTenderDeadline, intentionExempt } from '../helpers/procurement.ts';
import type { TestContext } from '../helpers/context.ts';
import { startBrowserContext } from '../helpers/server.ts';
import { createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';
import { minimalPdf } from '../helpers/files.ts';
import * as ui from './browser.ts';
import {
  chromiumSuite,
  demoPassword,
  desktop,
  expectNoHorizontalOverflow,
  label,
  launchBrowser,
  phone,
  settled,
  expectResponse,
} from './browser.ts';
/** Today in Beijing: a contract is signed on a day between the end of the challenge window and today. */
const beijingToday = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

const { suite, title } = chromiumSuite('evaluation and award');

/** Toasts gone, so screenshots show the page. */
async function quiet(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
}

type Size = 'large' | 'medium' | 'small';
type Api = (method: string, path: string, body?: unknown) => Promise<Response>;

suite(title, () => {
  let browser: Browser;
  let ctx: TestContext;
  let url = '';
  const marker = randomInt(100_000, 999_999);
  const unitName = `测试评标采购单位${marker}`;
  const suppliers: Record<Size, { id: string; name: string; username: string; priceFen: number }> = {
    large: { id: '', name: `测试大型复印${marker}有限公司`, username: '', priceFen: 270_000_000 },
    medium: { id: '', name: `测试中型复印${marker}有限公司`, username: '', priceFen: 275_000_000 },
    small: { id: '', name: `测试小型复印${marker}有限公司`, username: '', priceFen: 290_000_000 },
  };
  const conflicted = { director: `测试董事专家${marker}`, suspended: `测试暂停专家${marker}` };
  let centerLogin = '';
  let purchaserLogin = '';
  let tender = { id: '', tenderNo: '', lotId: '' };
  let seats: { id: string; expertId: string; name: string }[] = [];
  /** The small bidder's 投标文件, sealed with its bid; `url` is its download. */
  const bidFile = { name: `技术方案${marker}.pdf`, content: minimalPdf(`% 技术方案 ${marker}\n`), url: '' };
  /** An expert of the pool who sits on no committee of this tender. */
  let outsiderExpert = '';

  /** A session through the API, as the storefront sends requests (cookie and CSRF header); null on a wrong password. */
  async function apiAs(username: string, password = TEST_PASSWORD): Promise<Api | null> {
    const { status, cookie, csrfToken } = await ui.loginOverHttp(url, username, password);
    if (status === 401) return null;
    expect(status).toBe(200);
    return (method, path, body) =>
      fetch(`${url}${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? null : JSON.stringify(body),
      });
  }

  /** Uploads one PDF as this user, as the storefront does (multipart field "file", cookie and CSRF header). */
  async function uploadAs(username: string, path: string, filename: string, content: Buffer): Promise<Response> {
    const { status, cookie, csrfToken } = await ui.loginOverHttp(url, username, TEST_PASSWORD);
    expect(status).toBe(200);
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'application/pdf' }), filename);
    return fetch(`${url}${path}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, body: form });
  }

  /** The audit entries of this action on this tender (chained or still pending), with who did it. */
  async function auditOf(entityId: string, action: string) {
    const db = ctx.database.db;
    const [chained, pending] = await Promise.all(
      [auditEntries, auditPending].map((table) =>
        db
          .select({ actorUserId: table.actorUserId, data: table.data })
          .from(table)
          .where(and(eq(table.entityId, entityId), eq(table.action, action))),
      ),
    );
    return [...chained!, ...pending!];
  }

  /** A drawn expert's login: its own account (a test or a demo one), or a new account linked to it. */
  async function expertLogin(expertId: string): Promise<{ username: string; password: string; api: Api }> {
    const db = ctx.database.db;
    const [e] = await db.select().from(experts).where(eq(experts.id, expertId));
    if (e!.userId) {
      const [u] = await db.select().from(users).where(eq(users.id, e!.userId));
      for (const password of [TEST_PASSWORD, demoPassword]) {
        const api = await apiAs(u!.username, password);
        if (api) return { username: u!.username, password, api };
      }
    }
    const user = await createUser(db, (await createOrg(db, 'procurement_center')).id, ['expert'], { displayName: e!.name });
    await db.update(experts).set({ userId: user.id }).where(eq(experts.id, expertId));
    return { username: user.username, password: TEST_PASSWORD, api: (await apiAs(user.username))! };
  }

  beforeAll(async () => {
    // The test server of the other browser files, plus the job workers: the opening job must run here.
    const started = await startBrowserContext();
    ctx = started.ctx;
    url = started.url;
    await started.startWorkers();
    browser = await launchBrowser();

    const db = ctx.database.db;
    const center = await createOrg(db, 'procurement_center', { name: `测试评标集采中心${marker}` });
    centerLogin = (await createUser(db, center.id, ['center_staff'], { displayName: '王经办' })).username;
    const unit = await createOrg(db, 'purchasing_unit', { name: unitName });
    purchaserLogin = (await createUser(db, unit.id, ['purchaser'], { displayName: '李采购' })).username;
    for (const size of ['large', 'medium', 'small'] as const) {
      const org = await createOrg(db, 'supplier', {
        name: suppliers[size].name,
        sizeClass: size,
        legalRepresentative: `代表${size}${marker}`,
      });
      suppliers[size].id = org.id;
      suppliers[size].username = (await createUser(db, org.id, ['supplier'])).username;
    }
    // Two experts of the tender's category who must be left out: a director of the large bidder, and a suspended one.
    const [director] = await db
      .insert(experts)
      .values({ name: conflicted.director, title: '高级工程师', employer: '某研究院', specialties: ['A020201'], regionCode: '110000' })
      .returning();
    await db.insert(expertAffiliations).values({
      expertId: director!.id,
      kind: 'director',
      organizationId: suppliers.large.id,
      fromDate: `${new Date().getUTCFullYear() - 1}-01-01`,
    });
    await db.insert(experts).values({
      name: conflicted.suspended,
      title: '高级工程师',
      employer: '某研究院',
      specialties: ['A020201'],
      regionCode: '110000',
      status: 'suspended',
    });

    // The tender, published, bid on and opened (the tender pages are another journey's).
    const centerApi = (await apiAs(centerLogin))!;
    const created = await centerApi('POST', '/api/tenders', {
      title: `办公复印设备招标${marker}`,
      methodCode: 'open',
      ...intentionExempt,
      purchaserOrgId: unit.id,
      kind: 'goods',
      categoryCode: 'A020201',
      documents: '第一章 投标邀请……第二章 采购需求：数码复合机 100 台……第三章 综合评分法：价格 30 分，技术 50 分，服务 20 分……',
      deadline: new Date(Date.now() + 21 * 86_400_000).toISOString(),
      smeExemptReason: '标准化通用设备，不宜专门面向中小企业',
      lots: [
        {
          name: '数码复合机',
          budgetFen: 300_000_000,
          items: [{ name: '数码复合机', quantity: 100, unit: '台' }],
          evaluationMethod: 'comprehensive',
          priceWeight: '0.30',
          criteria: [
            { key: 'tech', name: '技术', weight: '0.50' },
            { key: 'service', name: '服务', weight: '0.20' },
          ],
          smeReserved: false,
          smeDeductionRate: '0.10',
        },
      ],
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const t = (await created.json()) as { id: string; tenderNo: string; lots: { id: string }[] };
    tender = { id: t.id, tenderNo: t.tenderNo, lotId: t.lots[0]!.id };
    expect((await centerApi('POST', `/api/tenders/${t.id}/publish`)).status).toBe(200);
    for (const size of ['large', 'medium', 'small'] as const) {
      const api = (await apiAs(suppliers[size].username))!;
      const bid = await api('PUT', `/api/tenders/${t.id}/bids`, {
        lotId: tender.lotId,
        priceFen: suppliers[size].priceFen,
        brand: `${size}${marker}牌`,
        technicalResponse: '完全响应采购需求：复印速度 45 页/分钟，A3 幅面，三年上门保修。',
        smeDeclared: size === 'small',
      });
      expect(bid.status, await bid.clone().text()).toBe(200);
    }
    // The small bidder's 投标文件, sealed with its bid: before the opening nobody reads it, not even the bidder.
    const up = await uploadAs(suppliers.small.username, `/api/tenders/${t.id}/bids/${tender.lotId}/files`, bidFile.name, bidFile.content);
    expect(up.status, await up.clone().text()).toBe(201);
    bidFile.url = ((await up.json()) as { url: string }).url;
    outsiderExpert = (await createUser(db, center.id, ['expert'])).username;
    expect((await centerApi('GET', `/api/tenders/${t.id}/bid-files`)).status).toBe(409);
    expect((await centerApi('GET', bidFile.url)).status).toBe(409);
    expect((await (await apiAs(suppliers.small.username))!('GET', bidFile.url)).status).toBe(409);
    expect((await (await apiAs(suppliers.large.username))!('GET', bidFile.url)).status).toBe(404);
    for (const path of [`/api/tenders/${t.id}/bid-files`, bidFile.url])
      expect((await (await apiAs(outsiderExpert))!('GET', path)).status).toBe(404);
    await passTenderDeadline(ctx, t.id);
    const status = async () => (await db.select().from(tenders).where(eq(tenders.id, t.id)))[0]!.status;
    expect(await status()).toBe('opened');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  const openContext = () => ui.openContext(browser);
  const login = (page: Page, username: string, home: string, password = TEST_PASSWORD) => ui.login(page, url, username, home, password);
  const screenshot = async (page: Page, name: string, fullPage = true) => {
    if (fullPage) await page.evaluate('window.scrollTo(0, 0)');
    await ui.screenshot(page, `evaluation-${name}`, fullPage);
  };
  const atPhone = async (page: Page, name: string) => {
    await page.setViewportSize(phone);
    await settled(page);
    await expectNoHorizontalOverflow(page);
    await screenshot(page, name);
    await page.setViewportSize(desktop);
  };
  const evaluationPath = () => `/center/tenders/${tender.id}/evaluation`;

  it('center staff: draw the committee from the opened tenders; the draw record names who was left out and why', async () => {
    expect(tender.id).not.toBe('');
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, centerLogin, '/center');
      await page.getByRole('menuitem', { name: '评标定标' }).click();
      await page.waitForURL((u) => u.pathname === '/center/evaluation');
      await page.getByTestId('evaluation-search').locator('input').fill(tender.tenderNo);
      await page.getByTestId('evaluation-search').locator('input').press('Enter');
      const row = page.getByTestId('evaluation-table').locator('tbody tr.ant-table-row').filter({ hasText: tender.tenderNo });
      await row.getByText('已开标').waitFor();
      await row.getByText('¥3,000,000.00').waitFor();
      await settled(page);
      await screenshot(page, 'center-list-1280');
      await atPhone(page, 'center-list-390');
      await row.getByRole('button', { name: label('抽取专家') }).click();
      await page.waitForURL((u) => u.pathname === evaluationPath());
      await page.getByTestId('committee-card').getByText('尚未抽取评标委员会').waitFor();

      await page.getByTestId('draw-committee').click();
      const drawn = expectResponse(page, (r) => new URL(r.url()).pathname === `/api/tenders/${tender.id}/experts/draw`);
      await page
        .locator('.ant-modal-confirm')
        .getByRole('button', { name: label('确认抽取') })
        .click();
      const answer = await drawn;
      expect(answer.status()).toBe(202);
      // The worker draws after the request: the page polls until the committee is seated.
      type Drawn = {
        seats: { id: string; expertId: string; name: string }[];
        draw: { seed: string; excluded: { expertId: string; reason: string }[] } | null;
      };
      const committeeNow = async () => (await (await page.request.get(`${url}/api/tenders/${tender.id}/experts`)).json()) as Drawn;
      await expect.poll(async () => (await committeeNow()).draw !== null, { timeout: 20_000 }).toBe(true);
      const committee = (await committeeNow()) as Drawn & { draw: NonNullable<Drawn['draw']> };
      seats = committee.seats;
      expect(seats).toHaveLength(5);
      expect(seats.map((s) => s.name)).not.toContain(conflicted.director);
      await expect.poll(() => page.getByTestId('seats-table').locator('tbody tr.ant-table-row').count()).toBe(5);
      await expect.poll(() => page.getByTestId('tender-status').first().innerText()).toBe('评审中');
      await expect.poll(() => page.getByTestId('draw-seed').innerText()).toContain(committee.draw.seed);
      // Left out, by name, with the reason.
      const excluded = page.getByTestId('excluded-table');
      await excluded
        .locator('tr')
        .filter({ hasText: conflicted.director })
        .getByText(`近三年在投标人${suppliers.large.name}担任董事`)
        .waitFor();
      await excluded.locator('tr').filter({ hasText: conflicted.suspended }).getByText('暂停评审资格').waitFor();
      await settled(page);
      await quiet(page);
      await screenshot(page, 'center-committee-1280');
      await atPhone(page, 'center-committee-390');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  /**
   * Just declared, the expert finds each bid's 投标文件 on its own page: the small bidder's file by name, size and
   * SHA-256, the others' "none"; the download is the PDF as sealed, and the audit log records it as this expert's.
   * A member who has not declared yet, and an expert on no committee of this tender, read nothing (404).
   */
  async function expertReadsBidFiles(page: Page, username: string) {
    const card = page.getByTestId('sheet-bid-files');
    const bidOf = (size: Size) => card.getByTestId('sheet-bid-files-bid').filter({ hasText: suppliers[size].name });
    await bidOf('small').getByTestId('sheet-bid-file-download').getByText(bidFile.name).waitFor();
    expect(bidFile.content.length).toBeLessThan(1024);
    await bidOf('small').getByText(`${bidFile.content.length} B`, { exact: true }).waitFor();
    const sha256 = createHash('sha256').update(bidFile.content).digest('hex');
    expect((await bidOf('small').getByTestId('sheet-bid-file-sha').innerText()).trim()).toBe(sha256);
    for (const size of ['large', 'medium'] as const) await bidOf(size).getByText('本包投标未附投标文件').waitFor();
    await card.scrollIntoViewIfNeeded();
    await settled(page);
    await ui.screenshot(page, 'evaluation-expert-bid-files-1280', false);

    const download = page.waitForEvent('download');
    await bidOf('small').getByTestId('sheet-bid-file-download').click();
    expect((await readFile(await (await download).path())).equals(bidFile.content)).toBe(true);
    const [me] = await ctx.database.db.select({ id: users.id }).from(users).where(eq(users.username, username));
    await expect
      .poll(async () => (await auditOf(tender.id, 'tender.bid.file.download')).filter((e) => e.actorUserId === me!.id).length)
      .toBe(1);

    const undeclared = (await expertLogin(seats[1]!.expertId)).api;
    const outsider = (await apiAs(outsiderExpert))!;
    for (const api of [undeclared, outsider])
      for (const path of [`/api/tenders/${tender.id}/bid-files`, bidFile.url]) expect((await api('GET', path)).status).toBe(404);
  }

  it('an expert declares no conflict and scores in the browser: an out-of-range score is refused on its cell', async () => {
    expect(seats).toHaveLength(5);
    const first = seats[0]!;
    const account = await expertLogin(first.expertId);
    const { context, page, pageErrors } = await ui.openContext(browser, { acceptDownloads: true });
    const puts: number[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === `/api/tender-experts/${first.id}/scores`) puts.push(r.status());
    });
    try {
      await login(page, account.username, '/expert', account.password);
      await page.getByRole('menuitem', { name: '评审任务' }).click();
      await page.waitForURL((u) => u.pathname === '/expert/assignments');
      const row = page.getByTestId('assignments-table').locator('tbody tr.ant-table-row').filter({ hasText: tender.tenderNo });
      await row.getByText('待声明').waitFor();
      await settled(page);
      await screenshot(page, 'expert-assignments-1280');
      await row.getByRole('button', { name: label('签署声明') }).click();
      await page.waitForURL((u) => u.pathname === `/expert/assignments/${first.id}`);

      // Nothing of the bids before the declaration.
      await page.getByTestId('declaration').getByText('签署声明前看不到任何投标文件。').waitFor();
      expect(await page.locator('body').innerText()).not.toContain(suppliers.small.name);
      await settled(page);
      await screenshot(page, 'expert-declaration-1280');
      await page.getByTestId('confirm-seat').click();
      const confirmed = expectResponse(page, (r) => new URL(r.url()).pathname === `/api/tender-experts/${first.id}/confirm`);
      await page.locator('.ant-modal-confirm .ant-btn-primary').click();
      expect((await confirmed).status()).toBe(200);
      await expertReadsBidFiles(page, account.username);
      // 资格性审查 by the center, then 符合性审查 by this member: every bid passes (scoring comes after both).
      const centerApi = (await apiAs(centerLogin))!;
      const reviews = (await (await centerApi('GET', `/api/tenders/${tender.id}/reviews`)).json()) as { bidId: string }[];
      const results = reviews.map((r) => ({ bidId: r.bidId, passed: true }));
      expect((await centerApi('PUT', `/api/tenders/${tender.id}/qualification`, { lotId: tender.lotId, results })).status).toBe(200);
      expect((await account.api('PUT', `/api/tender-experts/${first.id}/compliance`, { lotId: tender.lotId, results })).status).toBe(200);

      // The sheet: the three qualified bids with prices and the small enterprise's deduction, a cell per criterion.
      const sheet = page.getByTestId('sheet-table');
      await expect.poll(() => sheet.locator('tbody tr.ant-table-row').count()).toBe(3);
      const rowOf = (size: Size) => sheet.locator('tbody tr.ant-table-row').filter({ hasText: suppliers[size].name });
      await rowOf('small').getByText('¥2,610,000.00').waitFor();
      await rowOf('small').getByText('已扣除 10%').waitFor();
      // 55 for technical (of 50): refused on that cell before anything is sent.
      for (const size of ['large', 'medium', 'small'] as const) {
        const inputs = rowOf(size).locator('input');
        await inputs.nth(0).fill(size === 'large' ? '55' : '40');
        await inputs.nth(1).fill('15');
      }
      await page.getByTestId('submit-scores').click();
      await rowOf('large').getByText('「技术」得分须在 0–50 分之间，最多两位小数').waitFor();
      // Every problem at once: below full marks, each cell also needs its 评分理由 (the server's schema).
      await rowOf('medium').getByText('「技术」未给满分，请填写评分理由').waitFor();
      await rowOf('small').getByText('「服务」未给满分，请填写评分理由').waitFor();
      await rowOf('large').getByText('「服务」未给满分，请填写评分理由').waitFor();
      expect(puts).toEqual([]);
      await settled(page);
      await screenshot(page, 'expert-sheet-refused-1280');
      // On a phone each bid is a card with its cells under it; the refusal shows there too.
      await page.setViewportSize(phone);
      const card = page.getByTestId('sheet-bid').filter({ hasText: suppliers.large.name });
      await card.locator('input').nth(0).waitFor();
      await page.getByTestId('submit-scores').click();
      await card.getByText('「技术」得分须在 0–50 分之间，最多两位小数').waitFor();
      expect(puts).toEqual([]);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await card.scrollIntoViewIfNeeded();
      await ui.screenshot(page, 'evaluation-expert-sheet-refused-390', false);
      await page.setViewportSize(desktop);

      await rowOf('large').locator('input').nth(0).fill('40');
      await expect.poll(() => rowOf('large').locator('[data-testid^="row-total-"]').innerText()).toBe('55.00');
      for (const size of ['large', 'medium', 'small'] as const) {
        const reasons = rowOf(size).locator('textarea');
        await reasons.nth(0).fill('技术参数个别项仅满足最低要求');
        await reasons.nth(1).fill('售后服务响应时间一般');
      }
      const sent = expectResponse(
        page,
        (r) => new URL(r.url()).pathname === `/api/tender-experts/${first.id}/scores` && r.request().method() === 'PUT',
      );
      await page.getByTestId('submit-scores').click();
      const put = await sent;
      expect(put.status()).toBe(200);
      const body = put.request().postDataJSON() as {
        lotId: string;
        sheets: { points: Record<string, string>; reasons: Record<string, string> }[];
      };
      expect(body.lotId).toBe(tender.lotId);
      expect(body.sheets.map((s) => s.points)).toEqual([
        { tech: '40', service: '15' },
        { tech: '40', service: '15' },
        { tech: '40', service: '15' },
      ]);
      expect(body.sheets.map((s) => s.reasons)).toEqual(
        Array.from({ length: 3 }, () => ({ tech: '技术参数个别项仅满足最低要求', service: '售后服务响应时间一般' })),
      );
      await page.getByTestId('lot-sheet').getByText('已评分').waitFor();
      await settled(page);
      await quiet(page);
      await screenshot(page, 'expert-sheet-1280');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the other four experts declare and score through the API; the last marks the medium enterprise far down', async () => {
    for (const [i, seat] of seats.slice(1).entries()) {
      const { api } = await expertLogin(seat.expertId);
      expect((await api('POST', `/api/tender-experts/${seat.id}/confirm`)).status).toBe(200);
      const sheet = (await (await api('GET', `/api/tender-experts/${seat.id}/sheet`)).json()) as {
        lots: { bids: { bidId: string; supplierName: string }[] }[];
      };
      const bids = sheet.lots[0]!.bids;
      expect(bids).toHaveLength(3);
      const sheets = bids.map((b) => ({
        bidId: b.bidId,
        points: { tech: i === 3 && b.supplierName === suppliers.medium.name ? '10' : '40', service: '15' },
        reasons: { tech: '技术参数个别项仅满足最低要求', service: '售后服务响应时间一般' },
      }));
      const res = await api('PUT', `/api/tender-experts/${seat.id}/scores`, { lotId: tender.lotId, sheets });
      expect(res.status, await res.clone().text()).toBe(200);
    }
  }, 60_000);

  it('center staff compute the report: the small enterprise first through its deduction, the far-off score flagged', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, centerLogin, '/center');
      await page.goto(`${url}${evaluationPath()}`);
      await page.getByTestId('evaluate').waitFor();
      const evaluated = expectResponse(page, (r) => new URL(r.url()).pathname === `/api/tenders/${tender.id}/evaluate`);
      await page.getByTestId('evaluate').click();
      expect((await evaluated).status()).toBe(200);
      const rows = page.getByTestId('ranking-table').locator('tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBe(3);
      const first = rows.nth(0);
      await first.getByText(suppliers.small.name).waitFor();
      expect(await first.getByTestId('evaluation-price').innerText()).toBe('¥2,610,000.00');
      expect(await first.getByTestId('price-score').innerText()).toBe('30.00');
      expect(await first.getByTestId('total-score').innerText()).toBe('85.00');
      await first.getByText('推荐').waitFor();
      expect(await rows.nth(1).innerText()).toContain(suppliers.large.name);
      expect(await rows.nth(1).getByTestId('total-score').innerText()).toBe('84.00');
      expect(await rows.nth(2).getByTestId('total-score').innerText()).toBe('77.47');
      // The rule each figure comes from, and the one expert far from the others, by name.
      await page
        .getByTestId('report-rules')
        .getByText(/价格分 = 最低评审价 ¥2,610,000\.00 ÷ 本投标评审价 × 30/)
        .waitFor();
      await page
        .getByTestId('outliers')
        .getByText(`评审专家 5 对 ${suppliers.medium.name} 的评分合计 25.00 分，其他专家平均 55.00 分`)
        .waitFor();
      await expect.poll(() => page.getByTestId('evaluation-steps').locator('.ant-steps-item-process').innerText()).toContain('确认中标');
      await settled(page);
      await quiet(page);
      await screenshot(page, 'center-report-1280');
      await atPhone(page, 'center-report-390');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the purchaser confirms the award; the contract waits for the challenge window', async () => {
    // The committee adopts the report: every member signs it (the report is final only then).
    for (const seat of seats) {
      const { api } = await expertLogin(seat.expertId);
      expect((await api('POST', `/api/tender-experts/${seat.id}/sign`, { lotId: tender.lotId, agrees: true })).status).toBe(200);
    }
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, purchaserLogin, '/purchaser');
      await page.getByRole('menuitem', { name: '定标与合同' }).click();
      await page.waitForURL((u) => u.pathname === '/purchaser/awards');
      const row = page.getByTestId('evaluation-table').locator('tbody tr.ant-table-row').filter({ hasText: tender.tenderNo });
      await row.getByText('评审中').waitFor();
      await row.getByRole('button', { name: label('确认中标') }).click();
      await page.waitForURL((u) => u.pathname === `/purchaser/tenders/${tender.id}/award`);
      await page.getByText(`推荐中标人：${suppliers.small.name}，投标报价 ¥2,900,000.00`).waitFor();
      await settled(page);
      await screenshot(page, 'purchaser-before-1280');

      await page.getByTestId('confirm-award').click();
      const modal = page.locator('.ant-modal-confirm');
      await modal.getByText('合同价为其投标报价 ¥2,900,000.00；评审价 ¥2,610,000.00 仅用于评审排序。').waitFor();
      await ui.animationsDone(page);
      const awarded = expectResponse(page, (r) => new URL(r.url()).pathname === `/api/tenders/${tender.id}/lots/${tender.lotId}/award`);
      await modal.getByRole('button', { name: label('确认中标') }).click();
      expect((await awarded).status()).toBe(200);
      await page.getByTestId('lot-outcome').getByText(`中标人：${suppliers.small.name}，合同价 ¥2,900,000.00`).waitFor();
      await page.getByTestId('awarded-tag').waitFor();
      await expect.poll(() => page.getByTestId('tender-status').first().innerText()).toBe('已定标');
      await page
        .getByTestId('contract-wait')
        .getByText(/质疑期至 \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(北京时间\)/)
        .waitFor();
      await settled(page);
      await quiet(page);
      await screenshot(page, 'purchaser-awarded-1280');
      await atPhone(page, 'purchaser-awarded-390');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the public report page, with no login, shows the award; printable, and the JSON behind it', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await page.goto(`${url}/tenders/${tender.id}/report`);
      const sheet = page.getByTestId('report-sheet');
      await sheet.getByText('评标报告').first().waitFor();
      await sheet.getByTestId('lot-outcome').getByText(`中标人：${suppliers.small.name}，合同价 ¥2,900,000.00`).waitFor();
      const first = sheet.getByTestId('ranking-table').locator('tbody tr.ant-table-row').nth(0);
      await first.getByTestId('awarded-tag').waitFor();
      expect(await first.getByTestId('total-score').innerText()).toBe('85.00');
      // Experts are not named in public.
      expect(await sheet.innerText()).not.toContain(seats[4]!.name);
      await sheet
        .getByTestId('outliers')
        .getByText(/评审专家 \d+ 对/)
        .waitFor();
      const href = await page.getByTestId('report-json').getAttribute('href');
      expect(href).toBe(`/api/public/tenders/${tender.id}/evaluation-report`);
      const json = (await (await fetch(`${url}${href}`)).json()) as {
        status: string;
        lots: { awardedBidId: string | null; contractPriceFen: number | null }[];
      };
      expect(json.status).toBe('awarded');
      expect(json.lots[0]).toMatchObject({ contractPriceFen: 290_000_000 });
      await page.getByTestId('print-report').waitFor();
      await settled(page);
      await screenshot(page, 'public-report-1280');
      await atPhone(page, 'public-report-390');
      // As printed: no navigation, no buttons, the whole table.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.app-header').isVisible()).toBe(false);
      expect(await page.getByTestId('print-report').isVisible()).toBe(false);
      await screenshot(page, 'public-report-print');
      await page.emulateMedia({ media: 'screen' });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('a bidder lodges a challenge within the window; the center replies that it is not upheld', async () => {
    const supplier = await openContext();
    try {
      const { page, pageErrors } = supplier;
      await login(page, suppliers.large.username, '/supplier');
      await page.getByRole('menuitem', { name: '质疑' }).click();
      await page.waitForURL((u) => u.pathname === '/supplier/challenges');
      const row = page.getByTestId('evaluation-table').locator('tbody tr').filter({ hasText: tender.tenderNo });
      await row.getByText('已定标').waitFor();
      await row.getByRole('button', { name: label('查看/质疑') }).click();
      await page.waitForURL((u) => u.pathname === `/supplier/tenders/${tender.id}/challenges`);
      await page
        .getByTestId('challenge-window')
        .getByText(/质疑期至 \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(北京时间\)，可在期内提出质疑。/)
        .waitFor();
      // The published result is there to read: the small enterprise won.
      await page.getByTestId('lot-outcome').getByText(`中标人：${suppliers.small.name}，合同价 ¥2,900,000.00`).waitFor();
      await page.locator('#grounds').fill('价格扣除');
      await page.getByTestId('lodge-challenge').click();
      await page.getByText('质疑事项及依据至少 10 个字').waitFor();
      await page.locator('#grounds').fill('中标人《中小企业声明函》所列制造商并非小型企业，价格扣除不应适用，请求重新评审。');
      const lodged = expectResponse(
        page,
        (r) => new URL(r.url()).pathname === `/api/tenders/${tender.id}/challenges` && r.request().method() === 'POST',
      );
      await page.getByTestId('lodge-challenge').click();
      expect((await lodged).status()).toBe(201);
      const item = page.getByTestId('challenge').first();
      await item.getByText('待答复').waitFor();
      await item.getByText(/答复期限/).waitFor();
      await expect.poll(() => page.getByTestId('tender-status').first().innerText()).toBe('质疑期');
      await settled(page);
      await quiet(page);
      await screenshot(page, 'supplier-challenge-1280');
      await atPhone(page, 'supplier-challenge-390');
      expect(pageErrors).toEqual([]);
    } finally {
      await supplier.context.close();
    }

    const center = await openContext();
    try {
      const { page, pageErrors } = center;
      await login(page, centerLogin, '/center');
      await page.goto(`${url}${evaluationPath()}`);
      const card = page.getByTestId('challenges-card');
      await card.getByText(suppliers.large.name).waitFor();
      await card.getByTestId('reply-challenge').click();
      const modal = page.locator('.ant-modal').filter({ hasText: '答复' });
      // A click while the modal still zooms in lands on nothing (seen in CI: the finding stayed unpicked, the
      // form refused to submit and no request went out): wait until it stands still, then check the pick.
      await modal.waitFor();
      await ui.animationsDone(page);
      await modal.getByText('质疑不成立').click();
      await expect.poll(() => modal.getByRole('radio', { name: '质疑不成立' }).isChecked()).toBe(true);
      await modal.locator('#reply').fill('经核查，中标人提供的制造商营业执照及声明函真实有效，质疑事项不成立。');
      const replied = expectResponse(page, (r) => new URL(r.url()).pathname.endsWith('/reply') && r.request().method() === 'POST');
      await modal.getByRole('button', { name: label('提交答复') }).click();
      expect((await replied).status()).toBe(200);
      await card.getByTestId('challenge-upheld').getByText('质疑不成立').waitFor();
      await card
        .getByTestId('challenge-reply')
        .getByText(/质疑事项不成立/)
        .waitFor();
      await expect.poll(() => page.getByTestId('tender-status').first().innerText()).toBe('已定标');
      await settled(page);
      await quiet(page);
      await card.scrollIntoViewIfNeeded();
      await ui.screenshot(page, 'evaluation-center-challenge-replied-1280', false);
      expect(pageErrors).toEqual([]);
    } finally {
      await center.context.close();
    }
  }, 90_000);

  it('after the challenge window the purchaser records the contract at the awarded bid price', async () => {
    // The window passes: the tender's end of window, and its note that says when, are moved one second into the past.
    await ctx.database.db.execute(sql`
      update jicai.tenders set challenge_until = now() - interval '1 second',
        result_note = regexp_replace(result_note, '质疑期至 [0-9: -]+', '质疑期至 ' || to_char((now() - interval '1 second') at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS'))
      where id = ${tender.id}`);
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, purchaserLogin, '/purchaser');
      await page.goto(`${url}/purchaser/tenders/${tender.id}/award`);
      const form = page.getByTestId('contract-form');
      await form.getByText('合同金额应为中标投标报价 ¥2,900,000.00；不一致的须说明理由（财政部令第87号第七十一条）。').waitFor();
      // The day from the calendar (Enter in the picker would submit the form at once).
      await page.locator('#signedOn').click();
      await page.locator('#signedOn').fill(beijingToday);
      await page.locator(`.ant-picker-dropdown:visible td[title="${beijingToday}"]`).click();
      await expect.poll(() => page.locator('#signedOn').inputValue()).toBe(beijingToday);
      const signed = expectResponse(page, (r) => new URL(r.url()).pathname === `/api/tenders/${tender.id}/lots/${tender.lotId}/contract`);
      await page.getByTestId('sign-contract').click();
      const answer = await signed;
      expect(answer.status()).toBe(201);
      expect(answer.request().postDataJSON()).toEqual({ signedOn: beijingToday });
      await page
        .getByTestId('contract-signed')
        .getByText(`合同 HT${tender.tenderNo}-1 已于 ${beijingToday} 签订，合同价 ¥2,900,000.00`)
        .waitFor();
      await expect.poll(() => page.getByTestId('tender-status').first().innerText()).toBe('已签订合同');
      await settled(page);
      await quiet(page);
      await screenshot(page, 'purchaser-contract-1280');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
