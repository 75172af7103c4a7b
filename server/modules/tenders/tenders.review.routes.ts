import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { idParams } from '../../platform/schemas.ts';
import * as s from '../../../contracts/tenders.schemas.ts';
import { tags, type TendersApp, type TendersRouteDeps } from './tenders.routes.context.ts';
import { resultLetterPdf } from './tenders.letters.ts';

const ok = z.object({ ok: z.boolean() });

/** 资格性审查 by the purchaser or the center, 符合性审查 and the report's signatures by the committee. */
export function reviewRoutes(app: TendersApp, deps: TendersRouteDeps) {
  app.get(
    '/api/tenders/:id/reviews',
    {
      config: { access: { roles: ['center_staff', 'purchaser', 'regulator'] } },
      schema: {
        tags,
        summary: 'Every opened bid with its qualification and compliance review so far (the parties and regulators)',
        params: idParams,
        response: { 200: z.array(s.bidReviewSchema), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => deps.evaluation.reviews(requireAuth(request), request.params.id),
  );

  app.put(
    '/api/tenders/:id/qualification',
    {
      config: { access: { roles: ['center_staff', 'purchaser'] } },
      schema: {
        tags,
        summary: '资格性审查 of a lot: each bid still standing passed or failed with its reason (a failed one is 无效投标)',
        params: idParams,
        body: s.reviewInput,
        response: { 200: ok, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => deps.evaluation.qualify(requireAuth(request), request.params.id, request.body),
  );

  app.put(
    '/api/tender-experts/:id/compliance',
    {
      config: { access: { roles: ['expert'] } },
      schema: {
        tags,
        summary: '符合性审查 of a lot by the committee, recorded by a seated member: each bid passed or failed with its reason',
        params: idParams,
        body: s.reviewInput,
        response: { 200: ok, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => deps.evaluation.comply(requireAuth(request), request.params.id, request.body),
  );

  app.post(
    '/api/tender-experts/:id/sign',
    {
      config: { access: { roles: ['expert'] } },
      schema: {
        tags,
        summary: "A member signs a lot's evaluation report, agreeing or with dissent and its reasons; final once all have signed",
        params: idParams,
        body: s.signInput,
        response: { 200: ok, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => deps.evaluation.sign(requireAuth(request), request.params.id, request.body),
  );

  app.get(
    '/api/tenders/:id/lots/:lotId/result-letter.pdf',
    {
      config: { access: { roles: ['supplier', 'center_staff', 'purchaser'] } },
      schema: {
        tags,
        summary:
          "After the award notice: 中标通知书 to the winner, 中标结果通知书 to each other bidder (its own); the parties read the winner's",
        params: z.object({ id: z.uuid(), lotId: z.uuid() }),
        response: { 200: z.any().describe('pdf'), ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const d = await deps.evaluation.resultLetter(requireAuth(request), request.params.id, request.params.lotId);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`${d.won ? '中标通知书' : '中标结果通知书'}-${d.tenderNo}-第${d.lotNo}包.pdf`)}`,
        )
        .header('cache-control', 'private, no-store')
        .send(await resultLetterPdf(d));
    },
  );
}
