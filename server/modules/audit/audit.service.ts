import { count, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditEntries, users } from '../../db/schema/index.ts';
import { verifyAuditChain } from '../../platform/audit.ts';
import { offsetOf, type PageQuery } from '../../platform/paging.ts';

export function createAuditService(deps: { db: Db }) {
  async function listEntries(page: PageQuery) {
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
  }

  return { listEntries, verify: () => verifyAuditChain(deps.db) };
}

export type AuditService = ReturnType<typeof createAuditService>;
