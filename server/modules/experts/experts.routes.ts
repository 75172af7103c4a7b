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
  affiliationSchema,
  declareAffiliationBody,
  expertAccountSchema,
  grantAccountBody,
  reviewAffiliationBody,
} from '../../../contracts/experts.schemas.ts';
import { z } from 'zod';
import type { createExpertAccounts } from './experts.accounts.ts';
import type { createExpertAffiliations } from './experts.affiliations.ts';
import type { ExpertsService } from './experts.service.ts';

const affiliationParams = z.object({ id: z.uuid('id 须为 UUID'), affiliationId: z.uuid('affiliationId 须为 UUID') });
const myAffiliationParams = z.object({ affiliationId: z.uuid('affiliationId 须为 UUID') });

export const expertsRoutes =
  (deps: {
    experts: ExpertsService;
    accounts: ReturnType<typeof createExpertAccounts>;
    affiliations: ReturnType<typeof createExpertAffiliations>;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const svc = deps.experts;
    // Every route on one expert of the pool reads or acts only within the caller's pool (#19).
    // A change to the expert is for the pool's own area (or above); a rating, for anyone who drew from it.
    app.addHook('preHandler', async (request) => {
      const url = request.routeOptions.url;
      if (!url?.startsWith('/api/experts/:id')) return;
      const manage = request.method !== 'GET' && request.method !== 'HEAD' && url !== '/api/experts/:id/ratings';
      await svc.assertInPool(requireAuth(request), (request.params as { id: string }).id, { manage });
    });
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
        return svc.list(requireAuth(request), filter, { page, pageSize });
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
      async (request) => svc.detail(request.params.id, requireAuth(request)),
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

    // An expert's login: granted and revoked by center staff; the password is in the answer once.
    app.get(
      '/api/experts/:id/account',
      {
        config: pool,
        schema: {
          tags: ['experts'],
          summary: "The expert's login, if any",
          params: idParams,
          response: { 200: expertAccountSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => deps.accounts.get(request.params.id),
    );
    app.post(
      '/api/experts/:id/account',
      {
        config: { access: { roles: ['center_staff'] } },
        schema: {
          tags: ['experts'],
          summary: 'Give the expert a login (or re-enable it) with a one-time password shown once',
          params: idParams,
          body: grantAccountBody,
          response: { 201: expertAccountSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await deps.accounts.grant(requireAuth(request), request.params.id, request.body)),
    );
    app.delete(
      '/api/experts/:id/account',
      {
        config: { access: { roles: ['center_staff'] } },
        schema: {
          tags: ['experts'],
          summary: "Revoke the expert's login (disabled; its sessions end)",
          params: idParams,
          response: { 200: expertAccountSchema, ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request) => deps.accounts.revoke(requireAuth(request), request.params.id),
    );

    // 回避 declarations: the expert's own, and the center's review.
    app.get(
      '/api/experts/me/affiliations',
      {
        config: { access: { roles: ['expert'] } },
        schema: {
          tags: ['experts'],
          summary: 'My declared affiliations and their review',
          response: { 200: z.array(affiliationSchema), ...problemResponses(401, 403, 404) },
        },
      },
      async (request) => deps.affiliations.listMine(requireAuth(request)),
    );
    app.post(
      '/api/experts/me/affiliations',
      {
        config: { access: { roles: ['expert'] } },
        schema: {
          tags: ['experts'],
          summary: 'Declare an employment, directorship, supervision, control (dated) or a relative who is a legal representative',
          body: declareAffiliationBody,
          response: { 201: affiliationSchema, ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await deps.affiliations.declare(requireAuth(request), request.body)),
    );
    app.delete(
      '/api/experts/me/affiliations/:affiliationId',
      {
        config: { access: { roles: ['expert'] } },
        schema: {
          tags: ['experts'],
          summary: 'Withdraw a declaration not yet reviewed',
          params: myAffiliationParams,
          response: { 204: z.null(), ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await deps.affiliations.withdraw(requireAuth(request), request.params.affiliationId);
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/api/experts/:id/affiliations',
      {
        config: pool,
        schema: {
          tags: ['experts'],
          summary: "An expert's declared affiliations",
          params: idParams,
          response: { 200: z.array(affiliationSchema), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => deps.affiliations.listOf(request.params.id),
    );
    app.post(
      '/api/experts/:id/affiliations/:affiliationId/review',
      {
        config: { access: { roles: ['center_staff'] } },
        schema: {
          tags: ['experts'],
          summary: 'Accept or reject a declaration, with a note; a rejected one no longer recuses',
          params: affiliationParams,
          body: reviewAffiliationBody,
          response: { 200: affiliationSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => deps.affiliations.review(requireAuth(request), request.params.id, request.params.affiliationId, request.body),
    );
  };
