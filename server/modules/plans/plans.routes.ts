import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { pageOf, pageQuery } from '../../../contracts/paging.ts';
import { idParams } from '../../platform/schemas.ts';
import * as s from '../../../contracts/plans.schemas.ts';
import type { PlansService } from './plans.service.ts';

/** 采购意向公开: the public's reading and the unit's publishing. */
const intentionRoutes =
  (deps: { plans: PlansService }): FastifyPluginAsyncZod =>
  async (app) => {
    const { intentions } = deps.plans;
    const tags = ['plans'];
    const listQuery = pageQuery.extend(s.intentionListQuery.shape);

    app.get(
      '/api/public/intentions',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'public' } },
        schema: {
          tags: ['public', ...tags],
          summary: 'Published procurement intentions (采购意向公开)',
          querystring: listQuery,
          response: { 200: pageOf(s.intentionSchema), ...problemResponses(400) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return intentions.listPublic(filter, { page, pageSize });
      },
    );

    app.get(
      '/api/public/intentions/:id',
      {
        config: { access: { public: true }, rateLimit: { bucket: 'public' } },
        schema: {
          tags: ['public', ...tags],
          summary: 'One published procurement intention',
          params: idParams,
          response: { 200: s.intentionSchema, ...problemResponses(400, 404) },
        },
      },
      async (request) => intentions.getPublic(request.params.id),
    );

    app.post(
      '/api/intentions',
      {
        config: { access: { roles: ['purchaser'] } },
        schema: {
          tags,
          summary: "Publish the unit's procurement intention: public at once, ≥ 30 days before its tender or quotation",
          body: s.intentionInput,
          response: { 201: s.intentionSchema, ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await intentions.publish(requireAuth(request), request.body)),
    );

    app.get(
      '/api/intentions',
      {
        config: { access: { roles: ['purchaser', 'approver'] } },
        schema: {
          tags,
          summary: "The unit's own intentions, withdrawn ones included",
          querystring: listQuery.omit({ unitOrgId: true }),
          response: { 200: pageOf(s.intentionSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return intentions.listOwn(requireAuth(request), filter, { page, pageSize });
      },
    );

    app.post(
      '/api/intentions/:id/withdraw',
      {
        config: { access: { roles: ['purchaser'] } },
        schema: {
          tags,
          summary: 'Withdraw an intention of the unit',
          params: idParams,
          response: { 200: s.intentionSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => intentions.withdraw(requireAuth(request), request.params.id),
    );
  };

/** 年度采购计划: the unit saves and submits, the finance department approves or returns. */
const annualPlanRoutes =
  (deps: { plans: PlansService }): FastifyPluginAsyncZod =>
  async (app) => {
    const { annual } = deps.plans;
    const tags = ['plans'];

    app.post(
      '/api/plans',
      {
        config: { access: { roles: ['purchaser'] } },
        schema: {
          tags,
          summary: "Save the unit's annual procurement plan (年度采购计划) for a year, while a draft or returned",
          body: s.planInput,
          response: { 200: s.planSchema, ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request) => annual.save(requireAuth(request), request.body),
    );

    app.get(
      '/api/plans',
      {
        config: { access: { roles: ['purchaser', 'approver', 'regulator'] } },
        schema: {
          tags,
          summary: "Annual plans: the unit's own (regulators: all), each line with its required method",
          querystring: s.planListQuery,
          response: { 200: s.planSchema.array(), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => annual.list(requireAuth(request), request.query),
    );

    app.get(
      '/api/plans/:id',
      {
        config: { access: { roles: ['purchaser', 'approver', 'regulator'] } },
        schema: {
          tags,
          summary: 'One annual plan, each line told its required method and the rule and amounts deciding it',
          params: idParams,
          response: { 200: s.planSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => annual.get(requireAuth(request), request.params.id),
    );
  };

/** The plan's way to the finance department and back. */
const planDecisionRoutes =
  (deps: { plans: PlansService }): FastifyPluginAsyncZod =>
  async (app) => {
    const { annual } = deps.plans;
    const tags = ['plans'];

    app.post(
      '/api/plans/:id/submit',
      {
        config: { access: { roles: ['purchaser'] } },
        schema: {
          tags,
          summary: 'Submit the plan to the finance department',
          params: idParams,
          response: { 200: s.planSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => annual.submit(requireAuth(request), request.params.id),
    );

    app.post(
      '/api/plans/:id/approve',
      {
        config: { access: { roles: ['regulator'] } },
        schema: {
          tags,
          summary: "Approve a submitted plan: refused when the year's SME reserved share is below the policy, unless exempt",
          params: idParams,
          body: s.planDecisionBody,
          response: { 200: s.planSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => annual.approve(requireAuth(request), request.params.id, request.body.note),
    );

    app.post(
      '/api/plans/:id/return',
      {
        config: { access: { roles: ['regulator'] } },
        schema: {
          tags,
          summary: 'Return a submitted plan to its unit with a reason',
          params: idParams,
          body: s.planReturnBody,
          response: { 200: s.planSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => annual.returnPlan(requireAuth(request), request.params.id, request.body.note),
    );
  };

export const plansRoutes =
  (deps: { plans: PlansService }): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(intentionRoutes(deps));
    await app.register(annualPlanRoutes(deps));
    await app.register(planDecisionRoutes(deps));
  };
