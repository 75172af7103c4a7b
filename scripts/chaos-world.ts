/**
 * The chaos run's world, made the product's way through the balancer (and the test factories, which call
 * the organizations service): a catalogue listing, purchasers with budget lines, published tenders whose
 * deadlines fall inside the run, auction lots that close inside it, and the people who bid on them.
 */
import { TEST_PASSWORD } from '../test/helpers/factories.ts';
import type { Db } from '../server/db/client.ts';
import type { Role } from '../server/db/schema/index.ts';
import { advanceClock, resumeRealTime, setClock } from '../server/platform/clock.ts';
import { createUser } from '../test/helpers/factories.ts';
import { benchLine, benchOrg } from './bench-kit.ts';

export interface Login {
  cookie: string;
  csrf: string;
  orgId: string;
}

/** When things happen, in ms after the run's start (t0). */
export interface ChaosPlan {
  tenders: { deadline: number }[];
  /** Auction lots: when each closes and until when its bidders bid (before the extension window). */
  lots: { endsAt: number; bidUntil: number }[];
  /** When the load stops. */
  stopAt: number;
  purchasers: number;
  suppliers: number;
  bidders: number;
  tenderLots: number;
}

export interface ChaosWorld {
  base: string;
  t0: number;
  listingId: string;
  purchasers: { login: Login; lineId: string }[];
  suppliers: Login[];
  bidders: Login[];
  tenders: { id: string; lotIds: string[]; deadline: number }[];
  lots: { id: string; endsAt: number; bidUntil: number }[];
  stopAt: number;
}

type Send = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Record<string, unknown> | null }>;

export async function login(base: string, username: string, orgId: string): Promise<Login> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: TEST_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('jicai_sid='))!
    .split(';')[0]!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken, orgId };
}

export function sender(base: string, who: Login): Send {
  return async (method, path, body) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: {
        cookie: who.cookie,
        ...(method === 'GET' ? {} : { 'x-csrf-token': who.csrf }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: r.status, body: (await r.json().catch(() => null)) as Record<string, unknown> | null };
  };
}

const ok = <T = { id: string }>(r: { status: number; body: Record<string, unknown> | null }, what: string) => {
  if (r.status !== 200 && r.status !== 201) throw new Error(`${what} ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as T;
};

async function person(db: Db, base: string, kind: Parameters<typeof benchOrg>[1], name: string, roles: Role[]) {
  const org = await benchOrg(db, kind, name, kind === 'supplier' ? { legalRepresentative: `法人${name.length}` } : {});
  const user = await createUser(db, org.id, roles);
  return login(base, user.username, org.id);
}

/** A listing on the shelf: center staff sign the agreement and approve, the supplier offers it. */
async function listing(db: Db, base: string, center: Send) {
  const supplier = await person(db, base, 'supplier', '混沌家具供应商有限公司', ['supplier']);
  const seller = sender(base, supplier);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  ok(
    await center('POST', '/api/agreements', {
      code: `CHAOS-XY-${Date.now()}`,
      title: '混沌测试协议供货',
      supplierId: supplier.orgId,
      categoryCodes: ['A05'],
      startsOn: today,
      endsOn: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`,
    }),
    'agreement',
  );
  const product = ok(
    await center('POST', '/api/products', { categoryCode: 'A050103', brand: '混沌', model: 'CH-1', name: '混沌 办公椅', specs: {} }),
    'product',
  );
  const offer = {
    productId: product.id,
    priceFen: 52_000,
    stock: 10_000_000,
    deliveryRegions: ['000000'],
    leadTimeDays: 3,
    certificates: [],
  };
  const item = ok(await seller('POST', '/api/listings', offer), 'listing');
  ok(await seller('POST', `/api/listings/${item.id}/submit`, {}), 'submit');
  ok(await center('POST', `/api/listings/${item.id}/approve`, {}), 'approve');
  return item.id;
}

function tenderBody(unitId: string, deadline: Date, lots: number, i: number) {
  return {
    title: `混沌测试投标项目 ${i + 1}`,
    methodCode: 'open',
    purchaserOrgId: unitId,
    kind: 'goods',
    documents: '混沌测试招标文件：采购需求、评标方法、合同条款……',
    deadline: deadline.toISOString(),
    smeExemptReason: '混沌测试',
    intentionExemption: '混沌测试：因不可预见的原因急需开展的采购',
    lots: Array.from({ length: lots }, (_, k) => ({
      name: `第${k + 1}包`,
      budgetFen: 100_000_000,
      items: [{ name: '设备', quantity: 1, unit: '套' }],
      evaluationMethod: 'lowest_price',
      smeReserved: false,
      smeDeductionRate: '0.10',
    })),
  };
}

const lotBody = (assetId: string, i: number, startsAt: number, endsAt: number) => ({
  assetId,
  title: `混沌测试标的 ${i + 1}`,
  description: '混沌测试',
  viewingInfo: '工作日 9:00–17:00 在北京市公物仓看样',
  appraisalFen: 100_000,
  startPriceFen: 100_000,
  reservePriceFen: 0,
  incrementFen: 100,
  depositFen: 10_000,
  startsAt: new Date(startsAt).toISOString(),
  endsAt: new Date(endsAt).toISOString(),
  extensionWindowMinutes: 1,
  extensionMinutes: 1,
});

const assetBody = (i: number) => ({
  categoryCode: 'A02010104',
  name: `混沌测试资产 ${i}`,
  description: '混沌测试用闲置台式计算机',
  quantity: 1,
  originalValueFen: 1_000_000,
  netValueFen: 100_000,
  acquiredOn: '2018-01-01',
  condition: 'fair',
  location: '北京',
});

/**
 * Builds the world; `lead` is how long after the tenders are published the run starts (t0), which leaves
 * room for the auction lots and registrations made after them.
 */
export async function buildWorld(db: Db, base: string, plan: ChaosPlan, lead = 20_000): Promise<ChaosWorld> {
  const centerLogin = await person(db, base, 'procurement_center', '混沌测试采购中心', ['center_staff']);
  const center = sender(base, centerLogin);
  const listingId = await listing(db, base, center);
  const purchasers = [];
  for (let i = 0; i < plan.purchasers; i++) {
    const p = await person(db, base, 'purchasing_unit', `混沌测试采购单位${i + 1}`, ['purchaser']);
    purchasers.push({ login: p, lineId: (await benchLine(db, p.orgId, 100_000_000_000)).id });
  }
  const suppliers = [];
  for (let i = 0; i < plan.suppliers; i++)
    suppliers.push(await person(db, base, 'supplier', `混沌测试投标人${i + 1}有限公司`, ['supplier']));
  const bidders = [];
  for (let i = 0; i < plan.bidders; i++) bidders.push(await person(db, base, 'supplier', `混沌测试竞买人${i + 1}有限公司`, ['supplier']));
  const seller = await person(db, base, 'purchasing_unit', '混沌测试资产处置单位', ['purchaser']);
  const owner = sender(base, seller);

  // Six weeks back on the platform clock the assets are offered; three weeks later (their reallocation window
  // over) the center puts them up and publishes the tenders, whose bidding periods end within the run.
  const real = Date.now();
  await setClock(db, new Date(real - 44 * 86_400_000));
  const offered: string[] = [];
  for (let i = 0; i < plan.lots.length; i++) {
    const asset = ok(await owner('POST', '/api/assets', assetBody(i)), 'asset');
    ok(await owner('POST', `/api/assets/${asset.id}/offer`), 'offer');
    offered.push(asset.id);
  }
  await advanceClock(db, new Date(real - 22 * 86_400_000));
  const t0 = Date.now() + lead;
  const tenders = [];
  for (const [i, t] of plan.tenders.entries()) {
    const created = ok(
      await center('POST', '/api/tenders', tenderBody(purchasers[0]!.login.orgId, new Date(t0 + t.deadline), plan.tenderLots, i)),
      'tender',
    );
    const detail = ok<{ lots: { id: string }[] }>(await center('GET', `/api/tenders/${created.id}`), 'tender detail');
    ok(await center('POST', `/api/tenders/${created.id}/publish`), 'publish');
    tenders.push({ id: created.id, lotIds: detail.lots.map((l) => l.id), deadline: t0 + t.deadline });
  }
  const lots = [];
  for (const [i, l] of plan.lots.entries()) {
    const lot = ok(await center('POST', '/api/auctions', lotBody(offered[i]!, i, real - 22 * 86_400_000 + 60_000, t0 + l.endsAt)), 'lot');
    lots.push({ id: lot.id, endsAt: t0 + l.endsAt, bidUntil: t0 + l.bidUntil });
  }
  await resumeRealTime(db);
  for (const lot of lots)
    for (const b of bidders) {
      const reg = ok<{ registrationId: string; depositFen: number }>(
        await sender(base, b)('POST', `/api/auctions/${lot.id}/register`, {
          depositRef: `BANK-${lot.id.slice(0, 6)}-${b.orgId.slice(0, 8)}`,
        }),
        'register',
      );
      const receipt = {
        amountFen: reg.depositFen,
        bankRef: `YH-${lot.id.slice(0, 6)}-${b.orgId.slice(0, 8)}`,
        receivedAt: new Date(Date.now() - 1000).toISOString(),
      };
      ok(await center('POST', `/api/auctions/registrations/${reg.registrationId}/deposit`, receipt), 'deposit');
    }
  if (Date.now() > t0) throw new Error(`the world took longer than its lead of ${lead} ms; raise it`);
  return { base, t0, listingId, purchasers, suppliers, bidders, tenders, lots, stopAt: t0 + plan.stopAt };
}
