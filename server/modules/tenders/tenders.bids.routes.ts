import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { requestOrigin } from '../../platform/origin.ts';
import { idParams } from '../../platform/schemas.ts';
import * as s from '../../../contracts/tenders.schemas.ts';
import { supplier, tags, type TendersApp, type TendersRouteDeps } from './tenders.routes.context.ts';

/** 投标: sealed bids, their receipts, and the public check of a receipt after the opening. */
export function bidRoutes(app: TendersApp, deps: TendersRouteDeps) {
  const svc = deps.tenders;
  app.put(
    '/api/tenders/:id/bids',
    {
      config: supplier,
      schema: {
        tags,
        summary:
          'Submit or replace the sealed bid for a lot; returns a receipt (exact time, commitment) and, once, its 回执密钥 (nonce), never the price',
        params: idParams,
        body: s.bidInput,
        response: { 200: s.submittedReceiptSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => svc.submitBid(requireAuth(request), request.params.id, request.body, requestOrigin(request)),
  );

  app.post(
    '/api/tenders/:id/sme-statement',
    {
      config: supplier,
      schema: {
        tags,
        summary:
          'The 中小企业声明函 a bid with these declarations would seal, written from the registered facts; refused (422 smeDeclared) where they do not bear it',
        params: idParams,
        body: s.smeStatementPreviewInput,
        response: { 200: s.smeStatementPreviewSchema, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => svc.previewSmeStatement(requireAuth(request), request.params.id, request.body),
  );

  app.post(
    '/api/public/tenders/:id/receipts/verify',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['public', ...tags],
        summary: "Check a bidder's receipt after the opening: the bid as sent and its 回执密钥 against the stored commitment",
        params: idParams,
        body: s.verifyReceiptInput,
        response: { 200: s.receiptVerificationSchema, ...problemResponses(400, 404, 409) },
      },
    },
    async (request) => svc.verifyReceipt(request.params.id, request.body),
  );

  app.get(
    '/api/tenders/:id/bids/mine',
    {
      config: supplier,
      schema: {
        tags,
        summary: "The caller's receipts for this tender",
        params: idParams,
        response: { 200: z.array(s.receiptSchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => svc.myBids(requireAuth(request), request.params.id),
  );

  app.delete(
    '/api/tenders/:id/bids/:lotId',
    {
      config: supplier,
      schema: {
        tags,
        summary: 'Withdraw the bid for a lot before the deadline',
        params: z.object({ id: z.uuid(), lotId: z.uuid() }),
        response: { 200: s.receiptSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => svc.withdrawBid(requireAuth(request), request.params.id, request.params.lotId),
  );
}
