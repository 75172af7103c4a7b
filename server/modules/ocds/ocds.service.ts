import { setPublicBase } from './ocds.release-parts.ts';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { dbNow } from '../../platform/clock.ts';
import { ocidOf } from './ocds.ids.ts';
import { publicOrderSql } from './ocds.order-releases.ts';
import { compile, type Json } from './ocds.merge.ts';
import {
  backfillDone,
  markBackfilled,
  processKinds,
  recordReleases,
  recordsChanged,
  firstPublishedFrom,
  headSeq,
  releasesAfter,
  releaseTextsAfter,
  releasesOfProcess,
  releasesOfProcesses,
  sequenceReleases,
  type ProcessKind,
  type StoredRelease,
} from './ocds.store.ts';

export { processKinds, type ProcessKind };
export const PUBLISHER = { name: '集采 Jicai 政府采购电子卖场', scheme: 'CN-SAMR' };

/**
 * The OCDS extensions the releases use, declared in every package (docs/open-data.md says what each
 * carries): lots (tender.lots, relatedLot(s)), bid statistics at the opening, enquiries (clarification
 * answers), and the party scale of suppliers.
 */
export const EXTENSIONS = [
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_enquiry_extension/v1.1.5/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_partyScale_extension/v1.1.5/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_techniques_extension/master/extension.json',
];

/**
 * Every published process, oldest first: announced tenders, e-mall orders that became contracts (placed
 * with no approval needed, or approved: publicOrderSql; a refused delivery stays listed, ended),
 * online quotations and auction lots, read from their live rows: the open-data page's list and the
 * backfill's search for processes with no release yet (the feed and bulk files read the store). A tender
 * reads as contracted once every contract's 合同公告 is out: the open data publishes a contract with its
 * notice, not at its signing.
 */
const publishedProcesses = (kind?: ProcessKind) => sql`
  select * from (
    select 'tender' as kind, t.id, t.created_at, t.tender_no as no, t.title,
           case when t.status = 'contracted' and exists (
                  select 1 from jicai.tender_contracts c where c.tender_id = t.id and c.published_at is null)
                then 'awarded' else t.status::text end as status
      from jicai.tenders t where t.status <> 'draft' and t.published_at is not null
    union all
    select 'order', o.id, o.created_at, o.order_no, (select min(l.title) from jicai.order_lines l where l.order_id = o.id), o.status::text from jicai.orders o
     where ${publicOrderSql('o')}
    union all
    select 'quotation', id, created_at, quotation_no, title, status::text from jicai.quotations
    union all
    select 'auction', id, created_at, lot_no, title, status::text from jicai.auction_lots
    union all
    select 'framework', id, created_at, call_no, title, status from jicai.framework_calls
    union all
    select 'rotation', id, created_at, order_no, title, status from jicai.framework_rotation_orders) p
  ${kind ? sql`where p.kind = ${kind}` : sql``}`;

/**
 * Open data (数据直报) served from the release store: each process's releases as they were published
 * when things happened (see ocds.store.ts), records compiled from them, a feed in publication order
 * over every process, and bulk files streamed in batches. Nothing here rebuilds a release.
 */
export function createOcdsService(deps: { db: Db; baseUrl: string }) {
  const { db } = deps;
  setPublicBase(deps.baseUrl);

  const meta = (path: string, publishedDate: string) => ({
    uri: `${deps.baseUrl}${path}`,
    version: '1.1',
    extensions: EXTENSIONS,
    publisher: PUBLISHER,
    publishedDate,
    license: 'https://creativecommons.org/licenses/by/4.0/',
    publicationPolicy: `${deps.baseUrl}/open-data`,
  });
  const pathOf = (kind: ProcessKind, id: string) => `/api/ocds/${kind}s/${id}`;
  const now = async () => (await dbNow(db)).toISOString();

  async function storedOf(kind: ProcessKind, id: string) {
    await sequenceReleases(db);
    const rows = await releasesOfProcess(db, kind, id);
    if (rows.length === 0) throw new NotFoundError('没有公开的采购过程');
    return rows.map((r) => r.release);
  }

  async function releasePackage(kind: ProcessKind, id: string) {
    const releases = await storedOf(kind, id);
    return { ...meta(`${pathOf(kind, id)}/releases`, String(releases.at(-1)!.date)), releases };
  }

  const recordOf = (kind: ProcessKind, id: string, releases: { [k: string]: Json }[]) => ({
    ocid: String(releases[0]!.ocid),
    releases: releases.map((r) => ({ url: `${deps.baseUrl}${pathOf(kind, id)}/releases#${String(r.id)}`, date: r.date, tag: r.tag })),
    compiledRelease: compile(releases),
  });

  async function recordPackage(kind: ProcessKind, id: string) {
    const releases = await storedOf(kind, id);
    return {
      ...meta(`${pathOf(kind, id)}/record`, String(releases.at(-1)!.date)),
      packages: [`${deps.baseUrl}${pathOf(kind, id)}/releases`],
      records: [recordOf(kind, id, releases)],
    };
  }

  const feedUrl = (after: number, limit: number) => `${deps.baseUrl}/api/ocds/releases?after=${after}&limit=${limit}`;

  /**
   * Every release of every process in publication order, a page after a cursor (the seq of the last
   * release seen). `links.next` is the next page while more are already published, null at the end;
   * `links.resume` is where to ask later for what is published after this page — new releases of old
   * processes included, since they take the next seqs.
   */
  async function feed(after: number, limit: number): Promise<string> {
    await sequenceReleases(db);
    const rows = await releaseTextsAfter(db, after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1)?.seq ?? after;
    const head = JSON.stringify(meta('/api/ocds/releases', page.at(-1)?.date.toISOString() ?? (await now())));
    const links = { next: rows.length > limit ? feedUrl(last, limit) : null, resume: feedUrl(last, limit) };
    return `${head.slice(0, -1)},"releases":[${page.map((r) => r.text).join(',')}],"links":${JSON.stringify(links)}}`;
  }

  const recordsUrl = (since: Date | null, after: number, limit: number) =>
    `${deps.baseUrl}/api/ocds/records?${since ? `changedSince=${encodeURIComponent(since.toISOString())}&` : ''}after=${after}&limit=${limit}`;

  /** Records changed since a time (or all), compiled from their stored releases, in the order they last changed. */
  async function records(since: Date | null, after: number, limit: number) {
    await sequenceReleases(db);
    const rows = await recordsChanged(db, since, after, limit + 1);
    const page = rows.slice(0, limit);
    const byProcess = group(
      await releasesOfProcesses(
        db,
        page.map((r) => r.processId),
      ),
    );
    const last = page.at(-1)?.lastSeq ?? after;
    return {
      ...meta('/api/ocds/records', await now()),
      packages: [`${deps.baseUrl}/api/ocds/bulk/releases.json`],
      records: page.map((r) => recordOf(r.processKind, r.processId, byProcess.get(r.processId) ?? [])),
      links: { next: rows.length > limit ? recordsUrl(since, last, limit) : null, resume: recordsUrl(since, last, limit) },
    };
  }

  const group = (rows: StoredRelease[]) => {
    const out = new Map<string, { [k: string]: Json }[]>();
    for (const r of rows) {
      const list = out.get(r.processId) ?? [];
      list.push(r.release);
      out.set(r.processId, list);
    }
    return out;
  };

  const processes = publishedProcesses;
  type ProcessRow = { kind: ProcessKind; id: string; created_at: string; at_key: string; no: string; title: string | null; status: string };
  /** The open-data page's table: processes with their OCID and package links, newest first. */
  async function list(kind: ProcessKind | undefined, page: number, pageSize: number) {
    const [rows, [total]] = await Promise.all([
      db.execute<ProcessRow>(
        sql`select * from (${processes(kind)}) x order by x.created_at desc, x.kind desc, x.id desc limit ${pageSize} offset ${(page - 1) * pageSize}`,
      ),
      db.execute<{ n: string }>(sql`select count(*) as n from (${processes(kind)}) x`).then((r) => r.rows),
    ]);
    return {
      items: rows.rows.map((r) => ({
        kind: r.kind,
        id: r.id,
        ocid: ocidOf(r.no),
        title: r.title ?? r.no,
        date: new Date(r.created_at).toISOString(),
        status: r.status,
        releasesUrl: `${pathOf(r.kind, r.id)}/releases`,
        recordUrl: `${pathOf(r.kind, r.id)}/record`,
      })),
      total: Number(total?.n ?? 0),
      page,
      pageSize,
    };
  }

  /**
   * 批量下载: every release (or every record) in one package, streamed in batches of stored releases.
   * The file is cut at the head as it stood when it started, so a release published meanwhile is in the
   * next download, whole, rather than half in this one.
   */
  async function* bulk(what: 'releases' | 'records'): AsyncGenerator<string> {
    await sequenceReleases(db);
    const upTo = await headSeq(db);
    const head = JSON.stringify({
      ...meta(`/api/ocds/bulk/${what}.json`, await now()),
      ...(what === 'records' ? { packages: [`${deps.baseUrl}/api/ocds/bulk/releases.json`] } : {}),
    });
    yield `${head.slice(0, -1)},"${what}":[`;
    let first = true;
    const emit = (item: unknown) => {
      const text = `${first ? '' : ','}${JSON.stringify(item)}`;
      first = false;
      return text;
    };
    if (what === 'releases') {
      for (let after = 0; after < upTo;) {
        const rows = (await releasesAfter(db, after, 1000)).filter((r) => r.seq <= upTo);
        if (rows.length === 0) break;
        yield rows.map((r) => emit(r.release)).join('');
        after = rows.at(-1)!.seq;
      }
    } else {
      // Records by ocid (their key never moves), each compiled from its releases up to the cut.
      for (let after = ''; ;) {
        const page = (
          await db.execute<{ ocid: string; process_kind: ProcessKind; process_id: string }>(
            sql`select ocid, process_kind, process_id from jicai.ocds_records where ocid > ${after} order by ocid limit 200`,
          )
        ).rows;
        if (page.length === 0) break;
        const byProcess = group(
          (
            await releasesOfProcesses(
              db,
              page.map((r) => r.process_id),
            )
          ).filter((r) => r.seq <= upTo),
        );
        const out: string[] = [];
        for (const r of page) {
          const releases = byProcess.get(r.process_id);
          if (releases?.length) out.push(emit(recordOf(r.process_kind, r.process_id, releases)));
        }
        yield out.join('');
        after = page.at(-1)!.ocid;
      }
    }
    yield ']}';
  }

  /**
   * 按月发布包: the releases published in a calendar month (Beijing time), by seq range — the sequence is
   * gap-free and published_at grows with it, so a month is [its first seq, the next month's first seq).
   * A closed month never gains a release, and its package is dated by its last release, so the file
   * reads the same byte for byte on every download.
   */
  const MONTH_OFFSET_MS = 8 * 3600_000;
  const monthStart = (year: number, month: number) => new Date(Date.UTC(year, month - 1, 1) - MONTH_OFFSET_MS);
  const periodOf = (d: Date) => new Date(d.getTime() + MONTH_OFFSET_MS).toISOString().slice(0, 7);

  async function monthRange(period: string) {
    const [year, month] = period.split('-').map(Number) as [number, number];
    const start = monthStart(year, month);
    const end = monthStart(year, month + 1);
    const first = await firstPublishedFrom(db, start);
    if (!first || first.publishedAt >= end) return null;
    const next = await firstPublishedFrom(db, end);
    const last = next ? next.seq - 1 : await headSeq(db);
    const closed = next !== null || (await dbNow(db)) >= end;
    return { first: first.seq, last, closed };
  }

  async function* monthly(period: string): AsyncGenerator<string> {
    await sequenceReleases(db);
    const range = await monthRange(period);
    if (!range) throw new NotFoundError('这个月没有发布');
    const rows = await releaseTextsAfter(db, range.last - 1, 1);
    const lastDate = range.closed && rows[0] ? rows[0].date.toISOString() : await now();
    const head = JSON.stringify(meta(`/api/ocds/bulk/releases/${period}`, lastDate));
    yield `${head.slice(0, -1)},"releases":[`;
    for (let after = range.first - 1, first = true; after < range.last;) {
      const page = (await releaseTextsAfter(db, after, 1000)).filter((r) => r.seq <= range.last);
      if (page.length === 0) break;
      yield (first ? '' : ',') + page.map((r) => r.text).join(',');
      first = false;
      after = page.at(-1)!.seq;
    }
    yield ']}';
  }

  /** The bulk files: one release package per month (closed months never change) and the current packages. */
  async function bulkIndex() {
    await sequenceReleases(db);
    const earliest = await firstPublishedFrom(db, new Date(0));
    const today = await dbNow(db);
    const months: { period: string; url: string; releases: number; firstSeq: number; lastSeq: number; closed: boolean }[] = [];
    if (earliest) {
      for (let period = periodOf(earliest.publishedAt); period <= periodOf(today);) {
        const range = await monthRange(period);
        if (range)
          months.push({
            period,
            url: `${deps.baseUrl}/api/ocds/bulk/releases/${period}`,
            releases: range.last - range.first + 1,
            firstSeq: range.first,
            lastSeq: range.last,
            closed: range.closed,
          });
        const [y, m] = period.split('-').map(Number) as [number, number];
        period = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
      }
    }
    return {
      publisher: PUBLISHER,
      license: 'https://creativecommons.org/licenses/by/4.0/',
      publicationPolicy: `${deps.baseUrl}/open-data`,
      generatedAt: today.toISOString(),
      months,
      current: { releases: `${deps.baseUrl}/api/ocds/bulk/releases.json`, records: `${deps.baseUrl}/api/ocds/bulk/records.json` },
    };
  }

  return { releasePackage, recordPackage, feed, records, list, bulk, monthly, bulkIndex };
}

export type OcdsService = ReturnType<typeof createOcdsService>;

/**
 * The one-off backfill for databases made before the release store: every published process with no
 * release yet gets the releases its current rows yield (dated by the rows, published now), one
 * transaction per process, oldest first. Start-up and `npm run db:migrate` run it through
 * backfillReleasesOnce; called directly it always searches (every published process, against the records).
 */
export async function backfillReleases(db: Db): Promise<number> {
  let recorded = 0;
  for (;;) {
    const missing = (
      await db.execute<{ kind: ProcessKind; id: string }>(sql`
        select x.kind, x.id from (${publishedProcesses()}) x
        where not exists (select 1 from jicai.ocds_records r where r.process_id = x.id)
        order by x.created_at, x.kind, x.id limit 200`)
    ).rows;
    let n = 0;
    for (const p of missing) n += await db.transaction((tx) => recordReleases(tx, p.kind, p.id));
    // The records are written by the sequencer: run it so the next search does not find these again.
    await sequenceReleases(db);
    recorded += n;
    // A process that publishes nothing yet would be found again: stop once a batch records nothing.
    if (missing.length < 200 || n === 0) break;
  }
  return recorded;
}

/**
 * The backfill once per database: skipped when the head row says it ran to its end, else run and marked.
 * Once marked, every process gets its releases from the services' own transactions, so start-up no longer
 * searches every published process for one without a record. Two processes starting together may both
 * run it (recordReleases skips what the other stored); the first mark stays. Returns the releases recorded.
 */
export async function backfillReleasesOnce(db: Db): Promise<number> {
  if (await backfillDone(db)) return 0;
  const recorded = await backfillReleases(db);
  await markBackfilled(db);
  return recorded;
}
