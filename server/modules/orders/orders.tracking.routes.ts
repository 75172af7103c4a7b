import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { problemResponses } from '../../platform/http.ts';
import { idParams } from '../../platform/schemas.ts';
import * as s from '../../../contracts/orders.schemas.ts';
import { timelineSchema } from '../../../contracts/timeline.schemas.ts';
import { deliveryNotePdf } from './orders.delivery-note.ts';
import type { OrdersService } from './orders.service.ts';

const shipmentParams = z.object({ id: z.uuid('无效的订单编号'), shipmentId: z.uuid('无效的发货编号') });

/** 物流跟踪: shipments (partial deliveries), their delivery notes, and the order's timeline; the order's parties only. */
export const orderTrackingRoutes =
  (deps: { orders: OrdersService }): FastifyPluginAsyncZod =>
  async (app) => {
    const svc = deps.orders.shipments;
    const tags = ['orders'];
    const parties = { access: { roles: ['purchaser', 'approver', 'supplier'] as const } };

    app.get(
      '/api/orders/:id/shipments',
      {
        config: parties,
        schema: {
          tags,
          summary: "The order's shipments (carrier, waybill, items with serial numbers, delivery) and what is still to ship",
          params: idParams,
          response: { 200: s.shipmentListSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => svc.list(requireAuth(request), request.params.id),
    );

    app.post(
      '/api/orders/:id/shipments',
      {
        config: { access: { roles: ['supplier'] as const } },
        schema: {
          tags,
          summary:
            '发货: ship some or all of what is left, with carrier, waybill number and serial numbers; the first moves the order to shipped',
          params: idParams,
          body: s.shipmentBody,
          response: { 201: s.shipmentListSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.ship(requireAuth(request), request.params.id, request.body)),
    );

    app.post(
      '/api/orders/:id/shipments/:shipmentId/deliver',
      {
        config: { access: { roles: ['supplier'] as const } },
        schema: {
          tags,
          summary: 'A shipment arrived; when all have shipped and arrived the order is delivered',
          params: shipmentParams,
          response: { 200: s.shipmentListSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => svc.deliver(requireAuth(request), request.params.id, request.params.shipmentId),
    );

    app.get(
      '/api/orders/:id/shipments/:shipmentId/delivery-note.pdf',
      {
        config: parties,
        schema: {
          tags,
          summary: '送货单: the delivery note of one shipment as a PDF, with who shipped and who signed for it',
          params: shipmentParams,
          response: { 200: z.any().describe('pdf'), ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        const auth = requireAuth(request);
        const { items } = await svc.list(auth, request.params.id);
        const shipment = items.find((x) => x.id === request.params.shipmentId);
        if (!shipment) throw new NotFoundError('shipment not found');
        const order = await deps.orders.get(auth, request.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(`送货单-${order.orderNo}-${shipment.seq}.pdf`)}`)
          .header('cache-control', 'private, no-store')
          .send(await deliveryNotePdf(order, shipment));
      },
    );

    app.get(
      '/api/orders/:id/timeline',
      {
        config: parties,
        schema: {
          tags,
          summary:
            'Every step of the order with who and when (placed, approved, confirmed, shipped, delivered, accepted with its findings)',
          params: idParams,
          response: { 200: timelineSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => svc.timeline(requireAuth(request), request.params.id),
    );
  };
