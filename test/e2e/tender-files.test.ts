// Tender and bid files in the storefront, and a tender page that follows its tender live (#21), in Chromium
// against the real API serving the built storefront, with the job workers running. The center uploads the
// 招标文件 as a PDF on its draft's page — a text file and an over-size file are named before anything is sent,
// a fake PDF is refused by the server on its field, the upload shows its progress — publishes, and uploads a
// second version while bidding (a 修改招标文件, confirmed first). A supplier sees both versions, downloads the
// current one, and bids with its 投标文件 attached in the bid form: the file goes up sealed with the bid and
// the receipt shows its SHA-256; before the opening nobody downloads it, the bidder included. Then, with both
// pages open and never reloaded, the deadline passes and the worker opens the bids: the center's page turns
// from 投标中 to 已开标 and loses its 修改招标文件 button, and the center downloads the very file the bidder sealed;
// the bidder's page shows its file opened, with the same hash.
// The database is shared with the other test files of the run: every party is made here.
import { createHash, randomInt } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestContext } from '../helpers/context.ts';
import { actor, createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';
import { minimalPdf } from '../helpers/files.ts';
import { goodsTender, passTenderDeadline } from '../helpers/procurement.ts';
import { startBrowserContext } from '../helpers/server.ts';
import * as ui from './browser.ts';
import { chromiumSuite, label, launchBrowser, type OpenPage, expectResponse, animationsDone } from './browser.ts';

const { suite, title } = chromiumSuite('tender and bid files, live tender page');

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pdf = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/pdf', buffer });

suite(title, () => {
  let browser: Browser;
  let ctx: TestContext;
  let url = '';
  const marker = randomInt(100_000, 999_999);
  const bidderName = `测试投标文件${marker}有限公司`;
  const logins = { center: '', bidder: '' };
  let tenderId = '';
  const pages: { center?: OpenPage; bidder?: OpenPage } = {};
  const documentV1 = minimalPdf('% 招标文件 第一版\n');
  const documentV2 = minimalPdf('% 招标文件 第二版（修改）\n');
  const bidFile = minimalPdf(`% 投标文件 技术部分 ${marker}\n`);
  let bidFileUrl = '';

  beforeAll(async () => {
    const started = await startBrowserContext();
    ctx = started.ctx;
    url = started.url;
    await started.startWorkers();
    browser = await launchBrowser();
    const db = ctx.database.db;
    const centerOrg = await createOrg(db, 'procurement_center', { name: `测试文件采购中心${marker}` });
    logins.center = (await createUser(db, centerOrg.id, ['center_staff'], { displayName: '周经办' })).username;
    const unit = await createOrg(db, 'purchasing_unit', { name: `测试文件采购单位${marker}` });
    const bidder = await createOrg(db, 'supplier', { name: bidderName, sizeClass: 'medium', legalRepresentative: `代表${marker}` });
    logins.bidder = (await createUser(db, bidder.id, ['supplier'])).username;
    // The draft, made by the center through the API (the form is tenders.test.ts's journey).
    const center = await actor(ctx.app, db, 'center_staff', centerOrg.id);
    const created = await center.http.post('/api/tenders', goodsTender(unit.id, `测试招标文件项目${marker}`));
    expect(created.statusCode, created.body).toBe(201);
    tenderId = created.json().id;
  }, 60_000);

  afterAll(async () => {
    for (const p of Object.values(pages)) await p?.context.close();
    await browser?.close();
    await ctx?.close();
  });

  const uploadInput = (page: Page, testId: string) => page.getByTestId(testId).locator('input[type="file"]');
  const status = (page: Page) => page.getByTestId('tender-status').first().innerText();

  it('center: the 招标文件 PDF — wrong files named, progress shown, version 1; published; version 2 amends while bidding', async () => {
    pages.center = await ui.openContext(browser, { acceptDownloads: true });
    const { page, pageErrors } = pages.center;
    await ui.login(page, url, logins.center, '/center', TEST_PASSWORD);
    await page.goto(`${url}/center/tenders/${tenderId}`);
    await expect.poll(() => status(page)).toBe('草稿');
    const card = page.getByTestId('documents-card');
    await card.getByText('尚未上传招标文件 PDF').waitFor();

    // Named before anything is sent: not a PDF, over 20 MB.
    await uploadInput(page, 'document-upload').setInputFiles({ name: '需求.txt', mimeType: 'text/plain', buffer: Buffer.from('采购需求') });
    await page.getByTestId('document-upload-error').getByText('《需求.txt》不是 PDF 文件：仅支持 PDF 文件').waitFor();
    // 21 MB made in the page itself (cheaper than sending it over the DevTools protocol), chosen as a user would.
    await page.evaluate(`(() => {
      const input = document.querySelector('[data-testid="document-upload"] input[type="file"]');
      const chosen = new DataTransfer();
      chosen.items.add(new File([new Uint8Array(21 * 1024 * 1024)], '大文件.pdf', { type: 'application/pdf' }));
      input.files = chosen.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    })()`);
    await page.getByTestId('document-upload-error').getByText('《大文件.pdf》超过 20 MB，文件不能超过 20 MB').waitFor();
    // Sent, and refused by the server on its field: a text with a PDF's name.
    let answer = expectResponse(
      page,
      (r) => new URL(r.url()).pathname === `/api/tenders/${tenderId}/document-files` && r.request().method() === 'POST',
    );
    await uploadInput(page, 'document-upload').setInputFiles(pdf('假文件.pdf', Buffer.from('这不是 PDF')));
    expect((await answer).status()).toBe(422);
    await page.getByTestId('document-upload-error').getByText('《假文件.pdf》未能上传：仅支持 PDF 文件').waitFor();

    // The real one, held on its way for a moment: the list shows it going up with its progress bar.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/api/tenders/${tenderId}/document-files`, async (route) => {
      if (route.request().method() === 'POST') await held;
      await route.continue();
    });
    answer = expectResponse(
      page,
      (r) => new URL(r.url()).pathname === `/api/tenders/${tenderId}/document-files` && r.request().method() === 'POST',
    );
    await uploadInput(page, 'document-upload').setInputFiles(pdf('招标文件.pdf', documentV1));
    await page.getByTestId('document-upload').locator('.ant-upload-list-item-uploading').getByText('招标文件.pdf').waitFor();
    await page.getByTestId('document-upload').locator('.ant-upload-list-item-uploading .ant-progress').waitFor();
    release();
    expect((await answer).status()).toBe(201);
    await page.unroute(`**/api/tenders/${tenderId}/document-files`);
    expect(await page.getByTestId('document-upload-error').count()).toBe(0);
    const versions = card.getByTestId('document-versions').locator('tbody tr.ant-table-row');
    await expect.poll(() => versions.count()).toBe(1);
    await versions.first().getByText('招标文件.pdf').waitFor();
    await versions.first().getByText('现行').waitFor();

    // Published: bidding opens; a new version now amends the documents, confirmed first.
    await page.getByTestId('publish-tender').click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: label('发布公告') })
      .click();
    await expect.poll(() => status(page)).toBe('投标中');
    await page.getByTestId('amend-tender').waitFor();
    // The bids are sealed, their files with them: no list of files to read before the opening.
    await page.getByTestId('sealed-notice').getByText('投标文件密封中').waitFor();
    expect(await page.getByTestId('bid-files-card').count()).toBe(0);
    await uploadInput(page, 'document-upload').setInputFiles(pdf('招标文件（修改）.pdf', documentV2));
    const confirm = page.locator('.ant-modal-confirm').filter({ hasText: '即修改招标文件' });
    await confirm.getByText(/已递交的投标全部失效/).waitFor();
    await animationsDone(page);
    answer = expectResponse(
      page,
      (r) => new URL(r.url()).pathname === `/api/tenders/${tenderId}/document-files` && r.request().method() === 'POST',
    );
    await confirm.getByRole('button', { name: label('确认上传并公告') }).click();
    expect((await answer).status()).toBe(201);
    await expect.poll(() => versions.count(), { timeout: 20_000 }).toBe(2);
    await versions.nth(1).getByText('现行').waitFor();
    await expect.poll(() => page.getByTestId('documents-version').innerText()).toBe('第 2 版');
    await page.getByTestId('clarification').filter({ hasText: '上传第 2 版《招标文件（修改）.pdf》' }).waitFor();
    await ui.settled(page);
    await page.evaluate('window.scrollTo(0, 0)');
    await ui.screenshot(page, 'tender-files-center-bidding-1280');
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('supplier: downloads the current documents, bids with its 投标文件 attached: sealed with the bid, the receipt shows its SHA-256', async () => {
    expect(tenderId).not.toBe('');
    pages.bidder = await ui.openContext(browser, { acceptDownloads: true });
    const { page, pageErrors } = pages.bidder;
    await ui.login(page, url, logins.bidder, '/supplier', TEST_PASSWORD);
    await page.goto(`${url}/supplier/tenders/${tenderId}`);
    const versions = page.getByTestId('document-versions').locator('tbody tr.ant-table-row');
    await expect.poll(() => versions.count(), { timeout: 20_000 }).toBe(2);
    const href = await versions.nth(1).getByTestId('document-download').getAttribute('href');
    const current = await page.request.get(`${url}${href}`);
    expect(current.status()).toBe(200);
    expect(Buffer.from(await current.body()).equals(documentV2)).toBe(true);

    const card = page.getByTestId('lot-bid-card').first();
    await card.getByTestId('bid-price').fill('2800000');
    await card.getByTestId('bid-brand').fill('文件牌');
    await card.getByTestId('bid-technical').fill('完全响应第 2 版招标文件，详见所附投标文件。');
    const attach = card.getByTestId('bid-form-files').locator('input[type="file"]');
    await attach.setInputFiles({ name: '报价.xlsx', mimeType: 'application/vnd.ms-excel', buffer: Buffer.from('x') });
    await card.getByTestId('bid-form-file-error').getByText('《报价.xlsx》不是 PDF 文件：仅支持 PDF 文件').waitFor();
    await attach.setInputFiles(pdf('投标文件-技术部分.pdf', bidFile));
    await card.getByTestId('bid-form-files').getByText('投标文件-技术部分.pdf').waitFor();
    expect(await card.getByTestId('bid-form-file-error').count()).toBe(0);

    const bid = expectResponse(
      page,
      (r) => new URL(r.url()).pathname === `/api/tenders/${tenderId}/bids` && r.request().method() === 'PUT',
    );
    const file = expectResponse(page, (r) => /\/bids\/[^/]+\/files$/.test(new URL(r.url()).pathname));
    await card.getByTestId('submit-bid').click();
    expect((await bid).status()).toBe(200);
    const uploaded = await file;
    expect(uploaded.status()).toBe(201);
    bidFileUrl = ((await uploaded.json()) as { url: string }).url;

    // The receipt: the bid sealed, and its file with the SHA-256 of the PDF as sent.
    const receipt = card.getByTestId('bid-receipt');
    expect(await receipt.getByTestId('bid-status').innerText()).toBe('已密封');
    const row = card.getByTestId('my-bid-files').getByTestId('bid-file');
    await row.getByTestId('bid-file-name').getByText('投标文件-技术部分.pdf').waitFor();
    expect(await row.getByTestId('bid-file-state').innerText()).toContain('已密封');
    expect((await row.getByTestId('bid-file-sha').innerText()).trim()).toBe(sha256(bidFile));
    // Nobody downloads it before the opening, the bidder included: no link, and the API says 409.
    expect(await row.getByTestId('bid-file-download').count()).toBe(0);
    expect((await page.request.get(`${url}${bidFileUrl}`)).status()).toBe(409);
    expect((await pages.center!.page.request.get(`${url}${bidFileUrl}`)).status()).toBe(409);
    expect((await pages.center!.page.request.get(`${url}/api/tenders/${tenderId}/bid-files`)).status()).toBe(409);
    await ui.settled(page);
    await page.evaluate('window.scrollTo(0, 0)');
    await ui.screenshot(page, 'tender-files-supplier-receipt-1280');
    expect(pageErrors).toEqual([]);

    // Two more bids, through the API, so that the opening finds enough for the lot to stand.
    const lotId = ((await uploaded.json()) as { lotId: string }).lotId;
    for (const priceFen of [285_000_000, 290_000_000]) {
      const other = await actor(ctx.app, ctx.database.db, 'supplier');
      const res = await other.http.send('PUT', `/api/tenders/${tenderId}/bids`, { lotId, priceFen, technicalResponse: '完全响应第 2 版' });
      expect(res.statusCode, res.body).toBe(200);
    }
  }, 60_000);

  it('the deadline passes: without a reload the center’s page turns 已开标, loses 修改招标文件, and downloads the sealed file', async () => {
    expect(bidFileUrl).not.toBe('');
    const center = pages.center!;
    const bidder = pages.bidder!;
    // A mark on each window: a reload would lose it.
    for (const p of [center.page, bidder.page]) await p.evaluate('window.__stayed = true');
    await expect.poll(() => status(center.page)).toBe('投标中');
    expect(await center.page.getByTestId('amend-tender').count()).toBe(1);

    await passTenderDeadline(ctx, tenderId);
    await expect.poll(() => status(center.page), { timeout: 15_000 }).toBe('已开标');
    expect(await center.page.getByTestId('amend-tender').count()).toBe(0);
    expect(await center.page.getByTestId('document-upload').count()).toBe(0);
    const files = center.page.getByTestId('bid-files-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => files.count()).toBe(1);
    await files.first().getByText(bidderName).waitFor();
    const download = center.page.waitForEvent('download');
    await files.first().getByTestId('bid-file-download').click();
    const saved = await (await download).path();
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(saved)).equals(bidFile)).toBe(true);
    await ui.settled(center.page);
    await center.page.evaluate('window.scrollTo(0, 0)');
    await ui.screenshot(center.page, 'tender-files-center-opened-1280');

    // The bidder's page too: its file opened, the same hash, now a link.
    const row = bidder.page.getByTestId('my-bid-files').getByTestId('bid-file');
    await expect.poll(() => row.getByTestId('bid-file-state').innerText(), { timeout: 15_000 }).toContain('已开启');
    expect((await row.getByTestId('bid-file-sha').innerText()).trim()).toBe(sha256(bidFile));
    await row.getByTestId('bid-file-download').waitFor();
    for (const p of [center.page, bidder.page]) expect(await p.evaluate('window.__stayed')).toBe(true);
    expect(center.pageErrors).toEqual([]);
    expect(bidder.pageErrors).toEqual([]);
  }, 60_000);
});
