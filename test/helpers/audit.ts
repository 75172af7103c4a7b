import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../server/db/client.ts';
import { auditEntries } from '../../server/db/schema/index.ts';
import { appendAudit, sequenceAudit, type AuditInput } from '../../server/platform/audit.ts';

/**
 * Appends one entry in its own transaction, chains what is pending (as the sequencer job does shortly
 * after), and returns where the entry landed: the newest entry with its action and entity.
 */
export async function appendChained(db: Db, input: AuditInput): Promise<{ seq: number; hash: string; prevHash: string }> {
  await db.transaction((tx) => appendAudit(tx, input));
  await sequenceAudit(db);
  const [row] = await db
    .select({ seq: auditEntries.seq, hash: auditEntries.hash, prevHash: auditEntries.prevHash })
    .from(auditEntries)
    .where(
      and(eq(auditEntries.action, input.action), eq(auditEntries.entityType, input.entityType), eq(auditEntries.entityId, input.entityId)),
    )
    .orderBy(desc(auditEntries.seq))
    .limit(1);
  if (!row) throw new Error(`audit entry ${input.action} ${input.entityId} was not chained`);
  return row;
}
