import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { pageOf, pageQuery } from '../../../contracts/paging.ts';
import { idParams } from '../../platform/schemas.ts';
import {
  createExpertBody,
  expertDetailSchema,
  expertListQuery,
  expertSchema,
  ratingBody,
  ratingSchema,
  statusChangeBody,
} from '../../../contracts/experts.schemas.ts';
import type { ExpertsService } from './experts.service.ts';

export const expertsRoutes =
  (deps: { experts: ExpertsService }): FastifyPluginAsyncZod =>
  async (app) => {
    const svc = deps.experts;
    const pool = { access: { roles: ['center_staff', 'regulator'] as const } };

    app.get(
      '/api/experts',
      {
        config: pool,
        schema: {
          tags: ['experts'],
          summary: 'The expert pool, by status, specialty (品目 code) and name',
          querystring: pageQuery.extend(expertListQuery.shape),
          response: { 200: pageOf(expertSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return svc.list(filter, { page, pageSize });
      },
    );

    app.get(
      '/api/experts/me',
      {
        config: { access: { roles: ['expert'] } },
        schema: {
          tags: ['experts'],
          summary: "The calling expert's own record and ratings",
          response: { 200: expertDetailSchema, ...problemResponses(401, 403, 404) },
        },
      },
      async (request) => svc.ofUser(requireAuth(request)),
    );

    app.get(
      '/api/experts/:id',
      {
        config: pool,
        schema: {
          tags: ['experts'],
          summary: 'An expert with ratings and status history',
          params: idParams,
          response: { 200: expertDetailSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => svc.detail(request.params.id),
    );

    app.post(
      '/api/experts',
      {
        config: { access: { roles: ['center_staff'] } },
        schema: {
          tags: ['experts'],
          summary: 'Add an expert to the pool',
          body: createExpertBody,
          response: { 201: expertSchema, ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.create(requireAuth(request), request.body)),
    );

    app.post(
      '/api/experts/:id/status',
      {
        config: pool,
        schema: {
          tags: ['experts'],
          summary: 'Suspend, restore or remove an expert, with a reason',
          params: idParams,
          body: statusChangeBody,
          response: { 200: expertSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => svc.setStatus(requireAuth(request), request.params.id, request.body.status, request.body.reason),
    );

    app.post(
      '/api/experts/:id/ratings',
      {
        config: { access: { roles: ['center_staff'] } },
        schema: {
          tags: ['experts'],
          summary: 'Rate an expert after an evaluation; a violation suspends or removes',
          params: idParams,
          body: ratingBody,
          response: { 201: ratingSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.rate(requireAuth(request), request.params.id, request.body)),
    );
  };
