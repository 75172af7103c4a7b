import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organizations } from '../../db/schema/index.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { assetById } from '../assets/assets.queries.ts';
import * as auctionsQ from '../auctions/auctions.queries.ts';
import * as ordersQ from '../orders/orders.queries.ts';
import * as quotationsQ from '../quotations/quotations.queries.ts';
import { ocidOf } from '../tenders/tenders.service.ts';
import type { Json } from './ocds.merge.ts';

/** An OCDS Value in yuan (fen / 100 is exact to two decimals for any amount the platform holds). */
export const cny = (fen: number) => ({ amount: fen / 100, currency: 'CNY' });
type Org = { id: string; name: string; uscc: string | null; address: string | null; regionCode: string };
type Release = { [k: string]: Json };

export const partyId = (o: Org) => (o.uscc ? `CN-SAMR-${o.uscc}` : `jicai-${o.id}`);
export const party = (o: Org, roles: string[]): Json => ({
  id: partyId(o),
  name: o.name,
  ...(o.uscc ? { identifier: { scheme: 'CN-SAMR', id: o.uscc, legalName: o.name } } : {}),
  ...(o.address ? { address: { streetAddress: o.address, region: o.regionCode, countryName: '中国' } } : {}),
  roles,
});
export const ref = (o: Org): Json => ({ id: partyId(o), name: o.name });

export async function orgsById(db: Db, ids: string[]) {
  const rows = ids.length
    ? await db
        .select({
          id: organizations.id,
          name: organizations.name,
          uscc: organizations.uscc,
          address: organizations.address,
          regionCode: organizations.regionCode,
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
const contractStatus = (status: string) =>
  status === 'cancelled' ? 'cancelled' : ['settled'].includes(status) ? 'terminated' : status === 'placed' ? 'pending' : 'active';

/**
 * 电子卖场直购: a call-off from a framework agreement is its own process — published when placed as
 * tender (what was bought), award and contract at once; confirmation, settlement (with the payment as
 * a transaction) or cancellation as later releases.
 */
export async function orderReleases(db: Db, orderId: string): Promise<Release[]> {
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
  if (o.confirmedAt)
    releases.push({
      ...releaseBase(ocid, 'confirmed', o.confirmedAt, ['contractUpdate']),
      contracts: [{ id: o.orderNo, awardID: o.orderNo, status: 'active', dateSigned: o.confirmedAt.toISOString() }],
    });
  if (o.status === 'settled' && o.settledAt) {
    releases.push({
      ...releaseBase(ocid, 'settled', o.settledAt, ['implementation']),
      contracts: [
        {
          id: o.orderNo,
          awardID: o.orderNo,
          status: 'terminated',
          implementation: {
            transactions: [
              {
                id: `${o.orderNo}-payment`,
                date: o.settledAt.toISOString(),
                value: cny(o.totalFen),
                payer: ref(buyer),
                payee: ref(supplier),
              },
            ],
          },
        },
      ],
    });
  }
  if (o.status === 'cancelled')
    releases.push({
      ...releaseBase(ocid, 'cancelled', o.cancelledAt ?? o.updatedAt, ['contractTermination']),
      contracts: [{ id: o.orderNo, awardID: o.orderNo, status: contractStatus(o.status) }],
    });
  return releases;
}

/** 网上竞价: tender when posted, tenderers at the close, the award and the order as its contract. */
export async function quotationReleases(db: Db, quotationId: string): Promise<Release[]> {
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
      contracts: [
        { id: order.orderNo, awardID: q.quotationNo, title: q.title, status: contractStatus(order.status), value: cny(order.totalFen) },
      ],
    });
  }
  return releases;
}

/**
 * 公物仓资产处置: OCDS describes purchases, so a disposal is published where it fits — the lot as a
 * tender by electronic auction (start price as the value; the reserve stays unpublished), the
 * registered bidders at the close, the sale as an award to the winner and the payment as a
 * transaction from the winner to the unit.
 */
export async function auctionReleases(db: Db, lotId: string): Promise<Release[]> {
  const l = await auctionsQ.lotById(db, lotId);
  if (!l) throw new NotFoundError('没有这个拍卖标的');
  const asset = await assetById(db, l.assetId);
  const registered = await auctionsQ.registrationCount(db, lotId);
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
        numberOfTenderers: Number(registered),
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
          status: l.status === 'defaulted' ? 'cancelled' : 'active',
          date: l.closedAt.toISOString(),
          value: cny(l.currentPriceFen),
          suppliers: [ref(winner)],
        },
      ],
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
