import { decode as decodeJpeg } from 'jpeg-js';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHistoryAuction } from '../helpers/history-rows.ts';
import { client, createTestContext, type TestContext } from '../helpers/context.ts';
import { actor, createOrg, type Actor } from '../helpers/factories.ts';
import { minimalPdf, ONE_PIXEL_PNG, pngChunk, rgbPng } from '../helpers/files.ts';

let ctx: TestContext;
let owner: Actor;
let regulator: Actor;
const token = `u${randomBytes(3).toString('hex')}`;
const HTML = '<html><body><script>alert(document.cookie)</script></body></html>\n';

beforeAll(async () => {
  ctx = await createTestContext();
  owner = await actor(ctx.app, ctx.database.db, 'purchaser');
  regulator = await actor(ctx.app, ctx.database.db, 'regulator');
});
afterAll(async () => {
  await ctx?.close();
});

async function newAsset(a: Actor) {
  const res = await a.http.post('/api/assets', {
    categoryCode: 'A02010104',
    name: `${token} 打印机（闲置）`,
    description: '2018 年购置',
    quantity: 1,
    originalValueFen: 300_000,
    netValueFen: 50_000,
    acquiredOn: '2018-06-01',
    condition: 'good',
    location: '库房',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function creditEvent() {
  const supplier = await createOrg(ctx.database.db, 'supplier');
  const res = await regulator.http.post('/api/credit/events', {
    supplierId: supplier.id,
    source: 'regulator_penalty',
    severity: 'general',
    title: `${token} 核查`,
    description: '核查说明',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

const expectRefusedFile = (res: { statusCode: number; json(): unknown }) => {
  expect(res.statusCode).toBe(422);
  expect((res.json() as { errors: { field: string }[] }).errors[0]!.field).toBe('file');
};

describe('images are parsed to the end and rewritten', () => {
  it('refuses a PNG signature followed by HTML, and a valid PNG with HTML after its end', async () => {
    const id = await newAsset(owner);
    expectRefusedFile(
      await owner.http.upload(
        `/api/assets/${id}/photos`,
        'x.png',
        Buffer.concat([ONE_PIXEL_PNG.subarray(0, 8), Buffer.from(HTML)]),
        'image/png',
      ),
    );
    expectRefusedFile(
      await owner.http.upload(`/api/assets/${id}/photos`, 'x.png', Buffer.concat([ONE_PIXEL_PNG, Buffer.from(HTML)]), 'image/png'),
    );
    // A chunk whose checksum is wrong, and a truncated file.
    const broken = Buffer.from(ONE_PIXEL_PNG);
    broken[40] = broken[40]! ^ 0xff;
    expectRefusedFile(await owner.http.upload(`/api/assets/${id}/photos`, 'x.png', broken, 'image/png'));
    expectRefusedFile(await owner.http.upload(`/api/assets/${id}/photos`, 'x.png', ONE_PIXEL_PNG.subarray(0, 40), 'image/png'));
    // A JPEG start followed by HTML.
    expectRefusedFile(
      await owner.http.upload(
        `/api/assets/${id}/photos`,
        'x.jpg',
        Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(HTML)]),
        'image/jpeg',
      ),
    );
  });

  it('keeps only the chunks that draw the picture: HTML in a text chunk does not survive', async () => {
    const id = await newAsset(owner);
    const withText = rgbPng(4, 3, [pngChunk('tEXt', Buffer.from(`Comment\0${HTML}`, 'latin1'))]);
    const up = await owner.http.upload(`/api/assets/${id}/photos`, 'x.png', withText, 'image/png');
    expect(up.statusCode, up.body).toBe(201);
    const photo = await owner.http.get(up.json<{ photos: { url: string }[] }>().photos[0]!.url);
    expect(photo.statusCode).toBe(200);
    expect(photo.rawPayload.toString('latin1')).not.toContain('<script');
    expect(photo.rawPayload.subarray(0, 8).equals(ONE_PIXEL_PNG.subarray(0, 8))).toBe(true);
  });

  it('accepts a real JPEG and drops what follows its end only if it is padding', async () => {
    const jpeg = fs.readFileSync(new URL('../fixtures/photo.jpg', import.meta.url));
    const id = await newAsset(owner);
    // A comment segment carrying markup, as a crafted upload would: the served file is encoded afresh
    // from the pixels, so nothing of the uploaded byte stream but the picture reaches the viewer.
    const comment = Buffer.from('<b>hello</b> from the uploader');
    const withComment = Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xfe, 0, comment.length + 2]), comment, jpeg.subarray(2)]);
    const up = await owner.http.upload(`/api/assets/${id}/photos`, 'p.jpg', withComment, 'image/jpeg');
    expect(up.statusCode, up.body).toBe(201);
    const served = (await owner.http.get(up.json<{ photos: { url: string }[] }>().photos[0]!.url)).rawPayload;
    expect(served.includes(comment)).toBe(false);
    expect(served.equals(jpeg)).toBe(false);
    const [before, after] = [decodeJpeg(jpeg, { useTArray: true }), decodeJpeg(served, { useTArray: true })];
    expect([after.width, after.height]).toEqual([before.width, before.height]);
    expectRefusedFile(await owner.http.upload(`/api/assets/${id}/photos`, 'p.jpg', Buffer.concat([jpeg, Buffer.from(HTML)]), 'image/jpeg'));
  });
});

describe('PDFs are checked to the end', () => {
  it('refuses %PDF- followed by HTML, HTML after %%EOF, and HTML between the objects; keeps a valid one', async () => {
    const event = await creditEvent();
    const url = `/api/credit/events/${event}/evidence`;
    expectRefusedFile(await regulator.http.upload(url, 'a.pdf', Buffer.from(`%PDF-1.4\n${HTML}`), 'application/pdf'));
    expectRefusedFile(await regulator.http.upload(url, 'a.pdf', Buffer.concat([minimalPdf(), Buffer.from(HTML)]), 'application/pdf'));
    expectRefusedFile(await regulator.http.upload(url, 'a.pdf', minimalPdf(HTML), 'application/pdf'));
    // A startxref that points outside the file.
    expectRefusedFile(
      await regulator.http.upload(
        url,
        'a.pdf',
        Buffer.from(
          minimalPdf()
            .toString('latin1')
            .replace(/startxref\n\d+/, 'startxref\n999999'),
          'latin1',
        ),
        'application/pdf',
      ),
    );
    const ok = await regulator.http.upload(url, '核查报告.pdf', minimalPdf(), 'application/pdf');
    expect(ok.statusCode, ok.body).toBe(201);
    const file = await regulator.http.get(`/api/credit/evidence/${ok.json<{ id: string }>().id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''/);
    expect(file.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(file.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('serving uploaded images', () => {
  it('sends a sandboxing CSP, nosniff and an inline disposition with a safe name', async () => {
    const id = await newAsset(owner);
    const up = await owner.http.upload(`/api/assets/${id}/photos`, '"><script>.png', ONE_PIXEL_PNG, 'image/png');
    expect(up.statusCode, up.body).toBe(201);
    const res = await owner.http.get(up.json<{ photos: { url: string }[] }>().photos[0]!.url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toMatch(/^inline; filename="asset-photo-[0-9a-f-]+\.png"/);
    // Access can change, so no shared cache keeps it; the browser revalidates (304) through the check.
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(
      (await owner.http.get(up.json<{ photos: { url: string }[] }>().photos[0]!.url, { 'if-none-match': String(res.headers.etag) }))
        .statusCode,
    ).toBe(304);
  });
});

describe('asset photos follow the asset', () => {
  it("answers another unit's asset that is not on offer exactly as the asset: 404 anonymous and to other units, 200 to the owner and oversight", async () => {
    const id = await newAsset(owner);
    const up = await owner.http.upload(`/api/assets/${id}/photos`, 'p.png', ONE_PIXEL_PNG, 'image/png');
    const url = up.json<{ photos: { url: string }[] }>().photos[0]!.url;
    const other = await actor(ctx.app, ctx.database.db, 'purchaser');
    const supplier = await actor(ctx.app, ctx.database.db, 'supplier');
    const anonymous = client(ctx.app, null);
    expect((await anonymous.get(`/api/assets/${id}`)).statusCode).toBe(401);
    expect((await anonymous.get(url)).statusCode).toBe(404);
    expect((await anonymous.get(url, { 'if-none-match': `"x"` })).statusCode).toBe(404);
    expect((await other.http.get(`/api/assets/${id}`)).statusCode).toBe(404);
    expect((await other.http.get(url)).statusCode).toBe(404);
    expect((await supplier.http.get(url)).statusCode).toBe(404);
    expect((await owner.http.get(url)).statusCode).toBe(200);
    expect((await regulator.http.get(url)).statusCode).toBe(200);
    // In the warehouse: other units read the asset and its photo; the public still does not.
    expect((await owner.http.post(`/api/assets/${id}/offer`)).statusCode).toBe(200);
    expect((await other.http.get(`/api/assets/${id}`)).statusCode).toBe(200);
    expect((await other.http.get(url)).statusCode).toBe(200);
    expect((await anonymous.get(url)).statusCode).toBe(404);
  });

  it('shows the photos of an asset on the public auction hall to anyone', async () => {
    const unit = await createOrg(ctx.database.db, 'purchasing_unit');
    const { asset, lot } = await insertHistoryAuction(ctx.database.db, {
      unitId: unit.id,
      name: `${token} 公务车`,
      categoryCode: 'A02010104',
      appraisalFen: 100_000,
      startPriceFen: 80_000,
      closedAt: new Date(),
      outcome: 'failed',
    });
    const seller = await actor(ctx.app, ctx.database.db, 'purchaser', unit.id);
    const up = await seller.http.upload(`/api/assets/${asset.id}/photos`, 'car.png', ONE_PIXEL_PNG, 'image/png');
    expect(up.statusCode, up.body).toBe(201);
    const lotPage = (await client(ctx.app, null).get(`/api/public/auctions/${lot.id}`)).json<{ photos: { url: string }[] }>();
    expect(lotPage.photos).toHaveLength(1);
    expect((await client(ctx.app, null).get(lotPage.photos[0]!.url)).statusCode).toBe(200);
  });
});
