import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('HTTP platform', () => {
  it('answers an unknown route with a problem+json 404', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404, title: 'Not Found', instance: '/api/no-such-thing' });
  });

  it('reports database, queue and search in /api/health', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ok');
    expect(body.checks.database.status).toBe('ok');
    expect(body.checks.queue).toMatchObject({ status: 'ok', backend: process.env.REDIS_URL ? 'redis' : 'postgres' });
    expect(body.checks.search).toMatchObject({ status: 'ok', backend: 'postgres' });
  });

  it('sends security headers and echoes a request id', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'trace-123' } });
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBeDefined();
    const generated = await ctx.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('publishes the OpenAPI document at /docs/json with every API route', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/health', '/api/organizations/{id}/budget-lines']),
    );
  });

  it('serves the category tree and platform figures publicly', async () => {
    const cats = await ctx.app.inject({ method: 'GET', url: '/api/categories' });
    expect(cats.statusCode).toBe(200);
    const desktop = cats.json().items.find((c: { code: string }) => c.code === 'A02010104');
    expect(desktop).toMatchObject({ name: '台式计算机', parentCode: 'A020101', greenPolicy: 'mandatory', allocationCapFen: 500_000 });
    const stats = await ctx.app.inject({ method: 'GET', url: '/api/public/stats' });
    expect(stats.statusCode).toBe(200);
    expect(stats.json().categories).toBeGreaterThan(30);
  });

  it('answers a request line Node cannot parse with problem+json, on a real socket', async () => {
    await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = ctx.app.server.address() as AddressInfo;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('GET \\api\\admin\\users HTTP/1.1\r\nHost: x\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(raw).toContain('application/problem+json');
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)).errors[0].field).toBe('request');
  });
});
