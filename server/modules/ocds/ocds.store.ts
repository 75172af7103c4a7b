import { and, asc, eq, gt, gte, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { ocdsPending, ocdsRecords, ocdsReleaseHead, ocdsReleases } from '../../db/schema/index.ts';
import { NotFoundError } from '../../platform/errors.ts';
import * as ordersQ from '../orders/orders.queries.ts';
import type { Json } from './ocds.merge.ts';
import { auctionReleases } from './ocds.auction-releases.ts';
import { frameworkReleases, rotationReleases } from './ocds.framework-releases.ts';
import { orderReleases } from './ocds.order-releases.ts';
import { quotationReleases } from './ocds.quotation-releases.ts';
import type { Release } from './ocds.release-parts.ts';
import { tenderReleases } from './ocds.tender-releases.ts';

/**
 * The release store's writer and readers. Services call `recordReleases(tx, kind, id)` right after the
 * `appendAudit` of a change: it builds the process's releases from the rows as they stand inside that
 * transaction and appends those not yet published. Releases already stored are never rebuilt, so what
 * was published at a date reads the same forever; the change's own release carries the state after it.
 */
export const processKinds = ['tender', 'order', 'quotation', 'auction', 'framework', 'rotation'] as const;
export type ProcessKind = (typeof processKinds)[number];

const builders: Record<ProcessKind, (db: DbOrTx, id: string) => Promise<Release[]>> = {
  tender: tenderReleases,
  order: orderReleases,
  quotation: quotationReleases,
  auction: auctionReleases,
  framework: frameworkReleases,
  rotation: rotationReleases,
};

/** What the process publishes now; nothing while it is not public (a draft, an order awaiting approval). */
async function buildReleases(db: DbOrTx, kind: ProcessKind, id: string): Promise<Release[]> {
  try {
    return await builders[kind](db, id);
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}

/**
 * Appends, in the caller's transaction, every release the process's current state yields that the store
 * does not hold yet; returns how many. The releases wait in `ocds_pending` (no lock taken) until the
 * sequencer (sequenceReleases) gives them their seqs in commit order; every reader of the store runs it
 * first, so a committed change's release is there for the next read.
 */
export async function recordReleases(tx: Tx, kind: ProcessKind, id: string): Promise<number> {
  return writeReleases(tx, await prepareReleases(tx, kind, id));
}

/** The releases a process's current state yields that the store does not hold yet (no lock taken). */
export interface PreparedReleases {
  kind: ProcessKind;
  id: string;
  releases: Record<string, unknown>[];
}

/**
 * The reading half of recordReleases: a transaction whose contended rows come last builds its releases
 * first and writes them (writeReleases) before taking those rows.
 */
export async function prepareReleases(tx: DbOrTx, kind: ProcessKind, id: string): Promise<PreparedReleases> {
  // An order bought through an online quotation is that quotation's contract, published on its process.
  if (kind === 'order') {
    const order = await ordersQ.orderById(tx, id);
    if (order?.quotationId) return prepareReleases(tx, 'quotation', order.quotationId);
  }
  const built = await buildReleases(tx, kind, id);
  if (built.length === 0) return { kind, id, releases: [] };
  const ocid = String(built[0]!.ocid);
  const ids = built.map((r) => String(r.id));
  const stored = new Set(
    (
      await tx.execute<{ release_id: string }>(sql`
        select release_id from ${ocdsReleases} where ocid = ${ocid} and release_id = any(${sql.param(ids)}::text[])
        union all select release_id from ${ocdsPending} where ocid = ${ocid} and release_id = any(${sql.param(ids)}::text[])`)
    ).rows.map((r) => r.release_id),
  );
  const releases = built.filter((r) => !stored.has(String(r.id)));
  return { kind, id, releases };
}

/**
 * The writing half: one insert into the pending releases, which no other writer waits on. A release
 * another transaction appended meanwhile (same ocid and id) is skipped, so nothing is published twice.
 */
export async function writeReleases(tx: Tx, prepared: PreparedReleases): Promise<number> {
  const insert = releasesInsert([prepared]);
  if (!insert) return 0;
  const result = await tx.execute<{ n: string | number }>(sql`with ins as (${insert} returning 1) select count(*) as n from ins`);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * `writeReleases`' insert for any number of processes as a statement of its own, to send with other writes
 * (server/db/one-statement.ts); null when there is nothing to write.
 */
export function releasesInsert(prepared: readonly PreparedReleases[]): SQL | null {
  const rows = prepared.flatMap(({ kind, id, releases }) => releases.map((release) => ({ kind, id, release })));
  if (rows.length === 0) return null;
  return sql`
    insert into ${ocdsPending} (ocid, release_id, process_kind, process_id, date, created_at, release)
    select e.release->>'ocid', e.release->>'id', k.kind, k.id, (e.release->>'date')::timestamptz, jicai.clock_timestamp(), e.release
      from json_array_elements(${JSON.stringify(rows.map((r) => r.release))}::json) with ordinality as e(release, ord)
      join unnest(${sql.param(rows.map((r) => r.kind))}::text[], ${sql.param(rows.map((r) => r.id))}::uuid[]) with ordinality as k(kind, id, ord)
        on k.ord = e.ord
     order by e.ord
    on conflict (ocid, release_id) do nothing`;
}

/**
 * The sequencer: moves committed pending releases into the store, each with the next seq, in the order
 * they were appended, under the head lock (which only sequencers take). published_at is when the change
 * was made, raised to the previous release's where that is later, so it never decreases along seq. Gap-free:
 * the seqs, the records' last seq, the head and the removal of the pending rows are one statement.
 * Returns how many it sequenced.
 */
export async function sequenceReleases(db: DbOrTx, opts: { batchSize?: number } = {}): Promise<number> {
  const batchSize = opts.batchSize ?? 2000;
  let sequenced = 0;
  for (;;) {
    const [any] = await db.select({ id: ocdsPending.id }).from(ocdsPending).limit(1);
    if (!any) return sequenced;
    const n = await db.transaction(async (tx) => {
      const [held] = await tx
        .select({ seq: ocdsReleaseHead.seq })
        .from(ocdsReleaseHead)
        .where(eq(ocdsReleaseHead.id, 'head'))
        .for('update');
      if (!held) throw new Error('ocds release head missing: migrations not applied');
      const result = await tx.execute<{ n: string | number; taken: string | number }>(sql`
        with batch as (
          select id, ocid, release_id, process_kind, process_id, date, created_at, release from ${ocdsPending}
           order by id limit ${batchSize}),
        gone as (delete from ${ocdsPending} p using batch b where p.id = b.id returning p.id),
        fresh as (
          select b.*, row_number() over (order by b.id) as n,
                 greatest(max(b.created_at) over (order by b.id rows unbounded preceding),
                          (select max(published_at) from ${ocdsReleases})) as at
            from batch b
           where not exists (select 1 from ${ocdsReleases} r where r.ocid = b.ocid and r.release_id = b.release_id)),
        ins as (
          insert into ${ocdsReleases} (seq, ocid, release_id, process_kind, process_id, date, published_at, tag, release)
          select ${held.seq}::bigint + f.n, f.ocid, f.release_id, f.process_kind, f.process_id, f.date, coalesce(f.at, f.created_at),
                 array(select json_array_elements_text(f.release->'tag')), f.release
            from fresh f order by f.n
          returning seq, ocid, process_kind, process_id, published_at),
        head as (update ${ocdsReleaseHead} set seq = (select max(seq) from ins) where id = 'head' and exists (select 1 from ins)),
        rec as (
          insert into ${ocdsRecords} (ocid, process_kind, process_id, last_seq, last_published_at)
          select distinct on (ocid) ocid, process_kind, process_id, seq, published_at from ins order by ocid, seq desc
          on conflict (ocid) do update set last_seq = excluded.last_seq, last_published_at = excluded.last_published_at)
        select (select count(*) from ins) as n, (select count(*) from gone) as taken`);
      return Number(result.rows[0]?.taken ?? 0);
    });
    sequenced += n;
    if (n < batchSize) return sequenced;
  }
}

/**
 * For writers that are not a service transaction (demo history, fixtures): the same recorder in a
 * transaction of its own.
 */
export const recordReleasesIn = (db: DbOrTx, kind: ProcessKind, id: string) => db.transaction((tx) => recordReleases(tx, kind, id));

export interface StoredRelease {
  seq: number;
  processKind: ProcessKind;
  processId: string;
  release: { [k: string]: Json };
}

const storedColumns = {
  seq: ocdsReleases.seq,
  processKind: ocdsReleases.processKind,
  processId: ocdsReleases.processId,
  release: ocdsReleases.release,
};

/** Releases in publication order after a seq: one index range scan on the primary key, at any depth. */
export async function releasesAfter(db: DbOrTx, after: number, limit: number): Promise<StoredRelease[]> {
  const rows = await db
    .select(storedColumns)
    .from(ocdsReleases)
    .where(gt(ocdsReleases.seq, after))
    .orderBy(asc(ocdsReleases.seq))
    .limit(limit);
  return rows as StoredRelease[];
}

/**
 * The same page as text, exactly as stored: the feed writes the releases into its package without
 * parsing and re-serializing them (most of a page's cost at 100 releases), and a consumer reads the
 * bytes that were published.
 */
export async function releaseTextsAfter(db: DbOrTx, after: number, limit: number): Promise<{ seq: number; date: Date; text: string }[]> {
  const rows = await db
    .select({ seq: ocdsReleases.seq, date: ocdsReleases.date, text: sql<string>`${ocdsReleases.release}::text` })
    .from(ocdsReleases)
    .where(gt(ocdsReleases.seq, after))
    .orderBy(asc(ocdsReleases.seq))
    .limit(limit);
  return rows;
}

/** The first release published at or after a time (published_at grows with seq: one index probe). */
export async function firstPublishedFrom(db: DbOrTx, from: Date): Promise<{ seq: number; publishedAt: Date } | null> {
  const [row] = await db
    .select({ seq: ocdsReleases.seq, publishedAt: ocdsReleases.publishedAt })
    .from(ocdsReleases)
    .where(gte(ocdsReleases.publishedAt, from))
    .orderBy(asc(ocdsReleases.publishedAt))
    .limit(1);
  return row ?? null;
}

/** The last seq handed out and committed: everything up to it is visible, nothing after it yet. */
export async function headSeq(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ seq: ocdsReleaseHead.seq }).from(ocdsReleaseHead).where(eq(ocdsReleaseHead.id, 'head'));
  return row?.seq ?? 0;
}

/** Whether the one-off backfill has run to its end on this database (the head row's mark). */
export async function backfillDone(db: DbOrTx): Promise<boolean> {
  const [row] = await db.select({ at: ocdsReleaseHead.backfilledAt }).from(ocdsReleaseHead).where(eq(ocdsReleaseHead.id, 'head'));
  return row?.at != null;
}

/** Marks the backfill done (once: a second start that raced the first keeps the first's time). */
export async function markBackfilled(db: DbOrTx): Promise<void> {
  await db
    .update(ocdsReleaseHead)
    .set({ backfilledAt: sql`jicai.now()` })
    .where(and(eq(ocdsReleaseHead.id, 'head'), isNull(ocdsReleaseHead.backfilledAt)));
}

/** One process's releases in publication order. */
export async function releasesOfProcess(db: DbOrTx, kind: ProcessKind, processId: string): Promise<StoredRelease[]> {
  const rows = await db
    .select(storedColumns)
    .from(ocdsReleases)
    .where(and(eq(ocdsReleases.processId, processId), eq(ocdsReleases.processKind, kind)))
    .orderBy(asc(ocdsReleases.seq));
  return rows as StoredRelease[];
}

/** The releases of several processes at once (a page of records), in publication order. */
export async function releasesOfProcesses(db: DbOrTx, processIds: readonly string[]): Promise<StoredRelease[]> {
  if (processIds.length === 0) return [];
  const rows = await db
    .select(storedColumns)
    .from(ocdsReleases)
    .where(inArray(ocdsReleases.processId, [...processIds]))
    .orderBy(asc(ocdsReleases.seq));
  return rows as StoredRelease[];
}

export interface RecordRow {
  ocid: string;
  processKind: ProcessKind;
  processId: string;
  lastSeq: number;
}

/**
 * Records whose last release came after `afterSeq` (the cursor) and was published at or after `since`,
 * in the order of their last release. A record changed again moves to the end: a consumer paging with
 * the cursor sees it again there, which is what "changed since" asks.
 */
export async function recordsChanged(db: DbOrTx, since: Date | null, afterSeq: number, limit: number): Promise<RecordRow[]> {
  // published_at grows with seq (both taken under the head lock), so "since a time" is "after a seq":
  // one probe of the published_at index, then the same last_seq range scan as any page.
  if (since) {
    const [first] = await db
      .select({ seq: ocdsReleases.seq })
      .from(ocdsReleases)
      .where(gte(ocdsReleases.publishedAt, since))
      .orderBy(asc(ocdsReleases.publishedAt))
      .limit(1);
    if (!first) return [];
    afterSeq = Math.max(afterSeq, first.seq - 1);
  }
  const rows = await db
    .select({
      ocid: ocdsRecords.ocid,
      processKind: ocdsRecords.processKind,
      processId: ocdsRecords.processId,
      lastSeq: ocdsRecords.lastSeq,
    })
    .from(ocdsRecords)
    .where(gt(ocdsRecords.lastSeq, afterSeq))
    .orderBy(asc(ocdsRecords.lastSeq))
    .limit(limit);
  return rows as RecordRow[];
}
