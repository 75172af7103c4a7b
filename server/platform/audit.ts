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
    (
      p,
      i,
    ) => sql`select ${sql.raw(`e${i}`)}.seq, ${sql.raw(`e${i}`)}.ts, ${p.input.actor?.userId ?? null}::uuid, ${p.input.actor?.orgId ?? null}::uuid,
      ${p.input.action}::text, ${p.input.entityType}::text, ${p.input.entityId}::text, ${JSON.stringify(p.data)}::jsonb, ${sql.raw(`e${i}`)}.prev_hash, ${sql.raw(`e${i}`)}.hash
      from ${sql.raw(`e${i}`)}`,
  );
  const last = sql.raw(`e${parts.length - 1}`);
  const result = await tx.execute<{ seq: string | number; hash: string }>(sql`
    with locked as (select seq, hash from ${auditHead} where id = 'head' for update),
    head as (
      select l.seq, l.hash, t.ts, to_char(t.ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as iso
      from locked l, (select date_trunc('milliseconds', jicai.clock_timestamp()) as ts from locked) t),
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
 * A hash recorded for an entry outside the chain itself: a signed checkpoint names the hash of every entry
 * it spans. The walk asks for them in seq order.
 */
export interface Witnesses {
  /** Hashes recorded for entry seq, each with a label naming where it was recorded. */
  at(seq: number): { hash: string; label: string }[];
  /** The highest seq any witness covers (0 for none). */
  readonly lastSeq: number;
  readonly lastLabel: string;
}

const noWitnesses: Witnesses = { at: () => [], lastSeq: 0, lastLabel: '' };

/**
 * Walks the whole chain in seq order and names the first changed entry. Runs in one read-only
 * snapshot, so entries appended meanwhile neither confuse nor block it.
 */
export async function verifyAuditChain(db: Db, opts: { witnesses?: Witnesses; batchSize?: number } = {}): Promise<AuditVerification> {
  return db.transaction((tx) => verifyChainIn(tx, opts), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/**
 * The walk, in the caller's transaction. Each entry's hash is recomputed from its stored content and the
 * hash recomputed for the entry before (never from stored hashes), then compared with every record of
 * what that hash was: a checkpoint's signed hash for that seq, the entry's own stored hash, and the
 * next entry's prev_hash. The first entry whose content no longer yields what was recorded is named:
 *  - content edited, hash left: its own hash disagrees → that entry;
 *  - content and its own hash rewritten: the next entry's prev_hash disagrees → that entry, not the next;
 *  - content rewritten and every later hash, prev_hash and the head recomputed: nothing inside the
 *    database disagrees any more, but a checkpoint signed after that entry does → that entry, exactly,
 *    because each checkpoint signs the hash of every entry it spans.
 * Entries after the last checkpoint are checked for consistency only: a rewrite of them together with
 * the head cannot be seen until a checkpoint (hourly, and at each tender opening) covers them.
 */
export async function verifyChainIn(db: Tx, opts: { witnesses?: Witnesses; batchSize?: number } = {}): Promise<AuditVerification> {
  const witnesses = opts.witnesses ?? noWitnesses;
  const batchSize = opts.batchSize ?? 2000;
  let recomputed = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  const broken = (seq: number, reason: string): AuditVerification => ({ ok: false, checked, firstBroken: { seq, reason } });
  for (;;) {
    const rows = await db
      .select()
      .from(auditEntries)
      .where(gt(auditEntries.seq, expectedSeq - 1))
      .orderBy(asc(auditEntries.seq))
      .limit(batchSize);
    for (const row of rows) {
      if (row.seq !== expectedSeq) return broken(expectedSeq, `entry ${expectedSeq} is missing`);
      const hash = entryHash(recomputed, row);
      for (const w of witnesses.at(row.seq)) {
        if (w.hash !== hash) {
          return broken(
            row.seq,
            row.hash === w.hash
              ? `content does not match the hash ${w.label} signed for it (entry was edited)`
              : `content does not match the hash ${w.label} signed for it (entry was rewritten and its hash recomputed)`,
          );
        }
      }
      if (row.prevHash !== recomputed) {
        if (row.hash === hash || row.seq === 1)
          return broken(row.seq, 'previous-hash link was edited (it does not match the entry before it)');
        // This entry is consistent with a predecessor whose hash is not what the predecessor's content gives.
        return {
          ok: false,
          checked: checked - 1,
          firstBroken: { seq: row.seq - 1, reason: `content and hash were rewritten: entry ${row.seq} recorded a different hash for it` },
        };
      }
      if (row.hash !== hash) return broken(row.seq, 'content does not match its hash (entry was edited)');
      recomputed = hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < batchSize) break;
  }
  if (witnesses.lastSeq > checked) {
    return broken(checked + 1, `entry ${checked + 1} is missing: ${witnesses.lastLabel} covers entries up to ${witnesses.lastSeq}`);
  }
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 'head'));
  if (head && head.seq > checked) return broken(checked + 1, `entries from ${checked + 1} are missing: the head records ${head.seq}`);
  if (head && head.seq < checked)
    return broken(head.seq + 1, `entries from ${head.seq + 1} are not in the head (appended around the chain)`);
  if (head && head.hash !== recomputed) {
    return {
      ok: false,
      checked: checked - 1,
      firstBroken: { seq: checked, reason: 'content and hash were rewritten: the head records a different hash for it' },
    };
  }
  return { ok: true, checked, firstBroken: null };
}
