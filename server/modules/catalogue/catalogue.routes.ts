import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses, sendStoredImage } from '../../platform/http.ts';
import { pageOf, pageQuery } from '../../../contracts/paging.ts';
import type { SearchPort } from '../../platform/search/search-port.ts';
import { uploadedFile } from '../../platform/uploads.ts';
import { idParams } from '../../platform/schemas.ts';
import * as s from '../../../contracts/catalogue.schemas.ts';
import type { CatalogueService } from './catalogue.service.ts';
import { searchRoute } from './catalogue.search-route.ts';
import { importListings } from './listings.import.ts';
import type { ListingsBulk } from './listings.bulk.ts';
import type { ListingsService } from './listings.service.ts';
import type { ListingAction } from './catalogue.rules.ts';

const listingActions: { action: ListingAction; roles: ('supplier' | 'center_staff')[]; summary: string; reasonRequired: boolean }[] = [
  {
    action: 'submit',
    roles: ['supplier'],
    summary: 'Submit a draft for review (the supplier must be eligible to list)',
    reasonRequired: false,
  },
  { action: 'approve', roles: ['center_staff'], summary: 'Approve a submitted listing: it goes on the shelf', reasonRequired: false },
  { action: 'reject', roles: ['center_staff'], summary: 'Return a submitted listing to draft, with a reason', reasonRequired: true },
  { action: 'suspend', roles: ['center_staff'], summary: 'Take an active listing off the shelf, with a reason', reasonRequired: true },
  {
    action: 'reactivate',
    roles: ['center_staff'],
    summary: 'Center staff put a suspended listing back (eligibility and agreement re-checked)',
    reasonRequired: false,
  },
  { action: 'delist', roles: ['supplier', 'center_staff'], summary: 'Withdraw a listing for good', reasonRequired: false },
];

/** What an import did (or, on a dry run, would do): one row per created listing, nothing on any error. */
const importResultSchema = z.object({
  dryRun: z.boolean(),
  rowCount: z.number().int(),
  rows: z.array(
    z.object({
      row: z.number().int(),
      listingId: z.string().nullable(),
      productName: z.string(),
      priceFen: z.number().int(),
      priceFlag: z.string().nullable(),
    }),
  ),
});

export const catalogueRoutes =
  (deps: {
    db: Db;
    catalogue: CatalogueService;
    listings: ListingsService;
    bulk: ListingsBulk;
    search: SearchPort;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const { catalogue, listings } = deps;
    const center = { access: { roles: ['center_staff'] as const } };

    await app.register(searchRoute({ catalogue, search: deps.search }));

    app.get(
      '/api/products/:id',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['catalogue'],
          summary: 'A standard product with every supplier offer side by side',
          params: idParams,
          response: { 200: s.productPageSchema, ...problemResponses(400, 404) },
        },
      },
      async (request) => catalogue.productPage(request.params.id),
    );

    app.get(
      '/api/products/:id/images/:imageId',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['catalogue'],
          summary: 'A product image (content-addressed, cached for a year)',
          params: z.object({ id: z.uuid(), imageId: z.uuid() }),
          response: { 200: z.any().describe('image'), 304: z.null().describe('not modified'), ...problemResponses(400, 404) },
        },
      },
      async (request, reply) =>
        sendStoredImage(request, reply, await catalogue.readImage(request.params.id, request.params.imageId), {
          cache: 'public',
          name: `product-${request.params.imageId}`,
        }),
    );

    app.get(
      '/api/products/:id/images/:imageId/thumb',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['catalogue'],
          summary: "A product image's WebP thumbnail (≤ 480 px a side, made by sharp; content-addressed, cached for a year)",
          params: z.object({ id: z.uuid(), imageId: z.uuid() }),
          response: { 200: z.any().describe('image'), 304: z.null().describe('not modified'), ...problemResponses(400, 404) },
        },
      },
      async (request, reply) =>
        sendStoredImage(request, reply, await catalogue.readImage(request.params.id, request.params.imageId, 'thumb'), {
          cache: 'public',
          name: `product-${request.params.imageId}-thumb`,
        }),
    );

    app.get(
      '/api/products',
      {
        config: { access: { roles: ['center_staff', 'supplier', 'regulator'] } },
        schema: {
          tags: ['catalogue'],
          summary: 'Standard products by category and text',
          querystring: pageQuery.extend(s.productListQuery.shape),
          response: { 200: pageOf(s.productSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return catalogue.listProducts(requireAuth(request), filter, { page, pageSize });
      },
    );

    app.post(
      '/api/products',
      {
        config: center,
        schema: {
          tags: ['catalogue'],
          summary: "Add a standard product; specs must fit the category's spec schema",
          body: s.productInput,
          response: { 201: s.productSchema, ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await catalogue.createProduct(requireAuth(request), request.body)),
    );

    app.put(
      '/api/products/:id',
      {
        config: center,
        schema: {
          tags: ['catalogue'],
          summary: 'Edit a standard product',
          params: idParams,
          body: s.productInput,
          response: { 200: s.productSchema, ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request) => catalogue.updateProduct(requireAuth(request), request.params.id, request.body),
    );

    app.post(
      '/api/products/:id/images',
      {
        config: center,
        schema: {
          tags: ['catalogue'],
          summary: 'Upload a product image (PNG or JPEG, ≤ 2 MB; multipart field "file")',
          params: idParams,
          consumes: ['multipart/form-data'],
          response: { 201: s.productSchema, ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        const file = await uploadedFile(request, 2 * 1024 * 1024);
        return reply.code(201).send(await catalogue.addImage(requireAuth(request), request.params.id, file));
      },
    );

    app.get(
      '/api/agreements',
      {
        config: { access: { roles: ['center_staff', 'supplier', 'regulator'] } },
        schema: {
          tags: ['catalogue'],
          summary: "Framework agreements: all for center staff and regulators, a supplier's own otherwise",
          querystring: pageQuery.extend({
            supplierId: z.uuid().optional(),
            status: z.enum(['active', 'ended']).optional(),
            manageable: z
              .enum(['true', 'false'])
              .optional()
              .describe("Center staff: only the agreements the caller's center may amend and end (true) or only others (false)"),
          }),
          response: { 200: pageOf(s.agreementSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return catalogue.listAgreements(requireAuth(request), filter, { page, pageSize });
      },
    );

    app.post(
      '/api/agreements',
      {
        config: center,
        schema: {
          tags: ['catalogue'],
          summary: 'Admit a supplier to categories (and brands) for a period, with a price cap or discount',
          body: s.agreementInput,
          response: { 201: s.agreementSchema, ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await catalogue.createAgreement(requireAuth(request), request.body)),
    );

    app.post(
      '/api/agreements/:id/amend',
      {
        config: center,
        schema: {
          tags: ['catalogue'],
          summary: 'Amend an agreement; the change and its reason are kept',
          params: idParams,
          body: s.amendAgreementBody,
          response: { 200: s.agreementSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => catalogue.amendAgreement(requireAuth(request), request.params.id, request.body),
    );

    app.post(
      '/api/agreements/:id/end',
      {
        config: center,
        schema: {
          tags: ['catalogue'],
          summary: 'End an agreement; listings resting on it are suspended',
          params: idParams,
          body: s.reasonRequiredBody,
          response: { 200: s.agreementSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => catalogue.endAgreement(requireAuth(request), request.params.id, request.body.reason),
    );

    app.get(
      '/api/listings',
      {
        config: { access: { roles: ['supplier', 'center_staff', 'regulator'] } },
        schema: {
          tags: ['listings'],
          summary: "Listings: a supplier's own; all for center staff (the review queue is status=submitted, flagged first)",
          querystring: pageQuery.extend(s.listingListQuery.shape),
          response: { 200: pageOf(s.listingSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return listings.list(requireAuth(request), filter, { page, pageSize });
      },
    );

    app.post(
      '/api/listings',
      {
        config: { access: { roles: ['supplier'] } },
        schema: {
          tags: ['listings'],
          summary: 'Offer a standard product (a draft); the price is checked against the agreement',
          body: s.createListingBody,
          response: { 201: s.listingSchema, ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await listings.create(requireAuth(request), request.body)),
    );

    app.post(
      '/api/listings/import',
      {
        config: { access: { roles: ['supplier'] } },
        schema: {
          tags: ['listings'],
          summary: 'Import listings from CSV or XLSX; one bad row imports nothing. ?dryRun=true validates only',
          querystring: z.object({
            dryRun: z
              .enum(['true', 'false'])
              .default('false')
              .transform((v) => v === 'true'),
          }),
          consumes: ['multipart/form-data'],
          response: { 200: importResultSchema, 201: importResultSchema, ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request, reply) => {
        const file = await uploadedFile(request);
        const result = await importListings({ db: deps.db, listings }, requireAuth(request), file.content, request.query.dryRun);
        return reply.code(request.query.dryRun ? 200 : 201).send(result);
      },
    );

    app.get(
      '/api/listings/:id',
      {
        config: { access: { roles: ['supplier', 'center_staff', 'regulator'] } },
        schema: {
          tags: ['listings'],
          summary: 'One listing (its supplier, center staff, regulators)',
          params: idParams,
          response: { 200: s.listingSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => listings.get(requireAuth(request), request.params.id),
    );

    app.patch(
      '/api/listings/:id',
      {
        config: { access: { roles: ['supplier'] } },
        schema: {
          tags: ['listings'],
          summary: 'Edit price, stock, regions, lead time, certificates (send the version you read)',
          params: idParams,
          body: s.updateListingBody,
          response: { 200: s.listingSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => listings.update(requireAuth(request), request.params.id, request.body),
    );

    app.get(
      '/api/listings/:id/price-history',
      {
        config: { access: { roles: ['supplier', 'center_staff', 'regulator'] } },
        schema: {
          tags: ['listings'],
          summary: 'Every price the listing had',
          params: idParams,
          response: {
            200: z.object({ items: z.array(z.object({ priceFen: z.number(), changedAt: z.string() })) }),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => ({ items: await listings.priceHistory(requireAuth(request), request.params.id) }),
    );

    app.post(
      '/api/listings/batch',
      {
        config: { access: { roles: ['supplier'] } },
        schema: {
          tags: ['listings'],
          summary: 'Offer many standard products at once (drafts, each checked as one by one); one bad offer saves none',
          body: s.createListingsBody,
          response: { 201: s.listingBatchResult, ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await deps.bulk.createMany(requireAuth(request), request.body.listings)),
    );

    for (const { action, roles, summary, reasonRequired } of listingActions) {
      app.post(
        `/api/listings/batch/${action}`,
        {
          config: { access: { roles } },
          schema: {
            tags: ['listings'],
            summary: `${summary}: many listings at once, all or none`,
            body: reasonRequired ? s.listingBatchBody.extend({ reason: s.reasonRequiredBody.shape.reason }) : s.listingBatchBody,
            response: { 200: s.listingBatchResult, ...problemResponses(400, 401, 403, 404, 409, 422) },
          },
        },
        async (request) => deps.bulk.transitionMany(requireAuth(request), request.body.listingIds, action, request.body.reason),
      );
      app.post(
        `/api/listings/:id/${action}`,
        {
          config: { access: { roles } },
          schema: {
            tags: ['listings'],
            summary,
            params: idParams,
            body: reasonRequired ? s.reasonRequiredBody : s.listingActionBody,
            response: { 200: s.listingSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
          },
        },
        async (request) => listings.transition(requireAuth(request), request.params.id, action, request.body.reason),
      );
    }
  };
