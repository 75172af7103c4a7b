import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { requestOrigin } from '../../platform/origin.ts';
import { pageOf, pageQuery } from '../../../contracts/paging.ts';
import { checkRanges } from '../../../contracts/list-filters.ts';
import { idParams } from '../../platform/schemas.ts';
import * as s from '../../../contracts/quotations.schemas.ts';
import type { QuotationsService } from './quotations.service.ts';

export const quotationsRoutes =
  (deps: { quotations: QuotationsService }): FastifyPluginAsyncZod =>
  async (app) => {
    const svc = deps.quotations;
    const tags = ['quotations'];
    const listQuery = pageQuery.extend(s.quotationListFilters.shape).superRefine(checkRanges);

    app.get(
      '/api/public/quotations',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'public' } },
        schema: {
          tags: ['public', ...tags],
          summary: 'Online quotation (网上竞价) announcements and results',
          querystring: listQuery,
          response: { 200: pageOf(s.quotationSchema), ...problemResponses(400) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return svc.listPublic(filter, { page, pageSize });
      },
    );

    app.get(
      '/api/public/quotations/:id',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'public' } },
        schema: {
          tags: ['public', ...tags],
          summary: 'One announcement; once closed, the result with every quote and its evaluation price',
          params: idParams,
          response: { 200: s.quotationSchema, ...problemResponses(400, 404) },
        },
      },
      async (request) => svc.getPublic(request.params.id),
    );

    app.post(
      '/api/quotations',
      {
        config: { access: { roles: ['purchaser'] } },
        schema: {
          tags,
          summary: 'Post a requirement for online quotation: reserves the ceiling on the budget line',
          body: s.createQuotationBody,
          response: { 201: s.quotationSchema, ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.create(requireAuth(request), request.body)),
    );

    app.get(
      '/api/quotations',
      {
        config: { access: { roles: ['purchaser', 'approver', 'regulator'] } },
        schema: {
          tags,
          summary: "The unit's online quotations (regulators: all)",
          querystring: listQuery,
          response: { 200: pageOf(s.quotationSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return svc.list(requireAuth(request), filter, { page, pageSize });
      },
    );

    app.get(
      '/api/supplier/quotations',
      {
        config: { access: { roles: ['supplier'] } },
        schema: {
          tags,
          summary: 'Quotations open now or quoted on, with admission and the receipt',
          querystring: listQuery,
          response: { 200: pageOf(s.supplierQuotationSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return svc.listForSupplier(requireAuth(request), filter, { page, pageSize });
      },
    );

    app.get(
      '/api/quotations/:id',
      {
        config: { access: { roles: ['purchaser', 'approver', 'regulator'] } },
        schema: {
          tags,
          summary: 'One quotation of the unit, with its budget line and order',
          params: idParams,
          response: { 200: s.quotationSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => svc.get(requireAuth(request), request.params.id),
    );

    app.post(
      '/api/quotations/:id/cancel',
      {
        config: { access: { roles: ['purchaser'] } },
        schema: {
          tags,
          summary: 'Withdraw the requirement before the deadline: the ceiling is released',
          params: idParams,
          body: s.cancelQuotationBody,
          response: { 200: s.quotationSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => svc.cancel(requireAuth(request), request.params.id, request.body.reason),
    );

    app.put(
      '/api/quotations/:id/quote',
      {
        config: { access: { roles: ['supplier'] } },
        schema: {
          tags,
          summary:
            'Submit or replace the sealed quote before the deadline; returns a receipt (time, commitment) and, once, its 回执密钥 (nonce)',
          params: idParams,
          body: s.quoteBody,
          response: { 200: s.submittedReceiptSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => svc.submitQuote(requireAuth(request), request.params.id, request.body, requestOrigin(request)),
    );

    app.get(
      '/api/quotations/:id/quote',
      {
        config: { access: { roles: ['supplier'] } },
        schema: {
          tags,
          summary: "The caller's receipt (no price: the quote stays sealed until the deadline)",
          params: idParams,
          response: { 200: s.receiptSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => svc.myReceipt(requireAuth(request), request.params.id),
    );

    app.post(
      '/api/public/quotations/:id/receipts/verify',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['public', ...tags],
          summary:
            "Check a supplier's receipt after the quotes are opened: the quote as sent and its 回执密钥 against the stored commitment",
          params: idParams,
          body: s.verifyReceiptBody,
          response: { 200: s.receiptVerificationSchema, ...problemResponses(400, 404, 409) },
        },
      },
      async (request) => svc.verifyReceipt(request.params.id, request.body),
    );

    app.delete(
      '/api/quotations/:id/quote',
      {
        config: { access: { roles: ['supplier'] } },
        schema: {
          tags,
          summary: 'Withdraw the quote before the deadline',
          params: idParams,
          response: { 200: s.receiptSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => svc.withdrawQuote(requireAuth(request), request.params.id),
    );
  };
