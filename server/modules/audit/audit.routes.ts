import { count, desc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { auditEntries, users } from '../../db/schema/index.ts';
import { verifyAuditChain } from '../../platform/audit.ts';
import { problemResponses } from '../../platform/http.ts';
import { offsetOf, pageOf, pageQuery } from '../../platform/paging.ts';

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
  (deps: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/admin/audit',
      {
        config: { access: { roles: ['admin'] } },
        schema: { tags: ['admin'], summary: 'Audit chain entries, newest first', querystring: pageQuery, response: { 200: pageOf(auditEntrySchema), ...problemResponses(400, 401, 403) } },
      },
      async (request) => {
        const page = request.query;
        const [rows, [total]] = await Promise.all([
          deps.db
            .select({ entry: auditEntries, actorName: users.displayName })
            .from(auditEntries)
            .leftJoin(users, eq(users.id, auditEntries.actorUserId))
            .orderBy(desc(auditEntries.seq))
            .limit(page.pageSize)
            .offset(offsetOf(page)),
          deps.db.select({ n: count() }).from(auditEntries),
        ]);
        return {
          items: rows.map(({ entry, actorName }) => ({
            seq: entry.seq,
            occurredAt: entry.occurredAt.toISOString(),
            actorUserId: entry.actorUserId,
            actorName,
            action: entry.action,
            entityType: entry.entityType,
            entityId: entry.entityId,
            hash: entry.hash,
          })),
          total: total?.n ?? 0,
          ...page,
        };
      },
    );

    app.post(
      '/api/admin/audit/verify',
      {
        config: { access: { roles: ['admin'] } },
        schema: { tags: ['admin'], summary: 'Recompute the audit chain and name the first broken entry', response: { 200: verificationSchema, ...problemResponses(401, 403) } },
      },
      async () => verifyAuditChain(deps.db),
    );
  };
