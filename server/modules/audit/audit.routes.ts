import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../../platform/http.ts';
import { pageOf, pageQuery } from '../../platform/paging.ts';
import type { AuditService } from './audit.service.ts';

const auditEntrySchema = z.object({
  seq: z.number().int(),
  occurredAt: z.string(),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  hash: z.string(),
});

const verificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
});

export const auditRoutes =
  (deps: { audit: AuditService }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/admin/audit',
      {
        config: { access: { roles: ['admin'] } },
        schema: { tags: ['admin'], summary: 'Audit chain entries, newest first', querystring: pageQuery, response: { 200: pageOf(auditEntrySchema), ...problemResponses(400, 401, 403) } },
      },
      async (request) => deps.audit.listEntries(request.query),
    );

    app.post(
      '/api/admin/audit/verify',
      {
        config: { access: { roles: ['admin'] } },
        schema: { tags: ['admin'], summary: 'Recompute the audit chain and name the first broken entry', response: { 200: verificationSchema, ...problemResponses(401, 403) } },
      },
      async () => deps.audit.verify(),
    );
  };
