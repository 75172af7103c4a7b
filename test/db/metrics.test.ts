import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.ts';

let open: TestContext;
let guarded: TestContext;
const token = 'metrics-token-0123456789';
beforeAll(async () => {
  open = await createTestContext();
  guarded = await createTestContext({ env: { METRICS_TOKEN: token } });
});
afterAll(async () => {
  await open.close();
  await guarded.close();
});

describe('GET /metrics (Prometheus)', () => {
  it('reports request latency by matched route, the deadlines per kind, the queues and the pool', async () => {
    await open.app.inject({ method: 'GET', url: '/api/health/live' });
    await open.app.inject({ method: 'GET', url: `/api/public/tenders/${crypto.randomUUID()}` });
    const res = await open.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/jicai_http_request_duration_seconds_count\{method="GET",route="\/api\/health\/live",status="2xx"\} \d+/);
    // The route's pattern, never the id in the URL.
    expect(res.body).toContain('route="/api/public/tenders/:id"');
    expect(res.body).not.toMatch(/route="\/api\/public\/tenders\/[0-9a-f-]{36}"/);
    for (const name of [
      'jicai_deadlines_pending',
      'jicai_queue_jobs',
      'jicai_db_pool_connections{state="total"}',
      'jicai_process_cpu_seconds_total',
    ])
      expect(res.body).toContain(name);
  });

  it('answers only this machine without a token (not through a proxy), and only the bearer token with one', async () => {
    expect((await open.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' })).statusCode).toBe(404);
    expect((await open.app.inject({ method: 'GET', url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(404);
    expect((await guarded.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    expect((await guarded.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(404);
    const ok = await guarded.app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '10.1.2.3',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ok.statusCode).toBe(200);
  });
});
