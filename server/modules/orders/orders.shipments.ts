import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { orderLines, orderShipments, orders, users, type ShipmentItem } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, fieldError, NotFoundError } from '../../platform/errors.ts';
import { entityHistory } from '../../platform/history.ts';
import type { ShipmentDto } from '../../../contracts/orders.schemas.ts';
import { orderStatusLabels } from './orders.rules.ts';
import { actorOf, type OrdersDeps } from './orders.context.ts';
import type { OrderLifecycle } from './orders.lifecycle.ts';

type ShipmentInput = {
  carrier: string;
  waybillNo: string;
  note?: string | undefined;
  items: { lineId: string; quantity: number; serialNumbers: string[] }[];
};

/** 发货与签收: an order's shipments (several for a partial delivery), their delivery, and the order's timeline. */
export function createOrderShipments(deps: OrdersDeps & { lifecycle: OrderLifecycle }) {
  const { db, lifecycle } = deps;

  /** Only the order's two parties see its shipments and timeline; to anyone else it does not exist. */
  async function partyOrder(auth: AuthContext, id: string) {
    const [o] = await db.select().from(orders).where(eq(orders.id, id));
    if (!o || (o.purchaserOrgId !== auth.orgId && o.supplierId !== auth.orgId)) throw new NotFoundError('order not found');
    return o;
  }

  async function shippedSoFar(tx: Tx, orderId: string) {
    // One after another: a transaction's connection runs one statement at a time.
    const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, orderId));
    const prior = await tx.select().from(orderShipments).where(eq(orderShipments.orderId, orderId));
    const shipped = new Map<string, number>();
    for (const s of prior) for (const i of s.items) shipped.set(i.lineId, (shipped.get(i.lineId) ?? 0) + i.quantity);
    return { lines, prior, shipped };
  }

  /** Each item names a line of this order, ships no more than is left, and lists one serial per unit or none. */
  function checkItems(input: ShipmentInput, lines: (typeof orderLines.$inferSelect)[], shipped: Map<string, number>, known: Set<string>) {
    const seenLines = new Set<string>();
    input.items.forEach((item, i) => {
      const line = lines.find((l) => l.id === item.lineId);
      if (!line) throw fieldError(`items.${i}.lineId`, '不是本订单的商品');
      if (seenLines.has(item.lineId)) throw fieldError(`items.${i}.lineId`, '同一商品在一次发货中只列一次');
      seenLines.add(item.lineId);
      const left = line.quantity - (shipped.get(line.id) ?? 0);
      if (item.quantity > left) throw fieldError(`items.${i}.quantity`, `超过待发数量（还可发 ${left}）`);
      if (item.serialNumbers.length && item.serialNumbers.length !== item.quantity)
        throw fieldError(`items.${i}.serialNumbers`, `序列号须每件一个（${item.quantity} 个）或不填`);
      for (const sn of item.serialNumbers) {
        if (known.has(sn)) throw fieldError(`items.${i}.serialNumbers`, `序列号 ${sn} 重复`);
        known.add(sn);
      }
    });
  }

  /** 发货: the supplier records a consignment; the first moves a confirmed order to shipped, and the buyer is told of each. */
  async function ship(auth: AuthContext, orderId: string, input: ShipmentInput) {
    await inTransaction(db, async (tx, afterCommit) => {
      const order = await lifecycle.lockOrder(tx, orderId);
      lifecycle.assertActor(auth, order, 'supplier');
      if (order.status !== 'confirmed' && order.status !== 'shipped')
        throw new ConflictError(`订单当前为「${orderStatusLabels[order.status]}」，不能发货`);
      const { lines, prior, shipped } = await shippedSoFar(tx, orderId);
      checkItems(input, lines, shipped, new Set(prior.flatMap((s) => s.items.flatMap((i) => i.serialNumbers))));
      const now = await dbNow(tx);
      const seq = prior.length + 1;
      const items: ShipmentItem[] = input.items.map((i) => ({ lineId: i.lineId, quantity: i.quantity, serialNumbers: i.serialNumbers }));
      const [row] = await tx
        .insert(orderShipments)
        .values({
          orderId,
          seq,
          carrier: input.carrier,
          waybillNo: input.waybillNo,
          note: input.note ?? null,
          items,
          shippedBy: auth.userId,
          shippedAt: now,
        })
        .returning();
      const units = items.reduce((n, i) => n + i.quantity, 0);
      const left = lines.reduce((n, l) => n + l.quantity, 0) - [...shipped.values()].reduce((a, b) => a + b, 0) - units;
      const notice = {
        text: `第 ${seq} 批：${input.carrier} 运单号 ${input.waybillNo}，${units} 件${left > 0 ? `，尚有 ${left} 件待发` : '，已全部发出'}。`,
        params: { seq, carrier: input.carrier, waybillNo: input.waybillNo, units, left },
      };
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'order.shipment',
        entityType: 'order',
        entityId: orderId,
        data: { shipmentId: row!.id, seq, carrier: input.carrier, waybillNo: input.waybillNo, items, left },
      });
      if (order.status === 'confirmed') await lifecycle.applyStep(tx, afterCommit, auth, order, 'ship', {}, notice);
      else
        await deps.notify(tx, {
          organizationId: order.purchaserOrgId,
          userId: order.placedBy,
          kind: 'order.shipped',
          title: `订单又发出一批：${order.orderNo}`,
          body: `订单 ${order.orderNo} ${notice.text}`,
          params: { orderNo: order.orderNo, totalFen: order.totalFen, ...notice.params, variant: 'more' },
          link: `/purchaser/orders/${order.id}`,
        });
    });
    return list(auth, orderId);
  }

  /** 送达: the supplier records a shipment delivered; when every unit has shipped and arrived the order is delivered. */
  async function deliver(auth: AuthContext, orderId: string, shipmentId: string) {
    await inTransaction(db, async (tx, afterCommit) => {
      const order = await lifecycle.lockOrder(tx, orderId);
      lifecycle.assertActor(auth, order, 'supplier');
      const { lines, prior, shipped } = await shippedSoFar(tx, orderId);
      const shipment = prior.find((s) => s.id === shipmentId);
      if (!shipment) throw new NotFoundError('shipment not found');
      if (shipment.deliveredAt || order.status !== 'shipped') throw new ConflictError('该批货物已送达或订单不在配送中');
      const now = await dbNow(tx);
      await tx.update(orderShipments).set({ deliveredAt: now, deliveredBy: auth.userId }).where(eq(orderShipments.id, shipmentId));
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'order.shipment.delivered',
        entityType: 'order',
        entityId: orderId,
        data: { shipmentId, seq: shipment.seq, waybillNo: shipment.waybillNo },
      });
      const allShipped = lines.every((l) => (shipped.get(l.id) ?? 0) >= l.quantity);
      const allArrived = prior.every((s) => s.id === shipmentId || s.deliveredAt);
      const notice = {
        text: `第 ${shipment.seq} 批（运单号 ${shipment.waybillNo}）已送达。`,
        params: { seq: shipment.seq, waybillNo: shipment.waybillNo },
      };
      if (allShipped && allArrived) await lifecycle.applyStep(tx, afterCommit, auth, order, 'deliver', {}, notice);
      else
        await deps.notify(tx, {
          organizationId: order.purchaserOrgId,
          userId: order.placedBy,
          kind: 'order.delivered',
          title: `订单部分送达：${order.orderNo}`,
          body: `订单 ${order.orderNo} ${notice.text}其余货物仍在配送。`,
          params: { orderNo: order.orderNo, totalFen: order.totalFen, ...notice.params, variant: 'partial' },
          link: `/purchaser/orders/${order.id}`,
        });
    });
    return list(auth, orderId);
  }

  /** The order's shipments with what each holds, and per line what is still to ship. */
  async function list(auth: AuthContext, orderId: string) {
    await partyOrder(auth, orderId);
    const { lines, prior, shipped } = await db.transaction((tx) => shippedSoFar(tx, orderId));
    const ids = [...new Set(prior.flatMap((s) => [s.shippedBy, s.deliveredBy ?? s.shippedBy]))];
    const names = new Map(
      ids.length
        ? (await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids))).map((u) => [u.id, u.name])
        : [],
    );
    const title = new Map(lines.map((l) => [l.id, l.title]));
    const items: ShipmentDto[] = [...prior]
      .sort((a, b) => a.seq - b.seq)
      .map((s) => ({
        id: s.id,
        seq: s.seq,
        carrier: s.carrier,
        waybillNo: s.waybillNo,
        note: s.note,
        items: s.items.map((i) => ({ ...i, title: title.get(i.lineId) ?? '' })),
        shippedAt: s.shippedAt.toISOString(),
        shippedByName: names.get(s.shippedBy) ?? '',
        deliveredAt: s.deliveredAt?.toISOString() ?? null,
        deliveredByName: s.deliveredBy ? (names.get(s.deliveredBy) ?? '') : null,
      }));
    const remaining = [...lines]
      .sort((a, b) => a.title.localeCompare(b.title))
      .map((l) => ({ lineId: l.id, title: l.title, ordered: l.quantity, shipped: shipped.get(l.id) ?? 0 }));
    return { items, remaining };
  }

  /** Every step of the order with who and when: placed, approved, confirmed, each shipment, delivered, accepted. */
  async function timeline(auth: AuthContext, orderId: string) {
    await partyOrder(auth, orderId);
    return { items: await entityHistory(db, { entityType: 'order', entityId: orderId }, ['order.*']) };
  }

  return { ship, deliver, list, timeline, partyOrder };
}

export type OrderShipments = ReturnType<typeof createOrderShipments>;
