import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { organizations, procurementMethods } from '../../db/schema/index.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { assetById } from '../assets/assets.queries.ts';
import * as auctionsQ from '../auctions/auctions.queries.ts';
import * as ordersQ from '../orders/orders.queries.ts';
import * as quotationsQ from '../quotations/quotations.queries.ts';
import * as tendersQ from '../tenders/tenders.queries.ts';
import { ocidOf } from './ocds.ids.ts';
import type { Json } from './ocds.merge.ts';

/** An OCDS Value in yuan (fen / 100 is exact to two decimals for any amount the platform holds). */
export const cny = (fen: number) => ({ amount: fen / 100, currency: 'CNY' });
type Org = { id: string; name: string; uscc: string | null; address: string | null; regionCode: string; sizeClass?: string | null };

/**
 * The party scale extension's codes for 企业划型 (工信部联企业〔2011〕300号): micro stays micro, small and
 * medium are published as sme (the extension has no "small"; the small/micro price treatment is stated
 * per lot instead), large as large.
 */
const scaleOf = (sizeClass: string | null | undefined) =>
  sizeClass === 'micro' ? 'micro' : sizeClass === 'small' || sizeClass === 'medium' ? 'sme' : sizeClass === 'large' ? 'large' : null;
export type Release = { [k: string]: Json };

export const partyId = (o: Org) => (o.uscc ? `CN-SAMR-${o.uscc}` : `jicai-${o.id}`);
export const party = (o: Org, roles: string[]): Json => ({
  id: partyId(o),
  name: o.name,
  ...(o.uscc ? { identifier: { scheme: 'CN-SAMR', id: o.uscc, legalName: o.name } } : {}),
  ...(o.address ? { address: { streetAddress: o.address, region: o.regionCode, countryName: '中国' } } : {}),
  ...(scaleOf(o.sizeClass) ? { details: { scale: scaleOf(o.sizeClass) } } : {}),
  roles,
});
export const ref = (o: Org): Json => ({ id: partyId(o), name: o.name });

export async function orgsById(db: DbOrTx, ids: string[]) {
  const rows = ids.length
    ? await db
        .select({
          id: organizations.id,
          name: organizations.name,
          uscc: organizations.uscc,
          address: organizations.address,
          regionCode: organizations.regionCode,
          sizeClass: organizations.sizeClass,
        })
        .from(organizations)
        .where(inArray(organizations.id, [...new Set(ids)]))
    : [];
  return (id: string) => {
    const o = rows.find((x) => x.id === id);
    if (!o) throw new Error(`organization ${id} missing`);
    return o;
  };
}

const releaseBase = (ocid: string, id: string, date: Date, tag: string[]): Release => ({
  ocid,
  id: `${ocid}-${id}`,
  date: date.toISOString(),
  tag,
  initiationType: 'tender',
  language: 'zh',
});
const classification = (code: string): Json => ({ scheme: 'CN-GPC', id: code, description: '政府采购品目分类目录' });

type OrderRow = NonNullable<Awaited<ReturnType<typeof ordersQ.orderById>>>;

/**
 * What happens to an order after it is placed, as releases on the process it belongs to (an e-mall
 * order's own, or the online quotation it was awarded from): the supplier's confirmation (the contract
 * is signed), the delivery as a met milestone, the payment as a transaction (the contract ends
 * terminated), or the cancellation. Each is its own release, so the award release keeps the contract as
 * it was then.
 */
function contractUpdates(ocid: string, contractId: string, awardId: string, o: OrderRow, buyer: Org, supplier: Org): Release[] {
  const out: Release[] = [];
  const contract = (fields: { [k: string]: Json }): Json => [{ id: contractId, awardID: awardId, ...fields }];
  if (o.confirmedAt)
    out.push({
      ...releaseBase(ocid, 'confirmed', o.confirmedAt, ['contractUpdate']),
      contracts: contract({ status: 'active', dateSigned: o.confirmedAt.toISOString() }),
    });
  if (o.deliveredAt)
    out.push({
      ...releaseBase(ocid, 'delivered', o.deliveredAt, ['implementation']),
      contracts: contract({
        implementation: {
          milestones: [
            { id: `${contractId}-delivery`, title: '交付', type: 'delivery', status: 'met', dateMet: o.deliveredAt.toISOString() },
          ],
        },
      }),
    });
  if (o.status === 'settled' && o.settledAt)
    out.push({
      ...releaseBase(ocid, 'settled', o.settledAt, ['implementation']),
      contracts: contract({
        status: 'terminated',
        implementation: {
          transactions: [
            {
              id: `${contractId}-payment`,
              date: o.settledAt.toISOString(),
              value: cny(o.totalFen),
              payer: ref(buyer),
              payee: ref(supplier),
            },
          ],
        },
      }),
    });
  if (o.status === 'cancelled')
    out.push({
      ...releaseBase(ocid, 'cancelled', o.cancelledAt ?? o.updatedAt, ['contractTermination']),
      contracts: contract({ status: 'cancelled' }),
    });
  return out;
}

/**
 * 电子卖场直购: a call-off from a framework agreement is its own process — published when placed as
 * tender (what was bought), award and contract at once; confirmation, settlement (with the payment as
 * a transaction) or cancellation as later releases.
 */
export async function orderReleases(db: DbOrTx, orderId: string): Promise<Release[]> {
  const o = await ordersQ.orderById(db, orderId);
  if (!o || !o.checkoutId || ['pending_approval', 'rejected'].includes(o.status)) throw new NotFoundError('没有公开的电子卖场订单');
  const lines = await ordersQ.orderLinesOf(db, orderId);
  const org = await orgsById(db, [o.purchaserOrgId, o.supplierId]);
  const buyer = org(o.purchaserOrgId);
  const supplier = org(o.supplierId);
  const ocid = ocidOf(o.orderNo);
  const items: Json[] = lines.map((l, i) => ({
    id: String(i + 1),
    description: `${l.title}（${l.brand} ${l.model}）`,
    quantity: l.quantity,
    unit: { name: '件', value: cny(l.unitPriceFen) },
    classification: classification(l.categoryCode),
  }));
  const title = lines.length > 1 ? `${lines[0]!.title} 等 ${lines.length} 项` : (lines[0]?.title ?? o.orderNo);
  const releases: Release[] = [
    {
      ...releaseBase(ocid, 'placed', o.createdAt, ['tender', 'award', 'contract']),
      parties: [party(buyer, ['buyer', 'procuringEntity', 'payer']), party(supplier, ['supplier', 'payee'])],
      buyer: ref(buyer),
      tender: {
        id: o.orderNo,
        title,
        status: 'complete',
        procuringEntity: ref(buyer),
        value: cny(o.totalFen),
        procurementMethod: 'limited',
        procurementMethodDetails: '电子卖场直购（框架协议）',
        mainProcurementCategory: 'goods',
        items,
      },
      awards: [
        {
          id: o.orderNo,
          title,
          status: 'active',
          date: o.createdAt.toISOString(),
          value: cny(o.totalFen),
          suppliers: [ref(supplier)],
          items,
        },
      ],
      contracts: [{ id: o.orderNo, awardID: o.orderNo, title, status: 'pending', value: cny(o.totalFen), items }],
    },
  ];
  releases.push(...contractUpdates(ocid, o.orderNo, o.orderNo, o, buyer, supplier));
  return releases;
}

/** 网上竞价: tender when posted, tenderers at the close, the award and the order as its contract. */
export async function quotationReleases(db: DbOrTx, quotationId: string): Promise<Release[]> {
  const q = await quotationsQ.quotationById(db, quotationId);
  if (!q) throw new NotFoundError('没有这个网上竞价');
  const quotes = q.closedAt ? await quotationsQ.quotesOf(db, quotationId) : [];
  const opened = quotes.filter((x) => x.withdrawnAt === null && x.totalFen !== null);
  const order = q.orderId ? await ordersQ.orderById(db, q.orderId) : undefined;
  const org = await orgsById(db, [q.purchaserOrgId, ...opened.map((x) => x.supplierId)]);
  const buyer = org(q.purchaserOrgId);
  const ocid = ocidOf(q.quotationNo);
  const items: Json[] = [
    {
      id: '1',
      description: q.title + (q.requirements ? `：${q.requirements}` : ''),
      quantity: q.quantity,
      unit: { name: '件' },
      classification: classification(q.categoryCode),
    },
  ];
  const releases: Release[] = [
    {
      ...releaseBase(ocid, 'tender', q.createdAt, ['tender']),
      parties: [party(buyer, ['buyer', 'procuringEntity'])],
      buyer: ref(buyer),
      tender: {
        id: q.quotationNo,
        title: q.title,
        status: 'active',
        procuringEntity: ref(buyer),
        value: cny(q.ceilingFen),
        procurementMethod: 'limited',
        procurementMethodDetails: q.reservedForSme ? '网上竞价（专门面向中小企业）' : '网上竞价',
        mainProcurementCategory: 'goods',
        awardCriteria: 'priceOnly',
        submissionMethod: ['electronicSubmission'],
        tenderPeriod: { startDate: q.createdAt.toISOString(), endDate: q.deadline.toISOString() },
        items,
      },
    },
  ];
  if (q.closedAt || q.status === 'cancelled') {
    const tenderers = opened.map((x) => org(x.supplierId));
    releases.push({
      ...releaseBase(ocid, 'closed', q.closedAt ?? q.updatedAt, ['tenderUpdate']),
      ...(tenderers.length ? { parties: tenderers.map((o) => party(o, ['tenderer'])) } : {}),
      tender: {
        id: q.quotationNo,
        status: q.status === 'awarded' ? 'complete' : q.status === 'cancelled' ? 'cancelled' : 'unsuccessful',
        numberOfTenderers: tenderers.length,
        ...(tenderers.length ? { tenderers: tenderers.map(ref) } : {}),
      },
    });
  }
  const winner = opened.find((x) => x.id === q.awardedQuoteId);
  if (q.status === 'awarded' && winner && order) {
    const supplier = org(winner.supplierId);
    releases.push({
      ...releaseBase(ocid, 'award', q.closedAt!, ['award', 'contract']),
      parties: [party(supplier, ['tenderer', 'supplier'])],
      awards: [
        {
          id: q.quotationNo,
          title: q.title,
          status: 'active',
          date: q.closedAt!.toISOString(),
          value: cny(order.totalFen),
          suppliers: [ref(supplier)],
        },
      ],
      // The order is placed at the award: the contract is pending until the supplier confirms it.
      contracts: [{ id: order.orderNo, awardID: q.quotationNo, title: q.title, status: 'pending', value: cny(order.totalFen) }],
    });
    releases.push(...contractUpdates(ocid, order.orderNo, q.quotationNo, order, buyer, supplier));
  }
  return releases;
}

/**
 * 公物仓资产处置: OCDS describes purchases, so a disposal is published where it fits — the lot as a
 * tender by electronic auction (start price as the value; the reserve stays unpublished), the
 * registered bidders at the close, the sale as an award to the winner and the payment as a
 * transaction from the winner to the unit.
 */
export async function auctionReleases(db: DbOrTx, lotId: string): Promise<Release[]> {
  const l = await auctionsQ.lotById(db, lotId);
  if (!l) throw new NotFoundError('没有这个拍卖标的');
  const asset = await assetById(db, l.assetId);
  const bidders = await auctionsQ.bidderCount(db, lotId);
  const org = await orgsById(db, [asset!.ownerOrgId, ...(l.winnerOrgId ? [l.winnerOrgId] : [])]);
  const seller = org(asset!.ownerOrgId);
  const ocid = ocidOf(l.lotNo);
  const releases: Release[] = [
    {
      ...releaseBase(ocid, 'tender', l.createdAt, ['tender']),
      parties: [party(seller, ['procuringEntity', 'payee'])],
      tender: {
        id: l.lotNo,
        title: l.title,
        description: `公物仓资产处置（出售）：${l.description}`,
        status: 'active',
        procuringEntity: ref(seller),
        value: cny(l.startPriceFen),
        procurementMethod: 'open',
        procurementMethodDetails: `公物仓资产处置公开拍卖（英式竞价，第 ${l.round} 轮）`,
        mainProcurementCategory: 'goods',
        awardCriteria: 'priceOnly',
        submissionMethod: ['electronicAuction'],
        tenderPeriod: { startDate: l.startsAt.toISOString(), endDate: l.originalEndsAt.toISOString() },
        items: [
          {
            id: '1',
            description: `${asset!.name}（${asset!.assetNo}）`,
            quantity: asset!.quantity,
            unit: { name: '件' },
            classification: classification(asset!.categoryCode),
          },
        ],
      },
    },
  ];
  if (l.closedAt) {
    releases.push({
      ...releaseBase(ocid, 'closed', l.closedAt, ['tenderUpdate']),
      tender: {
        id: l.lotNo,
        status: l.status === 'failed' ? 'unsuccessful' : l.status === 'cancelled' ? 'cancelled' : 'complete',
        // Who bid, not who registered; a sale had at least its winner's bid (history rows keep no bids).
        numberOfTenderers: Math.max(bidders, l.winnerOrgId ? 1 : 0),
        tenderPeriod: { startDate: l.startsAt.toISOString(), endDate: l.endsAt.toISOString() },
      },
    });
  }
  if (l.winnerOrgId && l.currentPriceFen !== null && l.closedAt && ['sold', 'paid', 'defaulted'].includes(l.status)) {
    const winner = org(l.winnerOrgId);
    releases.push({
      ...releaseBase(ocid, 'award', l.closedAt, ['award']),
      parties: [party(winner, ['tenderer', 'supplier', 'payer'])],
      awards: [
        {
          id: l.lotNo,
          title: l.title,
          status: 'active',
          date: l.closedAt.toISOString(),
          value: cny(l.currentPriceFen),
          suppliers: [ref(winner)],
        },
      ],
    });
    // The winner did not pay: the award falls (its release of the sale stays as it was published).
    if (l.status === 'defaulted')
      releases.push({
        ...releaseBase(ocid, 'defaulted', l.updatedAt, ['awardUpdate']),
        awards: [{ id: l.lotNo, status: 'cancelled' }],
      });
    if (l.status === 'paid' && l.paidAt) {
      releases.push({
        ...releaseBase(ocid, 'paid', l.paidAt, ['contract', 'implementation']),
        contracts: [
          {
            id: l.lotNo,
            awardID: l.lotNo,
            title: l.title,
            status: 'terminated',
            value: cny(l.currentPriceFen),
            dateSigned: l.closedAt.toISOString(),
            implementation: {
              transactions: [
                {
                  id: `${l.lotNo}-payment`,
                  date: l.paidAt.toISOString(),
                  value: cny(l.currentPriceFen),
                  payer: ref(winner),
                  payee: ref(seller),
                },
              ],
            },
          },
        ],
      });
    }
  }
  return releases;
}

/** OCDS 1.1.5 method codes for our methods (公开招标 open; 邀请招标 selective; the negotiated ones limited; 单一来源 direct). */
const methodCodes: Record<string, string> = {
  open: 'open',
  invited: 'selective',
  negotiation: 'limited',
  consultation: 'limited',
  rfq: 'limited',
  single_source: 'direct',
};

/**
 * 招标: the tender at publication; each answered clarification (a tenderAmendment, with the amendment
 * and the moved deadline, when it changed the documents or the deadline; otherwise a tenderUpdate with
 * the enquiry); the opening (tenderers from the bids actually opened, lots that failed); an award per
 * lot, a contract per lot; the cancellation. Each release states the lifecycle as it stands when the
 * release is made — the store keeps that, so a release made at publication keeps its deadline.
 */
export async function tenderReleases(db: DbOrTx, tenderId: string): Promise<Release[]> {
  const t = await tendersQ.announcedTender(db, tenderId);
  if (!t || !t.publishedAt) throw new NotFoundError('no published tender');
  const publishedAt = t.publishedAt;
  const ocid = ocidOf(t.tenderNo);
  const [lots, method, evals, contracts, bidRows, clarifications] = await Promise.all([
    tendersQ.lotsOf(db, tenderId),
    db.select().from(procurementMethods).where(eq(procurementMethods.code, t.methodCode)),
    tendersQ.evaluationsOf(db, tenderId),
    tendersQ.contractsOf(db, tenderId),
    tendersQ.openedBids(db, tenderId),
    tendersQ.answeredClarifications(db, tenderId),
  ]);
  const org = await orgsById(db, [t.purchaserOrgId, t.centerOrgId, ...bidRows.map((b) => b.supplierId)]);
  const buyer = org(t.purchaserOrgId);
  const center = org(t.centerOrgId);
  const budget = lots.reduce((s, l) => s + l.budgetFen, 0);
  const base = (id: string, date: Date, tag: string[]) => releaseBase(ocid, id, date, tag);
  const contracted = new Set(contracts.map((c) => c.lotId));
  /**
   * Where the lifecycle stands now: a lot is complete once awarded, unsuccessful once failed; the tender
   * is complete when every lot ended and at least one was awarded, unsuccessful when every lot failed.
   */
  const lotStatus = (s: string) => (s === 'failed' ? 'unsuccessful' : s === 'awarded' ? 'complete' : 'active');
  const tenderStatus = () =>
    t.status === 'cancelled'
      ? 'cancelled'
      : t.status === 'failed' || lots.every((l) => l.status === 'failed')
        ? 'unsuccessful'
        : t.status === 'contracted' || lots.every((l) => l.status === 'failed' || (l.status === 'awarded' && contracted.has(l.id)))
          ? 'complete'
          : 'active';
  const lotStates = () =>
    lots.map((l) => ({
      id: String(l.lotNo),
      status: t.status === 'cancelled' && l.status !== 'awarded' ? 'cancelled' : lotStatus(l.status),
    }));
  const enquiries = clarifications.filter((c) => c.question);
  const releases: Release[] = [
    {
      ...base('tender', publishedAt, ['tender']),
      parties: [party(buyer, ['buyer']), party(center, ['procuringEntity'])],
      buyer: ref(buyer),
      tender: {
        id: t.tenderNo,
        title: t.title,
        description: t.description || t.title,
        status: 'active',
        procuringEntity: ref(center),
        value: cny(budget),
        procurementMethod: methodCodes[t.methodCode] ?? 'open',
        procurementMethodDetails: method[0]?.name ?? t.methodCode,
        mainProcurementCategory: t.kind,
        awardCriteria: lots.some((l) => l.evaluationMethod === 'comprehensive') ? 'ratedCriteria' : 'priceOnly',
        submissionMethod: ['electronicSubmission'],
        tenderPeriod: { startDate: publishedAt.toISOString(), endDate: t.deadline.toISOString() },
        hasEnquiries: enquiries.some((c) => c.answeredAt! <= publishedAt),
        lots: lots.map((l) => ({ id: String(l.lotNo), title: l.name, value: cny(l.budgetFen), status: 'active' })),
        items: lots.flatMap((l) =>
          l.items.map((it, i) => ({
            id: `${l.lotNo}-${i + 1}`,
            description: it.name + (it.specs ? `：${it.specs}` : ''),
            quantity: it.quantity,
            unit: { name: it.unit },
            classification: classification(t.categoryCode),
            relatedLot: String(l.lotNo),
          })),
        ),
      },
    },
  ];
  clarifications.forEach((c, i) => {
    const n = i + 1;
    const amends = c.changesDocuments || c.deadlineMovedTo !== null;
    const at = c.answeredAt!;
    const prior = releases.at(-1)!;
    const tender: { [k: string]: Json } = { id: t.tenderNo };
    if (c.question) {
      tender.hasEnquiries = true;
      tender.enquiries = [
        { id: String(n), date: c.createdAt.toISOString(), description: c.question, answer: c.answer ?? '', dateAnswered: at.toISOString() },
      ];
    }
    if (c.deadlineMovedTo) tender.tenderPeriod = { startDate: publishedAt.toISOString(), endDate: c.deadlineMovedTo.toISOString() };
    if (amends)
      tender.amendments = [
        {
          id: String(n),
          date: at.toISOString(),
          rationale: c.changesDocuments ? '招标文件修改' : '澄清',
          description:
            (c.answer ?? '') +
            (c.deadlineMovedTo ? `（投标截止时间顺延至 ${c.deadlineMovedTo.toISOString()}）` : '') +
            (c.invalidatedBids ? `（已递交的 ${c.invalidatedBids} 份投标文件失效）` : ''),
          amendsReleaseID: String(prior.id),
          releaseID: `${ocid}-amendment-${n}`,
        },
      ];
    releases.push({ ...base(`${amends ? 'amendment' : 'clarification'}-${n}`, at, [amends ? 'tenderAmendment' : 'tenderUpdate']), tender });
  });
  if (t.openedAt) {
    const tenderers = [...new Set(bidRows.map((b) => b.supplierId))].map(org);
    releases.push({
      ...base('opening', t.openedAt, ['tenderUpdate']),
      ...(tenderers.length ? { parties: tenderers.map((o) => party(o, ['tenderer'])) } : {}),
      tender: {
        id: t.tenderNo,
        status: t.status === 'failed' ? 'unsuccessful' : t.status === 'cancelled' ? 'cancelled' : 'active',
        numberOfTenderers: tenderers.length,
        ...(tenderers.length ? { tenderers: tenderers.map(ref) } : {}),
        lots: lots.map((l) => ({ id: String(l.lotNo), status: l.status === 'failed' ? 'unsuccessful' : 'active' })),
      },
      // Bid statistics (bids extension): how many bids each lot opened — counts only, never the prices of a lot still in evaluation.
      bids: {
        statistics: lots.map((l) => ({
          id: `bids-${l.lotNo}`,
          measure: 'bids',
          value: bidRows.filter((b) => b.lotId === l.id).length,
          relatedLot: String(l.lotNo),
        })),
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
      tender: { id: t.tenderNo, status: tenderStatus(), lots: lotStates() },
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
      tender: { id: t.tenderNo, status: tenderStatus(), lots: lotStates() },
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
    releases.push({
      ...base('cancellation', t.updatedAt, ['tenderCancellation']),
      tender: { id: t.tenderNo, status: 'cancelled', lots: lotStates() },
    });
  return releases;
}
