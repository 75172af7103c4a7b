import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions, users } from '../../server/db/schema/index.ts';
import { hashToken } from '../../server/platform/auth.ts';
import { client, createTestContext, login, sessionCookie, type TestContext } from '../helpers/context.ts';
import { createOrg, createUser, TEST_PASSWORD } from '../helpers/factories.ts';

let ctx: TestContext;
// Logins counted on an address of this file's own: other files log in from 127.0.0.1 at the same time.
const HERE = '10.8.0.1';
beforeAll(async () => {
  ctx = await createTestContext({
    env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_ACCOUNT_TOTAL: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '6' },
  });
});
afterAll(() => ctx.close());

const newUser = async (roles: Parameters<typeof createUser>[2] = ['purchaser']) => {
  const org = await createOrg(ctx.database.db, 'purchasing_unit');
  return createUser(ctx.database.db, org.id, roles);
};

describe('login', () => {
  it('answers a malformed body with a 400 problem+json naming each field', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '', pass: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.status).toBe(400);
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['password', 'username']);
    expect(body.requestId).toBe(res.headers['x-request-id']);
  });

  it('answers broken JSON and a wrong content type with 4xx problems, never 500', async () => {
    const broken = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.headers['content-type']).toContain('application/problem+json');
    const form = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'username=a&password=b',
    });
    expect(form.statusCode).toBe(415);
    expect(form.headers['content-type']).toContain('application/problem+json');
  });

  it('logs in with a hashed password and returns the session with a CSRF token', async () => {
    const user = await newUser();
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username.toUpperCase(), password: TEST_PASSWORD },
      remoteAddress: HERE,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.username).toBe(user.username);
    expect(body.user.roles).toEqual(['purchaser']);
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const cookie = res.cookies.find((c) => c.name === 'jicai_sid');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const me = await client(ctx.app, { cookie: sessionCookie(res), csrf: body.csrfToken, userId: '', orgId: '' }).get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().organization.id).toBe(user.organizationId);
  });

  it('refuses a wrong password and an unknown user with the same 401', async () => {
    const user = await newUser();
    const wrong = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: 'nope-nope' },
      remoteAddress: '10.9.0.1',
    });
    const unknown = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody-here', password: 'nope-nope' },
      remoteAddress: '10.9.0.1',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it('refuses a disabled user', async () => {
    const user = await newUser();
    await ctx.database.db.update(users).set({ status: 'disabled' }).where(eq(users.id, user.id));
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: TEST_PASSWORD },
      remoteAddress: HERE,
    });
    expect(res.statusCode).toBe(401);
  });

  it('rate-limits failures per account over all addresses, with Retry-After, even for the right password', async () => {
    const user = await newUser();
    for (let i = 0; i < 3; i++) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: user.username, password: 'wrong-pass' },
        remoteAddress: `10.1.0.${i}`,
      });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: TEST_PASSWORD },
      remoteAddress: '10.1.0.99',
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['content-type']).toContain('application/problem+json');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('rate-limits failures per address across accounts', async () => {
    for (let i = 0; i < 6; i++) {
      await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: `ghost-${i}`, password: 'x' },
        remoteAddress: '10.2.2.2',
      });
    }
    const user = await newUser();
    const blocked = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: TEST_PASSWORD },
      remoteAddress: '10.2.2.2',
    });
    expect(blocked.statusCode).toBe(429);
    const elsewhere = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: TEST_PASSWORD },
      remoteAddress: '10.2.2.3',
    });
    expect(elsewhere.statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('issues a new session id at every login and ends the one the browser brought', async () => {
    const user = await newUser();
    const first = await login(ctx.app, user.username, TEST_PASSWORD, HERE);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: TEST_PASSWORD },
      headers: { cookie: first.cookie },
      remoteAddress: HERE,
    });
    const second = sessionCookie(res);
    expect(second).not.toBe(first.cookie);
    expect((await client(ctx.app, first).get('/api/auth/me')).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: second } })).statusCode).toBe(200);
  });

  it('stores only a hash of the session token', async () => {
    const user = await newUser();
    const s = await login(ctx.app, user.username, TEST_PASSWORD, HERE);
    const token = s.cookie.split('=')[1] ?? '';
    const rows = await ctx.database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.idHash).toBe(hashToken(token));
    expect(rows[0]?.idHash).not.toContain(token);
  });

  it('invalidates the session at logout', async () => {
    const user = await newUser();
    const s = await login(ctx.app, user.username, TEST_PASSWORD, HERE);
    const http = client(ctx.app, s);
    const out = await http.post('/api/auth/logout');
    expect(out.statusCode).toBe(204);
    expect((await http.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('ends a session after the idle timeout and after the absolute timeout', async () => {
    const user = await newUser();
    const idle = await login(ctx.app, user.username, TEST_PASSWORD, HERE);
    await ctx.database.db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - make_interval(mins => ${ctx.config.SESSION_IDLE_MINUTES + 1})` })
      .where(eq(sessions.idHash, hashToken(idle.cookie.split('=')[1] ?? '')));
    expect((await client(ctx.app, idle).get('/api/auth/me')).statusCode).toBe(401);

    const absolute = await login(ctx.app, user.username, TEST_PASSWORD, HERE);
    await ctx.database.db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(sessions.idHash, hashToken(absolute.cookie.split('=')[1] ?? '')));
    expect((await client(ctx.app, absolute).get('/api/auth/me')).statusCode).toBe(401);
  });

  it('requires the CSRF header on cookie-authenticated writes', async () => {
    const user = await newUser();
    const s = await login(ctx.app, user.username, TEST_PASSWORD, HERE);
    const missing = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    expect(missing.statusCode).toBe(403);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const wrong = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) },
    });
    expect(wrong.statusCode).toBe(403);
    expect((await client(ctx.app, s).get('/api/auth/me')).statusCode).toBe(200);
  });
});
