import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertHistoryAuction } from '../helpers/history-rows.ts';
import { createTestContext, login, type TestContext } from '../helpers/context.ts';
import { createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';

// Two app instances on the run's one store (Redis when REDIS_URL is set, PostgreSQL otherwise), with
// the product's default login limits (5 per account, 30 per address) and low limits on the public routes. Behind a
// trusted proxy, so each test names its own client address and no other file's traffic counts with it.
const env = {
  TRUST_PROXY: 'true',
  LOGIN_MAX_FAILURES_PER_ACCOUNT: '5',
  LOGIN_MAX_FAILURES_PER_ADDRESS: '30',
  RATE_LIMIT_SEARCH_PER_MINUTE: '5',
  RATE_LIMIT_PUBLIC_PER_MINUTE: '4',
  RATE_LIMIT_OPEN_DATA_PER_MINUTE: '3',
  RATE_LIMIT_EXPORT_PER_MINUTE: '2',
  RATE_LIMIT_STREAMS_PER_ADDRESS: '2',
};
let a: TestContext;
let b: TestContext;

beforeAll(async () => {
  [a, b] = await Promise.all([createTestContext({ env }), createTestContext({ env })]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

let n = 0;
/** A client address nobody else uses in this run. */
const freshAddress = () => `198.51.${Math.floor(Math.random() * 200)}.${(n++ % 250) + 1}`;
const from = (ip: string) => ({ 'x-forwarded-for': ip });
const wrongLogin = (ctx: TestContext, username: string, ip: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'wrong-password' }, headers: from(ip) });

function expectTooMany(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
  expect(res.statusCode).toBe(429);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(res.json()).toMatchObject({ status: 429, type: expect.stringContaining('too-many-requests') });
}

describe('login limits hold under concurrency', () => {
  it(
    'lets exactly 5 of 25 concurrent wrong passwords on one account reach the password check, across two instances',
    { timeout: 120_000 },
    async () => {
      const org = await createOrg(a.database.db, 'purchasing_unit');
      const user = await createUser(a.database.db, org.id, ['purchaser']);
      const attacker = freshAddress();
      const results = await Promise.all(Array.from({ length: 25 }, (_, i) => wrongLogin(i % 2 ? a : b, user.username, attacker)));
      const statuses = results.map((r) => r.statusCode);
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(20);
      expectTooMany(results.find((r) => r.statusCode === 429)!);
      // The right password is refused too from the guessing address while it is locked ...
      const login = (ip: string) =>
        a.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: user.username, password: TEST_PASSWORD },
          headers: from(ip),
        });
      expectTooMany(await login(attacker));
      // ... but a stranger's failures do not lock the owner out from anywhere else.
      expect((await login(freshAddress())).statusCode).toBe(200);
    },
  );

  it('refuses guessing spread over many addresses once the account-wide limit is reached', { timeout: 120_000 }, async () => {
    const c = await createTestContext({ env: { ...env, LOGIN_MAX_FAILURES_PER_ACCOUNT_TOTAL: '3' } });
    try {
      const org = await createOrg(c.database.db, 'purchasing_unit');
      const user = await createUser(c.database.db, org.id, ['purchaser']);
      const results = await Promise.all(Array.from({ length: 8 }, () => wrongLogin(c, user.username, freshAddress())));
      expect(results.filter((r) => r.statusCode === 401)).toHaveLength(3);
      expect(results.filter((r) => r.statusCode === 429)).toHaveLength(5);
    } finally {
      await c.close();
    }
  });

  it('refuses concurrent attempts from one address over its limit of 30', { timeout: 300_000 }, async () => {
    const ip = freshAddress();
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) => wrongLogin(i % 2 ? a : b, `nobody-${randomUUID().slice(0, 8)}`, ip)),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(34);
    // Another address is not affected.
    expect((await wrongLogin(a, `nobody-${randomUUID().slice(0, 8)}`, freshAddress())).statusCode).toBe(401);
  });

  it('forgets the account failures at a successful login, and successes do not use up the address', { timeout: 180_000 }, async () => {
    // A third instance with lower login limits (2 per account, 3 per address), on the same store.
    const c = await createTestContext({
      env: { ...env, LOGIN_MAX_FAILURES_PER_ACCOUNT: '2', LOGIN_MAX_FAILURES_PER_ACCOUNT_TOTAL: '2', LOGIN_MAX_FAILURES_PER_ADDRESS: '3' },
    });
    try {
      const org = await createOrg(c.database.db, 'purchasing_unit');
      const user = await createUser(c.database.db, org.id, ['purchaser']);
      const ip = freshAddress();
      const right = () =>
        c.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: user.username, password: TEST_PASSWORD },
          headers: from(ip),
        });
      expect((await wrongLogin(c, user.username, ip)).statusCode).toBe(401);
      expect((await right()).statusCode).toBe(200);
      expect((await wrongLogin(c, user.username, freshAddress())).statusCode).toBe(401);
      expect((await wrongLogin(c, user.username, freshAddress())).statusCode).toBe(401);
      expectTooMany(await wrongLogin(c, user.username, freshAddress()));
      // Logins that succeed are not failures: more of them than the address limit all pass.
      const other = await createUser(c.database.db, org.id, ['purchaser']);
      const ip2 = freshAddress();
      for (let i = 0; i < 4; i++) {
        const res = await c.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: other.username, password: TEST_PASSWORD },
          headers: from(ip2),
        });
        expect(res.statusCode).toBe(200);
      }
    } finally {
      await c.close();
    }
  });
});

describe('limits on public and expensive routes', () => {
  it('counts searches per address across two instances and answers 429 problem+json with Retry-After', async () => {
    const ip = freshAddress();
    for (let i = 0; i < 5; i++) {
      const res = await (i % 2 ? a : b).app.inject({ method: 'GET', url: '/api/search?q=计算机', headers: from(ip) });
      expect(res.statusCode, res.body).toBe(200);
    }
    const over = await a.app.inject({ method: 'GET', url: '/api/search?q=计算机', headers: from(ip) });
    expectTooMany(over);
    expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
    // A signed-in user behind the same address is counted as that user.
    const org = await createOrg(a.database.db, 'purchasing_unit');
    const user = await createUser(a.database.db, org.id, ['purchaser']);
    const session = await login(a.app, user.username, TEST_PASSWORD, freshAddress());
    const signedIn = await b.app.inject({ method: 'GET', url: '/api/search?q=计算机', headers: { ...from(ip), cookie: session.cookie } });
    expect(signedIn.statusCode).toBe(200);
  });

  it('limits the public lists, open data and exports by their own buckets', async () => {
    const ip = freshAddress();
    for (let i = 0; i < 4; i++)
      expect(
        (await a.app.inject({ method: 'GET', url: i % 2 ? '/api/public/tenders' : '/api/public/auctions', headers: from(ip) })).statusCode,
      ).toBe(200);
    expectTooMany(await b.app.inject({ method: 'GET', url: '/api/public/quotations', headers: from(ip) }));
    // Another bucket for the same address is still open.
    for (let i = 0; i < 3; i++)
      expect((await b.app.inject({ method: 'GET', url: '/api/ocds/processes', headers: from(ip) })).statusCode).toBe(200);
    expectTooMany(await a.app.inject({ method: 'GET', url: '/api/ocds/releases', headers: from(ip) }));
    const exportIp = freshAddress();
    const exports = await Promise.all(
      Array.from({ length: 6 }, () =>
        a.app.inject({ method: 'GET', url: '/api/export?path=/api/public/tenders&format=csv', headers: from(exportIp) }),
      ),
    );
    expect(exports.map((r) => r.statusCode).sort()).toEqual([200, 200, 429, 429, 429, 429]);
  });

  it('limits the live streams open at once per address and gives a slot back when a stream ends', async () => {
    const org = await createOrg(a.database.db, 'purchasing_unit');
    const { lot } = await insertHistoryAuction(a.database.db, {
      unitId: org.id,
      name: '测试直播标的',
      categoryCode: 'A02010104',
      appraisalFen: 100_000,
      startPriceFen: 80_000,
      closedAt: new Date(),
      outcome: 'failed',
    });
    await Promise.all([a.app.listen({ host: '127.0.0.1', port: 0 }), b.app.listen({ host: '127.0.0.1', port: 0 })]);
    const portOf = (ctx: TestContext) => (ctx.app.server.address() as { port: number }).port;
    const ip = freshAddress();
    const open = (ctx: TestContext) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; close(): void }>((resolve, reject) => {
        const req = http.get(
          { host: '127.0.0.1', port: portOf(ctx), path: `/api/public/auctions/${lot.id}/events`, headers: from(ip) },
          (res) => {
            const close = () => req.destroy();
            if (res.statusCode !== 200) {
              res.resume();
              res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, close }));
              return;
            }
            // Open once the first event arrived.
            res.once('data', () => resolve({ status: 200, headers: res.headers, close }));
          },
        );
        req.on('error', reject);
      });
    const first = await open(a);
    const second = await open(b);
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await open(a);
    expect(third.status).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    expect(String(third.headers['content-type'])).toContain('application/problem+json');
    first.close();
    // The slot comes back once the server has seen the connection close.
    let again: Awaited<ReturnType<typeof open>> | null = null;
    await vi.waitFor(
      async () => {
        const attempt = await open(b);
        if (attempt.status === 200) again = attempt;
        expect(attempt.status).toBe(200);
      },
      { timeout: 10_000, interval: 50 },
    );
    (again as { close(): void } | null)?.close();
    second.close();
  });
});
