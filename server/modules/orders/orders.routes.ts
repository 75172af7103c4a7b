import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { pageOf, pageQuery } from '../../../contracts/paging.ts';
import { checkRanges } from '../../../contracts/list-filters.ts';
import { idParams } from '../../platform/schemas.ts';
import type { OrderAction } from './orders.rules.ts';
import * as s from '../../../contracts/orders.schemas.ts';
import type { OrdersService } from './orders.service.ts';
import { ordersWorkbook, purchaseOrderPdf } from './orders.documents.ts';

const actions: {
  action: OrderAction;
  role: 'approver' | 'supplier' | 'purchaser';
  summary: string;
  body: z.ZodType<{ reason?: string | undefined; rating?: number | undefined; comment?: string | undefined }>;
}[] = [
  {
    action: 'approve',
    role: 'approver',
    summary: 'Approve an order waiting for approval: it goes to the supplier',
    body: s.orderActionBody,
  },
  {
    action: 'return',
    role: 'approver',
    summary: 'Return an order with a reason: it is cancelled and the budget released',
    body: s.orderActionBody,
  },
  { action: 'confirm', role: 'supplier', summary: 'Confirm an order (within 1 working day, or it is cancelled)', body: s.orderActionBody },
  { action: 'decline', role: 'supplier', summary: 'Decline an order with a reason', body: s.orderActionBody },
  { action: 'ship', role: 'supplier', summary: 'Mark shipped', body: s.orderActionBody },
  { action: 'deliver', role: 'supplier', summary: 'Mark delivered (a late delivery becomes a credit event)', body: s.orderActionBody },
  { action: 'accept', role: 'purchaser', summary: 'Accept the delivery with a rating: the budget is spent', body: s.acceptBody },
  {
    action: 'reject',
    role: 'purchaser',
    summary: 'Reject the delivery with reasons: the budget is released, a credit event recorded',
    body: s.rejectBody,
  },
  { action: 'settle', role: 'purchaser', summary: 'Record payment of an accepted order', body: s.orderActionBody },
  { action: 'cancel', role: 'purchaser', summary: 'Cancel before the supplier confirms: the budget is released', body: s.orderActionBody },
];

export const ordersRoutes =
  (deps: { orders: OrdersService }): FastifyPluginAsyncZod =>
  async (app) => {
    const svc = deps.orders;
    const buyer = { access: { roles: ['purchaser'] as const } };

    app.get(
      '/api/cart',
      {
        config: buyer,
        schema: {
          tags: ['orders'],
          summary: 'The cart with the policy findings checkout would raise',
          response: { 200: s.cartSchema, ...problemResponses(401, 403) },
        },
      },
      async (request) => svc.cart(requireAuth(request)),
    );

    app.get(
      '/api/cart/buy-now',
      {
        config: buyer,
        schema: {
          tags: ['orders'],
          summary:
            '立即购买: one listing and quantity as the cart would show them, with the findings checkout would raise (nothing is stored)',
          querystring: s.buyNowQuery,
          response: { 200: s.cartSchema, ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request) => svc.preview(requireAuth(request), request.query),
    );

    app.get(
      '/api/products/:id/offer-checks',
      {
        config: buyer,
        schema: {
          tags: ['orders'],
          summary: "A product's offers as the caller's cart would judge one unit of each now (why one cannot be bought)",
          params: idParams,
          response: { 200: s.offerChecksSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => svc.offerChecks(requireAuth(request), request.params.id),
    );

    app.post(
      '/api/cart/items',
      {
        config: buyer,
        schema: {
          tags: ['orders'],
          summary: 'Add a listing to the cart',
          body: s.cartAddBody,
          response: { 200: s.cartSchema, ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request) => svc.addToCart(requireAuth(request), request.body.listingId, request.body.quantity),
    );

    app.patch(
      '/api/cart/items/:id',
      {
        config: buyer,
        schema: {
          tags: ['orders'],
          summary: 'Change a cart quantity',
          params: idParams,
          body: s.cartUpdateBody,
          response: { 200: s.cartSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => svc.setCartQuantity(requireAuth(request), request.params.id, request.body.quantity),
    );

    app.delete(
      '/api/cart/items/:id',
      {
        config: buyer,
        schema: {
          tags: ['orders'],
          summary: 'Remove a cart item',
          params: idParams,
          response: { 200: s.cartSchema, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => svc.removeFromCart(requireAuth(request), request.params.id),
    );

    app.post(
      '/api/orders/checkout',
      {
        config: buyer,
        schema: {
          tags: ['orders'],
          summary: 'Place the cart as one order per supplier, reserving the budget line; send an Idempotency-Key',
          headers: s.idempotencyHeaders,
          body: s.checkoutBody,
          response: { 201: s.checkoutResultSchema, ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await svc.checkout(requireAuth(request), { ...request.body, idempotencyKey: request.headers['idempotency-key'] })),
    );

    app.get(
      '/api/orders',
      {
        config: { access: { roles: ['purchaser', 'approver', 'supplier', 'regulator'] } },
        schema: {
          tags: ['orders'],
          summary: "Orders of the caller's side, filtered (state, days, unit, supplier, amount, text) and sorted",
          querystring: pageQuery.extend(s.orderListFilters.shape).superRefine(checkRanges),
          response: { 200: pageOf(s.orderSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return svc.list(requireAuth(request), filter, { page, pageSize });
      },
    );

    app.get(
      '/api/orders/export.xlsx',
      {
        config: { access: { roles: ['purchaser', 'approver', 'supplier', 'regulator'] } },
        schema: {
          tags: ['orders'],
          summary: "The caller's orders as XLSX (up to 5,000, in the list's order, newest first by default)",
          querystring: s.orderListQuery,
          response: { 200: z.any().describe('xlsx'), ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const { items } = await svc.list(requireAuth(request), request.query, { page: 1, pageSize: 5000 });
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('订单列表.xlsx')}`)
          .send(await ordersWorkbook(items));
      },
    );

    app.get(
      '/api/orders/suppliers',
      {
        config: { access: { roles: ['purchaser', 'approver', 'regulator'] } },
        schema: {
          tags: ['orders'],
          summary: "The suppliers of the caller's orders by name, for the order list's supplier filter",
          querystring: pageQuery.extend({ q: z.string().trim().max(50).optional() }),
          response: {
            200: pageOf(z.object({ id: z.string(), name: z.string() })),
            ...problemResponses(400, 401, 403),
          },
        },
      },
      async (request) => {
        const { page, pageSize, q } = request.query;
        return svc.suppliers(requireAuth(request), q, { page, pageSize });
      },
    );

    app.get(
      '/api/orders/:id/purchase-order.pdf',
      {
        config: { access: { roles: ['purchaser', 'approver', 'supplier', 'regulator'] } },
        schema: {
          tags: ['orders'],
          summary: 'The purchase order as a PDF',
          params: idParams,
          response: { 200: z.any().describe('pdf'), ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        const order = await svc.get(requireAuth(request), request.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(`采购订单-${order.orderNo}.pdf`)}`)
          .header('cache-control', 'private, no-store')
          .send(await purchaseOrderPdf(order));
      },
    );

    app.get(
      '/api/orders/:id',
      {
        config: { access: { roles: ['purchaser', 'approver', 'supplier', 'regulator'] } },
        schema: {
          tags: ['orders'],
          summary: 'One order (its buyer, its supplier, regulators)',
          params: idParams,
          response: { 200: s.orderSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => svc.get(requireAuth(request), request.params.id),
    );

    for (const { action, role, summary, body } of actions) {
      app.post(
        `/api/orders/:id/${action}`,
        {
          config: { access: { roles: [role] } },
          schema: {
            tags: ['orders'],
            summary,
            params: idParams,
            body,
            response: { 200: s.orderSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
          },
        },
        async (request) =>
          svc.act(requireAuth(request), request.params.id, action, request.body as { reason?: string; rating?: number; comment?: string }),
      );
    }
  };
