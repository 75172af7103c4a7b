import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestContext, login, type TestContext } from '../helpers/context.ts';
import { createBudgetLine, createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';
import { insertHistoryOrder, insertHistoryQuotation } from '../helpers/history-rows.ts';

/**
 * Jurisdiction (#19), proved for every GET route a regulator may call, read from /docs/json: a 上海
 * regulator gets nothing of 北京, a 海淀 regulator nothing of 朝阳, and 北京's sees both.
 */
let ctx: TestContext;
type Http = ReturnType<typeof client>;
const regulators = {} as Record<'beijing' | 'haidian' | 'chaoyang' | 'shanghai', Http>;
/** Rows of each district's unit: the unit, its budget line, an order, a quotation. */
const rows = {} as Record<'haidian' | 'chaoyang' | 'xuhui', { unit: string; line: string; order: string; quotation: string }>;

async function regulatorAt(regionCode: string): Promise<Http> {
  const org = await createOrg(ctx.database.db, 'regulator', { regionCode, name: `财政局-${regionCode}-${Math.random()}` });
  const user = await createUser(ctx.database.db, org.id, ['regulator']);
  return client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
}

async function district(regionCode: string, supplierId: string) {
  const db = ctx.database.db;
  const unit = await createOrg(db, 'purchasing_unit', { regionCode });
  const line = await createBudgetLine(db, unit.id, 10_000_000);
  const at = new Date(Date.now() - 5 * 86_400_000);
  const order = await insertHistoryOrder(db, {
    unitId: unit.id,
    supplierId,
    budgetLineId: line.id,
    at,
    lines: [{ categoryCode: 'A02010104', title: '台式计算机', unitPriceFen: 500_000, quantity: 2 }],
  });
  const quotation = await insertHistoryQuotation(db, {
    unitId: unit.id,
    budgetLineId: line.id,
    title: `运维服务-${regionCode}`,
    categoryCode: 'C1605',
    quantity: 1,
    ceilingFen: 6_000_000,
    createdAt: at,
    closedAt: at,
    quotes: [{ supplierId, priceFen: 5_000_000, sizeClass: 'small' }],
    winner: 0,
  });
  return { unit: unit.id, line: line.id, order: order.id, quotation: quotation.quotation.id };
}

beforeAll(async () => {
  ctx = await createTestContext();
  const supplier = await createOrg(ctx.database.db, 'supplier');
  rows.haidian = await district('110108', supplier.id);
  rows.chaoyang = await district('110105', supplier.id);
  rows.xuhui = await district('310104', supplier.id);
  regulators.beijing = await regulatorAt('110000');
  regulators.haidian = await regulatorAt('110108');
  regulators.chaoyang = await regulatorAt('110105');
  regulators.shanghai = await regulatorAt('310000');
}, 120_000);
afterAll(() => ctx.close());

const ids = (r: (typeof rows)['haidian']) => [r.unit, r.line, r.order, r.quotation];

/** GET routes a regulator may call, from the published contract. */
async function regulatorRoutes(): Promise<string[]> {
  const doc = (await ctx.app.inject({ method: 'GET', url: '/docs/json' })).json<{
    paths: Record<string, Record<string, { 'x-access'?: string }>>;
  }>();
  return Object.entries(doc.paths)
    .filter(([path, m]) => path.startsWith('/api/') && m.get && /regulator|any signed-in user/.test(m.get['x-access'] ?? ''))
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
        ])
          expect((await regulators[who].get(url)).statusCode, `${who} ${url}`).toBe(200);
        const lists = await Promise.all(
          ['/api/orders?pageSize=100', '/api/quotations?pageSize=100', '/api/purchasing-units?pageSize=100'].map((u) =>
            regulators[who].get(u),
          ),
        );
        expect(lists[0]!.json().items.map((o: { id: string }) => o.id)).toContain(r.order);
        expect(lists[1]!.json().items.map((o: { id: string }) => o.id)).toContain(r.quotation);
        expect(lists[2]!.json().items.map((o: { id: string }) => o.id)).toContain(r.unit);
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
