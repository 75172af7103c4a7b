import { eq } from 'drizzle-orm';
import { orgRegion } from '../../platform/jurisdiction.ts';
import type { Tx } from '../../db/client.ts';
import type { AfterCommit } from '../../db/tx.ts';
import { orderLines, orderShipments, orders, type OrderStatus } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { beijingTime } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import * as budget from '../budget/budget.service.ts';
import { returnStock } from '../catalogue/listings.service.ts';
import { orderStatusLabels, orderTransitions, type OrderAction } from './orders.rules.ts';
import { actorOf, orderJobs, type OrdersDeps } from './orders.context.ts';
import type { OrderCheckout } from './orders.checkout.ts';
import type { OrderViews } from './orders.views.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import { orderNotices, type StepNotice } from './orders.notices.ts';

/** What a party may add to a step: the reason of a return, decline, rejection or cancellation; the rating and comment of an acceptance. */
type StepInput = { reason?: string | undefined; rating?: number | undefined; comment?: string | undefined };

/** An order's life after placement: each party's actions (orderTransitions) and the unconfirmed order's expiry. */
export function createOrderLifecycle(
  deps: OrdersDeps & {
    views: OrderViews;
    checkout: OrderCheckout;
  },
) {
  const { db, credit } = deps;
  const { get } = deps.views;
  const { scheduleConfirmTimeout } = deps.checkout;

  const moveBudget = (tx: Tx, order: typeof orders.$inferSelect, kind: 'release' | 'spend') =>
    (kind === 'release' ? budget.release : budget.settle)(tx, { lineId: order.budgetLineId, amountFen: order.totalFen, orderId: order.id });

  async function restoreStock(tx: Tx, orderId: string) {
    const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, orderId));
    await returnStock(
      tx,
      lines.flatMap((l) => (l.listingId ? [{ listingId: l.listingId, quantity: l.quantity }] : [])),
    );
  }

  async function lockOrder(tx: Tx, id: string) {
    const [o] = await tx.select().from(orders).where(eq(orders.id, id)).for('update');
    if (!o) throw new NotFoundError('order not found');
    return o;
  }

  /** Who may act: approvers and purchasers of the buying unit, the supplier of the order. Others see nothing. */
  function assertActor(auth: AuthContext, order: typeof orders.$inferSelect, by: 'approver' | 'supplier' | 'purchaser') {
    const ok =
      by === 'supplier'
        ? order.supplierId === auth.orgId && auth.roles.includes('supplier')
        : order.purchaserOrgId === auth.orgId && auth.roles.includes(by === 'approver' ? 'approver' : 'purchaser');
    if (!ok) {
      const party = order.supplierId === auth.orgId || order.purchaserOrgId === auth.orgId;
      if (party)
        throw new RuleViolationError('not your step', { fields: [{ field: 'status', message: '此操作不由贵方执行', in: 'body' }] });
      throw new NotFoundError('order not found');
    }
  }

  /**
   * What a step does besides moving the status: the order's own fields to set (returned), and its effects
   * on credit, the budget, stock and the confirmation deadline.
   */
  async function stepEffects(
    tx: Tx,
    auth: AuthContext,
    order: typeof orders.$inferSelect,
    action: OrderAction,
    input: StepInput,
    now: Date,
  ): Promise<Partial<typeof orders.$inferInsert>> {
    const t = orderTransitions[action];
    const set: Partial<typeof orders.$inferInsert> = {};
    if (action === 'approve' || action === 'return')
      Object.assign(set, { decidedBy: auth.userId, decidedAt: now, decisionReason: input.reason ?? null });
    if (action === 'approve') set.approvedAt = now;
    if (action === 'confirm') {
      await credit.assertEligible(tx, {
        supplierId: order.supplierId,
        action: 'order',
        regionCode: await orgRegion(tx, order.purchaserOrgId),
      });
      set.confirmedAt = now;
      await deps.jobs.cancel(tx, orderJobs.confirmTimeout, order.id);
    }
    if (action === 'ship') set.shippedAt = now;
    if (action === 'deliver') {
      set.deliveredAt = now;
      if (order.expectedDeliveryBy && now > order.expectedDeliveryBy) {
        await credit.recordEvent(tx, {
          supplierId: order.supplierId,
          source: 'late_delivery',
          severity: 'minor',
          title: `订单 ${order.orderNo} 逾期交货`,
          description: `承诺 ${beijingTime(order.expectedDeliveryBy)}前交货，实际 ${beijingTime(now)}交货`,
          sourceRef: `order:${order.id}`,
          confirm: true,
          actor: null,
          areaOrgId: order.purchaserOrgId,
        });
      }
    }
    if (action === 'accept') {
      Object.assign(set, { acceptedAt: now, rating: input.rating ?? null, acceptanceComment: input.comment ?? null });
      await moveBudget(tx, order, 'spend');
      if ((input.rating ?? 0) >= 4) {
        await credit.recordEvent(tx, {
          supplierId: order.supplierId,
          source: 'order_acceptance',
          severity: 'positive',
          title: `订单 ${order.orderNo} 验收合格（${input.rating} 星）`,
          description: input.comment ?? '验收合格',
          sourceRef: `order:${order.id}`,
          confirm: true,
          actor: actorOf(auth),
        });
      }
    }
    if (action === 'reject') {
      Object.assign(set, { rejectionReason: input.reason ?? null, rating: input.rating ?? null });
      await moveBudget(tx, order, 'release');
      await restoreStock(tx, order.id);
      await credit.recordEvent(tx, {
        supplierId: order.supplierId,
        source: 'order_rejection',
        severity: 'general',
        title: `订单 ${order.orderNo} 验收不合格`,
        description: input.reason ?? '',
        sourceRef: `order:${order.id}`,
        confirm: false,
        actor: actorOf(auth),
      });
    }
    if (action === 'settle') set.settledAt = now;
    if (t.to === 'cancelled') {
      Object.assign(set, { cancelledAt: now, cancelReason: input.reason ?? null });
      await moveBudget(tx, order, 'release');
      await restoreStock(tx, order.id);
      await deps.jobs.cancel(tx, orderJobs.confirmTimeout, order.id);
    }
    return set;
  }

  /**
   * One step on a locked order inside the caller's transaction: checks, effects, notices, audit. `notice`
   * adds to the party's message (a shipment's carrier and waybill).
   */
  async function applyStep(
    tx: Tx,
    afterCommit: AfterCommit,
    auth: AuthContext,
    order: typeof orders.$inferSelect,
    action: OrderAction,
    input: StepInput = {},
    notice?: StepNotice,
  ) {
    const t = orderTransitions[action];
    assertActor(auth, order, t.by);
    if (!(t.from as readonly OrderStatus[]).includes(order.status))
      throw new ConflictError(`订单当前为「${orderStatusLabels[order.status]}」，不能执行此操作`);
    // 不相容岗位分离: whoever placed the order (or ran the quotation it came from) does not approve it.
    if (action === 'approve' && order.placedBy === auth.userId)
      throw new RuleViolationError('separation of duties: the user who placed the order cannot approve it', {
        fields: [{ field: 'status', message: '下单人不能审批自己下的订单（不相容岗位分离），请由本单位其他审批人审批', in: 'body' }],
      });
    if ((action === 'return' || action === 'decline') && !input.reason)
      throw new RuleViolationError('reason required', { fields: [{ field: 'reason', message: '请填写理由', in: 'body' }] });
    const now = await dbNow(tx);
    const set: Partial<typeof orders.$inferInsert> = { status: t.to, updatedAt: now };
    Object.assign(set, await stepEffects(tx, auth, order, action, input, now));
    await tx.update(orders).set(set).where(eq(orders.id, order.id));
    await deps.notify(
      tx,
      orderNotices(order, { kind: 'step', action, from: order.status, reason: input.reason, rating: input.rating, notice }),
    );
    if (action === 'approve') await scheduleConfirmTimeout(tx, afterCommit, order.id, now);
    await appendAudit(tx, {
      actor: actorOf(auth),
      action: `order.${action}`,
      entityType: 'order',
      entityId: order.id,
      data: { from: order.status, to: t.to, ...input },
    });
    await recordReleases(tx, 'order', order.id);
  }

  /** One step of the order lifecycle, with its budget, stock, credit and deadline effects, audited. */
  async function act(auth: AuthContext, id: string, action: OrderAction, input: StepInput = {}) {
    await inTransaction(db, async (tx, afterCommit) => {
      const order = await lockOrder(tx, id);
      // An order shipped in consignments is delivered by them (orders.shipments.ts: when every unit has
      // shipped and arrived), never by the plain step: one consignment of five units is not the order delivered.
      if (action === 'deliver' && order.status === 'shipped') {
        const [consignment] = await tx
          .select({ id: orderShipments.id })
          .from(orderShipments)
          .where(eq(orderShipments.orderId, id))
          .limit(1);
        if (consignment) throw new ConflictError('该订单按批次发货：请逐批登记送达，全部发出并送达后订单即为已送达');
      }
      await applyStep(tx, afterCommit, auth, order, action, input);
    });
    return get(auth, id);
  }

  /** The confirmation deadline passed: cancel, release the budget, restore stock, and record it on the supplier. */
  async function expireUnconfirmed(tx: Tx, orderId: string) {
    const order = await lockOrder(tx, orderId);
    if (order.status !== 'placed') return false;
    const now = await dbNow(tx);
    await tx
      .update(orders)
      .set({ status: 'cancelled', cancelledAt: now, cancelReason: '供应商未在 1 个工作日内确认，系统自动取消', updatedAt: now })
      .where(eq(orders.id, orderId));
    await moveBudget(tx, order, 'release');
    await restoreStock(tx, orderId);
    await deps.notify(tx, orderNotices(order, { kind: 'expired' }));
    await credit.recordEvent(tx, {
      supplierId: order.supplierId,
      source: 'late_confirmation',
      severity: 'minor',
      title: `订单 ${order.orderNo} 未按时确认`,
      description: `确认截止 ${order.confirmDeadline ? beijingTime(order.confirmDeadline) : '—'}，系统自动取消`,
      sourceRef: `order:${order.id}`,
      confirm: true,
      actor: null,
      areaOrgId: order.purchaserOrgId,
    });
    await appendAudit(tx, {
      actor: null,
      action: 'order.expire',
      entityType: 'order',
      entityId: orderId,
      data: { orderNo: order.orderNo },
    });
    await recordReleases(tx, 'order', orderId);
    return true;
  }

  return { moveBudget, restoreStock, lockOrder, assertActor, applyStep, act, expireUnconfirmed };
}

export type OrderLifecycle = ReturnType<typeof createOrderLifecycle>;
