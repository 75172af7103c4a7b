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
 * The canonical text hashed for an entry is `{"action":…,"actorOrgId":…,"actorUserId":…,"data":…,
 * "entityId":…,"entityType":…,"occurredAt":"<ISO>","seq":N}` (canonicalJson's key order). Everything up
 * to `"occurredAt":` is known before the head is read; the time and seq come from the database.
 */
function canonicalPrefix(input: AuditInput, data: Record<string, unknown>): string {
  const full = canonicalJson({
    action: input.action,
    actorOrgId: input.actor?.orgId ?? null,
    actorUserId: input.actor?.userId ?? null,
    data,
    entityId: input.entityId,
    entityType: input.entityType,
  });
  return `${full.slice(0, -1)},"occurredAt":`;
}

/**
 * Appends entries in the caller's transaction, in ONE statement: it locks the head row (which serializes
 * writers, so the chain has no forks), hashes each entry in SQL from the same canonical text entryHash()
 * hashes, inserts them and moves the head. The head stays locked until the caller commits, so call this
 * last in a transaction; if the change rolls back, so do its entries. verifyAuditChain recomputes every
 * hash in TypeScript, so the two ways of hashing are checked against each other on every verification.
 */
export async function appendAuditEntries(tx: Tx, inputs: readonly AuditInput[]): Promise<{ seq: number; hash: string }[]> {
  if (inputs.length === 0) return [];
  const parts = inputs.map((input) => {
    // Round-trip through JSON so what is hashed is exactly what jsonb stores (dates as strings, no undefined).
    const data = JSON.parse(JSON.stringify(input.data ?? {})) as Record<string, unknown>;
    return { input, data, prefix: canonicalPrefix(input, data) };
  });
  const steps = parts.map((p, i) => {
    const from = i === 0 ? sql`head` : sql.raw(`e${i - 1}`);
    return sql`${sql.raw(`e${i}`)} as (
      select f.seq + 1 as seq, f.ts, f.iso, f.hash as prev_hash,
             encode(sha256(convert_to(f.hash || E'\n' || ${p.prefix}::text || '"' || f.iso || '","seq":' || (f.seq + 1)::text || '}', 'UTF8')), 'hex') as hash
      from ${from} f)`;
  });
  const inserts = parts.map(
    (p, i) => sql`select ${sql.raw(`e${i}`)}.seq, ${sql.raw(`e${i}`)}.ts, ${p.input.actor?.userId ?? null}::uuid, ${p.input.actor?.orgId ?? null}::uuid,
      ${p.input.action}::text, ${p.input.entityType}::text, ${p.input.entityId}::text, ${JSON.stringify(p.data)}::jsonb, ${sql.raw(`e${i}`)}.prev_hash, ${sql.raw(`e${i}`)}.hash
      from ${sql.raw(`e${i}`)}`,
  );
  const last = sql.raw(`e${parts.length - 1}`);
  const result = await tx.execute<{ seq: string | number; hash: string }>(sql`
    with locked as (select seq, hash from ${auditHead} where id = 'head' for update),
    head as (
      select l.seq, l.hash, t.ts, to_char(t.ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as iso
      from locked l, (select date_trunc('milliseconds', clock_timestamp()) as ts from locked) t),
    ${sql.join(steps, sql`, `)},
    ins as (
      insert into ${auditEntries} (seq, occurred_at, actor_user_id, actor_org_id, action, entity_type, entity_id, data, prev_hash, hash)
      ${sql.join(inserts, sql` union all `)}),
    upd as (update ${auditHead} set seq = ${last}.seq, hash = ${last}.hash from ${last} where id = 'head')
    ${sql.join(
      parts.map((_, i) => sql`select seq, hash from ${sql.raw(`e${i}`)}`),
      sql` union all `,
    )}`);
  if (result.rows.length !== parts.length) throw new Error('audit head missing: migrations not applied');
  return result.rows.map((r) => ({ seq: Number(r.seq), hash: r.hash })).sort((a, b) => a.seq - b.seq);
}

/** Appends one entry in the caller's transaction (see appendAuditEntries). */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<{ seq: number; hash: string }> {
  const [entry] = await appendAuditEntries(tx, [input]);
  return entry!;
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
