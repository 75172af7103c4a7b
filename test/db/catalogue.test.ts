import { randomBytes, randomUUID } from 'node:crypto';
import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listings } from '../../server/db/schema/index.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { client, createTestContext, login, type TestContext } from '../helpers/context.ts';
import { actor, createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';
import { minimalPdf, rgbPng } from '../helpers/files.ts';
import { dimensions } from '../../server/platform/images.ts';

let ctx: TestContext;
let center: Actor;
let regulator: Actor;
const token = `t${randomBytes(3).toString('hex')}`; // keeps this file's rows apart in a shared database
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;

beforeAll(async () => {
  ctx = await createTestContext();
  center = await actor(ctx.app, ctx.database.db, 'center_staff');
  regulator = await actor(ctx.app, ctx.database.db, 'regulator');
});
afterAll(() => ctx.close());

const laptopSpecs = { cpu: 'Intel Core i5-1340P', memoryGb: 16, storageGb: 512, os: '统信 UOS', screenInch: 14 };
const desktopSpecs = { cpu: '龙芯 3A6000', memoryGb: 16, storageGb: 512, os: '麒麟 V10' };

async function product(categoryCode: string, brand: string, model: string, name: string, specs: Record<string, string | number>) {
  const res = await center.http.post('/api/products', { categoryCode, brand, model, name, specs });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

async function supplierWithAgreement(size: 'large' | 'medium' | 'small' | 'micro', opts: { capFen?: number; categories?: string[] } = {}) {
  const org = await createOrg(ctx.database.db, 'supplier', {
    sizeClass: size,
    name: `${token}供应商${size}${randomBytes(2).toString('hex')}`,
  });
  const user = await createUser(ctx.database.db, org.id, ['supplier']);
  const http = client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
  const agreement = await center.http.post('/api/agreements', {
    code: `XY-${token}-${randomBytes(3).toString('hex')}`,
    title: '2026年度计算机协议供货',
    supplierId: org.id,
    categoryCodes: opts.categories ?? ['A020101'],
    startsOn: today,
    endsOn: nextYear,
    priceCapFen: opts.capFen ?? 900_000,
  });
  expect(agreement.statusCode, agreement.body).toBe(201);
  return { org, http };
}

async function onShelf(http: ReturnType<typeof client>, productId: string, priceFen: number, extra: Record<string, unknown> = {}) {
  const created = await http.post('/api/listings', {
    productId,
    priceFen,
    stock: 50,
    deliveryRegions: ['110000'],
    leadTimeDays: 3,
    ...extra,
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  expect((await http.post(`/api/listings/${id}/submit`, {})).statusCode).toBe(200);
  const approved = await center.http.post(`/api/listings/${id}/approve`, {});
  expect(approved.statusCode, approved.body).toBe(200);
  return id;
}

const search = async (query: string) => (await client(ctx.app, null).get(`/api/search?${query}`)).json();

describe('e-mall catalogue and search', () => {
  let laptop: { id: string };
  let desktop: { id: string };
  let suppliers: Awaited<ReturnType<typeof supplierWithAgreement>>[];

  beforeAll(async () => {
    laptop = await product('A02010105', '联想', `开天N80z${token}`, `联想开天N80z 国产便携式计算机 ${token}`, laptopSpecs);
    desktop = await product('A02010104', `${token}牌`, 'M90t', '商用台式计算机', desktopSpecs);
    suppliers = [await supplierWithAgreement('large'), await supplierWithAgreement('small'), await supplierWithAgreement('micro')];
    const cert = { kind: 'energy_saving', number: `CQC${token}001`, issuer: '中国质量认证中心', validUntil: nextYear };
    await onShelf(suppliers[0]!.http, laptop.id, 649_900, { certificates: [cert] });
    await onShelf(suppliers[1]!.http, laptop.id, 639_900, { certificates: [cert] });
    await onShelf(suppliers[2]!.http, laptop.id, 655_000);
    await onShelf(suppliers[0]!.http, desktop.id, 459_900, { certificates: [cert], deliveryRegions: ['000000'] });
    await onShelf(suppliers[1]!.http, desktop.id, 462_000, { deliveryRegions: ['110108'] });
  });

  it('finds laptops listed as 便携式计算机 when searching 笔记本, and 联想 开天 finds the model', async () => {
    const byPurchaserWord = await search(`q=${encodeURIComponent(`笔记本 ${token}`)}&pageSize=60`);
    const found = byPurchaserWord.hits.filter((h: { productId: string }) => h.productId === laptop.id);
    // One hit per product: its cheapest offer, and how many offers it has.
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ priceFen: 639_900, offers: 3, sizeClass: 'small' });
    expect(found[0].highlight.some((p: { text: string; match: boolean }) => p.match && p.text.includes('便携式计算机'))).toBe(true);

    const byBrandModel = await search(`q=${encodeURIComponent(`联想 开天 ${token}`)}`);
    expect(byBrandModel.hits.map((h: { productId: string }) => h.productId)).toEqual([laptop.id]);
    expect(byBrandModel.hits.map((h: { priceFen: number; offers: number }) => [h.priceFen, h.offers])).toEqual([[639_900, 3]]);
    // A brand typed in Latin letters finds it too.
    const latin = await search(`q=${encodeURIComponent(`Lenovo ${token}`)}`);
    expect(latin.hits.map((h: { productId: string }) => h.productId)).toEqual([laptop.id]);
  });

  it('narrows by a facet, and the counts agree with the results', async () => {
    const q = `q=${encodeURIComponent(`计算机 ${token}`)}`;
    const all = await search(`${q}&pageSize=60`);
    expect(all.total).toBe(2);
    const green = all.facets.green.find((f: { value: string }) => f.value === 'energy_saving');
    expect(green.count).toBe(2);
    const filtered = await search(`${q}&green=energy_saving&pageSize=60`);
    expect(filtered.total).toBe(green.count);
    expect(filtered.hits).toHaveLength(green.count);
    // Each product shows its cheapest offer that meets the filters, and how many do.
    expect(filtered.hits.find((h: { productId: string }) => h.productId === laptop.id)).toMatchObject({ priceFen: 639_900, offers: 2 });
    const micro = all.facets.size.find((f: { value: string }) => f.value === 'micro');
    const bySize = await search(`${q}&size=micro`);
    expect(bySize.total).toBe(micro.count);
    expect(bySize.hits[0]).toMatchObject({ productId: laptop.id, priceFen: 655_000, offers: 1, sizeClass: 'micro' });
    const desktops = all.facets.category.find((f: { value: string }) => f.value === 'A02010104');
    expect((await search(`${q}&category=A02010104`)).total).toBe(desktops.count);
    const band = all.facets.price.find((f: { value: string }) => f.value === '5000-10000');
    expect((await search(`${q}&price=5000-10000`)).total).toBe(band.count);
    expect((await search(`${q}&sort=price_desc`)).hits.map((h: { productId: string }) => h.productId)).toEqual([laptop.id, desktop.id]);
    expect((await search(`${q}&sort=price_asc`)).hits.map((h: { productId: string }) => h.productId)).toEqual([desktop.id, laptop.id]);
    // A region's count is what filtering by it finds: there, its whole province, or nationwide.
    const regions = Object.fromEntries(all.facets.region.map((f: { value: string; count: number }) => [f.value, f.count]));
    expect(regions).toEqual({ '110108': 2, '110000': 2, '000000': 1 });
    for (const [value, count] of Object.entries(regions)) expect((await search(`${q}&region=${value}`)).total, value).toBe(count);
  });

  it('holds offer filters together: one offer must meet them all, and every count under a filter is what choosing it finds', async () => {
    const q = `q=${encodeURIComponent(`计算机 ${token}`)}`;
    // The laptop has a micro supplier's offer and certified offers, but no certified micro offer.
    expect((await search(`${q}&size=micro`)).total).toBe(1);
    expect((await search(`${q}&green=energy_saving`)).total).toBe(2);
    const none = await search(`${q}&size=micro&green=energy_saving`);
    // Nothing matches exactly (what is shown instead are the closest matches, marked fuzzy).
    expect(none.fuzzy || none.total === 0).toBe(true);
    expect(none.hits.map((h: { productId: string }) => h.productId)).not.toContain(laptop.id);
    const smallCertified = await search(`${q}&size=small&green=energy_saving`);
    expect(smallCertified.hits.map((h: { productId: string; priceFen: number }) => [h.productId, h.priceFen])).toEqual([
      [laptop.id, 639_900],
    ]);
    for (const base of ['size=small', 'size=micro', 'green=energy_saving', 'region=110108', 'price=3000-5000']) {
      const under = await search(`${q}&${base}`);
      const param = { region: 'region', green: 'green', size: 'size', price: 'price', category: 'category', brand: 'brand' } as const;
      for (const [facet, key] of Object.entries(param)) {
        if (base.startsWith(`${key}=`)) continue;
        for (const f of under.facets[facet] as { value: string; count: number }[]) {
          const chosen = await search(`${q}&${base}&${key}=${encodeURIComponent(f.value)}`);
          expect([chosen.total, chosen.fuzzy], `${base} + ${key}=${f.value}`).toEqual([f.count, false]);
        }
      }
    }
  });

  it('sends an answer served again from the cache as the same JSON, pictures and all', async () => {
    const path = `/api/search?q=${encodeURIComponent('电脑')}&brand=${encodeURIComponent(`${token}牌`)}`;
    const first = await client(ctx.app, null).get(path);
    const again = await client(ctx.app, null).get(path);
    for (const res of [first, again]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    }
    expect(again.body).toBe(first.body);
    expect(first.json().hits[0]).toMatchObject({ productId: desktop.id });
    expect(first.json().hits[0]).toHaveProperty('imageUrl');
    // A picture added through this process shows in the next answer, cached or not.
    const up = await center.http.upload(`/api/products/${desktop.id}/images`, 'front.png', rgbPng(320, 240), 'image/png');
    expect(up.statusCode, up.body).toBe(201);
    const after = (await client(ctx.app, null).get(path)).json();
    expect(after.hits[0].imageUrl).toMatch(new RegExp(`^/api/products/${desktop.id}/images/`));
  });

  it('matches 1–2 character queries and falls back to fuzzy matches', async () => {
    const two = await search(`q=${encodeURIComponent('电脑')}&brand=${encodeURIComponent(`${token}牌`)}`);
    expect(two.total).toBe(1);
    expect(two.hits[0]).toMatchObject({ productId: desktop.id, offers: 2 });
    const typo = await search(`q=${encodeURIComponent(`联相开天N80z${token}`)}`);
    expect(typo.total).toBeGreaterThan(0);
    expect(typo.fuzzy).toBe(true);
    const bad = await client(ctx.app, null).get('/api/search?sort=cheapest&price=1-2');
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['price', 'sort']);
  });

  it('counts exactly up to the bound and marks estimates above it as approximate (约)', async () => {
    const query = { q: `计算机 ${token}`, sort: 'relevance' as const, page: 1, pageSize: 20 };
    const exact = await postgresSearch(ctx.database.db, { cacheTtlMs: 0, exactCountBound: 5 }).search(query);
    expect(exact).toMatchObject({ total: 2, approximate: false });
    // Products per size class: the laptop has large, small and micro offers, the desktop large and small.
    expect(Object.fromEntries(exact.facets.size.map((f) => [f.value, f.count]))).toEqual({ large: 2, small: 2, micro: 1 });
    const bounded = await postgresSearch(ctx.database.db, { cacheTtlMs: 0, exactCountBound: 1 }).search(query);
    expect(bounded.approximate).toBe(true);
    expect(bounded.total).toBeGreaterThanOrEqual(2);
    // The hits do not depend on the bound: the page is the same products and offers in the same order.
    expect(bounded.hits.map((h) => h.listingId)).toEqual(exact.hits.map((h) => h.listingId));
    expect(bounded.facets.size.every((f) => f.count >= 1)).toBe(true);
    const api = await search(`q=${encodeURIComponent(`计算机 ${token}`)}`);
    expect(api.approximate).toBe(false);
  });

  it('shows every offer of a product side by side', async () => {
    const page = (await client(ctx.app, null).get(`/api/products/${laptop.id}`)).json();
    expect(page.offers).toHaveLength(3);
    expect(page.offers.map((o: { sizeClass: string }) => o.sizeClass)).toEqual(['small', 'large', 'micro']);
    expect(page.offers[0]).toMatchObject({ priceFen: 639_900, creditScore: 100, green: ['energy_saving'], leadTimeDays: 3 });
    expect(page.category).toMatchObject({ code: 'A02010105', greenPolicy: 'mandatory', allocationCapFen: 700_000 });
  });

  it('offers the new-listing picker only the products the supplier does not list yet; a direct second listing is still a 409', async () => {
    const s = suppliers[0]!; // lists the laptop and the desktop (beforeAll)
    const other = await product('A02010104', `${token}牌`, 'M70q', `商用台式计算机 小机箱 ${token}`, desktopSpecs);
    const names = async (http: ReturnType<typeof client>, query: string) => {
      const res = await http.get(`/api/products?q=${encodeURIComponent(token)}&pageSize=100${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.map((p: { id: string }) => p.id) as string[];
    };
    expect(await names(s.http, '')).toEqual(expect.arrayContaining([laptop.id, desktop.id, other.id]));
    const listable = await names(s.http, '&listable=true');
    expect(listable).toContain(other.id);
    expect(listable).not.toContain(laptop.id);
    expect(listable).not.toContain(desktop.id);
    // A draft counts too (one listing per supplier and product, whatever its status).
    const draft = await s.http.post('/api/listings', {
      productId: other.id,
      priceFen: 450_000,
      stock: 5,
      deliveryRegions: ['110000'],
      leadTimeDays: 3,
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(await names(s.http, '&listable=true')).not.toContain(other.id);
    // Another supplier's listings do not hide a product from this one.
    const fresh = await supplierWithAgreement('medium', { categories: ['A020101'] });
    expect(await names(fresh.http, '&listable=true')).toEqual(expect.arrayContaining([laptop.id, desktop.id, other.id]));
    // The server still refuses the second listing to a direct call, naming the field.
    const again = await s.http.post('/api/listings', {
      productId: other.id,
      priceFen: 450_000,
      stock: 5,
      deliveryRegions: ['110000'],
      leadTimeDays: 3,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].field).toBe('productId');
    expect((await s.http.get(`/api/products?listable=maybe`)).statusCode).toBe(400);
  });

  it("refuses a price above the agreement cap, naming priceFen, and keeps suppliers out of each other's listings [rule:catalogue.agreement-ceiling]", async () => {
    const s = await supplierWithAgreement('medium', { capFen: 600_000 });
    const over = await s.http.post('/api/listings', {
      productId: laptop.id,
      priceFen: 600_001,
      stock: 1,
      deliveryRegions: ['110000'],
      leadTimeDays: 5,
    });
    expect(over.statusCode).toBe(422);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(over.json().errors[0].field).toBe('priceFen');
    const mine = await s.http.post('/api/listings', {
      productId: laptop.id,
      priceFen: 599_000,
      stock: 1,
      deliveryRegions: ['110000'],
      leadTimeDays: 5,
    });
    expect(mine.statusCode).toBe(201);
    const other = suppliers[0]!.http;
    expect((await other.patch(`/api/listings/${mine.json().id}`, { version: 1, priceFen: 1 })).statusCode).toBe(404);
    expect((await other.get(`/api/listings/${mine.json().id}`)).statusCode).toBe(404);
    expect((await other.post(`/api/listings/${mine.json().id}/submit`, {})).statusCode).toBe(404);
    const stale = await s.http.patch(`/api/listings/${mine.json().id}`, { version: 1, stock: 2 });
    expect(stale.statusCode).toBe(200);
    expect((await s.http.patch(`/api/listings/${mine.json().id}`, { version: 1, stock: 3 })).statusCode).toBe(409);
  });

  it('needs an agreement to list in a framework category [rule:catalogue.agreement-required]', async () => {
    const org = await createOrg(ctx.database.db, 'supplier');
    const user = await createUser(ctx.database.db, org.id, ['supplier']);
    const http = client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
    const res = await http.post('/api/listings', {
      productId: laptop.id,
      priceFen: 500_000,
      stock: 1,
      deliveryRegions: ['110000'],
      leadTimeDays: 5,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('productId');
  });

  it('flags a price far above the reference for review, first in the review queue', async () => {
    const s = await supplierWithAgreement('small', { capFen: 2_000_000 });
    const res = await s.http.post('/api/listings', {
      productId: desktop.id,
      priceFen: 600_000,
      stock: 1,
      deliveryRegions: ['000000'],
      leadTimeDays: 5,
    });
    expect(res.json().priceFlag).toContain('参考价');
    await s.http.post(`/api/listings/${res.json().id}/submit`, {});
    const queue = (await center.http.get('/api/listings?status=submitted&pageSize=5')).json();
    expect(queue.items[0].priceFlag).not.toBeNull();
    const rejected = await center.http.post(`/api/listings/${res.json().id}/reject`, { reason: '价格明显高于市场价，请核实' });
    expect(rejected.json()).toMatchObject({ status: 'draft', reviewNote: '价格明显高于市场价，请核实' });
    expect((await center.http.post(`/api/listings/${res.json().id}/reject`, {})).statusCode).toBe(400);
  });

  it('refuses an excluded supplier, and an exclusion that starts takes its listings off the shelf [rule:catalogue.excluded-off-shelf]', async () => {
    const s = suppliers[2]!;
    const draft = await s.http.post('/api/listings', {
      productId: desktop.id,
      priceFen: 450_000,
      stock: 1,
      deliveryRegions: ['110000'],
      leadTimeDays: 5,
    });
    const x = await regulator.http.post('/api/credit/exclusions', {
      supplierId: s.org.id,
      listType: 'bad_conduct',
      startsOn: today,
      endsOn: `${Number(today.slice(0, 4)) + 1}${today.slice(4, 8)}${String(Number(today.slice(8)) - 1).padStart(2, '0')}`.replace(
        /-00$/,
        '-01',
      ),
      legalBasis: '政府采购法第七十七条',
    });
    expect(x.statusCode, x.body).toBe(201);
    const submit = await s.http.post(`/api/listings/${draft.json().id}/submit`, {});
    expect(submit.statusCode).toBe(422);
    expect(submit.json().type).toContain('ineligible');
    const shelf = await ctx.database.db.select().from(listings).where(eq(listings.supplierId, s.org.id));
    expect(shelf.filter((l) => l.status === 'active')).toHaveLength(0);
    const found = await search(`q=${encodeURIComponent(`联想 开天 ${token}`)}`);
    expect(found.hits.map((h: { supplierId: string }) => h.supplierId)).not.toContain(s.org.id);
    expect((await client(ctx.app, null).get(`/api/products/${laptop.id}`)).json().offers).toHaveLength(2);
  });

  it('imports listings all or nothing, naming the bad row', async () => {
    const s = await supplierWithAgreement('micro');
    const header = '品目代码,品牌,型号,价格(元),库存,配送地区,供货周期(天),证书类型,证书编号,发证机构,有效期至';
    const good = `A02010105,联想,开天N80z${token},6399.00,20,110000;120000,3,节能产品,CQC${token}9,中国质量认证中心,${nextYear}`;
    const badPrice = `A02010104,${token}牌,M90t,4599.999,10,110000,3,,,,`;
    const bad = await s.http.upload('/api/listings/import', 'listings.csv', Buffer.from(`${header}\n${good}\n${badPrice}\n`), 'text/csv');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'rows[3].price' })]);
    const [n] = await ctx.database.db.select({ n: count() }).from(listings).where(eq(listings.supplierId, s.org.id));
    expect(n?.n).toBe(0);
    const ok = await s.http.upload(
      '/api/listings/import',
      'listings.csv',
      Buffer.from(`${header}\n${good}\nA02010104,${token}牌,M90t,4599.00,10,000000,3,,,,\n`),
      'text/csv',
    );
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().rowCount).toBe(2);
    const rows = await ctx.database.db
      .select()
      .from(listings)
      .where(
        inArray(
          listings.id,
          ok.json().rows.map((r: { listingId: string }) => r.listingId),
        ),
      );
    expect(rows.map((r) => r.status)).toEqual(['draft', 'draft']);
    expect(rows.map((r) => r.priceFen).sort()).toEqual([459_900, 639_900]);
  });

  it('takes many offers at once, all or none, and moves them through review together with the one-by-one rules', async () => {
    const seller = await supplierWithAgreement('small', { categories: ['A02'], capFen: 900_000 });
    const other = await supplierWithAgreement('micro', { categories: ['A02'] });
    const offer = (productId: string, priceFen: number) => ({
      productId,
      priceFen,
      stock: 9,
      deliveryRegions: ['110000'],
      leadTimeDays: 2,
    });
    const refused = await seller.http.post('/api/listings/batch', {
      listings: [offer(laptop.id, 600_000), offer(desktop.id, 950_000), offer(laptop.id, 610_000)],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors.map((e: { field: string }) => e.field)).toEqual(['listings[1].priceFen', 'listings[2].productId']);
    const [none] = await ctx.database.db.select({ n: count() }).from(listings).where(eq(listings.supplierId, seller.org.id));
    expect(none?.n).toBe(0);
    const twice = await seller.http.post('/api/listings/batch', { listings: [offer(laptop.id, 600_000), offer(laptop.id, 610_000)] });
    expect(twice.json().errors.map((e: { field: string }) => e.field)).toEqual(['listings[1].productId']);
    const made = await seller.http.post('/api/listings/batch', { listings: [offer(laptop.id, 600_000), offer(desktop.id, 500_000)] });
    expect(made.statusCode, made.body).toBe(201);
    const ids = made.json().listingIds as string[];
    expect(ids).toHaveLength(2);
    expect((await other.http.post('/api/listings/batch/submit', { listingIds: ids })).statusCode).toBe(404);
    expect((await center.http.post('/api/listings/batch/approve', { listingIds: ids })).statusCode).toBe(409);
    expect((await seller.http.post('/api/listings/batch/submit', { listingIds: ids })).statusCode).toBe(200);
    expect((await center.http.post('/api/listings/batch/reject', { listingIds: ids })).json().errors[0].field).toBe('reason');
    const approved = await center.http.post('/api/listings/batch/approve', { listingIds: ids });
    expect(approved.statusCode, approved.body).toBe(200);
    const rows = await ctx.database.db.select().from(listings).where(inArray(listings.id, ids));
    expect(rows.map((r) => [r.status, r.version])).toEqual([
      ['active', 3],
      ['active', 3],
    ]);
    // Each new offer is the cheapest small supplier's offer of its product in the 5,000–10,000 band.
    const found = await search(`q=${encodeURIComponent(token)}&size=small&price=5000-10000&pageSize=60`);
    expect(found.hits.map((h: { listingId: string }) => h.listingId)).toEqual(expect.arrayContaining(ids));
  });

  it('validates product specs against the category schema, naming each field', async () => {
    const res = await center.http.post('/api/products', {
      categoryCode: 'A02010105',
      brand: '华为',
      model: `X${token}`,
      name: '华为 测试便携式计算机',
      specs: { cpu: '麒麟9006C', memoryGb: 'sixteen', screenInch: 14, gpu: 'x' },
    });
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['specs.gpu', 'specs.memoryGb', 'specs.os', 'specs.storageGb']);
  });

  it('serves product images with long-lived cache headers, sandboxed, and refuses non-images', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const notImage = await center.http.upload(`/api/products/${desktop.id}/images`, 'x.png', Buffer.from('GIF89a'), 'image/png');
    expect(notImage.statusCode).toBe(422);
    const up = await center.http.upload(`/api/products/${desktop.id}/images`, 'front.png', png, 'image/png');
    expect(up.statusCode).toBe(201);
    const url = up.json().images[0].url as string;
    const img = await client(ctx.app, null).get(url);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.headers['cache-control']).toContain('immutable');
    expect(img.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(img.headers['x-content-type-options']).toBe('nosniff');
    expect(img.headers['content-disposition']).toMatch(/^inline; filename="product-[0-9a-f-]+\.png"/);
    expect((await client(ctx.app, null).get(url, { 'if-none-match': String(img.headers.etag) })).statusCode).toBe(304);
  });

  it('makes a WebP thumbnail with sharp, keeps several pictures, and refuses bad uploads naming the field', async () => {
    const anonymous = client(ctx.app, null);
    const first = await center.http.upload(`/api/products/${desktop.id}/images`, 'side.png', rgbPng(960, 640), 'image/png');
    expect(first.statusCode, first.body).toBe(201);
    const images = first.json().images as { url: string; thumbUrl: string }[];
    expect(images.length).toBeGreaterThanOrEqual(2);
    const thumbUrl = images.at(-1)!.thumbUrl;
    expect(thumbUrl).toMatch(/\/thumb$/);
    const thumb = await anonymous.get(thumbUrl);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect(thumb.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(await dimensions(thumb.rawPayload)).toEqual({ width: 480, height: 320 });
    expect((await anonymous.get(thumbUrl, { 'if-none-match': String(thumb.headers.etag) })).statusCode).toBe(304);

    const url = `/api/products/${desktop.id}/images`;
    const fieldOf = (res: { json(): unknown }) => (res.json() as { errors: { field: string }[] }).errors[0]!.field;
    const pdf = await center.http.upload(url, 'x.png', minimalPdf(), 'image/png');
    expect([pdf.statusCode, fieldOf(pdf)]).toEqual([422, 'file']);
    expect(pdf.headers['content-type']).toContain('application/problem+json');
    const big = await center.http.upload(url, 'big.png', Buffer.concat([rgbPng(4, 4), Buffer.alloc(2 * 1024 * 1024)]), 'image/png');
    expect([big.statusCode, fieldOf(big)]).toEqual([400, 'file']);
    expect((await regulator.http.upload(url, 'x.png', rgbPng(4, 4), 'image/png')).statusCode).toBe(403);
    expect((await center.http.upload(`/api/products/${randomUUID()}/images`, 'x.png', rgbPng(4, 4), 'image/png')).statusCode).toBe(404);
    expect((await anonymous.get(`/api/products/${randomUUID()}/images/${randomUUID()}/thumb`)).statusCode).toBe(404);
  });

  it('keeps the price history and ends an agreement by taking its listings off the shelf', async () => {
    const s = await supplierWithAgreement('medium', { capFen: 2_000_000 });
    const id = await onShelf(s.http, desktop.id, 455_000);
    const edited = await s.http.patch(`/api/listings/${id}`, {
      version: (await s.http.get(`/api/listings/${id}`)).json().version,
      priceFen: 449_000,
    });
    expect(edited.json()).toMatchObject({ status: 'active', priceFen: 449_000 });
    const history = (await s.http.get(`/api/listings/${id}/price-history`)).json().items.map((h: { priceFen: number }) => h.priceFen);
    expect(history).toEqual([449_000, 455_000]);

    const agreement = (await center.http.get(`/api/agreements?supplierId=${s.org.id}`)).json().items[0];
    const amended = await center.http.post(`/api/agreements/${agreement.id}/amend`, { priceCapFen: 1_500_000, reason: '年度调价' });
    expect(amended.json().amendments[0]).toMatchObject({
      reason: '年度调价',
      changes: { priceCapFen: { from: 2_000_000, to: 1_500_000 } },
    });
    const ended = await center.http.post(`/api/agreements/${agreement.id}/end`, { reason: '供应商主动退出' });
    expect(ended.json().status).toBe('ended');
    expect((await s.http.get(`/api/listings/${id}`)).json()).toMatchObject({ status: 'suspended' });
    const found = await search(`q=${encodeURIComponent(`计算机 ${token}`)}&pageSize=60`);
    expect(found.hits.map((h: { listingId: string }) => h.listingId)).not.toContain(id);
    // Only center staff put a suspended listing back, and not while no agreement admits it.
    expect((await s.http.post(`/api/listings/${id}/reactivate`, {})).statusCode).toBe(403);
    expect((await center.http.post(`/api/listings/${id}/reactivate`, {})).statusCode).toBe(422);
  });
});
