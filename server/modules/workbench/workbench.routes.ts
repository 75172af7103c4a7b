import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { todosQuery, todosSchema } from '../../../contracts/workbench.schemas.ts';
import type { WorkbenchService } from './workbench.service.ts';

export const workbenchRoutes =
  (deps: { workbench: WorkbenchService }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/workbench/todos',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags: ['workbench'],
          summary:
            "The caller's to-dos by deadline: what waits on each of its roles, scoped to its organization, itself or its jurisdiction",
          querystring: todosQuery,
          response: { 200: todosSchema, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => deps.workbench.todos(requireAuth(request), request.query),
    );
  };
