import { bigint, index, json, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { jicai, utc } from '../columns.ts';

/**
 * 开放数据发布库 (owned by the ocds module): every OCDS release as it was published, never rebuilt.
 * A release is appended in the same transaction as the change it describes, built from the rows as they
 * stood then; the database refuses updates and deletes (trigger in the migration). `seq` is the
 * publication order: allocated under `ocds_release_head`, whose row lock is held until commit, so seqs
 * commit in order without gaps and a consumer paging `seq > cursor` never skips one committed late.
 * `release` is `json`, not `jsonb`: the text published is kept byte for byte (jsonb would reorder keys).
 */
export const ocdsReleases = jicai.table(
  'ocds_releases',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    ocid: text('ocid').notNull(),
    /** The release's own id (unique within its ocid, as OCDS requires). */
    releaseId: text('release_id').notNull(),
    processKind: text('process_kind', { enum: ['tender', 'order', 'quotation', 'auction', 'framework', 'rotation'] }).notNull(),
    processId: uuid('process_id').notNull(),
    /** The release's `date`: when the change it describes happened. */
    date: utc('date').notNull(),
    /** When it entered the store (the database clock under the head lock: non-decreasing with seq). */
    publishedAt: utc('published_at').notNull(),
    tag: text('tag').array().notNull(),
    release: json('release').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    uniqueIndex('ocds_releases_ocid_release_idx').on(t.ocid, t.releaseId),
    index('ocds_releases_process_idx').on(t.processId, t.seq),
    index('ocds_releases_published_idx').on(t.publishedAt),
  ],
);

/** One row: the last seq handed out. Writers lock it in the last statements of their transaction. */
export const ocdsReleaseHead = jicai.table('ocds_release_head', {
  id: text('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  /**
   * When the one-off backfill (processes from before the store get their releases) ran to its end on this
   * database; null until then. Start-up skips the backfill once it is set (backfillReleasesOnce).
   */
  backfilledAt: utc('backfilled_at'),
});

/**
 * One row per published process (its OCDS record): where it lives and its last release, moved with
 * every release in the same statement. Serves `records?changedSince=` and the backfill's "has none".
 */
export const ocdsRecords = jicai.table(
  'ocds_records',
  {
    ocid: text('ocid').primaryKey(),
    processKind: text('process_kind', { enum: ['tender', 'order', 'quotation', 'auction', 'framework', 'rotation'] }).notNull(),
    processId: uuid('process_id').notNull(),
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
    lastPublishedAt: utc('last_published_at').notNull(),
  },
  (t) => [uniqueIndex('ocds_records_process_idx').on(t.processId), index('ocds_records_last_seq_idx').on(t.lastSeq)],
);

/**
 * Releases appended by business transactions, not yet in the store: an insert takes no lock any other
 * transaction waits on (the release head used to be every writer's last lock). The sequencer
 * (ocds.store.ts sequenceReleases) moves them into `ocds_releases` in the order it sees them committed,
 * giving each the next seq under the head lock, shortly after (a repeating job, and before every read of the
 * store). `created_at` is the platform clock when the change was made: the release's published_at is that,
 * or the previous release's if later, so published_at still grows with seq.
 */
export const ocdsPending = jicai.table(
  'ocds_pending',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ocid: text('ocid').notNull(),
    releaseId: text('release_id').notNull(),
    processKind: text('process_kind', { enum: ['tender', 'order', 'quotation', 'auction', 'framework', 'rotation'] }).notNull(),
    processId: uuid('process_id').notNull(),
    date: utc('date').notNull(),
    createdAt: utc('created_at').notNull(),
    release: json('release').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [uniqueIndex('ocds_pending_ocid_release_idx').on(t.ocid, t.releaseId)],
);
