import type { DbOrTx } from '../../db/client.ts';
import { NotFoundError } from '../../platform/errors.ts';
import * as ordersQ from '../orders/orders.queries.ts';
import * as quotationsQ from '../quotations/quotations.queries.ts';
import { ocidOf } from './ocds.ids.ts';
import * as frameworksQ from '../frameworks/frameworks.queries.ts';
import { frameworkLink } from './ocds.framework-releases.ts';
import type { Json } from './ocds.merge.ts';
import { contractUpdates } from './ocds.order-releases.ts';
import { classification, cny, orgsById, party, ref, releaseBase, type Release } from './ocds.release-parts.ts';

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
  // 二次竞价 under a framework call: the quotation links to that framework's process.
  const framework = q.frameworkCallId ? await frameworksQ.frameworkCallById(db, q.frameworkCallId) : undefined;
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
      ...(framework ? { relatedProcesses: [frameworkLink(framework)] } : {}),
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
        // Cancelled, its quotes were never opened: how many sealed quotes it had is not told (0 would be false).
        ...(q.status === 'cancelled' ? {} : { numberOfTenderers: tenderers.length }),
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
