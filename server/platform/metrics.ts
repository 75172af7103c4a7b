import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { z } from 'zod';
import type { JobSystem } from './queue/job-system.ts';

/**
 * Prometheus metrics (prom-client) at GET /metrics, for the operator's scraper:
 *  - jicai_http_request_duration_seconds{method,route,status}: latency by matched route (the route's
 *    pattern, never the raw URL, so ids do not explode the label set);
 *  - jicai_queue_jobs{queue,state}: BullMQ's counts per queue;
 *  - jicai_deadlines_pending / _overdue / _max_lateness_seconds {kind}: the durable deadlines (the
 *    outbox) per job kind — a growing lateness means workers are down or too few;
 *  - jicai_db_pool_connections{state}: the connection pool (total, idle, waiting clients);
 *  - the Node process's own (CPU, memory, event-loop lag) from prom-client's defaults.
 * Scrapes are answered with a bearer METRICS_TOKEN when one is set, otherwise only from this machine.
 */
export function registerMetrics(app: FastifyInstance, deps: { pool: pg.Pool; jobs: JobSystem; token: string | undefined }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'jicai_' });
  const duration = new Histogram({
    name: 'jicai_http_request_duration_seconds',
    help: 'HTTP request latency by method, matched route and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const queueJobs = new Gauge({
    name: 'jicai_queue_jobs',
    help: 'BullMQ jobs by queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
  });
  const pending = new Gauge({
    name: 'jicai_deadlines_pending',
    help: 'Durable deadline jobs not yet run, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const overdue = new Gauge({
    name: 'jicai_deadlines_overdue',
    help: 'Pending deadline jobs already due, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const lateness = new Gauge({
    name: 'jicai_deadlines_max_lateness_seconds',
    help: 'How late the oldest due deadline job of each kind is',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'jicai_db_pool_connections',
    help: 'Database pool: total, idle and waiting clients',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, deps.pool.totalCount);
      this.set({ state: 'idle' }, deps.pool.idleCount);
      this.set({ state: 'waiting' }, deps.pool.waitingCount);
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    duration.observe({ method: request.method, route, status: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
  });

  const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
  app.get(
    '/metrics',
    {
      // Public at the access layer: the scraper holds no session. The handler admits a bearer token, or
      // this machine when no token is configured; anyone else gets 404, as if there were no such page.
      config: { access: { public: true } },
      schema: {
        tags: ['system'],
        summary: 'Prometheus metrics (bearer METRICS_TOKEN, or from this machine)',
        response: { 200: z.string(), 404: z.any() },
      },
    },
    async (request, reply) => {
      // Without a token: this machine only, and not through a proxy on it (a balancer forwards the client's address).
      const allowed = deps.token
        ? request.headers.authorization === `Bearer ${deps.token}`
        : loopback.has(request.socket.remoteAddress ?? '') && request.headers['x-forwarded-for'] === undefined;
      if (!allowed) return reply.code(404).type('application/problem+json').send({ type: 'about:blank', title: 'Not Found', status: 404 });
      queueJobs.reset();
      pending.reset();
      overdue.reset();
      lateness.reset();
      const m = await deps.jobs.metrics();
      for (const q of m.queues) for (const [state, n] of Object.entries(q.counts)) queueJobs.set({ queue: q.queue, state }, n);
      for (const k of m.kinds) {
        pending.set({ kind: k.name }, k.pending);
        overdue.set({ kind: k.name }, k.overdue);
        lateness.set({ kind: k.name }, k.maxLatenessSeconds);
      }
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
}
