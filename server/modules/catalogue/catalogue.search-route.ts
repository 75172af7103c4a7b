import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses, sendSerialized } from '../../platform/http.ts';
import type { SearchPort } from '../../platform/search/search-port.ts';
import * as s from '../../../contracts/catalogue.schemas.ts';
import { THUMB_TTL_MS, type CatalogueService } from './catalogue.service.ts';

/** GET /api/search: the e-mall's search, public, with each hit's picture. */
export const searchRoute =
  (deps: { catalogue: CatalogueService; search: SearchPort }): FastifyPluginAsyncZod =>
  async (app) => {
    const { catalogue } = deps;
    const bodies = new WeakMap<object, { at: number; pictures: number; body: string }>();
    app.get(
      '/api/search',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'search' } },
        schema: {
          tags: ['catalogue'],
          summary: 'Search the e-mall: Chinese full text with synonyms, facets with counts, sorts, highlights',
          querystring: s.searchQuerySchema,
          response: { 200: s.searchResultSchema, ...problemResponses(400) },
        },
      },
      async (request, reply) => {
        const result = await deps.search.search(request.query);
        // An answer the search served from its cache is the same object each time: its body, serialized
        // (and checked against the schema) once, is sent again while its pictures are as fresh as the
        // thumbnails' own cache keeps them — a picture added through this process shows at once.
        // Serializing a page of hits was a tenth of a served search's CPU.
        const sent = bodies.get(result);
        const pictures = catalogue.picturesAdded();
        if (sent && sent.pictures === pictures && Date.now() - sent.at < THUMB_TTL_MS) return sendSerialized(reply, sent.body);
        const thumbs = await catalogue.thumbnailsOf(result.hits.map((h) => h.productId));
        const body = String(
          reply.serialize({ ...result, hits: result.hits.map((h) => ({ ...h, imageUrl: thumbs.get(h.productId) ?? null })) }),
        );
        bodies.set(result, { at: Date.now(), pictures, body });
        return sendSerialized(reply, body);
      },
    );
  };
