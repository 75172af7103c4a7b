import { bigint, index, jsonb, text, uuid } from 'drizzle-orm/pg-core';
import { jicai, utc } from '../columns.ts';

/**
 * Append-only audit chain: hash = sha256(prev_hash ‖ canonical entry). The database refuses
 * updates and deletes (trigger in the migration); audit:verify finds rows edited around that.
 */
export const auditEntries = jicai.table(
  'audit_entries',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    occurredAt: utc('occurred_at').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorOrgId: uuid('actor_org_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_entity_idx').on(t.entityType, t.entityId), index('audit_org_idx').on(t.actorOrgId)],
);

/**
 * Entries appended by business transactions, not yet chained: an insert takes no lock any other
 * transaction waits on. The sequencer (server/platform/audit.ts sequenceAudit) moves them into the
 * chain in the order it sees them committed, shortly after (a repeating job, and before every read of
 * the chain). Rows leave only by being chained, in the sequencer's one transaction.
 */
export const auditPending = jicai.table('audit_pending', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  occurredAt: utc('occurred_at').notNull(),
  actorUserId: uuid('actor_user_id'),
  actorOrgId: uuid('actor_org_id'),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id').notNull(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
});

/** One row: the chain's head. Only the sequencer locks it, which serializes sequencers (never business writes). */
export const auditHead = jicai.table('audit_head', {
  id: text('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

/**
 * Signed checkpoints of the chain's head (see server/platform/audit-anchor.ts). Each signs the head's seq
 * and hash and the hashes of every entry since the checkpoint before (`span`), with a key the database
 * does not hold; each is also appended to DATA_DIR/audit-checkpoints.jsonl and served publicly. The
 * database refuses updates and deletes (trigger in the migration); a rewrite around that fails the
 * signatures and disagrees with the exported file.
 */
export const auditCheckpoints = jicai.table(
  'audit_checkpoints',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
    signedAt: utc('signed_at').notNull(),
    /** The span covers entries prev_seq+1 … seq. */
    prevSeq: bigint('prev_seq', { mode: 'number' }).notNull(),
    /** Those entries' hashes, 64 hex characters each, concatenated in seq order. */
    span: text('span').notNull(),
    reason: text('reason').notNull(),
    keyId: text('key_id').notNull(),
    /** Ed25519 over the canonical payload (seq, hash, signedAt, prevSeq, sha256 of span, reason, keyId), base64. */
    signature: text('signature').notNull(),
  },
  (t) => [index('audit_checkpoints_seq_idx').on(t.seq)],
);
