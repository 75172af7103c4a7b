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
      framework: 'A framework-agreement call (框架协议采购)',
      rotation: 'A rotation call-off under a framework agreement (顺序轮候)',
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
      '/api/ocds/bulk/index.json',
      {
        config: publicAccess,
        schema: {
          tags,
          summary: 'Bulk files: one release package per month of publication (closed months never change) and the current packages',
          response: {
            200: z.looseObject({ months: z.array(z.looseObject({ period: z.string(), url: z.string() })) }),
            ...problemResponses(400),
          },
        },
      },
      async () => deps.ocds.bulkIndex(),
    );
    app.get(
      '/api/ocds/bulk/releases/:period',
      {
        config: publicAccess,
        schema: {
          tags,
          summary: 'Bulk download: the releases published in one month (Beijing time), as one release package (streamed)',
          params: z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式为 YYYY-MM') }),
          response: { 200: z.any().describe('json'), ...problemResponses(400, 404) },
        },
      },
      async (request, reply) => {
        const stream = deps.ocds.monthly(request.params.period);
        // The first chunk finds the month (or a 404) before any header goes out.
        const first = await stream.next();
        async function* rest() {
          if (!first.done) yield first.value;
          yield* stream;
        }
        return reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="jicai-ocds-releases-${request.params.period}.json"`)
          .send(Readable.from(rest()));
      },
    );
    // A cursor is the seq of the last release (or record change) seen: digits only, anything else is a 400 naming `after`.
    const after = z
      .string()
      .regex(/^\d{1,15}$/, '游标无效，请从第一页开始（after 取上一页 links.next 中的值）')
      .transform(Number)
      .default(0);
    const limit = z.coerce.number().int().min(1).max(100).default(20);
    app.get(
      '/api/ocds/releases',
      {
        config: publicAccess,
        schema: {
          tags,
          summary:
            'Every published release in publication order, a page at a time: follow links.next to the end; links.resume asks later for releases published since (new releases of old processes included)',
          querystring: z.object({ after, limit }),
          response: { 200: packageSchema, ...problemResponses(400) },
        },
      },
      // The package is written as text around the stored releases' own text (see ocds.store.ts releaseTextsAfter).
      // Fastify sends a string with a JSON content type as it is, without the schema's serializer.
      async (request, reply) =>
        reply
          .type('application/json; charset=utf-8')
          .send((await deps.ocds.feed(request.query.after, request.query.limit)) as unknown as z.infer<typeof packageSchema>),
    );
    app.get(
      '/api/ocds/records',
      {
        config: publicAccess,
        schema: {
          tags,
          summary:
            'Records (compiled from their stored releases) changed since a time, in the order they last changed: follow links.next; links.resume asks later',
          querystring: z.object({ changedSince: z.iso.datetime({ offset: true }).optional(), after, limit }),
          response: { 200: packageSchema, ...problemResponses(400) },
        },
      },
      async (request) =>
        deps.ocds.records(
          request.query.changedSince ? new Date(request.query.changedSince) : null,
          request.query.after,
          request.query.limit,
        ),
    );
  };
