import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { pageOf, pageQuery } from '../../../contracts/paging.ts';
import { idParams } from '../../platform/schemas.ts';
import * as s from '../../../contracts/risk.schemas.ts';
import type { RiskService } from './risk.service.ts';

const regulators = { access: { roles: ['regulator'] as const } };

export const riskRoutes =
  (deps: { risk: RiskService }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['risk'];
    const { risk } = deps;
    app.get(
      '/api/risk/alerts',
      {
        config: regulators,
        schema: {
          tags,
          summary: '风险提醒 inbox: open first, then by severity and time',
          querystring: pageQuery.extend(s.alertListQuery.shape),
          response: { 200: pageOf(s.alertSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return risk.list(requireAuth(request), filter, { page, pageSize });
      },
    );
    app.get(
      '/api/risk/alerts/:id',
      {
        config: regulators,
        schema: {
          tags,
          summary: 'An alert with its evidence and trail',
          params: idParams,
          response: { 200: s.alertDetailSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => risk.detail(requireAuth(request), request.params.id),
    );
    app.post(
      '/api/risk/alerts/:id/assign',
      {
        config: regulators,
        schema: {
          tags,
          summary: 'Assign an alert to a regulator who can read it (its area within theirs; notified)',
          params: idParams,
          body: s.assignBody,
          response: { 200: s.alertDetailSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => risk.assign(requireAuth(request), request.params.id, request.body),
    );
    app.post(
      '/api/risk/alerts/:id/comments',
      {
        config: regulators,
        schema: {
          tags,
          summary: 'Comment on an alert',
          params: idParams,
          body: s.commentBody,
          response: { 200: s.alertDetailSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => risk.comment(requireAuth(request), request.params.id, request.body.body),
    );
    app.post(
      '/api/risk/alerts/:id/close',
      {
        config: regulators,
        schema: {
          tags,
          summary: 'Close an alert as confirmed or dismissed, with a note',
          params: idParams,
          body: s.closeBody,
          response: { 200: s.alertDetailSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => risk.close(requireAuth(request), request.params.id, request.body),
    );
    app.post(
      '/api/risk/alerts/:id/reopen',
      {
        config: regulators,
        schema: {
          tags,
          summary: 'Reopen a closed alert, with the reason',
          params: idParams,
          body: s.reopenBody,
          response: { 200: s.alertDetailSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => risk.reopen(requireAuth(request), request.params.id, request.body.note),
    );
    app.get(
      '/api/risk/rules',
      {
        config: regulators,
        schema: {
          tags,
          summary: "The risk rules with the counts of the alerts in the caller's jurisdiction, and their last run",
          response: { 200: z.array(s.ruleSchema), ...problemResponses(401, 403) },
        },
      },
      async (request) => risk.rules(requireAuth(request)),
    );
    app.post(
      '/api/risk/scan',
      {
        config: regulators,
        schema: {
          tags,
          summary: 'Run every rule (or one) now, each as a job on the risk queue',
          description:
            'At most one run per rule waits in the queue (and one runs). A request for a rule already waiting or running is not queued again: it joins that waiting run, or the one follow-up kept behind the running one, and the answer is still 202, listing the rule in `joined`.',
          body: s.scanBody,
          response: { 202: s.scanResponse, ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) => reply.code(202).send(await risk.requestScan(request.body.rule)),
    );
    app.get(
      '/api/risk/assignees',
      {
        config: regulators,
        schema: {
          tags,
          summary: "Regulators of the caller's area an alert can be assigned to; with alertId, only those who can read that alert",
          querystring: z.object({ alertId: z.uuid('应为风险提醒编号').optional() }),
          response: { 200: z.array(s.assigneeSchema), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => risk.assignees(requireAuth(request), request.query.alertId),
    );
  };
