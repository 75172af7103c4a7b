import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { pageOf, pageQuery } from '../../../contracts/paging.ts';
import { idParams } from '../../platform/schemas.ts';
import type { LotWatch } from './auctions.live.ts';
import * as s from '../../../contracts/auctions.schemas.ts';
import { verifyDepositCallback } from './auctions.deposits.ts';
import type { AuctionsService } from './auctions.service.ts';

export const auctionsRoutes =
  (deps: { auctions: AuctionsService; watch: LotWatch; depositCallbackSecret?: string | undefined }): FastifyPluginAsyncZod =>
  async (app) => {
    const svc = deps.auctions;
    const tags = ['auctions'];
    const center = { access: { roles: ['center_staff'] as const } };
    const bidder = { access: { roles: ['supplier'] as const } };
    const listQuery = pageQuery.extend(s.lotListQuery.shape);
    // Open event streams end when the server shuts down, so it does not wait on watchers.
    const streams = new Set<ServerResponse>();
    app.addHook('preClose', async () => {
      for (const raw of streams) raw.end();
    });

    app.get(
      '/api/public/auctions',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'public' } },
        schema: {
          tags: ['public', ...tags],
          summary: '拍卖大厅: lots, live ones first',
          querystring: listQuery,
          response: { 200: pageOf(s.lotSchema), ...problemResponses(400) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return svc.listPublic(filter, { page, pageSize });
      },
    );

    app.get(
      '/api/public/auctions/:id',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'public' } },
        schema: {
          tags: ['public', ...tags],
          summary: 'A lot: price, end, bid history by anonymous bidder codes (never the reserve)',
          params: idParams,
          response: { 200: s.lotDetailSchema, ...problemResponses(400, 404) },
        },
      },
      async (request) => svc.getPublic(request.params.id),
    );

    app.get(
      '/api/public/auctions/:id/events',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'streams' }, stream: true },
        schema: {
          tags: ['public', ...tags],
          summary: 'Server-sent events: the lot (price, end, latest bids) each time it changes',
          params: idParams,
          response: { 200: z.any().describe('text/event-stream'), ...problemResponses(400, 404) },
        },
      },
      async (request, reply) => {
        const lotId = request.params.id;
        let last = await svc.getPublic(lotId);
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        const send = (lot: typeof last) =>
          raw.write(`id: ${lot.version}\nevent: lot\ndata: ${JSON.stringify({ ...lot, bids: lot.bids.slice(0, 20) })}\n\n`);
        send(last);
        let sending = Promise.resolve();
        const unwatch = deps.watch.watch(lotId, () => {
          sending = sending.then(async () => {
            const next = await svc.getPublic(lotId).catch(() => null);
            if (next && next.version !== last.version) {
              last = next;
              send(next);
            }
          });
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

    app.get(
      '/api/auctions/manage',
      {
        config: { access: { roles: ['center_staff', 'regulator'] } },
        schema: {
          tags,
          summary: 'Lots with reserve and winner, for center staff and regulators',
          querystring: listQuery,
          response: { 200: pageOf(s.managedLotSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return svc.listManaged(requireAuth(request), filter, { page, pageSize });
      },
    );

    app.post(
      '/api/auctions',
      {
        config: center,
        schema: {
          tags,
          summary: 'Put a warehouse asset nobody took up for auction',
          body: s.lotInput,
          response: { 201: s.managedLotSchema, ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.createLot(requireAuth(request), request.body)),
    );

    app.post(
      '/api/auctions/:id/relist',
      {
        config: center,
        schema: {
          tags,
          summary: 'Relist a failed or defaulted lot as the next round at a lower start price',
          params: idParams,
          body: s.relistInput,
          response: { 201: s.managedLotSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.relist(requireAuth(request), request.params.id, request.body)),
    );

    app.post(
      '/api/auctions/:id/payment',
      {
        config: center,
        schema: {
          tags,
          summary: "Record the winner's payment: the asset is sold",
          params: idParams,
          body: s.paymentBody,
          response: { 200: s.managedLotSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => svc.recordPayment(requireAuth(request), request.params.id, request.body.reference),
    );

    app.post(
      '/api/auctions/:id/register',
      {
        config: bidder,
        schema: {
          tags,
          summary: '竞买登记 with the deposit reference; returns the anonymous bidder code',
          params: idParams,
          body: s.registerBody,
          response: {
            201: z.object({
              registrationId: z.string(),
              bidderCode: z.string(),
              depositFen: z.number(),
              depositStatus: s.depositStatusSchema,
            }),
            ...problemResponses(400, 401, 403, 404, 409, 422),
          },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.register(requireAuth(request), request.params.id, request.body.depositRef)),
    );

    app.get(
      '/api/auctions/:id/registrations',
      {
        config: { access: { roles: ['center_staff', 'regulator'] } },
        schema: {
          tags,
          summary: "A lot's registrations with their deposits (pending until the bank receipt is recorded)",
          params: idParams,
          response: { 200: z.array(s.lotRegistrationSchema), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => svc.registrationsOf(requireAuth(request), request.params.id),
    );

    app.post(
      '/api/auctions/registrations/:id/deposit',
      {
        config: center,
        schema: {
          tags,
          summary: '登记到账: record the bank receipt of a deposit (the amount must be the lot deposit); then the bidder may bid',
          params: idParams,
          body: s.depositReceiptBody,
          response: { 200: s.lotRegistrationSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => svc.recordDeposit(requireAuth(request), request.params.id, request.body),
    );

    app.post(
      '/api/auctions/deposit-callback',
      {
        config: { access: { public: true, session: false } },
        schema: {
          tags,
          summary: "The bank's payment callback for a deposit, signed: X-Deposit-Signature = HMAC-SHA256 (hex) under the configured secret",
          headers: s.depositCallbackHeaders,
          body: s.depositCallbackBody,
          response: { 200: s.lotRegistrationSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => {
        verifyDepositCallback(deps.depositCallbackSecret, request.headers['x-deposit-signature'], request.body);
        const { registrationId, ...receipt } = request.body;
        return svc.recordDeposit(null, registrationId, receipt);
      },
    );

    app.post(
      '/api/auctions/:id/bids',
      {
        config: bidder,
        schema: {
          tags,
          summary: 'Bid: at least the current price plus the increment, before the end by the database clock',
          params: idParams,
          body: s.bidBody,
          response: { 201: s.bidResultSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.bid(requireAuth(request), request.params.id, request.body.amountFen)),
    );

    app.get(
      '/api/auctions/mine',
      {
        config: bidder,
        schema: {
          tags,
          summary: "The caller's registrations and bids",
          querystring: pageQuery,
          response: { 200: pageOf(s.registrationSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => svc.mine(requireAuth(request), request.query),
    );
  };
