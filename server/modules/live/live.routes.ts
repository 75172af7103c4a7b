import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthContext } from '../../platform/auth.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { problemResponses } from '../../platform/http.ts';
import type { ProcessWatch } from '../../platform/live.ts';
import type { Db } from '../../db/client.ts';
import { entityHistory } from '../../platform/history.ts';
import { processTypes, timelineSchema, type ProcessType } from '../../../contracts/timeline.schemas.ts';

/** The audit entity of each process type. */
const entityOf: Record<ProcessType, string> = { order: 'order', quotation: 'quotation', tender: 'tender', auction_lot: 'auction_lot' };

/**
 * The steps each process's timeline shows. A sealed submission, a registration, an expert's score or
 * signature are not steps of the process anyone else sees; an order's parties see every step of it.
 */
const publicSteps: Record<ProcessType, readonly string[]> = {
  order: ['order.*'],
  quotation: ['quotation.post', 'quotation.cancel', 'quotation.fail', 'quotation.award', 'quotation.open*', 'quotation.close*'],
  tender: [
    'tender.create',
    'tender.publish',
    'tender.clarify',
    'tender.open',
    'tender.experts.draw',
    'tender.evaluate',
    'tender.award',
    'tender.contract*',
    'tender.cancel',
    'tender.lot.fail',
    'tender.method_changed',
    'tender.final_offer.open',
    'tender.complaint.decide',
  ],
  auction_lot: ['auction.lot.create', 'auction.extend', 'auction.close.*', 'auction.lot.relist', 'auction.payment', 'auction.default'],
};

/**
 * Whether the caller may follow this process: the module that owns it reads it as the caller would
 * (throwing 404 when the caller may not see it). The stream tells only that something changed, never what.
 */
export type MayWatch = Record<ProcessType, (auth: AuthContext | null, id: string) => Promise<unknown>>;

export const liveRoutes =
  (deps: { db: Db; watch: ProcessWatch; mayWatch: MayWatch }): FastifyPluginAsyncZod =>
  async (app) => {
    const streams = new Set<ServerResponse>();
    app.addHook('preClose', async () => {
      for (const raw of streams) raw.end();
    });

    const params = z.object({ type: z.enum(processTypes), id: z.uuid('无效的编号') });
    const mayWatch = async (auth: AuthContext | null, type: ProcessType, id: string) =>
      deps.mayWatch[type](auth, id).catch((err: unknown) => {
        throw err instanceof NotFoundError || !auth ? new NotFoundError('not found') : err;
      });

    app.get(
      '/api/timeline/:type/:id',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'public' } },
        schema: {
          tags: ['live'],
          summary: "A process's timeline: each step with who and when (an order: its parties only, with what each step recorded)",
          params,
          response: { 200: timelineSchema, ...problemResponses(400, 404) },
        },
      },
      async (request) => {
        const { type, id } = request.params;
        await mayWatch(request.auth ?? null, type, id);
        const items = await entityHistory(deps.db, { entityType: entityOf[type], entityId: id }, publicSteps[type]);
        // What a step recorded is shown to an order's parties; of a public process, only the step and who.
        return { items: type === 'order' ? items : items.map((i) => ({ ...i, data: {} })) };
      },
    );

    app.get(
      '/api/live/:type/:id',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'streams' }, stream: true },
        schema: {
          tags: ['live'],
          summary:
            'Server-sent events: `changed` each time a process (order, quotation, tender, auction lot) the caller may see records a step; the page then reloads what it shows',
          params,
          response: { 200: z.any().describe('text/event-stream'), ...problemResponses(400, 404) },
        },
      },
      async (request, reply) => {
        const { type, id } = request.params;
        await mayWatch(request.auth ?? null, type, id);
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        let n = 0;
        raw.write(`retry: 3000\nevent: ready\ndata: {}\n\n`);
        const unwatch = deps.watch.watch(entityOf[type], id, () => {
          n += 1;
          raw.write(`id: ${n}\nevent: changed\ndata: ${JSON.stringify({ type, id })}\n\n`);
        });
        const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
        streams.add(raw);
        const stop = () => {
          clearInterval(heartbeat);
          unwatch();
          streams.delete(raw);
        };
        request.raw.on('close', stop);
        raw.on('close', stop);
      },
    );
  };
