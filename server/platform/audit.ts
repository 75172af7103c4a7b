import { createHash } from 'node:crypto';
import { asc, eq, gt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { auditEntries, auditHead } from '../db/schema/index.ts';

export interface AuditActor {
  userId: string | null;
  orgId: string | null;
}

export interface AuditInput {
  actor: AuditActor | null;
  action: string;
  entityType: string;
  entityId: string;
  data?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys sorted at every level, so that jsonb's own key order cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

interface ChainFields {
  seq: number;
  occurredAt: Date;
  actorUserId: string | null;
  actorOrgId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
}

export function entryHash(prevHash: string, e: ChainFields): string {
  const canonical = canonicalJson({
    seq: e.seq,
    occurredAt: e.occurredAt.toISOString(),
    actorUserId: e.actorUserId,
    actorOrgId: e.actorOrgId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    data: e.data,
  });
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/**
 * Appends one entry in the caller's transaction. Locking the head row serializes writers, so the chain
 * has no forks; if the change rolls back, so does its entry.
 */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<{ seq: number; hash: string }> {
  const head = await tx.execute<{ seq: string; hash: string; now: Date | string }>(
    sql`select seq, hash, date_trunc('milliseconds', clock_timestamp()) as now
        from ${auditHead} where id = 'head' for update`,
  );
  const row = head.rows[0];
  if (!row) throw new Error('audit head missing: migrations not applied');
  const fields: ChainFields = {
    seq: Number(row.seq) + 1,
    occurredAt: row.now instanceof Date ? row.now : new Date(String(row.now)),
    actorUserId: input.actor?.userId ?? null,
    actorOrgId: input.actor?.orgId ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    // Round-trip through JSON so what is hashed is exactly what jsonb stores (dates as strings, no undefined).
    data: JSON.parse(JSON.stringify(input.data ?? {})) as Record<string, unknown>,
  };
  const hash = entryHash(row.hash, fields);
  await tx.insert(auditEntries).values({ ...fields, prevHash: row.hash, hash });
  await tx.update(auditHead).set({ seq: fields.seq, hash }).where(eq(auditHead.id, 'head'));
  return { seq: fields.seq, hash };
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; reason: string } | null;
}

/**
 * Walks the whole chain in seq order and names the first entry whose link does not hold. Runs in one
 * read-only snapshot, so entries appended meanwhile neither confuse nor block it.
 */
export async function verifyAuditChain(db: Db, batchSize = 2000): Promise<AuditVerification> {
  return db.transaction((tx) => verifyInSnapshot(tx, batchSize), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

async function verifyInSnapshot(db: Tx, batchSize: number): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEntries)
      .where(gt(auditEntries.seq, expectedSeq - 1))
      .orderBy(asc(auditEntries.seq))
      .limit(batchSize);
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return { ok: false, checked, firstBroken: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing` } };
      }
      if (row.prevHash !== prevHash) {
        return { ok: false, checked, firstBroken: { seq: row.seq, reason: 'previous-hash link does not match the entry before it' } };
      }
      if (entryHash(prevHash, row) !== row.hash) {
        return { ok: false, checked, firstBroken: { seq: row.seq, reason: 'content does not match its hash (entry was edited)' } };
      }
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < batchSize) break;
  }
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 'head'));
  if (head && (head.seq !== checked || head.hash !== prevHash)) {
    return { ok: false, checked, firstBroken: { seq: head.seq, reason: 'chain head does not match the last entry (entries removed)' } };
  }
  return { ok: true, checked, firstBroken: null };
}
