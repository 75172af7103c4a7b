import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../../platform/http.ts';
import { idParams } from '../organizations/organizations.schemas.ts';
import type { OcdsService } from './ocds.service.ts';

const packageSchema = z.looseObject({ uri: z.string(), version: z.string(), publishedDate: z.string(), publisher: z.looseObject({ name: z.string() }) });
const publicAccess = { access: { public: true as const } };

export const ocdsRoutes =
  (deps: { ocds: OcdsService }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['open data'];
    app.get(
      '/api/ocds/tenders/:id/releases',
      { config: publicAccess, schema: { tags, summary: "A tender's OCDS 1.1.5 release package (tender, tenderUpdate, award, contract)", params: idParams, response: { 200: packageSchema, ...problemResponses(400, 404) } } },
      async (request) => deps.ocds.releasePackage(request.params.id),
    );
    app.get(
      '/api/ocds/tenders/:id/record',
      { config: publicAccess, schema: { tags, summary: "A tender's OCDS record package with the compiled release", params: idParams, response: { 200: packageSchema, ...problemResponses(400, 404) } } },
      async (request) => deps.ocds.recordPackage(request.params.id),
    );
    app.get(
      '/api/ocds/releases',
      {
        config: publicAccess,
        schema: {
          tags,
          summary: 'Every published release, oldest first, a page at a time: follow links.next (an opaque cursor) to the end',
          querystring: z.object({ cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, '游标格式不正确').optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
          response: { 200: packageSchema, ...problemResponses(400) },
        },
      },
      async (request) => deps.ocds.feed(request.query.cursor, request.query.limit),
    );
  };
