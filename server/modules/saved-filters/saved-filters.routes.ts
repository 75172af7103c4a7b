import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { idParams } from '../../platform/schemas.ts';
import {
  savedFilterBody,
  savedFilterListQuery,
  savedFilterListSchema,
  savedFilterSchema,
} from '../../../contracts/saved-filters.schemas.ts';
import type { SavedFiltersService } from './saved-filters.service.ts';

/** 常用筛选: each signed-in user's own named filters of the orders, quotations and tenders lists. */
export const savedFiltersRoutes =
  (deps: { savedFilters: SavedFiltersService }): FastifyPluginAsyncZod =>
  async (app) => {
    const svc = deps.savedFilters;
    const tags = ['saved-filters'];
    const access = { access: { authenticated: true } } as const;

    app.get(
      '/api/saved-filters',
      {
        config: access,
        schema: {
          tags,
          summary: "The caller's own saved filters of a list (orders, quotations or tenders)",
          querystring: savedFilterListQuery,
          response: { 200: savedFilterListSchema, ...problemResponses(400, 401) },
        },
      },
      async (request) => svc.list(requireAuth(request), request.query.list),
    );

    app.post(
      '/api/saved-filters',
      {
        config: access,
        schema: {
          tags,
          summary: "Save the list's current filter under a name (checked against that list's filters; at most 20 per list)",
          body: savedFilterBody,
          response: { 201: savedFilterSchema, ...problemResponses(400, 401, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.create(requireAuth(request), request.body)),
    );

    app.delete(
      '/api/saved-filters/:id',
      {
        config: access,
        schema: {
          tags,
          summary: "Delete one of the caller's saved filters (another user's is not found)",
          params: idParams,
          response: { 204: z.null(), ...problemResponses(400, 401, 404) },
        },
      },
      async (request, reply) => {
        await svc.remove(requireAuth(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
