import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../../server/db/schema/index.ts';
import { client, createTestContext, type TestContext } from '../helpers/context.ts';
import { actor, type Actor } from '../helpers/factories.ts';

/**
 * Access is decided on the route the router matched, never on the URL's text. Every operation in the
 * published contract (/docs/json) is called through every odd spelling of its path, anonymously and as
 * each role its contract does not admit: none may reach its handler.
 */
let ctx: TestContext;
const actors = {} as Record<Role, Actor>;
type Operation = { method: string; path: string; security: unknown[] | undefined; access: string | undefined };
let operations: Operation[] = [];
const ZERO = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  ctx = await createTestContext();
  for (const role of roles) actors[role] = await actor(ctx.app, ctx.database.db, role);
  const doc = (await ctx.app.inject({ method: 'GET', url: '/docs/json' })).json<{
    paths: Record<string, Record<string, { security?: unknown[]; 'x-access'?: string }>>;
  }>();
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, security: op.security, access: op['x-access'] })),
  );
});
afterAll(() => ctx.close());

/** The ways one path can be written that a router or a proxy may read as the same route. */
export function spellings(path: string): string[] {
  const concrete = path.replace(/\{[^}]+\}/g, ZERO);
  const rest = concrete.slice('/api/'.length);
  const [first, ...others] = rest.split('/');
  const encodeFirst = (s: string) => `%${s.charCodeAt(0).toString(16)}${s.slice(1)}`;
  return [
    concrete,
    `/%61pi/${rest}`,
    `/%41pi/${rest}`,
    `/${encodeURIComponent('a')}%70i/${rest}`,
    `/api/${encodeFirst(first!)}${others.length ? `/${others.join('/')}` : ''}`,
    `/api%2F${rest}`,
    `//api/${rest}`,
    `/api//${rest}`,
    `/api/./${rest}`,
    `/x/../api/${rest}`,
    `/API/${rest}`,
    `/Api/${rest}`,
    `${concrete}/`,
    `${concrete};x=1`,
    `${concrete}%00`,
    `${concrete}?x=/api/public/stats`,
  ];
}

const refused = (status: number) => status === 401 || status === 403 || status === 404;

/**
 * A spelling may legitimately be another route: `/api/products/` is `/api/products/{id}` with an empty id,
 * `/api/experts/me;x=1` is `/api/experts/{id}`. Such an answer is right when the caller may call that route.
 */
function admittedElsewhere(method: string, url: string, role: Role | null): boolean {
  let path: string;
  try {
    path = decodeURIComponent(url.split('?')[0]!);
  } catch {
    return false;
  }
  return operations.some((op) => {
    if (op.method !== method) return false;
    if (!new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]*')}$`).test(path)) return false;
    if (op.access === 'public') return true;
    if (!role) return false;
    return op.access === 'any signed-in user' || (op.access?.startsWith('roles: ') && op.access.slice(7).split(', ').includes(role));
  });
}

describe('access on every route, in every spelling', () => {
  it('publishes a security requirement on every operation, and only public operations have none', () => {
    const api = operations.filter((op) => op.path.startsWith('/api/'));
    expect(api.length).toBeGreaterThan(150);
    for (const op of api) {
      expect(op.security, `${op.method} ${op.path}`).toBeDefined();
      expect(op.access, `${op.method} ${op.path}`).toMatch(/^(public|any signed-in user|roles: .+)$/);
      expect(op.security!.length === 0, `${op.method} ${op.path}`).toBe(op.access === 'public');
    }
  });

  it('refuses an anonymous caller every non-public operation however its path is spelled', async () => {
    const wrong: string[] = [];
    for (const op of operations.filter((o) => o.path.startsWith('/api/') && o.access !== 'public')) {
      for (const url of spellings(op.path)) {
        const res = await client(ctx.app, null).send(
          op.method as 'GET',
          url,
          op.method === 'GET' || op.method === 'DELETE' ? undefined : {},
        );
        if (!refused(res.statusCode) && !admittedElsewhere(op.method, url, null)) wrong.push(`${op.method} ${url} → ${res.statusCode}`);
        else if (refused(res.statusCode)) expect(res.headers['content-type'], `${op.method} ${url}`).toContain('application/problem+json');
      }
    }
    expect(wrong).toEqual([]);
  });

  for (const role of roles) {
    it(`refuses ${role} every operation its contract does not admit, however its path is spelled`, async () => {
      const wrong: string[] = [];
      const barred = operations.filter(
        (o) => o.path.startsWith('/api/') && o.access?.startsWith('roles: ') && !o.access.slice(7).split(', ').includes(role),
      );
      expect(barred.length).toBeGreaterThan(10);
      for (const op of barred) {
        for (const url of spellings(op.path)) {
          const res = await actors[role].http.send(op.method as 'GET', url, op.method === 'GET' || op.method === 'DELETE' ? undefined : {});
          if (!refused(res.statusCode) && !admittedElsewhere(op.method, url, role)) wrong.push(`${op.method} ${url} → ${res.statusCode}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('refuses them over a real socket too, where no client library tidies the path first', async () => {
    const address = await ctx.app.listen({ host: '127.0.0.1', port: 0 }).then(() => ctx.app.server.address() as AddressInfo);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const raw = (method: string, path: string) =>
      new Promise<{ status: number; type: string }>((resolve, reject) => {
        const withBody = method !== 'GET' && method !== 'DELETE';
        const req = http.request(
          { host: '127.0.0.1', port: address.port, method, path, agent, headers: withBody ? { 'content-type': 'application/json' } : {} },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? '') }));
          },
        );
        req.on('error', reject);
        req.end(withBody ? '{}' : undefined);
      });
    const wrong: string[] = [];
    for (const op of operations.filter((o) => o.path.startsWith('/api/') && o.access !== 'public')) {
      for (const url of spellings(op.path)) {
        const res = await raw(op.method, url);
        if (!refused(res.status) && !admittedElsewhere(op.method, url, null)) wrong.push(`${op.method} ${url} → ${res.status}`);
      }
    }
    agent.destroy();
    expect(wrong).toEqual([]);
  });

  it('the incident itself: anonymous /%61pi/admin/users and POST /%61pi/risk/scan are refused', async () => {
    const anon = client(ctx.app, null);
    expect((await anon.get('/%61pi/admin/users')).statusCode).toBe(401);
    expect((await anon.get('/%61pi/admin/audit')).statusCode).toBe(401);
    expect((await anon.post('/%61pi/admin/audit/verify')).statusCode).toBe(401);
    expect((await anon.post('/%61pi/risk/scan', { rule: 'late_supplier' })).statusCode).toBe(401);
    expect((await actors.supplier.http.get('/%61pi/auctions/manage')).statusCode).toBe(403);
  });
});
