import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses, uploadedFileHeaders } from '../../platform/http.ts';
import { uploadedFile } from '../../platform/uploads.ts';
import { idParams } from '../../platform/schemas.ts';
import * as s from '../../../contracts/tenders.schemas.ts';
import { evaluationReportPdf } from './tenders.documents.ts';
import { center, supplier, tags, type TendersApp, type TendersRouteDeps } from './tenders.routes.context.ts';

/** 评审: the computed report, to its parties, as a PDF, and to the public after the award. */
export function evaluationRoutes(app: TendersApp, deps: TendersRouteDeps) {
  app.post(
    '/api/tenders/:id/evaluate',
    {
      config: center,
      schema: {
        tags,
        summary: 'Compute the evaluation report of every lot (price scores, averages, ranking, outliers)',
        params: idParams,
        response: { 200: s.evaluationReportSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => deps.evaluation.evaluate(requireAuth(request), request.params.id),
  );

  app.get(
    '/api/tenders/:id/evaluation-report',
    {
      config: { access: { roles: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier', 'expert'] } },
      schema: {
        tags,
        summary: 'The evaluation report (its parties before the award, everyone after)',
        params: idParams,
        response: { 200: s.evaluationReportSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => deps.evaluation.report(requireAuth(request), request.params.id),
  );

  app.get(
    '/api/tenders/:id/lots/:lotId/evaluation-report.pdf',
    {
      config: { access: { roles: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier', 'expert'] } },
      schema: {
        tags,
        summary: "One lot's evaluation report as a PDF (every figure, the committee); who may read it as for the report",
        params: z.object({ id: z.uuid(), lotId: z.uuid() }),
        response: { 200: z.any().describe('pdf'), ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const d = await deps.evaluation.reportDocument(requireAuth(request), request.params.id, request.params.lotId);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`评标报告-${d.tenderNo}-第${d.lotNo}包.pdf`)}`)
        .header('cache-control', 'private, no-store')
        .send(await evaluationReportPdf(d));
    },
  );

  app.get(
    '/api/public/tenders/:id/evaluation-report',
    {
      config: { access: { public: true }, rateLimit: { bucket: 'public' } },
      schema: {
        tags: ['public', ...tags],
        summary: 'The evaluation report once the award is announced',
        params: idParams,
        response: { 200: s.evaluationReportSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => deps.evaluation.report(null, request.params.id),
  );
}

/** 定标 and 质疑: the unit's confirmation of the award, the bidders' challenges and the center's reply. */
export function awardRoutes(app: TendersApp, deps: TendersRouteDeps) {
  app.post(
    '/api/tenders/:id/lots/:lotId/award',
    {
      config: { access: { roles: ['purchaser'] } },
      schema: {
        tags,
        summary: "The purchasing unit confirms the lot's recommended bidder (credit checked again); the contract price is the bid",
        params: z.object({ id: z.uuid(), lotId: z.uuid() }),
        response: { 200: s.evaluationReportSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => deps.evaluation.confirmAward(requireAuth(request), request.params.id, request.params.lotId),
  );

  app.get(
    '/api/tenders/:id/challenges',
    {
      config: { access: { roles: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier'] } },
      schema: {
        tags,
        summary: "Challenges (质疑): all for the parties and regulators, a bidder's own otherwise",
        params: idParams,
        response: { 200: z.array(s.challengeSchema), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => deps.evaluation.challenges(requireAuth(request), request.params.id),
  );

  app.post(
    '/api/tenders/:id/challenges',
    {
      config: supplier,
      schema: {
        tags,
        summary: 'Lodge a challenge within 7 working days of the award notice',
        params: idParams,
        body: s.challengeInput,
        response: { 201: z.array(s.challengeSchema), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await deps.evaluation.lodgeChallenge(requireAuth(request), request.params.id, request.body.grounds)),
  );

  app.post(
    '/api/challenges/:id/reply',
    {
      config: center,
      schema: {
        tags,
        summary: 'Reply to a challenge (due within 7 working days)',
        params: idParams,
        body: s.challengeReplyInput,
        response: { 200: z.array(s.challengeSchema), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => deps.evaluation.replyChallenge(requireAuth(request), request.params.id, request.body),
  );
}

/** 合同 and an expert's own score sheet. */
export function contractRoutes(app: TendersApp, deps: TendersRouteDeps) {
  app.post(
    '/api/tenders/:id/lots/:lotId/contract',
    {
      config: { access: { roles: ['purchaser', 'center_staff'] } },
      schema: {
        tags,
        summary: 'Record the signed contract after the challenge window; its amount is the awarded bid unless a reason is given',
        params: z.object({ id: z.uuid(), lotId: z.uuid() }),
        body: s.contractInput,
        response: { 201: z.array(s.contractSchema), ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await deps.evaluation.signContract(requireAuth(request), request.params.id, request.params.lotId, request.body)),
  );

  const lotParams = z.object({ id: z.uuid(), lotId: z.uuid() });
  app.post(
    '/api/tenders/:id/lots/:lotId/contract/document',
    {
      config: { access: { roles: ['purchaser', 'center_staff'] } },
      schema: {
        tags,
        summary: 'Upload the signed contract (PDF; multipart field "file"), replaceable until its notice is published',
        params: lotParams,
        consumes: ['multipart/form-data'],
        response: { 200: s.contractNoticeSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const file = await uploadedFile(request);
      return deps.evaluation.contract.uploadDocument(auth, request.params.id, request.params.lotId, file);
    },
  );

  app.post(
    '/api/tenders/:id/lots/:lotId/contract/publish',
    {
      config: { access: { roles: ['purchaser', 'center_staff'] } },
      schema: {
        tags,
        summary: '合同公告: publish the contract with its document (meets the 2-working-day clock; OCDS contract release)',
        params: lotParams,
        response: { 200: s.contractNoticeSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => deps.evaluation.contract.publish(requireAuth(request), request.params.id, request.params.lotId),
  );

  app.get(
    '/api/tenders/:id/lots/:lotId/contract/document',
    {
      config: { access: { public: true }, rateLimit: { bucket: 'public' } },
      schema: {
        tags: ['public', ...tags],
        summary: 'The signed contract document: anyone once its notice is published; before, only the unit, the center and the supplier',
        params: lotParams,
        response: { 200: z.any().describe('the PDF'), ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const file = await deps.evaluation.contract.document(request.auth ?? null, request.params.id, request.params.lotId);
      return uploadedFileHeaders(reply, 'attachment', file.filename)
        .type('application/pdf')
        .header('cache-control', 'private, no-store')
        .send(file.content);
    },
  );

  app.get(
    '/api/tender-experts/:id/sheet',
    {
      config: { access: { roles: ['expert'] } },
      schema: {
        tags,
        summary:
          "The expert's score sheet: each lot's criteria and qualified bids (after the no-conflict declaration), with the points given so far; 409 to an expert who must stand aside now",
        params: idParams,
        response: { 200: s.scoreSheetSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => deps.evaluation.sheet(requireAuth(request), request.params.id),
  );
}
