import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { pageOf, pageQuery } from '../../../contracts/paging.ts';
import { idParams } from '../../platform/schemas.ts';
import {
  budgetLineSchema,
  createBudgetLineBody,
  createOrganizationBody,
  createUserBody,
  organizationListQuery,
  organizationSchema,
  updateSupplierBody,
  updateUserBody,
  userListQuery,
  userSchema,
} from './organizations.schemas.ts';
import type { OrganizationsService } from './organizations.service.ts';

export const organizationsRoutes =
  (deps: { organizations: OrganizationsService }): FastifyPluginAsyncZod =>
  async (app) => {
    const svc = deps.organizations;

    app.get(
      '/api/organizations/:id',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags: ['organizations'],
          summary: "An organization's record: the caller's own, or any for oversight roles",
          params: idParams,
          response: { 200: organizationSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => svc.getOrganization(requireAuth(request), request.params.id),
    );

    app.get(
      '/api/organizations/:id/budget-lines',
      {
        config: { access: { roles: ['purchaser', 'approver', 'regulator', 'admin'] } },
        schema: {
          tags: ['organizations'],
          summary: "A purchasing unit's budget lines (预算指标) with reserved, spent and free amounts",
          params: idParams,
          querystring: pageQuery,
          response: { 200: pageOf(budgetLineSchema), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => svc.budgetLinesOf(requireAuth(request), request.params.id, request.query),
    );

    app.post(
      '/api/organizations/:id/budget-lines',
      {
        config: { access: { roles: ['regulator', 'admin'] } },
        schema: {
          tags: ['organizations'],
          summary: 'Issue a budget line (下达预算指标) to a purchasing unit: the finance department, or an admin',
          params: idParams,
          body: createBudgetLineBody,
          response: { 201: budgetLineSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.createBudgetLine(requireAuth(request), request.params.id, request.body)),
    );

    app.get(
      '/api/organizations/:id/budget-lines/:lineId/movements',
      {
        config: { access: { roles: ['purchaser', 'approver', 'regulator', 'admin'] } },
        schema: {
          tags: ['organizations'],
          summary: "A budget line's history of reservations, releases and spending",
          params: idParams.extend({ lineId: z.uuid('编号格式不正确') }),
          querystring: pageQuery,
          response: {
            200: pageOf(
              z.object({
                id: z.string(),
                kind: z.enum(['reserve', 'release', 'spend']),
                amountFen: z.number(),
                orderId: z.string().nullable(),
                orderNo: z.string().nullable(),
                quotationId: z.string().nullable(),
                quotationNo: z.string().nullable(),
                createdAt: z.string(),
              }),
            ),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => svc.budgetLineHistory(requireAuth(request), request.params.id, request.params.lineId, request.query),
    );

    app.get(
      '/api/admin/organizations',
      {
        config: { access: { roles: ['admin'] } },
        schema: {
          tags: ['admin'],
          summary: 'All organizations, filtered by kind and name or USCC',
          querystring: pageQuery.extend(organizationListQuery.shape),
          response: { 200: pageOf(organizationSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return svc.listOrganizations(filter, { page, pageSize });
      },
    );

    app.get(
      '/api/purchasing-units',
      {
        config: { access: { roles: ['center_staff', 'regulator', 'admin'] } },
        schema: {
          tags: ['organizations'],
          summary: 'Purchasing units by name, for center staff running tenders on their behalf',
          querystring: pageQuery.extend({ q: z.string().trim().max(50).optional() }),
          response: {
            200: pageOf(z.object({ id: z.string(), name: z.string(), regionCode: z.string() })),
            ...problemResponses(400, 401, 403),
          },
        },
      },
      async (request) => {
        const { page, pageSize, q } = request.query;
        const result = await svc.listUnitsInJurisdiction(requireAuth(request), q, { page, pageSize });
        return { ...result, items: result.items.map((o) => ({ id: o.id, name: o.name, regionCode: o.regionCode })) };
      },
    );

    app.post(
      '/api/admin/organizations',
      {
        config: { access: { roles: ['admin'] } },
        schema: {
          tags: ['admin'],
          summary: 'Register an organization',
          body: createOrganizationBody,
          response: { 201: organizationSchema, ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.createOrganization(requireAuth(request), request.body)),
    );

    app.patch(
      '/api/admin/organizations/:id',
      {
        config: { access: { roles: ['admin'] } },
        schema: {
          tags: ['admin'],
          summary: "A supplier's legal representative and controlling organization (USCC), which the bid opening checks",
          params: idParams,
          body: updateSupplierBody,
          response: { 200: organizationSchema, ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request) => svc.updateSupplier(requireAuth(request), request.params.id, request.body),
    );

    app.get(
      '/api/admin/users',
      {
        config: { access: { roles: ['admin'] } },
        schema: {
          tags: ['admin'],
          summary: 'All users, filtered by name and role',
          querystring: pageQuery.extend(userListQuery.shape),
          response: { 200: pageOf(userSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return svc.listUsers(filter, { page, pageSize });
      },
    );

    app.post(
      '/api/admin/users',
      {
        config: { access: { roles: ['admin'] } },
        schema: {
          tags: ['admin'],
          summary: 'Create a user in an organization, with roles that fit its kind',
          body: createUserBody,
          response: { 201: userSchema, ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await svc.createUser(requireAuth(request), request.body)),
    );

    app.patch(
      '/api/admin/users/:id',
      {
        config: { access: { roles: ['admin'] } },
        schema: {
          tags: ['admin'],
          summary: 'Enable or disable a user, or change its roles',
          params: idParams,
          body: updateUserBody,
          response: { 200: userSchema, ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request) => svc.updateUser(requireAuth(request), request.params.id, request.body),
    );
  };
