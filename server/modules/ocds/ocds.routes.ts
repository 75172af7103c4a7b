import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../../platform/http.ts';
import { idParams } from '../../platform/schemas.ts';
import { Readable } from 'node:stream';
import { pageOf, pageQuery } from '../../../contracts/paging.ts';
import { processKinds, type OcdsService, type ProcessKind } from './ocds.service.ts';

const packageSchema = z.looseObject({
  uri: z.string(),
  version: z.string(),
  publishedDate: z.string(),
  publisher: z.looseObject({ name: z.string() }),
});
const processSchema = z.object({
  kind: z.enum(processKinds),
  id: z.string(),
  ocid: z.string(),
  title: z.string(),
  date: z.string(),
  status: z.string(),
  releasesUrl: z.string(),
  recordUrl: z.string(),
});
const publicAccess = { access: { public: true as const }, rateLimit: { bucket: 'openData' as const } };

export const ocdsRoutes =
  (deps: { ocds: OcdsService }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['open data'];
    const kindNames: Record<ProcessKind, string> = {
      tender: 'A tender',
      order: 'An e-mall order',
      quotation: 'An online quotation',
      auction: 'A disposal auction lot',
    };
    for (const kind of processKinds) {
      app.get(
        `/api/ocds/${kind}s/:id/releases`,
        {
          config: publicAccess,
          schema: {
            tags,
            summary: `${kindNames[kind]}: its OCDS 1.1.5 release package`,
            params: idParams,
            response: { 200: packageSchema, ...problemResponses(400, 404) },
          },
        },
        async (request) => deps.ocds.releasePackage(kind, request.params.id),
      );
      app.get(
        `/api/ocds/${kind}s/:id/record`,
        {
          config: publicAccess,
          schema: {
            tags,
            summary: `${kindNames[kind]}: its OCDS record package with the compiled release`,
            params: idParams,
            response: { 200: packageSchema, ...problemResponses(400, 404) },
          },
        },
        async (request) => deps.ocds.recordPackage(kind, request.params.id),
      );
    }
    app.get(
      '/api/ocds/processes',
      {
        config: publicAccess,
        schema: {
          tags,
          summary:
            'Published processes (tenders, e-mall orders, online quotations, disposal auctions), newest first, with their OCID and package links',
          querystring: pageQuery.extend({ kind: z.enum(processKinds).optional() }),
          response: { 200: pageOf(processSchema), ...problemResponses(400) },
        },
      },
      async (request) => deps.ocds.list(request.query.kind, request.query.page, request.query.pageSize),
    );
    for (const what of ['releases', 'records'] as const) {
      app.get(
        `/api/ocds/bulk/${what}.json`,
        {
          config: publicAccess,
          schema: {
            tags,
            summary: `Bulk download: every ${what === 'releases' ? 'release in one release package' : 'record in one record package'} (streamed)`,
            response: { 200: z.any().describe('json'), ...problemResponses(400) },
          },
        },
        async (_request, reply) =>
          reply
            .type('application/json; charset=utf-8')
            .header('content-disposition', `attachment; filename="jicai-ocds-${what}.json"`)
            .send(Readable.from(deps.ocds.bulk(what))),
      );
    }
    app.get(
      '/api/ocds/releases',
      {
        config: publicAccess,
        schema: {
          tags,
          summary: 'Every published release, oldest first, a page at a time: follow links.next (an opaque cursor) to the end',
          querystring: z.object({
            cursor: z
              .string()
              .regex(/^[A-Za-z0-9_-]{1,200}$/, '游标格式不正确')
              .optional(),
            limit: z.coerce.number().int().min(1).max(100).default(20),
          }),
          response: { 200: packageSchema, ...problemResponses(400) },
        },
      },
      async (request) => deps.ocds.feed(request.query.cursor, request.query.limit),
    );
  };
