import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { idParams } from '../../platform/schemas.ts';
import * as s from '../../../contracts/tenders.schemas.ts';
import { center, tags, type TendersApp, type TendersRouteDeps } from './tenders.routes.context.ts';

/** 评标委员会: the committee draw and its record. */
export function committeeRoutes(app: TendersApp, deps: TendersRouteDeps) {
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
}

/** An expert's seats: assignments, the recusal declaration, and the score sheets. */
export function seatRoutes(app: TendersApp, deps: TendersRouteDeps) {
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
}
