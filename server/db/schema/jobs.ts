import { index, integer, jsonb, text } from 'drizzle-orm/pg-core';
import { createdAt, jicai, utc } from '../columns.ts';

/**
 * Durable record of every deadline-driven job (outbox). A domain change inserts its row in the same
 * transaction; BullMQ is told after commit, with the row id as the job id. The reconciler re-enqueues
 * pending rows, and the runner marks a row done in the transaction that does the work, so a lost, late
 * or repeated queue message never loses or doubles a deadline.
 */
export const scheduledJobs = jicai.table(
  'scheduled_jobs',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    runAt: utc('run_at').notNull(),
    status: text('status', { enum: ['pending', 'done', 'failed', 'cancelled'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    completedAt: utc('completed_at'),
    createdAt: createdAt(),
  },
  (t) => [index('scheduled_jobs_pending_idx').on(t.status, t.runAt)],
);
