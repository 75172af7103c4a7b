import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { bids, lotEvaluations, organizations, procurementMethods, tenderContracts, tenderLots, tenders } from '../../db/schema/index.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { ocidOf } from '../tenders/tenders.service.ts';
import { compile, type Json } from './ocds.merge.ts';

/** OCDS 1.1.5 method codes for our methods (公开招标 open; 邀请招标 selective; the negotiated ones limited; 单一来源 direct). */
const methodCode: Record<string, string> = { open: 'open', invited: 'selective', negotiation: 'limited', consultation: 'limited', rfq: 'limited', single_source: 'direct' };
const yuan = (fen: number) => ({ amount: fen / 100, currency: 'CNY' });
export const PUBLISHER = { name: '集采 Jicai 政府采购电子卖场', scheme: 'CN-SAMR' };

type Org = { id: string; name: string; uscc: string | null; address: string | null; regionCode: string };
const party = (o: Org, roles: string[]): Json => ({
  id: o.uscc ? `CN-SAMR-${o.uscc}` : `jicai-${o.id}`,
  name: o.name,
  ...(o.uscc ? { identifier: { scheme: 'CN-SAMR', id: o.uscc, legalName: o.name } } : {}),
  ...(o.address ? { address: { streetAddress: o.address, region: o.regionCode, countryName: '中国' } } : {}),
  roles,
});
const ref = (o: Org): Json => ({ id: o.uscc ? `CN-SAMR-${o.uscc}` : `jicai-${o.id}`, name: o.name });

/**
 * Open data for tenders (数据直报): each announced tender's releases — tender at publication, a
 * tenderUpdate at the opening (tenderers and their number), an award per awarded lot, a contract per
 * signed contract — built from the records, so the same state always yields the same releases; and
 * the record with its compiled release.
 */
export function createOcdsService(deps: { db: Db; baseUrl: string }) {
  const { db } = deps;

  async function releasesOf(tenderId: string): Promise<{ [k: string]: Json }[]> {
    const [t] = await db.select().from(tenders).where(and(eq(tenders.id, tenderId), ne(tenders.status, 'draft')));
    if (!t || !t.publishedAt) throw new NotFoundError('no published tender');
    const ocid = ocidOf(t.tenderNo);
    const [lots, method, evals, contracts, bidRows] = await Promise.all([
      db.select().from(tenderLots).where(eq(tenderLots.tenderId, tenderId)).orderBy(asc(tenderLots.lotNo)),
      db.select().from(procurementMethods).where(eq(procurementMethods.code, t.methodCode)),
      db.select().from(lotEvaluations).where(eq(lotEvaluations.tenderId, tenderId)),
      db.select().from(tenderContracts).where(eq(tenderContracts.tenderId, tenderId)),
      db.select({ supplierId: bids.supplierId, lotId: bids.lotId, id: bids.id, priceFen: bids.priceFen }).from(bids).where(and(eq(bids.tenderId, tenderId), inArray(bids.status, ['opened', 'rejected']))),
    ]);
    const orgIds = [...new Set([t.purchaserOrgId, t.centerOrgId, ...bidRows.map((b) => b.supplierId)])];
    const orgs = await db.select({ id: organizations.id, name: organizations.name, uscc: organizations.uscc, address: organizations.address, regionCode: organizations.regionCode }).from(organizations).where(inArray(organizations.id, orgIds));
    const org = (id: string) => orgs.find((o) => o.id === id)!;
    const buyer = org(t.purchaserOrgId);
    const center = org(t.centerOrgId);
    const budget = lots.reduce((s, l) => s + l.budgetFen, 0);
    const base = (id: string, date: Date, tag: string[]): { [k: string]: Json } => ({ ocid, id: `${ocid}-${id}`, date: date.toISOString(), tag, initiationType: 'tender', language: 'zh' });
    const tenderBlock: { [k: string]: Json } = {
      id: t.tenderNo,
      title: t.title,
      description: t.description || t.title,
      status: 'active',
      procuringEntity: ref(center),
      value: yuan(budget),
      procurementMethod: methodCode[t.methodCode] ?? 'open',
      procurementMethodDetails: method[0]?.name ?? t.methodCode,
      mainProcurementCategory: t.kind,
      awardCriteria: lots.some((l) => l.evaluationMethod === 'comprehensive') ? 'ratedCriteria' : 'priceOnly',
      submissionMethod: ['electronicSubmission'],
      tenderPeriod: { startDate: t.publishedAt.toISOString(), endDate: t.deadline.toISOString() },
      hasEnquiries: false,
      lots: lots.map((l) => ({ id: String(l.lotNo), title: l.name, value: yuan(l.budgetFen), status: 'active' })),
      items: lots.flatMap((l) => l.items.map((it, i) => ({ id: `${l.lotNo}-${i + 1}`, description: it.name + (it.specs ? `：${it.specs}` : ''), quantity: it.quantity, unit: { name: it.unit }, classification: { scheme: 'CN-GPC', id: t.categoryCode, description: '政府采购品目分类目录' }, relatedLot: String(l.lotNo) }))),
    };
    const releases: { [k: string]: Json }[] = [{ ...base('tender', t.publishedAt, ['tender']), parties: [party(buyer, ['buyer']), party(center, ['procuringEntity'])], buyer: ref(buyer), tender: tenderBlock }];
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
        awards: [{ id: `${t.tenderNo}-${lot.lotNo}`, title: lot.name, status: 'active', date: e.awardedAt!.toISOString(), value: yuan(e.contractPriceFen ?? bid.priceFen ?? 0), suppliers: [ref(supplier)], relatedLots: [String(lot.lotNo)] }],
      });
    }
    for (const c of contracts) {
      const lot = lots.find((l) => l.id === c.lotId)!;
      releases.push({
        ...base(`contract-${lot.lotNo}`, c.createdAt, ['contract']),
        contracts: [{ id: c.contractNo, awardID: `${t.tenderNo}-${lot.lotNo}`, title: `${t.title} 第 ${lot.lotNo} 包合同`, status: 'active', value: yuan(c.priceFen), dateSigned: `${c.signedOn}T00:00:00+08:00` }],
      });
    }
    if (t.status === 'cancelled') releases.push({ ...base('cancellation', t.updatedAt, ['tenderCancellation']), tender: { id: t.tenderNo, status: 'cancelled' } });
    return releases;
  }

  const meta = (path: string, publishedDate: string) => ({ uri: `${deps.baseUrl}${path}`, version: '1.1', publisher: PUBLISHER, publishedDate, license: 'https://creativecommons.org/licenses/by/4.0/', publicationPolicy: `${deps.baseUrl}/open-data` });

  async function releasePackage(tenderId: string) {
    const releases = await releasesOf(tenderId);
    return { ...meta(`/api/ocds/tenders/${tenderId}/releases`, String(releases.at(-1)!.date)), releases };
  }

  async function recordPackage(tenderId: string) {
    const releases = await releasesOf(tenderId);
    const ocid = String(releases[0]!.ocid);
    return {
      ...meta(`/api/ocds/tenders/${tenderId}/record`, String(releases.at(-1)!.date)),
      packages: [`${deps.baseUrl}/api/ocds/tenders/${tenderId}/releases`],
      records: [{ ocid, releases: releases.map((r) => ({ url: `${deps.baseUrl}/api/ocds/tenders/${tenderId}/releases#${String(r.id)}`, date: r.date, tag: r.tag })), compiledRelease: compile(releases) }],
    };
  }

  /** The published tenders' releases, oldest first, a page at a time after a cursor (the tender's created time and id). */
  async function feed(cursor: string | undefined, limit: number) {
    const [afterAt, afterId] = cursor ? Buffer.from(cursor, 'base64url').toString('utf8').split('|') : [];
    const rows = await db
      .select({ id: tenders.id, createdAt: tenders.createdAt })
      .from(tenders)
      .where(and(ne(tenders.status, 'draft'), afterAt ? sql`(${tenders.createdAt}, ${tenders.id}) > (${afterAt}::timestamptz, ${afterId}::uuid)` : undefined))
      .orderBy(asc(tenders.createdAt), asc(tenders.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const releases = (await Promise.all(page.map((r) => releasesOf(r.id)))).flat();
    const last = page.at(-1);
    const next = rows.length > limit && last ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url') : null;
    return { ...meta('/api/ocds/releases', new Date().toISOString()), releases, links: { next: next ? `${deps.baseUrl}/api/ocds/releases?cursor=${next}&limit=${limit}` : null } };
  }

  return { releasesOf, releasePackage, recordPackage, feed };
}

export type OcdsService = ReturnType<typeof createOcdsService>;
