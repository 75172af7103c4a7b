import { asc, count, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditCheckpoints, auditEntries, users } from '../../db/schema/index.ts';
import { signedPayload, type AuditAnchor } from '../../platform/audit-anchor.ts';
import { offsetOf, type PageQuery } from '../../platform/paging.ts';

export function createAuditService(deps: { db: Db; anchor: AuditAnchor }) {
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

  /** The published checkpoints, oldest first (so a mirror pages forward), with the exact text each signature covers. */
  async function listCheckpoints(page: PageQuery) {
    const [rows, [total]] = await Promise.all([
      deps.db
        .select({ id: auditCheckpoints.id, seq: auditCheckpoints.seq, hash: auditCheckpoints.hash, signedAt: auditCheckpoints.signedAt, prevSeq: auditCheckpoints.prevSeq, span: auditCheckpoints.span, reason: auditCheckpoints.reason, keyId: auditCheckpoints.keyId, signature: auditCheckpoints.signature })
        .from(auditCheckpoints)
        .orderBy(asc(auditCheckpoints.id))
        .limit(page.pageSize)
        .offset(offsetOf(page)),
      deps.db.select({ n: count() }).from(auditCheckpoints),
    ]);
    return {
      items: rows.map(({ span, ...r }) => {
        const signedAt = r.signedAt.toISOString();
        return { ...r, signedAt, signedPayload: signedPayload({ v: 1, ...r, signedAt, span }) };
      }),
      total: total?.n ?? 0,
      ...page,
    };
  }

  return { listEntries, listCheckpoints, publicKey: () => deps.anchor.publicKey(), verify: () => deps.anchor.verify(deps.db) };
}

export type AuditService = ReturnType<typeof createAuditService>;
