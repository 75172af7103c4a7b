import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses, sendStoredImage } from '../../platform/http.ts';
import { pageOf, pageQuery } from '../../../contracts/paging.ts';
import { uploadedFile } from '../../platform/uploads.ts';
import { idParams } from '../../platform/schemas.ts';
import * as s from '../../../contracts/assets.schemas.ts';
import { assetReaderRoles, type AssetsService } from './assets.service.ts';

export const assetsRoutes =
  (deps: { assets: AssetsService }): FastifyPluginAsyncZod =>
  async (app) => {
    const svc = deps.assets;
    const tags = ['assets'];
    const unit = { access: { roles: ['purchaser'] as const } };
    const readers = { access: { roles: assetReaderRoles } };

    app.post(
      '/api/assets',
      {
        config: unit,
        schema: {
          tags,
          summary: 'Register a surplus asset of the unit',
          body: s.assetInput,
          response: { 201: s.assetDetailSchema, ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.register(requireAuth(request), request.body)),
    );

    app.get(
      '/api/assets',
      {
        config: readers,
        schema: {
          tags,
          summary: "The unit's assets (center staff and regulators: all units')",
          querystring: pageQuery.extend(s.assetListQuery.shape),
          response: { 200: pageOf(s.assetSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return svc.list(requireAuth(request), filter, { page, pageSize });
      },
    );

    app.get(
      '/api/warehouse',
      {
        config: readers,
        schema: {
          tags,
          summary: '公物仓: assets offered for reallocation now',
          querystring: pageQuery.extend(s.warehouseQuery.shape),
          response: { 200: pageOf(s.assetSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return svc.warehouse(requireAuth(request), filter, { page, pageSize });
      },
    );

    app.get(
      '/api/assets/:id',
      {
        config: readers,
        schema: {
          tags,
          summary: 'One asset with its history',
          params: idParams,
          response: { 200: s.assetDetailSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => svc.get(requireAuth(request), request.params.id),
    );

    app.post(
      '/api/assets/:id/photos',
      {
        config: unit,
        schema: {
          tags,
          summary: 'Upload a photo (PNG or JPEG, ≤ 5 MB; multipart field "file")',
          params: idParams,
          consumes: ['multipart/form-data'],
          response: { 201: s.assetDetailSchema, ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await svc.addPhoto(requireAuth(request), request.params.id, await uploadedFile(request, 5 * 1024 * 1024))),
    );

    app.get(
      '/api/assets/:id/photos/:photoId',
      {
        config: { access: { public: true } },
        schema: {
          tags,
          summary: 'An asset photo, to whoever may read the asset (anyone while it is on public auction); 404 otherwise',
          params: z.object({ id: z.uuid(), photoId: z.uuid() }),
          response: { 200: z.any().describe('image'), 304: z.null().describe('not modified'), ...problemResponses(400, 404) },
        },
      },
      async (request, reply) =>
        sendStoredImage(request, reply, await svc.readPhoto(request.auth, request.params.id, request.params.photoId), {
          cache: 'private',
          name: `asset-photo-${request.params.photoId}`,
        }),
    );

    app.post(
      '/api/assets/:id/offer',
      {
        config: unit,
        schema: {
          tags,
          summary: 'Put the asset in the warehouse for the reallocation window',
          params: idParams,
          response: { 200: s.assetDetailSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => svc.offer(requireAuth(request), request.params.id),
    );

    app.post(
      '/api/assets/:id/write-off',
      {
        config: unit,
        schema: {
          tags,
          summary: 'Write the asset off with a reason',
          params: idParams,
          body: s.writeOffBody,
          response: { 200: s.assetDetailSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => svc.writeOff(requireAuth(request), request.params.id, request.body.reason),
    );

    app.post(
      '/api/assets/:id/requests',
      {
        config: unit,
        schema: {
          tags,
          summary: 'Ask for a warehouse asset (调剂申请) with a reason',
          params: idParams,
          body: s.requestBody,
          response: { 201: s.reallocationRequestSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.request(requireAuth(request), request.params.id, request.body.reason)),
    );

    app.get(
      '/api/reallocation-requests',
      {
        config: readers,
        schema: {
          tags,
          summary: "Reallocation requests: all for center staff and regulators, the unit's own and those on its assets otherwise",
          querystring: pageQuery.extend(s.requestListQuery.shape),
          response: { 200: pageOf(s.reallocationRequestSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return svc.listRequests(requireAuth(request), filter, { page, pageSize });
      },
    );

    for (const decision of ['grant', 'decline'] as const) {
      app.post(
        `/api/reallocation-requests/:id/${decision}`,
        {
          config: { access: { roles: ['center_staff'] } },
          schema: {
            tags,
            summary:
              decision === 'grant'
                ? 'Grant: the asset moves to the requesting unit with its history; other requests are declined'
                : 'Decline with a reason',
            params: idParams,
            body: s.decisionBody,
            response: { 200: s.reallocationRequestSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
          },
        },
        async (request) => svc.decide(requireAuth(request), request.params.id, decision, request.body.reason),
      );
    }
  };
