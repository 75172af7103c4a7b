import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { idParams } from '../../platform/schemas.ts';
import * as s from '../../../contracts/tender-rounds.schemas.ts';
import type { TenderProcedures } from './tenders.procedures.ts';
import { center, supplier, tags } from './tenders.routes.context.ts';

const ok = z.object({ ok: z.boolean() }).passthrough();
const anyone = { access: { roles: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier', 'expert'] as const } };
const parties = { access: { roles: ['center_staff', 'purchaser'] as const } };

/** The procedure's stages (#22): rounds and final offers of 竞争性谈判 / 竞争性磋商; the single-source notice and objections. */
export const procedureRoutes =
  (deps: { procedures: TenderProcedures }): FastifyPluginAsyncZod =>
  async (app) => {
    const { rounds, finalOffers } = deps.procedures;
    const route = <B extends z.ZodType>(
      method: 'post' | 'put',
      url: string,
      config: object,
      summary: string,
      body: B,
      run: (auth: ReturnType<typeof requireAuth>, id: string, body: z.infer<B>) => Promise<unknown>,
    ) =>
      app[method](
        url,
        {
          config,
          schema: { tags, summary, params: idParams, body, response: { 200: ok, ...problemResponses(400, 401, 403, 404, 409, 422) } },
        },
        async (request) => ({ ok: true, ...((await run(requireAuth(request), request.params.id, request.body as z.infer<B>)) as object) }),
      );

    readProcedureRoutes(app, deps.procedures);
    route(
      'post',
      '/api/tenders/:id/rounds/records',
      center,
      "Record the group's notes of this round with one supplier",
      s.roundRecordInput,
      rounds.recordRound,
    );
    route(
      'post',
      '/api/tenders/:id/rounds/changes',
      center,
      'Announce a change of requirements in writing to every supplier still in; the next round begins',
      s.requirementChangeInput,
      rounds.announceChange,
    );
    route('post', '/api/tenders/:id/rounds/next', center, 'Begin the next round without a change', z.object({}), (auth, id) =>
      rounds.nextRound(auth, id),
    );
    route(
      'post',
      '/api/tenders/:id/rounds/leave',
      center,
      'Record a supplier leaving or eliminated, with the reason',
      s.leaveInput,
      rounds.removeSupplier,
    );
    route(
      'post',
      '/api/tenders/:id/rounds/withdraw',
      supplier,
      'Leave the negotiation (the caller’s supplier), between rounds',
      s.supplierLeaveInput,
      rounds.withdraw,
    );
    route(
      'post',
      '/api/tenders/:id/final-offers/deadline',
      center,
      'End the rounds: set the final-offer deadline (sealed offers opened by the job then)',
      s.finalOfferDeadlineInput,
      rounds.setFinalOfferDeadline,
    );
    app.put(
      '/api/tenders/:id/final-offers',
      {
        config: supplier,
        schema: {
          tags,
          summary: 'Submit or replace the sealed final offer for a lot; returns its receipt and, once, its 回执密钥',
          params: idParams,
          body: s.finalOfferInput,
          response: { 200: s.submittedFinalOfferSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => finalOffers.submit(requireAuth(request), request.params.id, request.body),
    );
    singleSourceRoutes(app, deps.procedures, route);
  };

type Route = <B extends z.ZodType>(
  method: 'post' | 'put',
  url: string,
  config: object,
  summary: string,
  body: B,
  run: (auth: ReturnType<typeof requireAuth>, id: string, body: z.infer<B>) => Promise<unknown>,
) => unknown;

/** 单一来源: the notice on the draft, objections and their answers, the negotiation record. */
function singleSourceRoutes(app: Parameters<FastifyPluginAsyncZod>[0], procedures: TenderProcedures, route: Route) {
  const { singleSource } = procedures;
  route(
    'put',
    '/api/tenders/:id/single-source/notice',
    center,
    'The single-source notice: the reasons and the proposed supplier (on the draft)',
    s.singleSourceNoticeInput,
    singleSource.setNotice,
  );
  route(
    'post',
    '/api/tenders/:id/objections',
    anyone,
    'Object to a single-source notice within its window',
    s.objectionInput,
    singleSource.lodge,
  );
  route(
    'post',
    '/api/tenders/:id/single-source/negotiation',
    center,
    'Record the 协商情况记录 and the agreed price with reasons (after the objection window)',
    s.negotiationRecordInput,
    singleSource.recordNegotiation,
  );
  app.post(
    '/api/tenders/:id/objections/:objectionId/answer',
    {
      config: parties,
      schema: {
        tags,
        summary: 'Answer an objection (the unit or the center); upheld, the procurement moves to another method',
        params: z.object({ id: z.uuid(), objectionId: z.uuid() }),
        body: s.objectionAnswerInput,
        response: { 200: ok, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => ({
      ok: true,
      ...(await singleSource.answer(requireAuth(request), request.params.id, request.params.objectionId, request.body)),
    }),
  );
}

/** The procedure as the public and as each party read it. */
function readProcedureRoutes(app: Parameters<FastifyPluginAsyncZod>[0], procedures: TenderProcedures) {
  const { view } = procedures;
  app.get(
    '/api/public/tenders/:id/procedure',
    {
      config: { access: { public: true }, rateLimit: { bucket: 'public' } },
      schema: {
        tags: ['public', ...tags],
        summary: 'The stage track, the final-offer record once opened, the single-source notice',
        params: idParams,
        response: { 200: s.procedureSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => view(null, request.params.id),
  );
  app.get(
    '/api/tenders/:id/procedure',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'The procedure as the caller may see it: rounds, changes, its final-offer receipts, objections',
        params: idParams,
        response: { 200: s.procedureSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => view(requireAuth(request), request.params.id),
  );
}
