import { sql, type SQL } from 'drizzle-orm';
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
 * terminated), the refusal at acceptance (验收不合格: the acceptance not met, the contract ends
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
  // 验收不合格 is the order's last step (nothing moves it again), so its updatedAt is when it was refused.
  if (o.status === 'rejected')
    out.push({
      ...releaseBase(ocid, 'rejected', o.updatedAt, ['contractTermination']),
      contracts: contract({
        status: 'terminated',
        implementation: {
          milestones: [{ id: `${contractId}-acceptance`, title: '验收', type: 'delivery', status: 'notMet', description: '验收不合格' }],
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
 * When an e-mall order became a public contract (the award decision), or null if it never did: its placing
 * when it needed no approval, else its approval (approved_at, set once by the approver's approve). Read from
 * facts set once and never changed: whether it needed approval (fixed at checkout) and the approval. The
 * status alone does not tell: `cancelled` is also a returned order's end (never a contract), and `rejected`
 * is a refusal at delivery acceptance (a contract that ended).
 */
export function awardedAt(o: Pick<OrderRow, 'status' | 'needsApproval' | 'createdAt' | 'approvedAt'>): Date | null {
  if (o.status === 'pending_approval') return null;
  return o.needsApproval ? o.approvedAt : o.createdAt;
}

/**
 * The same in SQL over the order rows under `alias` (the orders table): the e-mall orders that are public
 * contracts, for the processes list and the backfill's search (and any check of what must be published).
 */
export const publicOrderSql = (alias: string): SQL =>
  sql.raw(
    `(${alias}.checkout_id is not null and ${alias}.status <> 'pending_approval' and (not ${alias}.needs_approval or ${alias}.approved_at is not null))`,
  );

/**
 * 电子卖场直购: a call-off from a framework agreement is its own process — published when placed as
 * tender (what was bought), award and contract at once; confirmation, settlement (with the payment as
 * a transaction) or cancellation as later releases.
 */
export async function orderReleases(db: DbOrTx, orderId: string): Promise<Release[]> {
  const o = await ordersQ.orderById(db, orderId);
  if (!o || !o.checkoutId || !awardedAt(o)) throw new NotFoundError('没有公开的电子卖场订单');
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
 * them): no statement of its own. Empty while the order is not public (awaiting approval) and for one
 * never approved (returned by the approver, or cancelled before an approval): it never was a contract.
 * Placed and awarded when it became a contract (awardedAt: its approval, if it needed one).
 */
export function orderReleasesOf(o: OrderRow, lines: readonly LineRow[], buyer: Org, supplier: Org, related: Json[]): Release[] {
  const awarded = awardedAt(o);
  if (!o.checkoutId || !awarded) return [];
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
      ...releaseBase(ocid, 'placed', awarded, ['tender', 'award', 'contract']),
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
          date: awarded.toISOString(),
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
