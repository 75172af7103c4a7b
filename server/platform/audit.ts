import { createHash } from 'node:crypto';
import { asc, eq, gt, inArray, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../db/client.ts';
import { auditEntries, auditHead, auditPending } from '../db/schema/index.ts';

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
 * Appends entries in the caller's transaction, in ONE insert that takes no lock another transaction waits
 * on: the entries land unsequenced (audit_pending) with the clock's time, and commit or roll back with the
 * change they record. sequenceAudit chains them shortly after, in the order it sees them committed, as a
 * certificate-transparency log sequences its submissions; every read of the chain sequences first.
 */
export async function appendAuditEntries(tx: DbOrTx, inputs: readonly AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await tx.insert(auditPending).values(
    inputs.map((input) => ({
      occurredAt: sql`date_trunc('milliseconds', jicai.clock_timestamp())`,
      actorUserId: input.actor?.userId ?? null,
      actorOrgId: input.actor?.orgId ?? null,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      // Round-trip through JSON so what is stored is plain data (dates as strings, no undefined).
      data: JSON.parse(JSON.stringify(input.data ?? {})) as Record<string, unknown>,
    })),
  );
}

/**
 * The same append as an SQL statement to put inside a data-modifying WITH, so a write and its audit entries
 * are one statement: the entries are inserted only when `when` (e.g. `exists (select 1 from upd)`) holds.
 */
export function auditInsertWhen(inputs: readonly AuditInput[], when: SQL): SQL {
  const rows = inputs.map(
    (i) =>
      sql`(${i.actor?.userId ?? null}::uuid, ${i.actor?.orgId ?? null}::uuid, ${i.action}::text, ${i.entityType}::text, ${i.entityId}::text, ${JSON.stringify(i.data ?? {})}::jsonb)`,
  );
  return sql`insert into ${auditPending} (occurred_at, actor_user_id, actor_org_id, action, entity_type, entity_id, data)
    select date_trunc('milliseconds', jicai.clock_timestamp()), v.* from (values ${sql.join(rows, sql`, `)}) v where ${when}`;
}

/**
 * An append whose time and data are computed by the statement itself: one entry per row of `from` (a
 * WITH part of the same statement), e.g. the row a conditional update just moved.
 */
export function auditInsertSelect(
  from: SQL,
  e: {
    occurredAt: SQL;
    /** Values, or placeholders of a statement built once (server/db/built-once.ts). */
    actor: AuditActor | { userId: Placeholder; orgId: Placeholder } | null;
    action: string;
    entityType: string;
    entityId: string | Placeholder;
    data: SQL;
  },
): SQL {
  return sql`insert into ${auditPending} (occurred_at, actor_user_id, actor_org_id, action, entity_type, entity_id, data)
    select ${e.occurredAt}, ${e.actor?.userId ?? null}::uuid, ${e.actor?.orgId ?? null}::uuid, ${e.action}::text, ${e.entityType}::text, ${e.entityId}::text, ${e.data}
    from ${from}`;
}

/**
 * The sequencer: moves committed pending entries into the chain, oldest first, in batches. Each batch is
 * one transaction that locks the head (so sequencers never fork the chain), hashes each entry from its
 * stored content (what verifyAuditChain recomputes), inserts the entries, deletes them from pending and
 * moves the head. An entry whose transaction commits while a batch runs is simply chained by the next
 * one: none is lost, none is chained twice. Returns how many entries it chained.
 */
export async function sequenceAudit(db: DbOrTx, opts: { batchSize?: number } = {}): Promise<number> {
  const batchSize = opts.batchSize ?? 2000;
  let chained = 0;
  for (;;) {
    const [any] = await db.select({ id: auditPending.id }).from(auditPending).limit(1);
    if (!any) return chained;
    const n = await db.transaction(async (tx) => {
      const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 'head')).for('update');
      if (!head) throw new Error('audit head missing: migrations not applied');
      const pending = await tx.select().from(auditPending).orderBy(asc(auditPending.id)).limit(batchSize);
      let { seq, hash } = head;
      const entries = pending.map(({ id: _id, ...e }) => {
        const prevHash = hash;
        seq += 1;
        hash = entryHash(prevHash, { ...e, seq });
        return { ...e, seq, prevHash, hash };
      });
      for (let i = 0; i < entries.length; i += 500) await tx.insert(auditEntries).values(entries.slice(i, i + 500));
      if (pending.length) {
        await tx.delete(auditPending).where(
          inArray(
            auditPending.id,
            pending.map((p) => p.id),
          ),
        );
        await tx.update(auditHead).set({ seq, hash }).where(eq(auditHead.id, 'head'));
      }
      return pending.length;
    });
    chained += n;
    if (n < batchSize) return chained;
  }
}

/** Appends one entry in the caller's transaction (see appendAuditEntries). */
export async function appendAudit(tx: DbOrTx, input: AuditInput): Promise<void> {
  await appendAuditEntries(tx, [input]);
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
  await sequenceAudit(db);
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
