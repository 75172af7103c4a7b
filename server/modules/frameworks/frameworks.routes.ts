import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { pageOf, pageQuery } from '../../../contracts/paging.ts';
import { idParams } from '../../platform/schemas.ts';
import * as s from '../../../contracts/frameworks.schemas.ts';
import type { FrameworksService } from './frameworks.service.ts';

const receipt = z.object({ callId: z.string(), submittedAt: z.string(), digest: z.string() });
const joinParams = idParams.extend({ responseId: z.uuid('编号格式不正确') });
const memberParams = idParams.extend({ supplierId: z.uuid('编号格式不正确') });

/** 框架协议采购, what is read and published: the public calls and results, the center's calls, publishing one. */
export const frameworkReadRoutes =
  (deps: { frameworks: FrameworksService }): FastifyPluginAsyncZod =>
  async (app) => {
    const svc = deps.frameworks;
    const tags = ['frameworks'];
    const center = { access: { roles: ['center_staff'] as const } };
    const staff = { access: { roles: ['center_staff', 'regulator'] as const } };

    app.get(
      '/api/public/frameworks',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'public' } },
        schema: {
          tags: ['public', ...tags],
          summary: 'Framework calls (征集公告) and admission results',
          querystring: pageQuery,
          response: { 200: pageOf(s.frameworkCallSchema), ...problemResponses(400) },
        },
      },
      async (request) => svc.listPublic(request.query),
    );
    app.get(
      '/api/public/frameworks/:id',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'public' } },
        schema: {
          tags: ['public', ...tags],
          summary: 'One call; once admitted, every response with its rank and the admitted',
          params: idParams,
          response: { 200: s.frameworkCallSchema, ...problemResponses(400, 404) },
        },
      },
      async (request) => svc.getPublic(request.params.id),
    );
    app.post(
      '/api/frameworks',
      {
        config: center,
        schema: {
          tags,
          summary: 'Publish a call for admission (征集公告)',
          body: s.createFrameworkCallBody,
          response: { 201: s.frameworkCallSchema, ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.create(requireAuth(request), request.body)),
    );
    app.get(
      '/api/frameworks',
      {
        config: staff,
        schema: {
          tags,
          summary: "The center's calls (regulators: all)",
          querystring: pageQuery,
          response: { 200: pageOf(s.frameworkCallSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => svc.listForStaff(requireAuth(request), request.query),
    );
    app.get(
      '/api/frameworks/:id',
      {
        config: staff,
        schema: {
          tags,
          summary: 'One call of the center, with the responses once opened',
          params: idParams,
          response: { 200: s.frameworkCallSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => svc.getForStaff(requireAuth(request), request.params.id),
    );
  };

/** 框架协议采购, the center's decisions: evaluation and admission, joins, suspensions, and the figures. */
export const frameworkCallRoutes =
  (deps: { frameworks: FrameworksService }): FastifyPluginAsyncZod =>
  async (app) => {
    const svc = deps.frameworks;
    const tags = ['frameworks'];
    const center = { access: { roles: ['center_staff'] as const } };
    const staff = { access: { roles: ['center_staff', 'regulator'] as const } };

    app.post(
      '/api/frameworks/:id/evaluate',
      {
        config: center,
        schema: {
          tags,
          summary: 'The panel evaluates the opened responses and admits suppliers; agreements are made',
          params: idParams,
          body: s.evaluateFrameworkBody,
          response: { 200: s.frameworkCallSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => svc.evaluate(requireAuth(request), request.params.id, request.body),
    );
    app.post(
      '/api/frameworks/:id/joins/:responseId/decision',
      {
        config: center,
        schema: {
          tags,
          summary: 'Admit or refuse a request to join an open agreement',
          params: joinParams,
          body: s.joinDecisionBody,
          response: { 200: s.frameworkCallSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => svc.decideJoin(requireAuth(request), request.params.id, request.params.responseId, request.body),
    );
    app.put(
      '/api/frameworks/:id/members/:supplierId/suspension',
      {
        config: center,
        schema: {
          tags,
          summary: 'Suspend an admitted supplier from call-offs (reason null: resume)',
          params: memberParams,
          body: s.suspendMemberBody,
          response: { 200: s.frameworkCallSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => svc.suspend(requireAuth(request), request.params.id, request.params.supplierId, request.body.reason),
    );
    app.get(
      '/api/frameworks/:id/figures',
      {
        config: staff,
        schema: {
          tags,
          summary: 'Spend per supplier under the agreement and rotation fairness',
          params: idParams,
          response: { 200: s.frameworkFiguresSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => svc.figures(requireAuth(request), request.params.id),
    );
  };

/** 框架协议采购 for the participants: suppliers' responses and joins, units' rotation call-offs. */
export const frameworkParticipantRoutes =
  (deps: { frameworks: FrameworksService }): FastifyPluginAsyncZod =>
  async (app) => {
    const svc = deps.frameworks;
    const tags = ['frameworks'];

    app.get(
      '/api/supplier/frameworks',
      {
        config: { access: { roles: ['supplier'] } },
        schema: {
          tags,
          summary: 'Calls with this supplier’s own response receipt',
          querystring: pageQuery,
          response: { 200: pageOf(s.supplierFrameworkCallSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => svc.listForSupplier(requireAuth(request), request.query),
    );
    app.put(
      '/api/frameworks/:id/response',
      {
        config: { access: { roles: ['supplier'] } },
        schema: {
          tags,
          summary: 'Submit or replace a sealed response before the deadline: the reply is a receipt',
          params: idParams,
          body: s.frameworkResponseBody,
          response: { 200: receipt, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => svc.respond(requireAuth(request), request.params.id, request.body),
    );
    app.post(
      '/api/frameworks/:id/join',
      {
        config: { access: { roles: ['supplier'] } },
        schema: {
          tags,
          summary: 'Ask to join an open agreement during its term',
          params: idParams,
          body: s.frameworkResponseBody,
          response: { 201: receipt, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.requestJoin(requireAuth(request), request.params.id, request.body)),
    );
    app.post(
      '/api/frameworks/:id/rotation-orders',
      {
        config: { access: { roles: ['purchaser'] } },
        schema: {
          tags,
          summary: 'Place a rotation call-off (顺序轮候): the next supplier in turn gets it',
          params: idParams,
          body: s.rotationOrderBody,
          response: { 201: s.rotationOrderSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.placeRotation(requireAuth(request), request.params.id, request.body)),
    );
    app.get(
      '/api/frameworks/:id/rotation-orders',
      {
        config: { access: { roles: ['purchaser', 'supplier', 'center_staff', 'regulator'] } },
        schema: {
          tags,
          summary: 'Rotation call-offs: the unit’s, the supplier’s, or (center, regulator) all under the call',
          params: idParams,
          response: { 200: z.array(s.rotationOrderSchema), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => svc.rotationOrders(requireAuth(request), request.params.id),
    );
    app.post(
      '/api/rotation-orders/:id/complete',
      {
        config: { access: { roles: ['supplier'] } },
        schema: {
          tags,
          summary: 'The supplier reports a rotation call-off done',
          params: idParams,
          response: { 200: s.rotationOrderSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => svc.completeRotation(requireAuth(request), request.params.id),
    );
  };
