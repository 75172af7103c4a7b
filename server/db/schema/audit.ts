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

/** One row: the chain's head. Writers lock it, which serializes them. */
export const auditHead = jicai.table('audit_head', {
  id: text('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
