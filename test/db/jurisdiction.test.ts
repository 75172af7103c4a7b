import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestContext, login, type TestContext } from '../helpers/context.ts';
import { actor, createBudgetLine, createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';
import { goodsTender, publishTender, quotationRequirement, supplierClient } from '../helpers/procurement.ts';

/**
 * Jurisdiction (#19), proved for every GET route a regulator may call, read from /docs/json: a 上海
 * regulator gets nothing of 北京, a 海淀 regulator nothing of 朝阳, and 北京's sees both. Every row is made
 * through the API as its users make it: an order from the e-mall, an online quotation, an asset register entry.
 */
let ctx: TestContext;
type Http = ReturnType<typeof client>;
const regulators = {} as Record<'beijing' | 'haidian' | 'chaoyang' | 'shanghai' | 'shanghaiCenter', Http>;
/** Rows of each district's unit: the unit, its budget line, an order, a quotation, an asset. */
const rows = {} as Record<
  'haidian' | 'chaoyang' | 'xuhui',
  { unit: string; line: string; order: string; quotation: string; asset: string }
>;
const token = `j${randomBytes(3).toString('hex')}`;
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
let listingId: string;

async function staffAt(regionCode: string, kind: 'regulator' | 'procurement_center'): Promise<Http> {
  const org = await createOrg(ctx.database.db, kind, { regionCode, name: `${kind}-${regionCode}-${randomUUID()}` });
  const user = await createUser(ctx.database.db, org.id, [kind === 'regulator' ? 'regulator' : 'center_staff']);
  return client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
}
const regulatorAt = (regionCode: string) => staffAt(regionCode, 'regulator');

/** A supplier's approved listing of a shredder at ¥800.00, delivered everywhere: what every unit orders. */
async function sellingListing(center: Actor): Promise<string> {
  const product = await center.http.post('/api/products', {
    categoryCode: 'A020206',
    brand: `${token}牌`,
    model: `J-${token}`,
    name: `${token} 碎纸机`,
    specs: {},
  });
  expect(product.statusCode, product.body).toBe(201);
  const org = await createOrg(ctx.database.db, 'supplier', { sizeClass: 'small' });
  const user = await createUser(ctx.database.db, org.id, ['supplier']);
  const http = client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
  await center.http.post('/api/agreements', {
    code: `XY-${randomBytes(4).toString('hex')}`,
    title: '协议供货',
    supplierId: org.id,
    categoryCodes: ['A02'],
    startsOn: today,
    endsOn: nextYear,
  });
  const listing = await http.post('/api/listings', {
    productId: product.json().id,
    priceFen: 80_000,
    stock: 1000,
    deliveryRegions: ['000000'],
    leadTimeDays: 3,
    certificates: [],
  });
  expect(listing.statusCode, listing.body).toBe(201);
  await http.post(`/api/listings/${listing.json().id}/submit`, {});
  expect((await center.http.post(`/api/listings/${listing.json().id}/approve`, {})).statusCode).toBe(200);
  return listing.json().id as string;
}

/** A district's unit as its clerk works: an order of two shredders, an online quotation, an asset on the register. */
async function district(regionCode: string) {
  const db = ctx.database.db;
  const unit = await createOrg(db, 'purchasing_unit', { regionCode });
  const line = await createBudgetLine(db, unit.id, 10_000_000);
  const purchaser = await actor(ctx.app, db, 'purchaser', unit.id);
  expect((await purchaser.http.post('/api/cart/items', { listingId, quantity: 2 })).statusCode).toBeLessThan(300);
  const checkout = await purchaser.http.post(
    '/api/orders/checkout',
    { budgetLineId: line.id, deliveryAddress: '某区某路 1 号', contactName: '张晓明', contactPhone: '010-62345678' },
    { 'idempotency-key': `ck-${randomUUID()}` },
  );
  expect(checkout.statusCode, checkout.body).toBe(201);
  const quotation = await purchaser.http.post('/api/quotations', quotationRequirement(`${token}-${regionCode}`, line.id));
  expect(quotation.statusCode, quotation.body).toBe(201);
  const asset = await purchaser.http.post('/api/assets', {
    categoryCode: 'A02010104',
    name: `${token} 台式计算机（闲置）`,
    description: '2019 年购置，运行正常',
    quantity: 5,
    originalValueFen: 2_500_000,
    netValueFen: 500_000,
    acquiredOn: '2019-06-01',
    condition: 'good',
    location: '本单位库房',
  });
  expect(asset.statusCode, asset.body).toBe(201);
  return {
    unit: unit.id,
    line: line.id,
    order: (checkout.json() as { orders: { id: string }[] }).orders[0]!.id,
    quotation: quotation.json().id as string,
    asset: asset.json().id as string,
  };
}

beforeAll(async () => {
  ctx = await createTestContext();
  listingId = await sellingListing(await actor(ctx.app, ctx.database.db, 'center_staff'));
  rows.haidian = await district('110108');
  rows.chaoyang = await district('110105');
  rows.xuhui = await district('310104');
  regulators.beijing = await regulatorAt('110000');
  regulators.haidian = await regulatorAt('110108');
  regulators.chaoyang = await regulatorAt('110105');
  regulators.shanghai = await regulatorAt('310000');
  regulators.shanghaiCenter = await staffAt('310000', 'procurement_center');
}, 180_000);
afterAll(() => ctx.close());

const ids = (r: (typeof rows)['haidian']) => [r.unit, r.line, r.order, r.quotation, r.asset];

/** Whether a list route shows the row on some page (100 a page, newest first). */
async function listed(http: Http, path: string, id: string): Promise<boolean> {
  for (let page = 1; page <= 100; page++) {
    const body = (await http.get(`${path}?pageSize=100&page=${page}`)).json() as { items: { id: string }[]; total: number };
    if (body.items.some((item) => item.id === id)) return true;
    if (page * 100 >= body.total) return false;
  }
  return false;
}

/** GET routes a regulator or center staff may call, from the published contract. */
async function regulatorRoutes(): Promise<string[]> {
  const doc = (await ctx.app.inject({ method: 'GET', url: '/docs/json' })).json<{
    paths: Record<string, Record<string, { 'x-access'?: string }>>;
  }>();
  return Object.entries(doc.paths)
    .filter(([path, m]) => path.startsWith('/api/') && m.get && /regulator|center|any signed-in user/.test(m.get['x-access'] ?? ''))
    .map(([path]) => path);
}

/** The route's URL for a row: {id} and {lineId} filled with the row's ids where they fit, else none. */
function urlsFor(path: string, r: (typeof rows)['haidian']): string[] {
  const params = path.match(/\{\w+\}/g) ?? [];
  if (params.length === 0) return [path];
  if (path === '/api/organizations/{id}/budget-lines/{lineId}/movements') return [path.replace('{id}', r.unit).replace('{lineId}', r.line)];
  if (params.length > 1) return [];
  return ids(r).map((id) => path.replace(params[0]!, id));
}

/** Who must not see whose rows: [the caller, the rows it must not see]. */
const outsiders: [keyof typeof regulators, (keyof typeof rows)[]][] = [
  ['shanghai', ['haidian', 'chaoyang']],
  ['shanghaiCenter', ['haidian', 'chaoyang']],
  ['haidian', ['chaoyang', 'xuhui']],
  ['chaoyang', ['haidian', 'xuhui']],
  ['beijing', ['xuhui']],
];

describe('jurisdiction on every regulator GET route (from /docs/json)', () => {
  it('gives a regulator nothing of another region: 404/403, or a body without its rows', async () => {
    const routes = await regulatorRoutes();
    expect(routes.length).toBeGreaterThan(20);
    const leaks: string[] = [];
    for (const path of routes) {
      for (const [who, others] of outsiders) {
        for (const other of others) {
          const foreign = ids(rows[other]);
          for (const url of urlsFor(path, rows[other])) {
            const res = await regulators[who].get(url);
            if (res.statusCode >= 500) leaks.push(`${who} GET ${url} → ${res.statusCode}`);
            if (res.statusCode >= 400) continue;
            const hit = foreign.find((id) => res.body.includes(id));
            if (hit) leaks.push(`${who} GET ${url} → ${res.statusCode} shows a row of ${other}`);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
  }, 300_000);

  it("lets 北京's regulator read both districts' rows, and each district's its own", async () => {
    for (const [who, mine] of [
      ['beijing', ['haidian', 'chaoyang']],
      ['haidian', ['haidian']],
      ['chaoyang', ['chaoyang']],
      ['shanghai', ['xuhui']],
    ] as const) {
      for (const d of mine) {
        const r = rows[d];
        for (const url of [
          `/api/orders/${r.order}`,
          `/api/quotations/${r.quotation}`,
          `/api/organizations/${r.unit}`,
          `/api/organizations/${r.unit}/budget-lines`,
          `/api/assets/${r.asset}`,
        ])
          expect((await regulators[who].get(url)).statusCode, `${who} ${url}`).toBe(200);
        // The shared database holds many units of these districts: page through the list until the row shows.
        expect(await listed(regulators[who], '/api/orders', r.order), `${who} orders`).toBe(true);
        expect(await listed(regulators[who], '/api/quotations', r.quotation), `${who} quotations`).toBe(true);
        expect(await listed(regulators[who], '/api/purchasing-units', r.unit), `${who} units`).toBe(true);
        expect(await listed(regulators[who], '/api/assets', r.asset), `${who} assets`).toBe(true);
      }
    }
  });

  it('sums the districts to the city: 北京 = 海淀 + 朝阳 + …, and a district regulator cannot widen its view', async () => {
    const total = async (http: Http, region?: string) => {
      const res = await http.get(`/api/dashboards/summary${region ? `?regionCode=${region}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().totals as { spendFen: number };
    };
    const [beijing, haidian, chaoyang, shanghai] = await Promise.all([
      total(regulators.beijing),
      total(regulators.haidian),
      total(regulators.chaoyang),
      total(regulators.shanghai),
    ]);
    const districts = await Promise.all(['110101', '110102', '110106', '110114'].map((code) => total(regulators.beijing, code)));
    const province = await total(regulators.beijing, '110000');
    expect(haidian.spendFen).toBeGreaterThan(0);
    expect(chaoyang.spendFen).toBeGreaterThan(0);
    expect(beijing.spendFen).toBe(province.spendFen);
    expect(beijing.spendFen).toBe(haidian.spendFen + chaoyang.spendFen + districts.reduce((s, d) => s + d.spendFen, 0));
    expect(shanghai.spendFen).toBeGreaterThan(0);
    expect((await regulators.haidian.get('/api/dashboards/summary?regionCode=110000')).statusCode).toBe(403);
    expect((await regulators.shanghai.get(`/api/dashboards/summary?organizationId=${rows.haidian.unit}`)).statusCode).toBe(403);
  });
});

describe('center staff and the expert pool by jurisdiction', () => {
  it("gives a center its area's assets and requests, and nothing of another province", async () => {
    const [beijing, shanghai] = await Promise.all([staffAt('110000', 'procurement_center'), staffAt('310000', 'procurement_center')]);
    const listed = async (http: Http) => ((await http.get('/api/assets?pageSize=100')).json().items as { id: string }[]).map((a) => a.id);
    expect(await listed(beijing)).toEqual(expect.arrayContaining([rows.haidian.asset, rows.chaoyang.asset]));
    expect(await listed(beijing)).not.toContain(rows.xuhui.asset);
    expect(await listed(shanghai)).toContain(rows.xuhui.asset);
    expect(await listed(shanghai)).not.toContain(rows.haidian.asset);
    expect((await shanghai.get(`/api/assets/${rows.haidian.asset}`)).statusCode).toBe(404);
    expect((await beijing.get(`/api/assets/${rows.haidian.asset}`)).statusCode).toBe(200);
  });

  it('lets a center enrol and read experts of the pools that serve its area only', async () => {
    const [beijing, haidian, shanghai] = await Promise.all([
      staffAt('110000', 'procurement_center'),
      staffAt('110108', 'procurement_center'),
      staffAt('310000', 'procurement_center'),
    ]);
    const enrol = (http: Http, regionCode: string) =>
      http.post('/api/experts', {
        name: `${token}专家${randomBytes(2).toString('hex')}`,
        title: '高级工程师',
        employer: '某研究院',
        specialties: ['A02'],
        regionCode,
      });
    const created = await enrol(beijing, '110000');
    expect(created.statusCode, created.body).toBe(201);
    const expert = created.json().id as string;
    const refused = await enrol(shanghai, '110000');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].field).toBe('regionCode');
    // 海淀's center draws from 北京's pool and reads it, but neither enrols into it nor changes its experts;
    // 上海's does not see it at all.
    expect((await haidian.get(`/api/experts/${expert}`)).json()).toMatchObject({ id: expert, manageable: false });
    expect((await beijing.get(`/api/experts/${expert}`)).json()).toMatchObject({ id: expert, manageable: true });
    expect((await enrol(haidian, '110000')).statusCode).toBe(422);
    const suspend = await haidian.post(`/api/experts/${expert}/status`, { status: 'suspended', reason: '越级暂停' });
    expect(suspend.statusCode, suspend.body).toBe(403);
    expect(suspend.json().errors[0]).toMatchObject({ field: 'id', in: 'params' });
    expect((await shanghai.get(`/api/experts/${expert}`)).statusCode).toBe(404);
    expect((await shanghai.get(`/api/experts/${expert}/affiliations`)).statusCode).toBe(404);
    const pool = ((await shanghai.get(`/api/experts?pageSize=100&q=${encodeURIComponent(token)}`)).json().items as { id: string }[]).map(
      (e) => e.id,
    );
    expect(pool).not.toContain(expert);
    expect((await regulators.shanghai.get(`/api/experts/${expert}`)).statusCode).toBe(404);
    expect((await regulators.beijing.get(`/api/experts/${expert}`)).statusCode).toBe(200);
  });

  it("lets a center run tenders only for its area's units, and a district neither suspend nor remove a city expert by a rating", async () => {
    const shanghai = regulators.shanghaiCenter;
    const foreign = await shanghai.post('/api/tenders', goodsTender(rows.haidian.unit, `${token} 越区招标`));
    expect(foreign.statusCode, foreign.body).toBe(422);
    expect(foreign.json().errors[0].field).toBe('purchaserOrgId');
    const beijing = await staffAt('110000', 'procurement_center');
    expect((await beijing.post('/api/tenders', goodsTender(rows.haidian.unit, `${token} 市中心为海淀招标`))).statusCode).toBe(201);
    // A city expert rated by a district's center: the rating stands, a violation's suspension is the city's.
    const enrolled = await beijing.post('/api/experts', {
      name: `${token}评审专家`,
      title: '高级工程师',
      employer: '某研究院',
      specialties: ['A02'],
      regionCode: '110000',
    });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    const haidian = await staffAt('110108', 'procurement_center');
    const rating = {
      projectRef: `${token}-评审`,
      punctuality: 2,
      diligence: 2,
      recusalHonesty: 2,
      comment: '迟到且未如实回避',
      violation: 'suspend',
    };
    const refused = await haidian.post(`/api/experts/${enrolled.json().id}/ratings`, rating);
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().errors[0].field).toBe('violation');
    expect((await haidian.post(`/api/experts/${enrolled.json().id}/ratings`, { ...rating, violation: 'none' })).statusCode).toBe(201);
    expect((await beijing.get(`/api/experts/${enrolled.json().id}`)).json().status).toBe('active');
  });

  it("keeps a tender's oversight pages (committee, evaluation report) to the regulators of its area", async () => {
    const center = await actor(ctx.app, ctx.database.db, 'center_staff');
    const tender = await publishTender(center, goodsTender(rows.haidian.unit, `${token} 海淀区台式计算机`));
    for (const path of [`/api/tenders/${tender.id}/experts`, `/api/tenders/${tender.id}/evaluation-report`]) {
      expect((await regulators.shanghai.get(path)).statusCode, `上海 ${path}`).toBe(404);
      expect((await regulators.chaoyang.get(path)).statusCode, `朝阳 ${path}`).toBe(404);
      expect((await regulators.beijing.get(path)).statusCode, `北京 ${path}`).toBe(200);
      expect((await regulators.haidian.get(path)).statusCode, `海淀 ${path}`).toBe(200);
    }
  });
});

describe('the catalogue is kept by the centers of its area', () => {
  it("refuses another province's center the agreements and listings a center entered; a center above it may act", async () => {
    const db = ctx.database.db;
    const haidianCenter = await actor(
      ctx.app,
      db,
      'center_staff',
      (await createOrg(db, 'procurement_center', { regionCode: '110108' })).id,
    );
    const supplier = await createOrg(db, 'supplier', { sizeClass: 'small' });
    const made = await haidianCenter.http.post('/api/agreements', {
      code: `XY-${randomBytes(4).toString('hex')}`,
      title: '协议供货（海淀）',
      supplierId: supplier.id,
      categoryCodes: ['A02'],
      startsOn: today,
      endsOn: nextYear,
    });
    expect(made.statusCode, made.body).toBe(201);
    const agreementId = made.json().id as string;
    const shanghai = regulators.shanghaiCenter;
    const end = await shanghai.post(`/api/agreements/${agreementId}/end`, { reason: '越权终止' });
    expect(end.statusCode, end.body).toBe(403);
    expect(end.json().errors[0]).toMatchObject({ field: 'id', in: 'params' });
    expect((await shanghai.post(`/api/agreements/${agreementId}/amend`, { endsOn: today, reason: '越权变更' })).statusCode).toBe(403);
    // The listing every district orders from rests on an agreement a Beijing district's center entered.
    const suspend = await shanghai.post(`/api/listings/${listingId}/suspend`, { reason: '越权下架' });
    expect(suspend.statusCode, suspend.body).toBe(403);
    expect((await shanghai.post('/api/listings/batch/suspend', { listingIds: [listingId], reason: '越权下架' })).statusCode).toBe(403);
    // The city's center serves the districts: it may.
    const beijing = await staffAt('110000', 'procurement_center');
    const amended = await beijing.post(`/api/agreements/${agreementId}/amend`, {
      endsOn: nextYear.replace(/-\d\d$/, '-01'),
      reason: '市级中心变更期限',
    });
    expect(amended.statusCode, amended.body).toBe(200);
    expect((await haidianCenter.http.post(`/api/agreements/${agreementId}/end`, { reason: '期满终止' })).statusCode).toBe(200);
  });

  it("leaves a listing under no agreement to the centers of its supplier's area", async () => {
    const beijing = await staffAt('110000', 'procurement_center');
    const seller = await supplierClient(ctx, { sizeClass: 'small' });
    const product = await beijing.post('/api/products', {
      categoryCode: 'A02061906',
      brand: `${token}无协议`,
      model: 'NA-1',
      name: `${token} 无协议台灯`,
      specs: {},
    });
    expect(product.statusCode, product.body).toBe(201);
    const listing = await seller.http.post('/api/listings', {
      productId: product.json().id,
      priceFen: 48_000,
      stock: 10,
      deliveryRegions: ['110000'],
      leadTimeDays: 3,
      certificates: [],
    });
    expect(listing.statusCode, listing.body).toBe(201);
    expect(listing.json().agreementId).toBeNull();
    const id = listing.json().id as string;
    expect((await seller.http.post(`/api/listings/${id}/submit`, {})).statusCode).toBe(200);
    const shanghai = regulators.shanghaiCenter;
    expect((await shanghai.get(`/api/listings/${id}`)).json()).toMatchObject({ manageable: false });
    const refused = await shanghai.post(`/api/listings/${id}/approve`, {});
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().errors[0]).toMatchObject({
      field: 'id',
      message: '该报价不属任何框架协议，其供应商在其他地区，由当地采购中心处理',
    });
    expect((await shanghai.post('/api/listings/batch/approve', { listingIds: [id] })).statusCode).toBe(403);
    expect((await beijing.get(`/api/listings/${id}`)).json()).toMatchObject({ manageable: true });
    const approved = await beijing.post(`/api/listings/${id}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
  });

  it("marks what a center may act on in its lists, and keeps another area's listings out of its review queue", async () => {
    const shanghai = regulators.shanghaiCenter;
    const beijing = await staffAt('110000', 'procurement_center');
    const one = async (http: typeof shanghai, path: string) => {
      const res = await http.get(path);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: { id: string; manageable?: boolean }[]; total: number };
    };
    // The listing rests on an agreement a Beijing district's center entered: Beijing's city center may act on it, Shanghai's not.
    expect((await shanghai.get(`/api/listings/${listingId}`)).json()).toMatchObject({ id: listingId, manageable: false });
    const seen = (await beijing.get(`/api/listings/${listingId}`)).json();
    expect(seen).toMatchObject({ id: listingId, manageable: true });
    const listingName = seen.productName as string;
    const theirs = await one(shanghai, `/api/listings?manageable=false&pageSize=100&q=${encodeURIComponent(listingName)}`);
    expect(theirs.items.find((l) => l.id === listingId)).toMatchObject({ manageable: false });
    const mine = await one(shanghai, `/api/listings?manageable=true&pageSize=100&q=${encodeURIComponent(listingName)}`);
    expect(mine.items.map((l) => l.id)).not.toContain(listingId);
    expect(mine.items.every((l) => l.manageable === true)).toBe(true);
    const agreements = await one(shanghai, '/api/agreements?pageSize=100&manageable=false');
    expect(agreements.items.length).toBeGreaterThan(0);
    expect(agreements.items.every((a) => a.manageable === false)).toBe(true);
    const own = await one(beijing, '/api/agreements?pageSize=100&manageable=true');
    expect(own.items.every((a) => a.manageable === true)).toBe(true);
    // Suppliers and regulators read lists without the mark.
    expect((await one(regulators.shanghai, '/api/agreements?pageSize=5')).items.every((a) => !('manageable' in a))).toBe(true);
  });
});
