import { and, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { checkouts, orderLines, orders } from '../../db/schema/index.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import { oneStatement } from '../../db/one-statement.ts';
import { notificationsInsert } from '../notifications/notifications.service.ts';
import { scheduledClockSql } from '../../platform/queue/job-system.ts';
import { schedulingPart } from '../../platform/queue/scheduling-part.ts';
import { appendAudit, auditInsertWhen } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate, workdayDeadline } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { procedureAfter } from '../../platform/sandbox.ts';
import { RuleViolationError } from '../../platform/errors.ts';
import { policyValue } from '../../platform/policy.ts';
import * as budget from '../budget/budget.service.ts';
import { stockShortError, stockShortOf, stockTakesInsert } from '../catalogue/listings.service.ts';
import type { Finding } from './orders.rules.ts';
import { actorOf, nextOrderNo, orderJobs, type CartRow, type OrdersDeps } from './orders.context.ts';
import { directFields, type DirectItem, type OrderCart } from './orders.cart.ts';
import type { OrderFindings } from './orders.findings.ts';
import { releasesInsert } from '../ocds/ocds.store.ts';
import type { orderReleasesOf } from '../ocds/ocds.order-releases.ts';
import type { orderFrameworkLinks } from '../ocds/ocds.framework-releases.ts';
import { orderDtos, type OrderViews } from './orders.views.ts';
import { orderNotices } from './orders.notices.ts';
import { checkReplacements } from './orders.replacement.ts';
import {
  insertOrders,
  orderLineValues,
  orderValues,
  planOrders,
  placedReleases,
  requestHash,
  assertSameRequest,
  type PlannedOrder,
} from './orders.checkout-rows.ts';
import { assertAgreementTerms } from './orders.agreements.ts';
import type { CheckoutLine } from '../../../contracts/orders.schemas.ts';

/** Placing orders: the checkout of a cart, an order from an awarded quotation, and the confirmation deadline both start. */
export function createOrderCheckout(
  deps: OrdersDeps & {
    views: OrderViews;
    cart: OrderCart;
    findings: OrderFindings;
  },
) {
  const { db } = deps;
  const { get } = deps.views;
  const { claimCart, claimItems } = deps.cart;
  const { judgeCart } = deps.findings;

  /** The policy the confirmation deadline is counted by (national), read with the cart's rules at checkout. */
  const confirmPolicies = {
    confirmWithin: { key: 'ordering.confirmWithinWorkdays', schema: z.number().int().positive(), national: true },
  } as const;

  async function scheduleConfirmTimeout(tx: Tx, afterCommit: AfterCommit, orderId: string, from: Date) {
    const deadline = await workdayDeadline(
      tx,
      from,
      (await policyValue(tx, 'ordering.confirmWithinWorkdays', z.number().int().positive())).value,
    );
    const [order] = await tx.update(orders).set({ confirmDeadline: deadline }).where(eq(orders.id, orderId)).returning();
    await deps.notify(tx, orderNotices(order!, { kind: 'to_confirm', confirmDeadline: deadline }));
    await deps.jobs.schedule(tx, afterCommit, orderJobs.confirmTimeout, { key: orderId, runAt: deadline, payload: { orderId } });
  }

  /**
   * The findings checkout records: the cart's policy findings, the lines' minimum-years declarations
   * (orders.replacement.ts); refused when one blocks, or when a line is over standard without a reason.
   * Reads, never writes: the unit, the moment, the policies (the confirmation deadline's with them), the
   * agreements and the certificates it judged by come back for the checkout to write with.
   */
  async function checkoutFindings(
    tx: Tx,
    auth: AuthContext,
    rows: CartRow[],
    input: { budgetLineId: string; overStandardReason?: string | undefined; lines?: CheckoutLine[] | undefined },
  ) {
    const judged = await judgeCart(tx, auth, rows, { more: confirmPolicies, budgetLineId: input.budgetLineId });
    const { at: now, certificates } = judged.rules;
    // Refusals in the order they have always come: the budget line (an unknown or another unit's line is a
    // 422 on budgetLineId, never a foreign-key failure; it is locked only at the end, by the reservation), the
    // agreements, the declarations, then the findings.
    const line = budget.assertLineRead(judged.rules.budgetLine, '预算指标不存在或不属于本单位');
    const agreements = await assertAgreementTerms(tx, rows, now, judged.rules.agreements);
    const replacements = await checkReplacements(tx, auth, rows, input.lines ?? [], now);
    const findings = [
      // A declared line's ask is answered by its declaration's finding.
      ...judged.findings.filter((f) => !(f.code === 'replacement_required' && replacements.byListing.has(f.listingId!))),
      ...replacements.findings,
    ];
    const blocking = findings.filter((f) => f.level === 'block');
    if (blocking.length)
      throw new RuleViolationError(blocking.map((f) => f.message).join('；'), {
        fields: blocking.map((f) => ({ field: f.listingId ? `cart.${f.listingId}` : 'cart', message: f.message, in: 'body' })),
      });
    if (findings.some((f) => f.code === 'over_standard') && !input.overStandardReason) {
      throw new RuleViolationError('reason required', {
        fields: [{ field: 'overStandardReason', message: '有超配置标准的商品，请说明理由', in: 'body' }],
      });
    }
    return { findings, replacements, rules: judged.rules, agreements, certificates, now, line };
  }

  /**
   * A checkout's last statement (server/db/one-statement.ts): every write after its orders — notices to the
   * approver or the supplier, the confirmation deadlines, the audit entries, the checkout's order ids, the
   * open-data releases of the orders placed at once (built from the rows just written; an order awaiting
   * approval publishes nothing yet, and a new order's process has no release stored), the stock takes — with
   * the rows every checkout competes for taken last: the budget line by the statement's guarded update, the
   * listings' stock at the commit itself (takeStock's deferred trigger), so each is held only to the commit.
   */
  async function finishCheckout(
    tx: Tx,
    afterCommit: AfterCommit,
    c: {
      auth: AuthContext;
      checkoutId: string;
      budgetLineId: string;
      rows: CartRow[];
      planned: PlannedOrder[];
      byId: Map<string, typeof orders.$inferSelect>;
      lineRows: (typeof orderLines.$inferSelect)[];
      confirmDeadline: Date | null;
      unit: Parameters<typeof orderReleasesOf>[2] | null | undefined;
      agreements: Parameters<typeof orderFrameworkLinks>[2];
    },
  ) {
    const { auth, planned, byId } = c;
    const releases = await placedReleases(tx, c);
    const deadlines = schedulingPart(
      orderJobs.confirmTimeout,
      planned.filter((o) => !o.needsApproval).map((o) => ({ key: o.id, runAt: c.confirmDeadline!, payload: { orderId: o.id } })),
    );
    const notices = notificationsInsert(
      planned.flatMap((o) =>
        o.needsApproval
          ? orderNotices(byId.get(o.id)!, { kind: 'awaiting_approval', reasons: o.approvalReasons })
          : orderNotices(byId.get(o.id)!, { kind: 'to_confirm', confirmDeadline: c.confirmDeadline! }),
      ),
    );
    const audit = auditInsertWhen(
      planned.map((o) => {
        const order = byId.get(o.id)!;
        return {
          actor: actorOf(auth),
          action: 'order.place',
          entityType: 'order',
          entityId: o.id,
          data: { orderNo: order.orderNo, totalFen: o.orderTotal, status: order.status, approvalReasons: o.approvalReasons },
        };
      }),
      sql`true`,
    );
    const reservation = {
      lineId: c.budgetLineId,
      ownerOrgId: auth.orgId,
      holds: planned.map((o) => ({ orderId: o.id, amountFen: o.orderTotal })),
    };
    const optional = (name: string, statement: SQL | null) => (statement ? [[name, statement] as const] : []);
    const last = await tx.execute<{ reserved: string | null; deadlines: unknown; clock: { now: string; offsetMs: string | number } }>(
      oneStatement(
        [
          ['checkout_deadlines', deadlines.statement],
          ['checkout_audit', audit],
          [
            'checkout_orders',
            sql`update ${checkouts} set order_ids = ${sql.param(planned.map((o) => o.id))}::uuid[] where id = ${c.checkoutId}`,
          ],
          ...optional('checkout_notices', notices),
          ...optional('checkout_releases', releasesInsert(releases)),
          ...optional('checkout_stock', stockTakesInsert(c.rows.map((r) => ({ listingId: r.listing.id, quantity: r.cart.quantity })))),
          ...budget.reservationParts(reservation),
        ],
        sql`select ${budget.reservedSql} as reserved, ${scheduledClockSql} as clock,
                   (select coalesce(jsonb_agg(to_jsonb(d)), '[]'::jsonb) from checkout_deadlines d) as deadlines`,
      ),
    );
    const done = last.rows[0]!;
    if (!done.reserved) await budget.refuseReservation(tx, reservation);
    deps.jobs.handOverAfter(afterCommit, deadlines.written(done.deadlines, done.clock));
  }

  /**
   * Checkout: one order per supplier, in one transaction that reserves the budget line (never beyond
   * its free amount, whatever runs concurrently), takes the stock, copies each line as it is now,
   * records the findings and schedules the supplier's confirmation deadline. A retried request with the
   * same Idempotency-Key returns the same orders.
   *
   * Every check reads first (the cart, the line's owner, the rules in force), then the writes go in a
   * few batched statements (all orders, all their lines, the notices, the audit entries), and the rows
   * every checkout competes for — the budget line, then the listings' stock — are taken last, each by one
   * guarded update just before the commit.
   */
  async function checkout(
    auth: AuthContext,
    input: {
      idempotencyKey: string;
      budgetLineId: string;
      deliveryAddress: string;
      contactName: string;
      contactPhone: string;
      overStandardReason?: string | undefined;
      lines?: CheckoutLine[] | undefined;
      /** 立即购买: these listings and quantities, not the cart (which stays as it is). */
      items?: DirectItem[] | undefined;
    },
  ) {
    const replay = async () => {
      const [previous] = await db
        .select()
        .from(checkouts)
        .where(and(eq(checkouts.organizationId, auth.orgId), eq(checkouts.idempotencyKey, input.idempotencyKey)));
      if (!previous) return null;
      assertSameRequest(previous.requestHash, input);
      return { checkoutId: previous.id, orders: await Promise.all(previous.orderIds.map((id) => get(auth, id))) };
    };
    /** The cart's product names by listing, for a refusal at the commit. */
    const names = new Map<string, string>();
    const result = await inTransaction(db, async (tx, afterCommit) => {
      // The key is claimed first, with the cart's lines taken out of the cart in the same statement: a retry
      // (or the same request twice at once) finds the key taken, waiting for the other's commit if need be,
      // and answers with that checkout's orders. Any refusal below rolls both back.
      const claim = { key: input.idempotencyKey, hash: requestHash(input) };
      const claimed = input.items ? await claimItems(tx, auth, claim, input.items) : await claimCart(tx, auth, claim);
      if (!claimed) return null;
      const { rows } = claimed;
      const checkoutRow = { id: claimed.checkoutId };
      if (rows.length === 0)
        throw new RuleViolationError('empty cart', { fields: [{ field: 'cart', message: '购物车是空的', in: 'body' }] });
      for (const r of rows) names.set(r.listing.id, r.product.name);
      const { findings, replacements, rules, agreements, certificates, now, line } = await checkoutFindings(tx, auth, rows, input);
      const unit = rules.unit;
      const threshold = unit?.approvalThresholdFen ?? null;

      // Each supplier's order, worked out before anything is written.
      const planned = planOrders(rows, findings, threshold);
      // A line already short of the checkout's total is refused before anything is written (the guarded
      // update at the end still decides: the line may have less room by then).
      line.assertRoom(planned.reduce((sum, o) => sum + o.orderTotal, 0));
      // The supplier's confirmation deadline, for the orders that go to the supplier at once.
      const confirmDeadline = planned.some((o) => !o.needsApproval)
        ? await workdayDeadline(tx, now, rules.values.confirmWithin.value, rules.calendar)
        : null;
      const day = shanghaiDate(now).replaceAll('-', '');

      // The orders and their lines: one statement (the lines' foreign keys are checked at its end).
      const { placed, lineRows } = await insertOrders(tx, {
        day,
        orders: orderValues(planned, { checkoutId: checkoutRow.id, auth, input, now, confirmDeadline }),
        lines: orderLineValues(planned, certificates, replacements.byListing),
      });
      const byId = new Map(placed.map((o) => [o.id, o]));
      const orderIds = planned.map((o) => o.id);
      await finishCheckout(tx, afterCommit, {
        auth,
        checkoutId: checkoutRow.id,
        budgetLineId: input.budgetLineId,
        rows,
        planned,
        byId,
        lineRows,
        confirmDeadline,
        unit,
        agreements,
      });
      const parties = new Map([[auth.orgId, unit?.name ?? auth.orgName], ...rows.map((r) => [r.supplier.id, r.supplier.name] as const)]);
      return {
        checkoutId: checkoutRow.id,
        orders: orderDtos(
          orderIds.map((id) => byId.get(id)!),
          lineRows,
          parties,
        ),
      };
    }).catch((error: unknown) => {
      // A listing ran short at the commit: the transaction rolled back whole; 409 naming the cart line.
      const short = stockShortOf(error);
      throw directFields(input.items, short ? stockShortError(short, names.get(short) ?? short) : error);
    });
    if (result) return result;
    // The key was taken: the checkout that took it (committed by now) answers.
    const previous = await replay();
    if (!previous) throw new Error('idempotency key taken by a checkout that cannot be found');
    return previous;
  }

  /**
   * The order an online quotation's winner gets, inside the closing job's transaction: placed at once
   * (the unit posted the requirement and its budget), holding the awarded amount on the budget line the
   * quotation's ceiling was reserved on (the caller has just released that ceiling).
   */
  async function placeFromQuotation(
    tx: Tx,
    afterCommit: AfterCommit,
    q: {
      quotationId: string;
      quotationNo: string;
      purchaserOrgId: string;
      supplierId: string;
      budgetLineId: string;
      deliveryAddress: string;
      contactName: string;
      contactPhone: string;
      placedBy: string | null;
      deliveryDays: number;
      line: {
        categoryCode: string;
        title: string;
        brand: string;
        model: string;
        specs: Record<string, string | number>;
        unitPriceFen: number;
        quantity: number;
        lineTotalFen: number;
        certificates: unknown[];
      };
    },
  ) {
    const now = await dbNow(tx);
    const total = q.line.lineTotalFen;
    const [order] = await tx
      .insert(orders)
      .values({
        orderNo: await nextOrderNo(tx, now),
        quotationId: q.quotationId,
        purchaserOrgId: q.purchaserOrgId,
        supplierId: q.supplierId,
        budgetLineId: q.budgetLineId,
        status: 'placed',
        totalFen: total,
        deliveryAddress: q.deliveryAddress,
        contactName: q.contactName,
        contactPhone: q.contactPhone,
        findings: [
          {
            code: 'band_quotation',
            level: 'info',
            message: `网上竞价 ${q.quotationNo} 成交`,
            basis: '电子卖场网上竞价规则',
            params: { variant: 'won', quotationNo: q.quotationNo, amountFen: total, doc: 'quotationRules' },
          } satisfies Finding,
        ],
        needsApproval: false,
        approvalReasons: [],
        placedBy: q.placedBy,
        expectedDeliveryBy: procedureAfter(now, (q.deliveryDays + 1) * 86_400_000),
      })
      .returning();
    await tx.insert(orderLines).values({ orderId: order!.id, listingId: null, productId: null, ...q.line, overStandard: false });
    // The caller has just released the quotation's ceiling, which is at least this amount (and holds the line).
    await budget.reserve(tx, { lineId: q.budgetLineId, purpose: '成交金额', holds: [{ orderId: order!.id, amountFen: total }] });
    await appendAudit(tx, {
      actor: null,
      action: 'order.place',
      entityType: 'order',
      entityId: order!.id,
      data: { orderNo: order!.orderNo, totalFen: total, quotationNo: q.quotationNo },
    });
    await scheduleConfirmTimeout(tx, afterCommit, order!.id, now);
    return order!;
  }

  return { scheduleConfirmTimeout, checkout, placeFromQuotation };
}

export type OrderCheckout = ReturnType<typeof createOrderCheckout>;
