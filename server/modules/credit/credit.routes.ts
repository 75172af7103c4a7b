import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { requireAuth, assertOrgScope } from '../../platform/auth.ts';
import { uploadedFile } from '../../platform/uploads.ts';
import { problemResponses, uploadedFileHeaders } from '../../platform/http.ts';
import { pageOf, pageQuery } from '../../../contracts/paging.ts';
import { idParams } from '../../platform/schemas.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { RuleViolationError } from '../../platform/errors.ts';
import { importExclusionList } from './credit.import.ts';
import { exclusionApplies } from './credit.rules.ts';
import { toEventDto } from './credit.queries.ts';
import * as s from '../../../contracts/credit.schemas.ts';
import type { CreditService } from './credit.service.ts';
import type { CreditViews } from './credit.views.ts';

const toEvent = (e: Parameters<typeof toEventDto>[0], supplierName?: string) => ({
  ...toEventDto(e),
  ...(supplierName ? { supplierName } : {}),
});

const toExclusion = (
  x: {
    id: string;
    supplierId: string | null;
    uscc: string;
    name: string;
    listType: s.ListType;
    regionCode: string;
    startsOn: string;
    endsOn: string | null;
    legalBasis: string;
    eventId: string | null;
    status: 'active' | 'lifted';
    liftedReason: string | null;
    createdAt: Date;
  },
  today: string,
) => ({
  id: x.id,
  supplierId: x.supplierId,
  uscc: x.uscc,
  name: x.name,
  listType: x.listType,
  regionCode: x.regionCode,
  startsOn: x.startsOn,
  endsOn: x.endsOn,
  legalBasis: x.legalBasis,
  eventId: x.eventId,
  status: x.status,
  inForce: exclusionApplies({ ...x, regionCode: '' }, today, ['']),
  liftedReason: x.liftedReason,
  createdAt: x.createdAt.toISOString(),
});
const beijingToday = async (db: Db) => shanghaiDate(await dbNow(db));

const toAppeal = (
  a: {
    id: string;
    eventId: string;
    supplierId: string;
    reason: string;
    status: 'pending' | 'upheld' | 'revoked';
    decisionReason: string | null;
    createdAt: Date;
    decidedAt: Date | null;
  },
  extra: { eventTitle?: string; supplierName?: string } = {},
) => ({
  id: a.id,
  eventId: a.eventId,
  supplierId: a.supplierId,
  reason: a.reason,
  status: a.status,
  decisionReason: a.decisionReason,
  createdAt: a.createdAt.toISOString(),
  decidedAt: a.decidedAt?.toISOString() ?? null,
  ...extra,
});

export const creditRoutes =
  (deps: { db: Db; credit: CreditService; views: CreditViews }): FastifyPluginAsyncZod =>
  async (app) => {
    const { credit, views } = deps;
    const regulator = { access: { roles: ['regulator'] as const } };
    const oversight = { access: { roles: ['regulator', 'center_staff'] as const } };

    app.post(
      '/api/credit/events',
      {
        config: oversight,
        schema: {
          tags: ['credit'],
          summary: 'Record a supplier credit event (a regulator penalty or tender misconduct); it waits for confirmation',
          body: s.recordEventBody,
          response: { 201: s.eventSchema, ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request, reply) => {
        const auth = requireAuth(request);
        const { occurredAt, ...body } = request.body;
        const event = await deps.db.transaction(async (tx) => {
          // A fact is recorded after it happened: a date ahead would keep its full weight until then.
          if (occurredAt && new Date(occurredAt) > (await dbNow(tx)))
            throw new RuleViolationError('occurred in the future', {
              fields: [{ field: 'occurredAt', message: '发生时间不能晚于现在', in: 'body' }],
            });
          await credit.assertSourceRef(tx, auth, body);
          return credit.recordEvent(tx, {
            ...body,
            ...(occurredAt ? { occurredAt: new Date(occurredAt) } : {}),
            confirm: false,
            actor: { userId: auth.userId, orgId: auth.orgId },
          });
        });
        return reply.code(201).send(toEvent(event));
      },
    );

    app.get(
      '/api/credit/events',
      {
        config: oversight,
        schema: {
          tags: ['credit'],
          summary: 'Credit events with filters',
          querystring: pageQuery.extend(s.eventListQuery.shape),
          response: { 200: pageOf(s.eventSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        const { rows, total } = await credit.listEvents({ ...filter, scope: credit.eventScope(requireAuth(request)) }, { page, pageSize });
        return { items: rows.map((r) => toEvent(r.event, r.supplierName)), total, page, pageSize };
      },
    );

    for (const decision of ['confirm', 'revoke'] as const) {
      app.post(
        `/api/credit/events/:id/${decision}`,
        {
          config: regulator,
          schema: {
            tags: ['credit'],
            summary:
              decision === 'confirm'
                ? 'Confirm a recorded event (opens the appeal window)'
                : 'Revoke an event (lifts exclusions resting on it)',
            params: idParams,
            body: s.decisionBody,
            response: { 200: s.eventSchema, ...problemResponses(400, 401, 403, 404, 409) },
          },
        },
        async (request) =>
          toEvent(await credit.decideRecordedEvent(requireAuth(request), request.params.id, decision, request.body.reason)),
      );
    }

    app.post(
      '/api/credit/events/:id/evidence',
      {
        config: oversight,
        schema: {
          tags: ['credit'],
          summary: 'Attach an evidence file (PDF, PNG, JPEG; multipart field "file")',
          params: idParams,
          consumes: ['multipart/form-data'],
          response: {
            201: z.object({ id: z.string(), filename: z.string(), contentType: z.string(), sizeBytes: z.number() }),
            ...problemResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (request, reply) => {
        const auth = requireAuth(request);
        const file = await uploadedFile(request);
        const row = await credit.attachEvidence(auth, request.params.id, file);
        return reply.code(201).send({ id: row.id, filename: row.filename, contentType: row.contentType, sizeBytes: row.sizeBytes });
      },
    );

    app.get(
      '/api/credit/evidence/:id',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags: ['credit'],
          summary: 'Download an evidence file (the supplier concerned, the recorder and the regulator only)',
          params: idParams,
          response: { 200: z.any().describe('the file'), ...problemResponses(400, 401, 404) },
        },
      },
      async (request, reply) => {
        const file = await credit.readEvidence(requireAuth(request), request.params.id);
        return uploadedFileHeaders(reply, 'attachment', file.filename)
          .type(file.contentType)
          .header('cache-control', 'private, no-store')
          .send(file.content);
      },
    );

    app.post(
      '/api/credit/events/:id/appeals',
      {
        config: { access: { roles: ['supplier'] } },
        schema: {
          tags: ['credit'],
          summary: 'Appeal a confirmed event within the appeal window',
          params: idParams,
          body: s.appealBody,
          response: { 201: s.appealSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(toAppeal(await credit.fileAppeal(requireAuth(request), request.params.id, request.body.reason))),
    );

    app.get(
      '/api/credit/appeals',
      {
        config: { access: { roles: ['regulator', 'supplier'] } },
        schema: {
          tags: ['credit'],
          summary: "Appeals: for a regulator those on events recorded in its area, the supplier's own otherwise",
          querystring: pageQuery.extend(s.appealListQuery.shape),
          response: { 200: pageOf(s.appealSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const auth = requireAuth(request);
        const { page, pageSize, ...filter } = request.query;
        const scope = auth.roles.includes('regulator') ? { scope: credit.eventScope(auth) } : { supplierId: auth.orgId };
        const { rows, total } = await credit.listAppeals({ ...filter, ...scope }, { page, pageSize });
        return {
          items: rows.map((r) => toAppeal(r.appeal, { eventTitle: r.eventTitle, supplierName: r.supplierName })),
          total,
          page,
          pageSize,
        };
      },
    );

    app.post(
      '/api/credit/appeals/:id/decision',
      {
        config: regulator,
        schema: {
          tags: ['credit'],
          summary: 'Uphold the event or revoke it',
          params: idParams,
          body: s.appealDecisionBody,
          response: { 200: s.appealSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        toAppeal(await credit.decideAppeal(requireAuth(request), request.params.id, request.body.decision, request.body.reason)),
    );

    app.get(
      '/api/credit/exclusions',
      {
        config: oversight,
        schema: {
          tags: ['credit'],
          summary: 'Exclusions (bad-conduct listings and imported lists)',
          querystring: pageQuery.extend(s.exclusionListQuery.shape),
          response: { 200: pageOf(s.exclusionSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        const { rows, total } = await credit.listExclusions(
          { ...filter, scope: credit.exclusionScope(requireAuth(request)) },
          { page, pageSize },
        );
        const today = await beijingToday(deps.db);
        return { items: rows.map((x) => toExclusion(x, today)), total, page, pageSize };
      },
    );

    app.post(
      '/api/credit/exclusions',
      {
        config: regulator,
        schema: {
          tags: ['credit'],
          summary: 'List a supplier (第77条: 1–3 years for bad conduct)',
          body: s.createExclusionBody,
          response: { 201: s.exclusionSchema, ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(toExclusion(await credit.createExclusion(requireAuth(request), request.body), await beijingToday(deps.db))),
    );

    app.post(
      '/api/credit/exclusions/:id/lift',
      {
        config: regulator,
        schema: {
          tags: ['credit'],
          summary: 'Lift an exclusion early, with a reason',
          params: idParams,
          body: s.liftBody,
          response: { 200: s.exclusionSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        toExclusion(await credit.liftExclusion(requireAuth(request), request.params.id, request.body.reason), await beijingToday(deps.db)),
    );

    app.post(
      '/api/credit/imports',
      {
        config: regulator,
        schema: {
          tags: ['credit'],
          summary: 'Import an external list (CSV or XLSX); one bad row imports nothing. ?dryRun=true validates only',
          querystring: s.importQuery,
          consumes: ['multipart/form-data'],
          response: { 200: s.importReportSchema, 201: s.importReportSchema, ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request, reply) => {
        const file = await uploadedFile(request);
        const report = await importExclusionList({ db: deps.db, credit }, requireAuth(request), file, request.query.dryRun);
        return reply.code(request.query.dryRun ? 200 : 201).send(report);
      },
    );

    app.get(
      '/api/credit/suppliers/:id/record',
      {
        config: { access: { roles: ['supplier', 'regulator', 'center_staff'] } },
        schema: {
          tags: ['credit'],
          summary: "A supplier's score with its explanation, events, evidence, appeals and exclusions",
          params: idParams,
          response: { 200: s.supplierRecordSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => views.supplierRecord(requireAuth(request), request.params.id),
    );

    app.get(
      '/api/credit/eligibility',
      {
        config: { access: { roles: ['supplier', 'regulator', 'center_staff', 'purchaser', 'approver'] } },
        schema: {
          tags: ['credit'],
          summary: 'May this supplier do this now? With the reasons if not',
          querystring: s.eligibilityQuery,
          response: { 200: s.eligibilitySchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const auth = requireAuth(request);
        if (auth.roles.includes('supplier') && !auth.roles.some((r) => r !== 'supplier')) assertOrgScope(auth, request.query.supplierId);
        return credit.checkEligibility(deps.db, request.query);
      },
    );

    app.get(
      '/api/public/credit',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'public' } },
        schema: {
          tags: ['public'],
          summary: 'Public credit lookup by USCC or name: exclusions in force and the public record',
          querystring: s.lookupQuery,
          response: { 200: s.publicLookupSchema, ...problemResponses(400) },
        },
      },
      async (request) => views.publicLookup(request.query.q),
    );
  };
