import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, text } from 'drizzle-orm/pg-core';
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

/**
 * The platform's one clock (#15): every process reads time as `jicai.now()` (the transaction's time) or
 * `jicai.clock_timestamp()` (this instant), PostgreSQL's own clocks plus `offset_ms`. It is 0 in service;
 * the demo replay sets it back a year and moves it forward as the history plays, and tests on a database
 * of their own do the same, so deadlines, bid times, receipts and the job system's due times all follow
 * it. Exactly one row (id = true); written only by server/platform/clock.ts, and its mode columns by
 * server/platform/sandbox.ts.
 */
export const clockSettings = jicai.table(
  'clock',
  {
    id: boolean('id').primaryKey().default(true),
    offsetMs: bigint('offset_ms', { mode: 'number' }).notNull().default(0),
    changedAt: utc('changed_at'),
    /**
     * Sandbox (演练) mode: the accelerator the database was first started with (SANDBOX_ACCELERATOR), or
     * null for a normal instance; recorded once, at `mode_recorded_at`, by server/platform/sandbox.ts.
     */
    sandboxAccelerator: integer('sandbox_accelerator'),
    modeRecordedAt: utc('mode_recorded_at'),
  },
  (t) => [
    check('clock_single_row', sql`${t.id}`),
    check('clock_sandbox_accelerator', sql`${t.sandboxAccelerator} is null or ${t.sandboxAccelerator} >= 2`),
  ],
);
