import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import type { SearchPort } from '../../platform/search/search-port.ts';
import { sandboxAccelerator } from '../../platform/sandbox.ts';

const check = z.object({
  status: z.enum(['ok', 'down']),
  backend: z.string().optional(),
  latencyMs: z.number().optional(),
  error: z.string().optional(),
});
const instanceSchema = z.object({
  sandbox: z
    .object({ accelerator: z.number().int().min(2).describe('Procedure periods run this many times faster (1440: a day in a minute).') })
    .nullable()
    .describe('Set on a sandbox (演练) instance for training, whose data is not real; null on the real platform.'),
});
const healthSchema = z.object({ status: z.enum(['ok', 'degraded']), checks: z.object({ database: check, queue: check, search: check }) });

export const healthRoutes =
  (deps: { db: Db; jobs: JobSystem; search: SearchPort; databaseBackend: string }): FastifyPluginAsyncZod =>
  async (app) => {
    async function checkAll() {
      const started = performance.now();
      const database = await deps.db
        .execute(sql`select 1`)
        .then(() => ({
          status: 'ok' as const,
          backend: deps.databaseBackend,
          latencyMs: Math.round((performance.now() - started) * 10) / 10,
        }))
        .catch((error: unknown) => ({ status: 'down' as const, backend: deps.databaseBackend, error: String(error) }));
      const [queue, search] = await Promise.all([deps.jobs.health(), deps.search.health()]);
      return {
        database,
        queue: { status: queue.status, backend: queue.backend, ...(queue.error ? { error: queue.error } : {}) },
        search,
      };
    }

    app.get(
      '/api/health',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['system'],
          summary: 'Database, queue and search engine status',
          response: { 200: healthSchema, 503: healthSchema },
        },
      },
      async (_request, reply) => {
        const checks = await checkAll();
        const ok = Object.values(checks).every((c) => c.status === 'ok');
        return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', checks });
      },
    );

    // What the storefront shows on every page: a sandbox (演练) instance says so (platform/sandbox.ts).
    app.get(
      '/api/public/instance',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'public' } },
        schema: {
          tags: ['public', 'system'],
          summary: 'The instance: a sandbox (演练) for training, with its accelerator, or null for the real platform',
          response: { 200: instanceSchema },
        },
      },
      async () => {
        const accelerator = sandboxAccelerator();
        return { sandbox: accelerator === null ? null : { accelerator } };
      },
    );

    // For a load balancer or an orchestrator: live says the process answers (restart it if not); ready
    // says it can serve requests now (take it out of rotation if not). Ready needs the database and the
    // queue; search being down degrades the catalogue but not ordering, bidding or auctions.
    app.get(
      '/api/health/live',
      {
        config: { access: { public: true } },
        schema: { tags: ['system'], summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok') }) } },
      },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/api/health/ready',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['system'],
          summary: 'Readiness: the database and the queue answer, so this replica can take traffic',
          response: { 200: healthSchema, 503: healthSchema },
        },
      },
      async (_request, reply) => {
        const checks = await checkAll();
        const ready = checks.database.status === 'ok' && checks.queue.status === 'ok';
        return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'degraded', checks });
      },
    );
  };
