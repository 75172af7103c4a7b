import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { idParams } from '../../platform/schemas.ts';
import * as s from '../../../contracts/tender-complaints.schemas.ts';
import { supplier, tags, type TendersApp, type TendersRouteDeps } from './tenders.routes.context.ts';

const regulator = { access: { roles: ['regulator'] as const } };
const parties = { access: { roles: ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier'] as const } };

/** 投诉: the challenger files, the finance department accepts or refuses and decides; the parties read. */
export function complaintRoutes(app: TendersApp, deps: TendersRouteDeps) {
  app.get(
    '/api/tenders/:id/complaints',
    {
      config: parties,
      schema: {
        tags,
        summary: "A tender's complaints (投诉): the complainant's own, all for the unit, the center and the addressed finance department",
        params: idParams,
        response: { 200: z.array(s.complaintSchema), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => deps.complaints.list(requireAuth(request), request.params.id),
  );

  app.post(
    '/api/tenders/:id/complaints',
    {
      config: supplier,
      schema: {
        tags,
        summary: 'File a complaint within 15 working days after the challenge reply or its missed deadline (政府采购法 第五十五条)',
        params: idParams,
        body: s.complaintInput,
        response: { 201: s.complaintSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await deps.complaints.file(requireAuth(request), request.params.id, request.body)),
  );

  app.get(
    '/api/complaints/:id',
    {
      config: parties,
      schema: {
        tags,
        summary: 'One complaint, to its parties',
        params: idParams,
        response: { 200: s.complaintSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => deps.complaints.get(requireAuth(request), request.params.id),
  );

  app.post(
    '/api/complaints/:id/acceptance',
    {
      config: regulator,
      schema: {
        tags,
        summary: 'Accept (the procedure is suspended) or refuse with the reason, within 5 working days (财政部令第94号 第二十一条)',
        params: idParams,
        body: s.complaintAcceptanceInput,
        response: { 200: s.complaintSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => deps.complaints.accept(requireAuth(request), request.params.id, request.body),
  );

  app.post(
    '/api/complaints/:id/decision',
    {
      config: regulator,
      schema: {
        tags,
        summary:
          'The published decision within 30 working days: dismissed (resumes), re-evaluation ordered, or cancelled (政府采购法 第五十六条)',
        params: idParams,
        body: s.complaintDecisionInput,
        response: { 200: s.complaintSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => deps.complaints.decide(requireAuth(request), request.params.id, request.body),
  );
}
