import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { pageOf, pageQuery } from '../../../contracts/paging.ts';
import { checkRanges } from '../../../contracts/list-filters.ts';
import { idParams } from '../../platform/schemas.ts';
import * as s from '../../../contracts/tenders.schemas.ts';
import { center, supplier, tags, type TendersApp, type TendersRouteDeps } from './tenders.routes.context.ts';
import { bidRoutes } from './tenders.bids.routes.ts';
import { committeeRoutes, seatRoutes } from './tenders.committee.routes.ts';
import { awardRoutes, contractRoutes, evaluationRoutes } from './tenders.evaluation.routes.ts';
import { complaintRoutes } from './tenders.complaints.routes.ts';
import { reviewRoutes } from './tenders.review.routes.ts';

/** The tender process's routes, one function per sub-resource, declared in this order (the API document keeps it). */
export const tendersRoutes =
  (deps: TendersRouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    for (const declare of [
      readRoutes,
      publishingRoutes,
      bidRoutes,
      committeeRoutes,
      seatRoutes,
      reviewRoutes,
      evaluationRoutes,
      awardRoutes,
      contractRoutes,
      complaintRoutes,
    ])
      declare(app, deps);
  };

/** Announcements and tenders as their readers see them: the public, the center, units and bidders. */
export function readRoutes(app: TendersApp, deps: TendersRouteDeps) {
  const svc = deps.tenders;
  const listQuery = pageQuery.extend(s.tenderListFilters.shape).superRefine(checkRanges);
  app.get(
    '/api/public/tenders',
    {
      config: { access: { public: true }, rateLimit: { bucket: 'public' } },
      schema: {
        tags: ['public', ...tags],
        summary: 'Tender announcements and results',
        querystring: listQuery,
        response: { 200: pageOf(s.tenderSchema), ...problemResponses(400) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return svc.list(null, filter, { page, pageSize });
    },
  );

  app.get(
    '/api/public/tenders/:id',
    {
      config: { access: { public: true }, rateLimit: { bucket: 'public' } },
      schema: {
        tags: ['public', ...tags],
        summary: 'An announced tender: documents, answered questions, and after the opening the opening record',
        params: idParams,
        response: { 200: s.tenderSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => svc.get(null, request.params.id),
  );

  app.get(
    '/api/tenders',
    {
      config: { access: { roles: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier', 'expert'] } },
      schema: {
        tags,
        summary: "Tenders: announced ones, and the caller's own drafts",
        querystring: listQuery,
        response: { 200: pageOf(s.tenderSchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return svc.list(requireAuth(request), filter, { page, pageSize });
    },
  );

  app.get(
    '/api/tenders/:id',
    {
      config: { access: { roles: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier', 'expert'] } },
      schema: {
        tags,
        summary: 'One tender (drafts: its center, its unit, regulators)',
        params: idParams,
        response: { 200: s.tenderSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => svc.get(requireAuth(request), request.params.id),
  );
}

/** 招标: drafting, publishing, clarifying and cancelling a tender, and the bidders' questions. */
export function publishingRoutes(app: TendersApp, deps: TendersRouteDeps) {
  const svc = deps.tenders;
  app.post(
    '/api/tenders',
    {
      config: center,
      schema: {
        tags,
        summary: 'Create a draft tender with its lots (checked against the method and the SME, price-weight and bond rules)',
        body: s.tenderInput,
        response: { 201: s.tenderSchema, ...problemResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await svc.create(requireAuth(request), request.body)),
  );

  app.post(
    '/api/tenders/:id/publish',
    {
      config: center,
      schema: {
        tags,
        summary: 'Publish the announcement: bidding opens until the deadline, when the opening job runs',
        params: idParams,
        response: { 200: s.tenderSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => svc.publish(requireAuth(request), request.params.id),
  );

  app.post(
    '/api/tenders/:id/clarifications',
    {
      config: center,
      schema: {
        tags,
        summary: 'Answer a question or amend the documents (bids in become invalid; the deadline moves inside the cut-off)',
        params: idParams,
        body: s.clarificationInput,
        response: { 200: s.tenderSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => svc.clarify(requireAuth(request), request.params.id, request.body),
  );

  app.post(
    '/api/tenders/:id/cancel',
    {
      config: center,
      schema: {
        tags,
        summary: 'End the tender with a reason',
        params: idParams,
        body: s.cancelInput,
        response: { 200: s.tenderSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => svc.cancel(requireAuth(request), request.params.id, request.body.reason),
  );

  app.post(
    '/api/tenders/:id/questions',
    {
      config: supplier,
      schema: {
        tags,
        summary: 'Ask the center a question about the documents',
        params: idParams,
        body: s.questionInput,
        response: { 201: z.object({ ok: z.boolean() }), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await svc.ask(requireAuth(request), request.params.id, request.body.question)),
  );
}
