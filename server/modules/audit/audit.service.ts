import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { containsPattern } from '../../db/columns.ts';
import { auditCheckpoints, auditEntries, organizations, users } from '../../db/schema/index.ts';
import { signedPayload, type AuditAnchor } from '../../platform/audit-anchor.ts';
import { sequenceAudit } from '../../platform/audit.ts';
import { labelKey, type EntityLabel } from '../../platform/entity-labels.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import type { AuditEntryDto, AuditFilters, AuditListQuery } from '../../../contracts/audit.schemas.ts';
import { amountOf, SEALED_ACTOR, summaryZh } from './audit.words.ts';

export { SEALED_ACTOR };

/** A reference to the process an entry is about. */
export type EntityRef = { entityType: string; entityId: string };
/** The keys (`type:id`) of processes whose submissions are still sealed, as their owning modules decide. */
export type SealedProcesses = (refs: EntityRef[]) => Promise<Set<string>>;

/** The labels of the things entries are about, keyed `type:id`, as their owning modules name them (one statement). */
export type EntityLabels = (refs: EntityRef[]) => Promise<Map<string, EntityLabel>>;

/** Entries that record a sealed submission (a bid, a quote, their withdrawal). */
const SUBMISSION = /^(tender\.bid|quotation\.quote)/;
/**
 * What a sealed process's log withholds until its opening: its submissions, and anything a supplier did on it
 * (a withdrawal, a question, a download of the documents, a framework call's response): each names a
 * supplier taking part, and the law keeps the names and the number of potential bidders secret until then
 * (招标投标法第二十二条, 政府采购货物和服务招标投标管理办法第三十条).
 */
const isWithheld = (e: { action: string; actorKind: string | null }) => SUBMISSION.test(e.action) || e.actorKind === 'supplier';

export function createAuditService(deps: { db: Db; anchor: AuditAnchor; sealed?: SealedProcesses; labels?: EntityLabels }) {
  /**
   * Who submitted to which process is as secret as what they submitted until the opening (招标投标法第二十二条:
   * neither the names nor the number of bidders may be disclosed): until then, a submission entry shows
   * neither its actor nor its process, even to admins. The chain itself keeps both, and verifies.
   */
  async function stillSealed(entries: { action: string; actorKind: string | null; entityType: string; entityId: string }[]) {
    const refs = entries.filter(isWithheld).map((e) => ({ entityType: e.entityType, entityId: e.entityId }));
    return refs.length && deps.sealed ? deps.sealed(refs) : new Set<string>();
  }

  /** The filters as conditions on the chain; days are Asia/Shanghai calendar days, the column UTC. */
  function conditions(f: AuditFilters): SQL[] {
    const conds: SQL[] = [];
    if (f.actorUserId) conds.push(eq(auditEntries.actorUserId, f.actorUserId));
    if (f.person) {
      const p = containsPattern(f.person);
      conds.push(
        sql`${auditEntries.actorUserId} in (select ${users.id} from ${users} where ${users.displayName} ilike ${p} or ${users.username} ilike ${p})`,
      );
    }
    if (f.organizationId) conds.push(eq(auditEntries.actorOrgId, f.organizationId));
    if (f.action?.length) conds.push(inArray(auditEntries.action, f.action));
    if (f.entityType) conds.push(eq(auditEntries.entityType, f.entityType));
    if (f.entityId) conds.push(eq(auditEntries.entityId, f.entityId));
    if (f.from) conds.push(sql`${auditEntries.occurredAt} >= (${f.from}::date)::timestamp at time zone 'Asia/Shanghai'`);
    if (f.to) conds.push(sql`${auditEntries.occurredAt} < (${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`);
    return conds;
  }

  /**
   * A filter on who acted or on which process would tell, by what it matches (and the total), who
   * submitted to a process still sealed: such entries match no filter on person, organization or
   * process until the opening. They still show, withheld, in a list filtered otherwise.
   */
  async function withoutSealedMatches(f: AuditFilters, conds: SQL[]): Promise<SQL[]> {
    if (!(f.actorUserId || f.person || f.organizationId || f.entityId) || !deps.sealed) return conds;
    const submission = sql`(${auditEntries.action} ~ ${SUBMISSION.source} or ${auditEntries.actorOrgId} in (select ${organizations.id} from ${organizations} where ${organizations.kind} = 'supplier'))`;
    const refs = await deps.db
      .selectDistinct({ entityType: auditEntries.entityType, entityId: auditEntries.entityId })
      .from(auditEntries)
      .where(and(...conds, submission));
    const sealed = refs.length ? await deps.sealed(refs) : new Set<string>();
    if (sealed.size === 0) return conds;
    return [
      ...conds,
      sql`not (${submission} and ${auditEntries.entityType} || ':' || ${auditEntries.entityId} = any(${sql.param([...sealed])}::text[]))`,
    ];
  }

  async function listEntries(query: AuditListQuery) {
    const { page, pageSize, ...filter } = query;
    // The log a reader asks for includes what was just committed.
    await sequenceAudit(deps.db);
    const conds = await withoutSealedMatches(filter, conditions(filter));
    const where = conds.length ? and(...conds) : undefined;
    const [rows, [total]] = await Promise.all([
      deps.db
        .select({ entry: auditEntries, actorName: users.displayName, organizationName: organizations.name, actorKind: organizations.kind })
        .from(auditEntries)
        .leftJoin(users, eq(users.id, auditEntries.actorUserId))
        .leftJoin(organizations, eq(organizations.id, auditEntries.actorOrgId))
        .where(where)
        .orderBy(desc(auditEntries.seq))
        .limit(pageSize)
        .offset(offsetOf({ page, pageSize })),
      deps.db.select({ n: count() }).from(auditEntries).where(where),
    ]);
    const sealed = await stillSealed(rows.map((r) => ({ ...r.entry, actorKind: r.actorKind })));
    const hidden = (r: (typeof rows)[number]) =>
      isWithheld({ action: r.entry.action, actorKind: r.actorKind }) && sealed.has(`${r.entry.entityType}:${r.entry.entityId}`);
    const open = rows.filter((r) => !hidden(r)).map((r) => ({ entityType: r.entry.entityType, entityId: r.entry.entityId }));
    const labels = deps.labels && open.length ? await deps.labels(open) : new Map<string, EntityLabel>();
    const items: AuditEntryDto[] = rows.map((row) => {
      const { entry, actorName, organizationName } = row;
      if (hidden(row)) {
        const withheld = {
          action: entry.action,
          actorName: SEALED_ACTOR,
          organizationName: null,
          entityType: entry.entityType,
          entityId: SEALED_ACTOR,
          entityLabel: null,
          entityTitle: null,
          amountFen: null,
          sealed: true,
        };
        return {
          seq: entry.seq,
          occurredAt: entry.occurredAt.toISOString(),
          actorUserId: null,
          actorOrgId: null,
          entityRefId: null,
          ...withheld,
          summary: summaryZh(withheld),
          hash: entry.hash,
        };
      }
      const label = labels.get(labelKey(entry.entityType, entry.entityId));
      const worded = {
        action: entry.action,
        actorName,
        organizationName,
        entityType: entry.entityType,
        entityId: entry.entityId,
        entityLabel: label?.label ?? null,
        entityTitle: label?.title ?? null,
        amountFen: amountOf(entry.data),
        sealed: false,
      };
      return {
        seq: entry.seq,
        occurredAt: entry.occurredAt.toISOString(),
        actorUserId: entry.actorUserId,
        actorOrgId: entry.actorOrgId,
        entityRefId: label?.refId ?? null,
        ...worded,
        summary: summaryZh(worded),
        hash: entry.hash,
      };
    });
    return { items, total: total?.n ?? 0, page, pageSize };
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
