import { asc, count, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditCheckpoints, auditEntries, users } from '../../db/schema/index.ts';
import { signedPayload, type AuditAnchor } from '../../platform/audit-anchor.ts';
import { sequenceAudit } from '../../platform/audit.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';

/** A reference to the process an entry is about. */
export type EntityRef = { entityType: string; entityId: string };
/** The keys (`type:id`) of processes whose submissions are still sealed, as their owning modules decide. */
export type SealedProcesses = (refs: EntityRef[]) => Promise<Set<string>>;

/** Entries that record a sealed submission (a bid, a quote, their withdrawal). */
const isSubmission = (action: string) => /^(tender\.bid|quotation\.quote)/.test(action);
export const SEALED_ACTOR = '（开标前不公开）';

export function createAuditService(deps: { db: Db; anchor: AuditAnchor; sealed?: SealedProcesses }) {
  /**
   * Who submitted to which process is as secret as what they submitted until the opening (招标投标法第二十二条:
   * neither the names nor the number of bidders may be disclosed): until then, a submission entry shows
   * neither its actor nor its process, even to admins. The chain itself keeps both, and verifies.
   */
  async function stillSealed(entries: { action: string; entityType: string; entityId: string }[]) {
    const refs = entries.filter((e) => isSubmission(e.action)).map((e) => ({ entityType: e.entityType, entityId: e.entityId }));
    return refs.length && deps.sealed ? deps.sealed(refs) : new Set<string>();
  }

  async function listEntries(page: PageQuery) {
    // The log a reader asks for includes what was just committed.
    await sequenceAudit(deps.db);
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
    const sealed = await stillSealed(rows.map((r) => r.entry));
    return {
      items: rows.map(({ entry, actorName }) => {
        const hidden = isSubmission(entry.action) && sealed.has(`${entry.entityType}:${entry.entityId}`);
        return {
          seq: entry.seq,
          occurredAt: entry.occurredAt.toISOString(),
          actorUserId: hidden ? null : entry.actorUserId,
          actorName: hidden ? SEALED_ACTOR : actorName,
          action: entry.action,
          entityType: entry.entityType,
          entityId: hidden ? SEALED_ACTOR : entry.entityId,
          hash: entry.hash,
        };
      }),
      total: total?.n ?? 0,
      ...page,
    };
  }

  /** The published checkpoints, oldest first (so a mirror pages forward), with the exact text each signature covers. */
  async function listCheckpoints(page: PageQuery) {
    const [rows, [total]] = await Promise.all([
      deps.db
        .select({
          id: auditCheckpoints.id,
          seq: auditCheckpoints.seq,
          hash: auditCheckpoints.hash,
          signedAt: auditCheckpoints.signedAt,
          prevSeq: auditCheckpoints.prevSeq,
          span: auditCheckpoints.span,
          reason: auditCheckpoints.reason,
          keyId: auditCheckpoints.keyId,
          signature: auditCheckpoints.signature,
        })
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
