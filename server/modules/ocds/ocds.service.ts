import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organizations, procurementMethods } from '../../db/schema/index.ts';
import { BadRequestError, NotFoundError } from '../../platform/errors.ts';
import * as tendersQ from '../tenders/tenders.queries.ts';
import { ocidOf } from '../tenders/tenders.service.ts';
import { compile, type Json } from './ocds.merge.ts';
import { auctionReleases, orderReleases, party, quotationReleases, ref, cny } from './ocds.processes.ts';

/** OCDS 1.1.5 method codes for our methods (公开招标 open; 邀请招标 selective; the negotiated ones limited; 单一来源 direct). */
const methodCode: Record<string, string> = {
  open: 'open',
  invited: 'selective',
  negotiation: 'limited',
  consultation: 'limited',
  rfq: 'limited',
  single_source: 'direct',
};
export const PUBLISHER = { name: '集采 Jicai 政府采购电子卖场', scheme: 'CN-SAMR' };

/**
 * Open data for tenders (数据直报): each announced tender's releases — tender at publication, a
 * tenderUpdate at the opening (tenderers and their number), an award per awarded lot, a contract per
 * signed contract — built from the records, so the same state always yields the same releases; and
 * the record with its compiled release.
 */
export const processKinds = ['tender', 'order', 'quotation', 'auction'] as const;
export type ProcessKind = (typeof processKinds)[number];

export function createOcdsService(deps: { db: Db; baseUrl: string }) {
  const { db } = deps;

  async function releasesOf(tenderId: string): Promise<{ [k: string]: Json }[]> {
    const t = await tendersQ.announcedTender(db, tenderId);
    if (!t || !t.publishedAt) throw new NotFoundError('no published tender');
    const ocid = ocidOf(t.tenderNo);
    const [lots, method, evals, contracts, bidRows] = await Promise.all([
      tendersQ.lotsOf(db, tenderId),
      db.select().from(procurementMethods).where(eq(procurementMethods.code, t.methodCode)),
      tendersQ.evaluationsOf(db, tenderId),
      tendersQ.contractsOf(db, tenderId),
      tendersQ.openedBids(db, tenderId),
    ]);
    const orgIds = [...new Set([t.purchaserOrgId, t.centerOrgId, ...bidRows.map((b) => b.supplierId)])];
    const orgs = await db
      .select({
        id: organizations.id,
        name: organizations.name,
        uscc: organizations.uscc,
        address: organizations.address,
        regionCode: organizations.regionCode,
      })
      .from(organizations)
      .where(inArray(organizations.id, orgIds));
    const org = (id: string) => orgs.find((o) => o.id === id)!;
    const buyer = org(t.purchaserOrgId);
    const center = org(t.centerOrgId);
    const budget = lots.reduce((s, l) => s + l.budgetFen, 0);
    const base = (id: string, date: Date, tag: string[]): { [k: string]: Json } => ({
      ocid,
      id: `${ocid}-${id}`,
      date: date.toISOString(),
      tag,
      initiationType: 'tender',
      language: 'zh',
    });
    const tenderBlock: { [k: string]: Json } = {
      id: t.tenderNo,
      title: t.title,
      description: t.description || t.title,
      status: 'active',
      procuringEntity: ref(center),
      value: cny(budget),
      procurementMethod: methodCode[t.methodCode] ?? 'open',
      procurementMethodDetails: method[0]?.name ?? t.methodCode,
      mainProcurementCategory: t.kind,
      awardCriteria: lots.some((l) => l.evaluationMethod === 'comprehensive') ? 'ratedCriteria' : 'priceOnly',
      submissionMethod: ['electronicSubmission'],
      tenderPeriod: { startDate: t.publishedAt.toISOString(), endDate: t.deadline.toISOString() },
      hasEnquiries: false,
      lots: lots.map((l) => ({ id: String(l.lotNo), title: l.name, value: cny(l.budgetFen), status: 'active' })),
      items: lots.flatMap((l) =>
        l.items.map((it, i) => ({
          id: `${l.lotNo}-${i + 1}`,
          description: it.name + (it.specs ? `：${it.specs}` : ''),
          quantity: it.quantity,
          unit: { name: it.unit },
          classification: { scheme: 'CN-GPC', id: t.categoryCode, description: '政府采购品目分类目录' },
          relatedLot: String(l.lotNo),
        })),
      ),
    };
    const releases: { [k: string]: Json }[] = [
      {
        ...base('tender', t.publishedAt, ['tender']),
        parties: [party(buyer, ['buyer']), party(center, ['procuringEntity'])],
        buyer: ref(buyer),
        tender: tenderBlock,
      },
    ];
    if (t.openedAt) {
      const tenderers = [...new Set(bidRows.map((b) => b.supplierId))].map(org);
      const lotStatus = (s: string) => (s === 'failed' ? 'unsuccessful' : s === 'awarded' ? 'complete' : 'active');
      releases.push({
        ...base('opening', t.openedAt, ['tenderUpdate']),
        parties: tenderers.map((o) => party(o, ['tenderer'])),
        tender: {
          id: t.tenderNo,
          status: t.status === 'failed' ? 'unsuccessful' : t.status === 'cancelled' ? 'cancelled' : 'active',
          numberOfTenderers: tenderers.length,
          tenderers: tenderers.map(ref),
          lots: lots.map((l) => ({ id: String(l.lotNo), status: lotStatus(l.status) })),
        },
      });
    }
    for (const e of evals.filter((x) => x.awardedBidId && x.awardedAt)) {
      const lot = lots.find((l) => l.id === e.lotId)!;
      const bid = bidRows.find((b) => b.id === e.awardedBidId)!;
      const supplier = org(bid.supplierId);
      releases.push({
        ...base(`award-${lot.lotNo}`, e.awardedAt!, ['award']),
        parties: [party(supplier, ['tenderer', 'supplier'])],
        awards: [
          {
            id: `${t.tenderNo}-${lot.lotNo}`,
            title: lot.name,
            status: 'active',
            date: e.awardedAt!.toISOString(),
            value: cny(e.contractPriceFen ?? bid.priceFen ?? 0),
            suppliers: [ref(supplier)],
            relatedLots: [String(lot.lotNo)],
          },
        ],
      });
    }
    for (const c of contracts) {
      const lot = lots.find((l) => l.id === c.lotId)!;
      releases.push({
        ...base(`contract-${lot.lotNo}`, c.createdAt, ['contract']),
        contracts: [
          {
            id: c.contractNo,
            awardID: `${t.tenderNo}-${lot.lotNo}`,
            title: `${t.title} 第 ${lot.lotNo} 包合同`,
            status: 'active',
            value: cny(c.priceFen),
            dateSigned: `${c.signedOn}T00:00:00+08:00`,
          },
        ],
      });
    }
    if (t.status === 'cancelled')
      releases.push({ ...base('cancellation', t.updatedAt, ['tenderCancellation']), tender: { id: t.tenderNo, status: 'cancelled' } });
    return releases;
  }

  const meta = (path: string, publishedDate: string) => ({
    uri: `${deps.baseUrl}${path}`,
    version: '1.1',
    publisher: PUBLISHER,
    publishedDate,
    license: 'https://creativecommons.org/licenses/by/4.0/',
    publicationPolicy: `${deps.baseUrl}/open-data`,
  });

  /** Each kind of process and where its releases come from. */
  const builders: Record<ProcessKind, (id: string) => Promise<{ [k: string]: Json }[]>> = {
    tender: releasesOf,
    order: (id) => orderReleases(db, id),
    quotation: (id) => quotationReleases(db, id),
    auction: (id) => auctionReleases(db, id),
  };
  const pathOf = (kind: ProcessKind, id: string) => `/api/ocds/${kind}s/${id}`;

  async function releasePackage(kind: ProcessKind, id: string) {
    const releases = await builders[kind](id);
    return { ...meta(`${pathOf(kind, id)}/releases`, String(releases.at(-1)!.date)), releases };
  }

  const recordOf = (kind: ProcessKind, id: string, releases: { [k: string]: Json }[]) => ({
    ocid: String(releases[0]!.ocid),
    releases: releases.map((r) => ({ url: `${deps.baseUrl}${pathOf(kind, id)}/releases#${String(r.id)}`, date: r.date, tag: r.tag })),
    compiledRelease: compile(releases),
  });

  async function recordPackage(kind: ProcessKind, id: string) {
    const releases = await builders[kind](id);
    return {
      ...meta(`${pathOf(kind, id)}/record`, String(releases.at(-1)!.date)),
      packages: [`${deps.baseUrl}${pathOf(kind, id)}/releases`],
      records: [recordOf(kind, id, releases)],
    };
  }

  /**
   * Every published process, oldest first: announced tenders, e-mall orders that were placed,
   * online quotations and auction lots. One ordering (created time, kind, id) serves the list, the
   * cursor feed and the bulk files.
   */
  const processes = (kind?: ProcessKind) => sql`
    select * from (
      select 'tender' as kind, id, created_at, tender_no as no, title, status::text as status from jicai.tenders where status <> 'draft' and published_at is not null
      union all
      select 'order', o.id, o.created_at, o.order_no, (select min(l.title) from jicai.order_lines l where l.order_id = o.id), o.status::text from jicai.orders o
       where o.checkout_id is not null and o.status not in ('pending_approval', 'rejected')
      union all
      select 'quotation', id, created_at, quotation_no, title, status::text from jicai.quotations
      union all
      select 'auction', id, created_at, lot_no, title, status::text from jicai.auction_lots) p
    ${kind ? sql`where p.kind = ${kind}` : sql``}`;
  type ProcessRow = { kind: ProcessKind; id: string; created_at: string; at_key: string; no: string; title: string | null; status: string };
  const decodeCursor = (cursor: string | undefined) => {
    if (!cursor) return null;
    const [at, kind, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    if (
      !at ||
      !kind ||
      !id ||
      !/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/.test(at) ||
      !/^[0-9a-f-]{36}$/.test(id)
    )
      throw new BadRequestError('游标无效，请从第一页开始', {
        fields: [{ field: 'cursor', message: '游标无效，请从第一页开始', in: 'query' }],
      });
    return { at, kind, id };
  };
  // The cursor keeps the database's microseconds: a millisecond ISO time would sort before the row it came from.
  const encodeCursor = (r: ProcessRow) => Buffer.from(`${r.at_key}|${r.kind}|${r.id}`).toString('base64url');

  async function pageAfter(cursor: ReturnType<typeof decodeCursor>, limit: number, kind?: ProcessKind) {
    const rows = (
      await db.execute<ProcessRow>(sql`
        select x.*, x.created_at::text as at_key from (${processes(kind)}) x
        ${cursor ? sql`where (x.created_at, x.kind, x.id) > (${cursor.at}::timestamptz, ${cursor.kind}, ${cursor.id}::uuid)` : sql``}
        order by x.created_at, x.kind, x.id limit ${limit + 1}`)
    ).rows;
    return { page: rows.slice(0, limit), more: rows.length > limit };
  }

  /** The releases of every process, a page of processes at a time after a cursor. */
  async function feed(cursor: string | undefined, limit: number) {
    const { page, more } = await pageAfter(decodeCursor(cursor), limit);
    const releases = (await Promise.all(page.map((r) => builders[r.kind](r.id)))).flat();
    const next = more && page.length ? encodeCursor(page.at(-1)!) : null;
    return {
      ...meta('/api/ocds/releases', new Date().toISOString()),
      releases,
      links: { next: next ? `${deps.baseUrl}/api/ocds/releases?cursor=${next}&limit=${limit}` : null },
    };
  }

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
   * 批量下载: every release (or every record) in one package, written as it is read, a page of
   * processes at a time, so the file can be as large as the platform's history without holding it.
   */
  async function* bulk(what: 'releases' | 'records'): AsyncGenerator<string> {
    const head = JSON.stringify({
      ...meta(`/api/ocds/bulk/${what}.json`, new Date().toISOString()),
      ...(what === 'records' ? { packages: [`${deps.baseUrl}/api/ocds/bulk/releases.json`] } : {}),
    });
    yield `${head.slice(0, -1)},"${what}":[`;
    let cursor: ReturnType<typeof decodeCursor> = null;
    let first = true;
    for (;;) {
      const { page, more } = await pageAfter(cursor, 200);
      for (const r of page) {
        const releases = await builders[r.kind](r.id);
        const items = what === 'releases' ? releases : [recordOf(r.kind, r.id, releases)];
        for (const item of items) {
          yield `${first ? '' : ','}${JSON.stringify(item)}`;
          first = false;
        }
      }
      if (!more || !page.length) break;
      const last = page.at(-1)!;
      cursor = { at: last.at_key, kind: last.kind, id: last.id };
    }
    yield ']}';
  }

  return { releasesOf, releasePackage, recordPackage, feed, list, bulk };
}

export type OcdsService = ReturnType<typeof createOcdsService>;
