import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { requestOrigin } from '../../platform/origin.ts';
import { pageOf, pageQuery } from '../../../contracts/paging.ts';
import { idParams } from '../../platform/schemas.ts';
import * as s from '../../../contracts/tenders.schemas.ts';
import { evaluationReportPdf } from './tenders.documents.ts';
import type { TenderEvaluation } from './tenders.evaluation.ts';
import type { ExpertDraw } from './tenders.experts.ts';
import type { TendersService } from './tenders.service.ts';

export const tendersRoutes =
  (deps: { tenders: TendersService; experts: ExpertDraw; evaluation: TenderEvaluation }): FastifyPluginAsyncZod =>
  async (app) => {
    const svc = deps.tenders;
    const tags = ['tenders'];
    const center = { access: { roles: ['center_staff'] as const } };
    const supplier = { access: { roles: ['supplier'] as const } };
    const listQuery = pageQuery.extend(s.tenderListQuery.shape);

    app.get(
      '/api/public/tenders',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'public' } },
        schema: {
          tags: ['public', ...tags],
          summary: 'Tender announcements and results',
          querystring: listQuery,
          response: { 200: pageOf(s.tenderSchema), ...problemResponses(400) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return svc.list(null, filter, { page, pageSize });
      },
    );

    app.get(
      '/api/public/tenders/:id',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'public' } },
        schema: {
          tags: ['public', ...tags],
          summary: 'An announced tender: documents, answered questions, and after the opening the opening record',
          params: idParams,
          response: { 200: s.tenderSchema, ...problemResponses(400, 404) },
        },
      },
      async (request) => svc.get(null, request.params.id),
    );

    app.get(
      '/api/tenders',
      {
        config: { access: { roles: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier', 'expert'] } },
        schema: {
          tags,
          summary: "Tenders: announced ones, and the caller's own drafts",
          querystring: listQuery,
          response: { 200: pageOf(s.tenderSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return svc.list(requireAuth(request), filter, { page, pageSize });
      },
    );

    app.get(
      '/api/tenders/:id',
      {
        config: { access: { roles: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier', 'expert'] } },
        schema: {
          tags,
          summary: 'One tender (drafts: its center, its unit, regulators)',
          params: idParams,
          response: { 200: s.tenderSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => svc.get(requireAuth(request), request.params.id),
    );

    app.post(
      '/api/tenders',
      {
        config: center,
        schema: {
          tags,
          summary: 'Create a draft tender with its lots (checked against the method and the SME, price-weight and bond rules)',
          body: s.tenderInput,
          response: { 201: s.tenderSchema, ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.create(requireAuth(request), request.body)),
    );

    app.post(
      '/api/tenders/:id/publish',
      {
        config: center,
        schema: {
          tags,
          summary: 'Publish the announcement: bidding opens until the deadline, when the opening job runs',
          params: idParams,
          response: { 200: s.tenderSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => svc.publish(requireAuth(request), request.params.id),
    );

    app.post(
      '/api/tenders/:id/clarifications',
      {
        config: center,
        schema: {
          tags,
          summary: 'Answer a question or amend the documents (bids in become invalid; the deadline moves inside the cut-off)',
          params: idParams,
          body: s.clarificationInput,
          response: { 200: s.tenderSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => svc.clarify(requireAuth(request), request.params.id, request.body),
    );

    app.post(
      '/api/tenders/:id/cancel',
      {
        config: center,
        schema: {
          tags,
          summary: 'End the tender with a reason',
          params: idParams,
          body: s.cancelInput,
          response: { 200: s.tenderSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => svc.cancel(requireAuth(request), request.params.id, request.body.reason),
    );

    app.post(
      '/api/tenders/:id/questions',
      {
        config: supplier,
        schema: {
          tags,
          summary: 'Ask the center a question about the documents',
          params: idParams,
          body: s.questionInput,
          response: { 201: z.object({ ok: z.boolean() }), ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.ask(requireAuth(request), request.params.id, request.body.question)),
    );

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

    app.post(
      '/api/tenders/:id/experts/draw',
      {
        config: center,
        schema: {
          tags,
          summary:
            'Ask for the committee draw (at random from the pool after recusal; the seed is kept): the worker draws it, poll the committee',
          params: idParams,
          response: { 202: s.committeeSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.code(202).send(await deps.experts.requestDraw(requireAuth(request), request.params.id)),
    );

    app.get(
      '/api/tenders/:id/experts',
      {
        config: { access: { roles: ['center_staff', 'regulator'] } },
        schema: {
          tags,
          summary: 'The committee and the draw record (seed, candidates in order, who was left out and why)',
          params: idParams,
          response: { 200: s.committeeSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => deps.experts.committee(requireAuth(request), request.params.id),
    );

    app.get(
      '/api/experts/me/assignments',
      {
        config: { access: { roles: ['expert'] } },
        schema: {
          tags,
          summary: "The expert's tender assignments",
          response: { 200: z.array(s.assignmentSchema), ...problemResponses(401, 403, 404) },
        },
      },
      async (request) => deps.experts.assignments(requireAuth(request)),
    );

    app.post(
      '/api/tender-experts/:id/confirm',
      {
        config: { access: { roles: ['expert'] } },
        schema: {
          tags,
          summary: 'Declare no conflict of interest and take the seat',
          params: idParams,
          response: { 200: z.array(s.assignmentSchema), ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => deps.experts.respond(requireAuth(request), request.params.id, 'confirm'),
    );

    app.post(
      '/api/tender-experts/:id/decline',
      {
        config: { access: { roles: ['expert'] } },
        schema: {
          tags,
          summary: 'Decline or recuse with a reason: the next candidate in the draw takes the seat',
          params: idParams,
          body: s.declineInput,
          response: { 200: z.array(s.assignmentSchema), ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => deps.experts.respond(requireAuth(request), request.params.id, 'decline', request.body.reason),
    );

    app.put(
      '/api/tender-experts/:id/scores',
      {
        config: { access: { roles: ['expert'] } },
        schema: {
          tags,
          summary: "The expert's score sheet for every qualified bid of a lot",
          params: idParams,
          body: s.scoresInput,
          response: { 200: z.object({ ok: z.boolean() }), ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => deps.evaluation.submitScores(requireAuth(request), request.params.id, request.body),
    );

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

    app.post(
      '/api/tenders/:id/lots/:lotId/contract',
      {
        config: { access: { roles: ['purchaser'] } },
        schema: {
          tags,
          summary: 'Record the signed contract after the challenge window; its price is the awarded bid',
          params: z.object({ id: z.uuid(), lotId: z.uuid() }),
          body: s.contractInput,
          response: { 201: z.array(s.contractSchema), ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await deps.evaluation.signContract(requireAuth(request), request.params.id, request.params.lotId, request.body.signedOn)),
    );

    app.get(
      '/api/tender-experts/:id/sheet',
      {
        config: { access: { roles: ['expert'] } },
        schema: {
          tags,
          summary:
            "The expert's score sheet: each lot's criteria and qualified bids (after the no-conflict declaration), with the points given so far",
          params: idParams,
          response: { 200: s.scoreSheetSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => deps.evaluation.sheet(requireAuth(request), request.params.id),
    );
  };
