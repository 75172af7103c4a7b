import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses, uploadedFileHeaders } from '../../platform/http.ts';
import { idParams } from '../../platform/schemas.ts';
import { uploadedFile } from '../../platform/uploads.ts';
import * as s from '../../../contracts/tender-files.schemas.ts';
import type { TenderFiles } from './tenders.files.ts';
import { createSmeLetters } from './tenders.sme-letter.ts';
import { center, supplier, tags, type TendersApp } from './tenders.routes.context.ts';
import type { Db } from '../../db/client.ts';

const signedIn = { access: { authenticated: true } } as const;
const MAX_PDF_BYTES = 20 * 1024 * 1024;
const pdf = (reply: FastifyReply, file: { filename: string; content: Buffer }) =>
  uploadedFileHeaders(reply, 'attachment', file.filename)
    .type('application/pdf')
    .header('cache-control', 'private, no-store')
    .send(file.content);

/** 招标文件 versions, sealed 投标文件 and the 中小企业声明函 as files: uploads and recorded downloads. */
export const tenderFileRoutes =
  (deps: { db: Db; files: TenderFiles }): FastifyPluginAsyncZod =>
  async (app) => {
    const svc = deps.files;
    const letters = createSmeLetters({ db: deps.db, files: svc });

    app.get(
      '/api/tenders/:id/document-files',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'public' } },
        schema: {
          tags: ['public', ...tags],
          summary: "招标文件 as uploaded PDFs, every version with its date (a draft's only to its center)",
          params: idParams,
          response: { 200: z.array(s.tenderDocumentFileSchema), ...problemResponses(400, 404) },
        },
      },
      async (request) => svc.listDocuments(request.auth ?? null, request.params.id),
    );

    app.post(
      '/api/tenders/:id/document-files',
      {
        config: center,
        schema: {
          tags,
          summary:
            'Upload a new version of the 招标文件 (PDF ≤ 20 MB; multipart field "file"); while bidding it is an amendment: bids in are invalidated and the deadline may move',
          params: idParams,
          consumes: ['multipart/form-data'],
          response: { 201: s.tenderDocumentFileSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const file = await uploadedFile(request, MAX_PDF_BYTES);
        return reply.code(201).send(await svc.uploadDocument(requireAuth(request), request.params.id, file));
      },
    );

    app.get(
      '/api/tenders/:id/document-files/:version',
      {
        config: signedIn,
        schema: {
          tags,
          summary: 'Download one version of the 招标文件 (the download is recorded in the audit log)',
          params: z.object({ id: z.uuid(), version: z.coerce.number().int().min(1).max(10_000) }),
          response: { 200: z.any().describe('the PDF'), ...problemResponses(400, 401, 404) },
        },
      },
      async (request, reply) => pdf(reply, await svc.downloadDocument(requireAuth(request), request.params.id, request.params.version)),
    );

    bidFileRoutes(app, svc, letters);
  };

function bidFileRoutes(app: TendersApp, svc: TenderFiles, letters: ReturnType<typeof createSmeLetters>) {
  app.post(
    '/api/tenders/:id/bids/:lotId/files',
    {
      config: supplier,
      schema: {
        tags,
        summary:
          'Upload a 投标文件 (PDF ≤ 20 MB; multipart field "file") for the submitted bid on a lot: sealed to the tender key, opened only by the opening',
        params: z.object({ id: z.uuid(), lotId: z.uuid() }),
        consumes: ['multipart/form-data'],
        response: { 201: s.bidFileSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const file = await uploadedFile(request, MAX_PDF_BYTES);
      return reply.code(201).send(await svc.uploadBidFile(requireAuth(request), request.params.id, request.params.lotId, file));
    },
  );

  app.get(
    '/api/tenders/:id/bid-files',
    {
      config: signedIn,
      schema: {
        tags,
        summary:
          "Bid files: a bidder's own at any time; after the opening every opened bid's to the center, the unit and the seated committee (409 before)",
        params: idParams,
        response: { 200: z.array(s.bidFileSchema), ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request) => svc.listBidFiles(requireAuth(request), request.params.id),
  );

  app.get(
    '/api/tenders/:id/bid-files/:fileId',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Download an opened bid file (409 while sealed, for everyone; recorded in the audit log)',
        params: z.object({ id: z.uuid(), fileId: z.uuid() }),
        response: { 200: z.any().describe('the PDF'), ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => pdf(reply, await svc.downloadBidFile(requireAuth(request), request.params.id, request.params.fileId)),
  );

  app.get(
    '/api/tenders/:id/bids/:bidId/sme-statement.pdf',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'The 中小企业声明函 sealed with a bid, as a PDF, after the opening (recorded in the audit log)',
        params: z.object({ id: z.uuid(), bidId: z.uuid() }),
        response: { 200: z.any().describe('the PDF'), ...problemResponses(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) => pdf(reply, await letters.download(requireAuth(request), request.params.id, request.params.bidId)),
  );
}
