import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase, type Database } from '../../server/db/client.ts';
import { assets, categories, frameworkAgreements, listings, products } from '../../server/db/schema/index.ts';
import { startCluster, type Cluster } from '../../scripts/cluster.ts';
import { createBudgetLine, createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';

/**
 * The production topology on this machine: 3 API replicas and 2 worker processes, each its own Node
 * process, behind HAProxy, on the run's PostgreSQL database and Redis. Skipped on the embedded default
 * (one process by design) and where HAProxy is not installed (`.ci/run` installs it).
 */
const databaseUrl = inject('databaseUrl');
const redisUrl = inject('redisUrl');
const haproxy = spawnSync('haproxy', ['-v']).status === 0;
const runs = inject('databaseBackend') === 'postgres' && redisUrl !== null && haproxy;

/** A browser-like session against one base URL: the session cookie and the CSRF header. */
function session(base: string) {
  let cookie = '';
  let csrf = '';
  const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
        ...(body === undefined || body instanceof FormData ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
    return res;
  };
  return {
    call,
    async login(username: string) {
      const res = await call('POST', '/api/auth/login', { username, password: TEST_PASSWORD });
      expect(res.status, await res.clone().text()).toBe(200);
      cookie = res.headers
        .getSetCookie()
        .find((c) => c.startsWith('jicai_sid='))!
        .split(';')[0]!;
      csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    },
    /** The same session against another base URL (another replica). */
    at(other: string) {
      const s = session(other);
      s.adopt(cookie, csrf);
      return s;
    },
    adopt(c: string, t: string) {
      cookie = c;
      csrf = t;
    },
  };
}

let cluster: Cluster;
let database: Database;
const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  if (!runs) return;
  database = connectDatabase(databaseUrl, 2);
  cluster = await startCluster({
    apis: 3,
    workers: 2,
    port: 0,
    output: 'ignore',
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl!,
      QUEUE_PREFIX: `cluster-${process.pid}`,
      // One deployment with the test contexts: the same seal key file and checkpoint file (DATA_DIR) and audit key.
      DATA_DIR: inject('dataDir'),
      AUDIT_SIGNING_KEY: inject('auditSigningKey'),
      DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
    },
  });
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
  await database?.close();
}, 60_000);

describe.skipIf(!runs)('3 API replicas and 2 workers behind HAProxy', () => {
  it('serves the storefront and the API through the balancer, spreading requests over the replicas', async () => {
    const home = await fetch(`${cluster.url}/`, { headers: { accept: 'text/html' } });
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
    const served = new Set<string>();
    for (let i = 0; i < 9; i++) {
      const res = await fetch(`${cluster.url}/api/health/ready`);
      expect(res.status).toBe(200);
      served.add(res.headers.get('x-served-by') ?? '');
    }
    expect([...served].sort()).toEqual(['api1', 'api2', 'api3']);
    expect((await fetch(`${cluster.url}/api/health/live`)).status).toBe(200);
  });

  it('walks a purchase through the balancer: one session on every replica, the order placed once whatever replica takes the retry', async () => {
    const unit = await createOrg(database.db, 'purchasing_unit', { approvalThresholdFen: 100_000_000 });
    const line = await createBudgetLine(database.db, unit.id, 10_000_000);
    const purchaser = await createUser(database.db, unit.id, ['purchaser']);
    const [listing] = await database.db
      .select({ id: listings.id, priceFen: listings.priceFen })
      .from(listings)
      .innerJoin(frameworkAgreements, eq(frameworkAgreements.id, listings.agreementId))
      .innerJoin(products, eq(products.id, listings.productId))
      .innerJoin(categories, eq(categories.code, products.categoryCode))
      // Outside the mandatory energy-saving 品目, so no certificate question stands in the way.
      .where(
        and(
          like(frameworkAgreements.code, 'BJ-XYGH-2026-%'),
          eq(listings.status, 'active'),
          sql`${listings.priceFen} < 500000`,
          sql`${categories.greenPolicy} is distinct from 'mandatory'`,
        ),
      )
      .orderBy(asc(listings.priceFen))
      .limit(1);
    expect(listing).toBeDefined();
    const s = session(cluster.url);
    await s.login(purchaser.username);
    const added = await s.call('POST', '/api/cart/items', { listingId: listing!.id, quantity: 1 });
    expect(added.status, await added.clone().text()).toBeLessThan(300);
    const body = {
      budgetLineId: line.id,
      deliveryAddress: '北京市海淀区中关村大街 1 号',
      contactName: '张晓明',
      contactPhone: '010-62345678',
    };
    const idempotencyKey = `ck-${randomUUID()}`;
    // The same checkout sent to each replica directly, as a client retrying after a lost answer would.
    const answers = await Promise.all(
      cluster.apiUrls.map((u) => s.at(u).call('POST', '/api/orders/checkout', body, { 'idempotency-key': idempotencyKey })),
    );
    const ok = answers.filter((a) => a.status < 300);
    expect(ok.length, (await Promise.all(answers.map((a) => a.clone().text()))).join('\n')).toBeGreaterThan(0);
    const ids = new Set(
      await Promise.all(ok.map(async (a) => ((await a.json()) as { orders: { id: string }[] }).orders.map((o) => o.id).join(','))),
    );
    expect(ids.size).toBe(1);
    const orderId = [...ids][0]!.split(',')[0]!;
    for (const u of cluster.apiUrls) expect((await s.at(u).call('GET', `/api/orders/${orderId}`)).status).toBe(200);
  });

  it('keeps uploads and live auctions shared: a photo uploaded on one replica is served by another, and a bid taken by one reaches a watcher on another within seconds', async () => {
    const [api1, api2, api3] = cluster.apiUrls as [string, string, string];
    const unit = await createOrg(database.db, 'purchasing_unit');
    const owner = session(api1);
    await owner.login((await createUser(database.db, unit.id, ['purchaser'])).username);
    const asset = (await (
      await owner.call('POST', '/api/assets', {
        categoryCode: 'A02010104',
        name: '集群测试 台式计算机（闲置）',
        description: '联想 启天 M437，2019 年购置，运行正常',
        quantity: 2,
        originalValueFen: 1_000_000,
        netValueFen: 200_000,
        acquiredOn: '2019-06-01',
        condition: 'good',
        location: '北京市海淀区中关村南大街 5 号 B1 库房',
      })
    ).json()) as { id: string };
    const form = new FormData();
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'pc.png');
    const up = await owner.call('POST', `/api/assets/${asset.id}/photos`, form);
    expect(up.status, await up.clone().text()).toBeLessThan(300);
    const photoUrl = ((await up.json()) as { photos: { url: string }[] }).photos[0]!.url;
    const photo = await owner.at(api2).call('GET', photoUrl);
    expect(photo.status).toBe(200);
    expect(Buffer.from(await photo.arrayBuffer()).subarray(0, 8)).toEqual(PNG.subarray(0, 8));

    expect((await owner.call('POST', `/api/assets/${asset.id}/offer`)).status).toBeLessThan(300);
    await database.db
      .update(assets)
      .set({ offeredUntil: sql`now() - interval '1 second'` })
      .where(eq(assets.id, asset.id));
    const center = session(cluster.url);
    await center.login((await createUser(database.db, (await createOrg(database.db, 'procurement_center')).id, ['center_staff'])).username);
    const created = await center.call('POST', '/api/auctions', {
      assetId: asset.id,
      title: '集群测试 台式计算机 2 台',
      description: '整批拍卖',
      viewingInfo: '工作日 9:00–17:00 于存放地点看样',
      appraisalFen: 200_000,
      startPriceFen: 100_000,
      reservePriceFen: 150_000,
      incrementFen: 1_000,
      depositFen: 20_000,
      startsAt: at(-1),
      endsAt: at(60),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const lot = (await created.json()) as { id: string };

    const bidderOrg = await createOrg(database.db, 'supplier', { sizeClass: 'small' });
    const bidder = session(api1);
    await bidder.login((await createUser(database.db, bidderOrg.id, ['supplier'])).username);
    const registered = await bidder.call('POST', `/api/auctions/${lot.id}/register`, { depositRef: 'BANK-CLUSTER-0001' });
    expect(registered.status).toBeLessThan(300);
    // 登记到账: center staff record the bank receipt before the bidder may bid.
    const { registrationId } = (await registered.json()) as { registrationId: string };
    const receipt = { amountFen: 20_000, bankRef: 'YH-CLUSTER-0001', receivedAt: new Date(Date.now() - 1000).toISOString() };
    expect((await center.call('POST', `/api/auctions/registrations/${registrationId}/deposit`, receipt)).status).toBe(200);

    // A watcher on replica 2 (and one on replica 3); the bid goes to replica 1.
    const events: string[] = [];
    const watchers = [new AbortController(), new AbortController()];
    const reading = [api2, api3].map(async (u, i) => {
      const res = await fetch(`${u}/api/public/auctions/${lot.id}/events`, { signal: watchers[i]!.signal });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        events.push(`${i}:${decoder.decode(value)}`);
      }
    });
    const firstEvents = async (n: number) => {
      for (let i = 0; i < 100 && events.filter((e) => e.includes('event: lot')).length < n; i++)
        await new Promise((r) => setTimeout(r, 100));
    };
    await firstEvents(2);
    const placedAt = Date.now();
    const bid = await bidder.call('POST', `/api/auctions/${lot.id}/bids`, { amountFen: 100_000 });
    expect(bid.status, await bid.clone().text()).toBe(201);
    const seen = async (watcher: number) => {
      for (;;) {
        if (events.some((e) => e.startsWith(`${watcher}:`) && e.includes('"bidCount":1'))) return Date.now() - placedAt;
        if (Date.now() - placedAt > 10_000) return null;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const [on2, on3] = await Promise.all([seen(0), seen(1)]);
    for (const w of watchers) w.abort();
    await Promise.all(reading);
    expect(on2).not.toBeNull();
    expect(on3).not.toBeNull();
  });
});
