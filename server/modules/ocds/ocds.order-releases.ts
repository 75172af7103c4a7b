import type { DbOrTx } from '../../db/client.ts';
import { NotFoundError } from '../../platform/errors.ts';
import * as ordersQ from '../orders/orders.queries.ts';
import { ocidOf } from './ocds.ids.ts';
import { orderFrameworkLinks } from './ocds.framework-releases.ts';
import type { Json } from './ocds.merge.ts';
import { classification, cny, orgsById, party, ref, releaseBase, type Org, type Release } from './ocds.release-parts.ts';

type OrderRow = NonNullable<Awaited<ReturnType<typeof ordersQ.orderById>>>;
type LineRow = Awaited<ReturnType<typeof ordersQ.orderLinesOf>>[number];

/**
 * What happens to an order after it is placed, as releases on the process it belongs to (an e-mall
 * order's own, or the online quotation it was awarded from): the supplier's confirmation (the contract
 * is signed), the delivery as a met milestone, the payment as a transaction (the contract ends
 * terminated), or the cancellation. Each is its own release, so the award release keeps the contract as
 * it was then.
 */
export function contractUpdates(ocid: string, contractId: string, awardId: string, o: OrderRow, buyer: Org, supplier: Org): Release[] {
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
  const related = await orderFrameworkLinks(
    db,
    lines.map((l) => l.agreementId),
  );
  return orderReleasesOf(o, lines, org(o.purchaserOrgId), org(o.supplierId), related);
}

/**
 * The releases of an e-mall order from its rows as the caller holds them (a checkout that has just written
 * them): no statement of its own. Empty while the order is not public (awaiting approval, rejected).
 */
export function orderReleasesOf(o: OrderRow, lines: readonly LineRow[], buyer: Org, supplier: Org, related: Json[]): Release[] {
  if (!o.checkoutId || ['pending_approval', 'rejected'].includes(o.status)) return [];
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
      ...(related.length ? { relatedProcesses: related } : {}),
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
