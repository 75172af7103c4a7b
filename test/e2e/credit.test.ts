// Credit and the expert pool, driven in Chromium against the real API serving the built storefront:
// the regulator's list import (a bad row refuses the file), a bad-conduct listing through the form,
// the public lookup in Chinese and English, the supplier's own record, a recorded event going through
// confirmation and appeal, and the center's expert pool filtered by specialty.
// The database is shared with the other test files of the run: everything here is created here and
// nothing assumes a count.
import { randomInt } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeUscc } from '../../server/modules/organizations/organizations.rules.ts';
import { startTestServer } from '../helpers/server.ts';
import * as ui from './browser.ts';
import {
  chromiumSuite,
  desktop,
  expectNoHorizontalOverflow,
  label,
  launchBrowser,
  phone,
  pickDate,
  pickSupplier,
  settled,
  expectResponse,
} from './browser.ts';

const demoSupplier = '北京华信创新科技有限公司';
const badConductZh = '政府采购不良行为记录（禁止参加政府采购活动）';
const badConductEn = 'Procurement bad-conduct record (barred from government procurement)';

/** A calendar day in Beijing, "2026-11-30". */
function beijingDay(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** The last day of a one-year ban starting on `day`: the day before its anniversary. */
function oneYearMinusADay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** A USCC whose check character is wrong: the last character replaced by another valid one. */
function breakCheckCharacter(uscc: string): string {
  const last = uscc.at(-1);
  return `${uscc.slice(0, -1)}${last === '0' ? '1' : '0'}`;
}

const { suite, title } = chromiumSuite('credit and experts');

suite(title, () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  const today = beijingDay(new Date());
  const banEnds = oneYearMinusADay(today);

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const openContext = () => ui.openContext(browser, { acceptDownloads: true });
  const login = (page: Page, username: string, home: string) => ui.login(page, server.url, username, home);
  const screenshot = (page: Page, name: string, fullPage = true) => ui.screenshot(page, `credit-${name}`, fullPage);

  function csv(rows: string[][]): Buffer {
    const header = '统一社会信用代码,名称,名单类型,列入日期,移出日期,地区,依据';
    return Buffer.from(`\uFEFF${[header, ...rows.map((r) => r.join(','))].join('\r\n')}\r\n`, 'utf8');
  }

  it('regulator: an import with one bad USCC shows the row and imports nothing; a good file imports after preview', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, 'regulator', '/regulator');
      // The home counts the queues of the credit workspace.
      await page.getByText('待处理申诉', { exact: true }).waitFor();
      await page.getByText('待确认信用记录', { exact: true }).waitFor();

      await page.getByRole('menuitem', { name: '名单导入' }).click();
      await page.waitForURL((url) => url.pathname === '/regulator/credit/imports');
      await page.getByRole('heading', { name: '名单导入' }).waitFor();

      // The template is generated in the browser with the headers the server reads.
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: '下载 CSV 模板' }).click();
      const template = await download;
      expect(template.suggestedFilename()).toBe('信用名单导入模板.csv');

      const serial = randomInt(10_000_000, 99_999_999);
      const goodUscc = makeUscc('110105', serial);
      const badUscc = breakCheckCharacter(makeUscc('110105', serial + 1));
      const goodName = `测试失信主体${serial}`;
      const badFile = csv([
        [goodUscc, goodName, '失信被执行人', today, '', '', '（2026）京0105执123号'],
        [badUscc, `测试错误主体${serial}`, '失信被执行人', today, '', '', '（2026）京0105执124号'],
      ]);
      await page.locator('input[type="file"]').setInputFiles({ name: 'bad-list.csv', mimeType: 'text/csv', buffer: badFile });

      const errors = page.getByTestId('import-errors');
      await errors.waitFor();
      await errors.getByText('整个文件未导入，没有写入任何名单记录。').waitFor();
      const errorRow = errors.locator('tbody tr').filter({ hasText: '统一社会信用代码' });
      await expect.poll(() => errorRow.count()).toBeGreaterThan(0);
      expect(await errorRow.first().locator('td').first().innerText()).toBe('3');
      expect(await page.getByRole('button', { name: '确认导入' }).count()).toBe(0);
      await settled(page);
      await screenshot(page, 'import-errors-1280');

      // Nothing was imported: not even the good row.
      await page.goto(`${server.url}/regulator/credit/exclusions?q=${encodeURIComponent(goodName)}`);
      await page.getByText('没有符合条件的名单记录').waitFor();

      // The same good row alone passes the dry run, is previewed as unregistered, and imports on confirmation.
      await page.getByRole('menuitem', { name: '名单导入' }).click();
      await page.locator('input[type="file"]').setInputFiles({
        name: 'good-list.csv',
        mimeType: 'text/csv',
        buffer: csv([[goodUscc, goodName, '失信被执行人', today, '', '', '（2026）京0105执123号']]),
      });
      await page.getByText('校验通过：导入预览').waitFor();
      await page.getByText('共 1 行，其中 0 行匹配到本平台注册的供应商。').waitFor();
      await page.getByRole('button', { name: '确认导入' }).click();
      await page.getByText('导入完成').waitFor();
      await page.getByText('已导入 1 条名单记录：0 条匹配到注册供应商，1 条为未注册主体。').waitFor();
      await settled(page);
      await screenshot(page, 'import-done-1280');
      await page.getByRole('button', { name: '查看限制名单' }).click();
      await page.getByPlaceholder('按名称或统一社会信用代码搜索').fill(goodName);
      await page.getByPlaceholder('按名称或统一社会信用代码搜索').press('Enter');
      await page.locator('tbody tr').filter({ hasText: goodName }).first().waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 150_000);

  it(`regulator lists ${demoSupplier} for bad conduct, ${today} to ${banEnds}, through the form`, async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, 'regulator', '/regulator');
      await page.getByRole('menuitem', { name: '限制名单' }).click();
      await page.waitForURL((url) => url.pathname === '/regulator/credit/exclusions');
      await page.getByRole('button', { name: '列入名单' }).click();
      const modal = page.locator('.ant-modal').filter({ hasText: '列入限制名单' });
      await modal.waitFor();
      // The form says what 第77条 requires before anyone types a date.
      await modal.getByText('不良行为记录：禁止参加政府采购活动 1 至 3 年').waitFor();

      await pickSupplier(page, modal, demoSupplier);
      await pickDate(modal.locator('#startsOn'), today);

      // Too long a ban is refused on the spot, with the rule it breaks.
      await pickDate(modal.locator('#endsOn'), oneYearMinusADay(oneYearMinusADay(oneYearMinusADay(oneYearMinusADay(today)))));
      await modal.getByText('不良行为记录期限应为 1 至 3 年（政府采购法第七十七条）').waitFor();

      await pickDate(modal.locator('#endsOn'), banEnds);
      await expect.poll(() => modal.locator('.ant-form-item-explain-error').count()).toBe(0);
      expect(await modal.locator('#legalBasis').inputValue()).toBe('《中华人民共和国政府采购法》第七十七条');
      await screenshot(page, 'exclusion-form-1280', false);

      const created = expectResponse(
        page,
        (r) => new URL(r.url()).pathname === '/api/credit/exclusions' && r.request().method() === 'POST',
      );
      await modal.getByRole('button', { name: '列入名单' }).click();
      expect((await created).status()).toBe(201);
      await modal.waitFor({ state: 'hidden' });

      const row = page
        .locator('tbody tr')
        .filter({ hasText: demoSupplier })
        .filter({ hasText: `${today} 至 ${banEnds}` });
      await row.first().waitFor();
      await row.first().getByText('生效中').waitFor();
      await settled(page);
      await screenshot(page, 'exclusions-1280');

      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'exclusions-390');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 150_000);

  it('the public credit lookup finds the supplier by name and shows the exclusion, in Chinese and in English', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await page.goto(`${server.url}/`);
      await page.getByRole('button', { name: '信用查询' }).click();
      await page.waitForURL((url) => url.pathname === '/credit');
      await page.getByText('请输入查询条件').waitFor();
      await page.getByText('证据材料、事实说明与申诉内容不公开', { exact: false }).waitFor();

      // One character is not enough: the form says so and does not search.
      const box = page.getByLabel('统一社会信用代码或名称');
      await box.fill('北');
      await box.press('Enter');
      await page.getByText('统一社会信用代码或名称至少 2 个字').waitFor();

      await box.fill(demoSupplier);
      await box.press('Enter');
      await page.waitForURL((url) => url.searchParams.get('q') === demoSupplier);
      const result = page.getByTestId('credit-result').filter({ hasText: demoSupplier });
      await result.waitFor();
      const exclusion = result.getByTestId('public-exclusion').filter({ hasText: badConductZh });
      await exclusion.waitFor();
      await exclusion.getByText(`${today} 至 ${banEnds}`).waitFor();
      await exclusion.getByText('《中华人民共和国政府采购法》第七十七条').waitFor();
      await result.getByText('在限制名单中').waitFor();
      // The supplier's region as the server names it in Chinese (the demo supplier sits in 海淀区)…
      expect(await result.getByTestId('credit-region').innerText()).toBe('北京市海淀区');
      await settled(page);
      await screenshot(page, 'public-zh-CN-1280');

      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'public-zh-CN-390');

      await page.setViewportSize(desktop);
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Credit lookup' }).waitFor();
      const english = page.getByTestId('credit-result').filter({ hasText: demoSupplier });
      await english.getByTestId('public-exclusion').filter({ hasText: badConductEn }).getByText(`${today} to ${banEnds}`).waitFor();
      await english.getByText('On an exclusion list').waitFor();
      // …and by its English name in English.
      await expect.poll(() => english.getByTestId('credit-region').innerText()).toBe('Haidian');
      await page.getByText('Evidence, statements of fact and appeals are not public', { exact: false }).waitFor();
      await settled(page);
      await screenshot(page, 'public-en-1280');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("the supplier's credit record shows the exclusion and the score with its explanation", async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, 'supplier', '/supplier');
      await page.getByRole('menuitem', { name: '信用记录' }).click();
      await page.waitForURL((url) => url.pathname === '/supplier/credit');
      await page.getByText(badConductZh).first().waitFor();
      await page.getByText(`${today} 至 ${banEnds}`).first().waitFor();
      await page.getByText('1 项生效中').waitFor();
      const score = await page.getByTestId('credit-score').innerText();
      expect(Number(score)).toBeGreaterThanOrEqual(0);
      expect(Number(score)).toBeLessThanOrEqual(100);
      // The explanation adds up to the score.
      expect(await page.getByTestId('credit-score-sum').innerText()).toBe(score);
      await settled(page);
      await screenshot(page, 'supplier-1280');

      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'supplier-390');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('center records tender misconduct, the regulator confirms it, the supplier appeals and the regulator upholds', async () => {
    const marker = `测试：投标文件提供虚假业绩证明 ${randomInt(100_000, 999_999)}`;
    const center = await openContext();
    try {
      await login(center.page, 'center', '/center');
      await center.page.getByRole('menuitem', { name: '信用记录' }).click();
      await center.page.waitForURL((url) => url.pathname === '/center/credit/events');
      await center.page.getByRole('button', { name: '登记信用记录' }).click();
      const modal = center.page.locator('.ant-modal').filter({ hasText: '登记信用记录' });
      await modal.waitFor();
      await pickSupplier(center.page, modal, demoSupplier);
      await modal.locator('#title').fill(marker);
      await modal.locator('#description').fill('评标过程中核实，投标人提供的三项业绩合同经查为伪造。');
      const created = expectResponse(
        center.page,
        (r) => new URL(r.url()).pathname === '/api/credit/events' && r.request().method() === 'POST',
      );
      await modal.getByRole('button', { name: label('登记') }).click();
      expect((await created).status()).toBe(201);
      // The new event opens in the drawer, waiting for the regulator; center staff cannot decide it.
      const drawer = center.page.locator('.ant-drawer').filter({ hasText: '信用记录详情' });
      await drawer.getByText(marker).waitFor();
      expect(await drawer.getByRole('button', { name: label('确认') }).count()).toBe(0);
      expect(center.pageErrors).toEqual([]);
    } finally {
      await center.context.close();
    }

    const regulator = await openContext();
    try {
      await login(regulator.page, 'regulator', '/regulator');
      await regulator.page.goto(`${server.url}/regulator/credit/events?status=recorded&q=${encodeURIComponent(marker)}`);
      await regulator.page
        .getByRole('button', { name: label('审核') })
        .first()
        .click();
      const drawer = regulator.page.locator('.ant-drawer').filter({ hasText: '信用记录详情' });
      await drawer.getByText(marker).waitFor();
      await settled(regulator.page);
      await screenshot(regulator.page, 'event-drawer-1280', false);
      await drawer.getByRole('button', { name: label('确认') }).click();
      const reason = regulator.page.locator('.ant-modal').filter({ hasText: '确认信用记录' });
      await reason.locator('#reason').fill('经核查事实清楚，证据确凿。');
      await reason.getByRole('button', { name: label('确认') }).click();
      await drawer.locator('.ant-tag').filter({ hasText: '已确认' }).first().waitFor();
      expect(regulator.pageErrors).toEqual([]);
    } finally {
      await regulator.context.close();
    }

    const supplier = await openContext();
    try {
      await login(supplier.page, 'supplier', '/supplier');
      await supplier.page.goto(`${server.url}/supplier/credit`);
      const row = supplier.page.locator('tbody tr').filter({ hasText: marker });
      await row.getByRole('button', { name: label('申诉') }).click();
      const modal = supplier.page.locator('.ant-modal').filter({ hasText: '对信用记录提出申诉' });
      await modal.locator('#reason').fill('太短');
      await modal.getByRole('button', { name: '提交申诉' }).click();
      await modal.getByText('申诉理由至少 10 个字').waitFor();
      await modal.locator('#reason').fill('所涉业绩合同真实有效，可提供合同原件与发票，请求撤销该记录。');
      await modal.getByRole('button', { name: '提交申诉' }).click();
      await modal.waitFor({ state: 'hidden' });
      await row.locator('.ant-tag').filter({ hasText: '申诉中' }).first().waitFor();
      await row.locator('.ant-tag').filter({ hasText: '待处理' }).first().waitFor();
      // The confirmed event now counts: the explanation has its line and still adds up to the score.
      await supplier.page.locator('.ant-table-row').filter({ hasText: marker }).filter({ hasText: '×' }).first().waitFor();
      expect(await supplier.page.getByTestId('credit-score-sum').innerText()).toBe(
        await supplier.page.getByTestId('credit-score').innerText(),
      );
      await row.locator('.ant-table-row-expand-icon').click();
      await supplier.page.getByText('评标过程中核实，投标人提供的三项业绩合同经查为伪造。').waitFor();
      await settled(supplier.page);
      await screenshot(supplier.page, 'supplier-appealed-1280');
      expect(supplier.pageErrors).toEqual([]);
    } finally {
      await supplier.context.close();
    }

    const decide = await openContext();
    try {
      await login(decide.page, 'regulator', '/regulator');
      // The home counts the appeal just filed among those waiting.
      await expect
        .poll(async () => Number(await decide.page.getByTestId('pending-appeals').locator('.ant-statistic-content-value').innerText()))
        .toBeGreaterThan(0);
      await settled(decide.page);
      await screenshot(decide.page, 'regulator-home-1280');
      await decide.page.getByRole('menuitem', { name: '申诉处理' }).click();
      const row = decide.page.locator('tbody tr').filter({ hasText: marker });
      await row.getByRole('button', { name: label('处理') }).click();
      const modal = decide.page.locator('.ant-modal').filter({ hasText: '处理申诉' });
      await modal.getByText('维持原记录').click();
      await modal.locator('#reason').fill('合同原件与备案信息不符，维持原记录。');
      await screenshot(decide.page, 'appeal-decide-1280', false);
      await modal.getByRole('button', { name: '提交处理结果' }).click();
      await modal.waitFor({ state: 'hidden' });
      await decide.page.locator('.ant-segmented-item').filter({ hasText: '全部' }).click();
      await decide.page.locator('tbody tr').filter({ hasText: marker }).locator('.ant-tag').filter({ hasText: '维持' }).first().waitFor();
      expect(decide.pageErrors).toEqual([]);
    } finally {
      await decide.context.close();
    }
  }, 240_000);

  it('center: the expert pool lists experts and filters by specialty A020101', async () => {
    const { context, page, pageErrors } = await openContext();
    try {
      await login(page, 'center', '/center');
      await page.getByRole('menuitem', { name: '专家名录' }).click();
      await page.waitForURL((url) => url.pathname === '/center/experts');
      const rows = page.locator('.ant-table-tbody tr.ant-table-row');
      await rows.first().waitFor();
      // 王建国 (A020101) and 刘洋 (C21, C23) are demo experts; other test files add experts to the shared
      // database, so each is looked up by name rather than expected on the first page.
      // The search box writes ?q= into the address; the test sets it there directly (the box remounts on each search).
      const searchFor = async (name: string) => {
        const next = new URL(page.url());
        next.searchParams.set('q', name);
        await page.goto(next.toString());
      };
      await searchFor('刘洋');
      await page.locator('.ant-table-tbody').getByText('刘洋', { exact: true }).waitFor();
      await searchFor('王建国');
      await page.locator('.ant-table-tbody').getByText('王建国', { exact: true }).waitFor();

      await page.getByLabel('专业（品目）').click();
      await page.keyboard.type('A020101');
      await page.locator('.ant-select-tree-node-content-wrapper:visible').filter({ hasText: 'A020101 计算机' }).first().click();
      await page.waitForURL((url) => url.searchParams.get('specialty') === 'A020101');
      await page.getByText('按品目 A020101 筛选', { exact: false }).waitFor();
      await page.locator('.ant-table-tbody').getByText('王建国', { exact: true }).waitFor();
      // 刘洋 judges C21 and C23 only: with the specialty filter the search finds nobody.
      await searchFor('刘洋');
      await expect.poll(() => page.locator('.ant-table-tbody').getByText('刘洋', { exact: true }).count()).toBe(0);
      await searchFor('王建国');
      await page.locator('.ant-table-tbody').getByText('王建国', { exact: true }).waitFor();
      await expect.poll(() => rows.count()).toBeGreaterThan(0);
      // Every expert listed may judge A020101: a specialty of A020101 or of a category above it.
      for (const text of await rows.allInnerTexts()) expect(text).toMatch(/\b(A|A02|A0201|A020101)\b/);
      await settled(page);
      await screenshot(page, 'experts-1280');

      await page.locator('.ant-table-tbody').getByText('王建国', { exact: true }).first().click();
      const drawer = page.locator('.ant-drawer').filter({ hasText: '评价记录' });
      await drawer.waitFor();
      await drawer.getByText('北京信息科技大学').waitFor();
      await settled(page);
      await screenshot(page, 'expert-drawer-1280', false);
      await page.keyboard.press('Escape');

      await page.setViewportSize(phone);
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'experts-390');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
