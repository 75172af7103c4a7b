import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { cartItems, checkouts, orderLines, orders, organizations } from '../../db/schema/index.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import { appendAudit, appendAuditEntries } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { workdayDeadline } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { procedureAfter } from '../../platform/sandbox.ts';
import { RuleViolationError } from '../../platform/errors.ts';
import { policyValue } from '../../platform/policy.ts';
import * as budget from '../budget/budget.service.ts';
import { certificatesOf, takeStock } from '../catalogue/listings.service.ts';
import { yuan, type Finding } from './orders.rules.ts';
import { actorOf, nextOrderNo, orderJobs, type CartRow, type OrdersDeps } from './orders.context.ts';
import type { OrderCart } from './orders.cart.ts';
import type { OrderFindings } from './orders.findings.ts';
import type { OrderViews } from './orders.views.ts';
import { prepareReleases, writeReleases } from '../ocds/ocds.store.ts';
import { orderNotices } from './orders.notices.ts';
import { checkReplacements } from './orders.replacement.ts';
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
  const { cartRows } = deps.cart;
  const { policyFindings } = deps.findings;

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
   */
  async function checkoutFindings(
    tx: Tx,
    auth: AuthContext,
    rows: CartRow[],
    input: { overStandardReason?: string | undefined; lines?: CheckoutLine[] | undefined },
  ) {
    await assertAgreementTerms(tx, rows);
    const replacements = await checkReplacements(tx, auth, rows, input.lines ?? []);
    const findings = [
      // A declared line's ask is answered by its declaration's finding.
      ...(await policyFindings(tx, auth, rows)).filter(
        (f) => !(f.code === 'replacement_required' && replacements.byListing.has(f.listingId!)),
      ),
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
    return { findings, replacements };
  }

  /**
   * Checkout: one order per supplier, in one transaction that reserves the budget line (never beyond
   * its free amount, whatever runs concurrently), takes the stock, copies each line as it is now,
   * records the findings and schedules the supplier's confirmation deadline. A retried request with the
   * same Idempotency-Key returns the same orders.
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
    },
  ) {
    const [previous] = await db
      .select()
      .from(checkouts)
      .where(and(eq(checkouts.organizationId, auth.orgId), eq(checkouts.idempotencyKey, input.idempotencyKey)));
    if (previous) return { checkoutId: previous.id, orders: await Promise.all(previous.orderIds.map((id) => get(auth, id))) };
    try {
      const result = await inTransaction(db, async (tx, afterCommit) => {
        const [checkoutRow] = await tx
          .insert(checkouts)
          .values({ organizationId: auth.orgId, idempotencyKey: input.idempotencyKey, orderIds: [], createdBy: auth.userId })
          .returning();
        const rows = await cartRows(tx, auth.userId, { lock: true });
        if (rows.length === 0)
          throw new RuleViolationError('empty cart', { fields: [{ field: 'cart', message: '购物车是空的', in: 'body' }] });
        // The budget line is checked before anything is written: an unknown or another unit's line is a
        // 422 on budgetLineId, never a foreign-key failure. It is locked only at the end (budget.reserve).
        await budget.assertLine(tx, { lineId: input.budgetLineId, ownerOrgId: auth.orgId, message: '预算指标不存在或不属于本单位' });
        const { findings, replacements } = await checkoutFindings(tx, auth, rows, input);
        const [unit] = await tx.select().from(organizations).where(eq(organizations.id, auth.orgId));
        const now = await dbNow(tx);
        const certs = await certificatesOf(
          tx,
          rows.map((r) => r.listing.id),
        );
        const orderIds: string[] = [];
        const audits: { id: string; data: Record<string, unknown> }[] = [];
        const holds: budget.BudgetHold[] = [];
        for (const supplierId of [...new Set(rows.map((r) => r.supplier.id))]) {
          const lines = rows.filter((r) => r.supplier.id === supplierId);
          const orderTotal = lines.reduce((s, r) => s + r.listing.priceFen * r.cart.quantity, 0);
          const own = findings.filter((f) => !f.listingId || lines.some((l) => l.listing.id === f.listingId));
          const threshold = unit?.approvalThresholdFen ?? null;
          // Over the unit's own approval threshold: recorded as a finding too, so each approval reason has its words.
          if (threshold !== null && orderTotal > threshold)
            own.push({
              code: 'approval_threshold',
              level: 'approval',
              message: `订单金额 ${yuan(orderTotal)} 超过本单位审批阈值 ${yuan(threshold)}`,
              basis: '本单位内部控制制度：采购审批阈值',
              params: { amountFen: orderTotal, limitFen: threshold, doc: 'unitThreshold' },
            });
          const approvalReasons = own.filter((f) => f.level === 'approval').map((f) => f.message);
          const needsApproval = approvalReasons.length > 0;
          const maxLead = Math.max(...lines.map((l) => l.listing.leadTimeDays));
          const [order] = await tx
            .insert(orders)
            .values({
              orderNo: await nextOrderNo(tx, now),
              checkoutId: checkoutRow!.id,
              purchaserOrgId: auth.orgId,
              supplierId,
              budgetLineId: input.budgetLineId,
              status: needsApproval ? 'pending_approval' : 'placed',
              totalFen: orderTotal,
              deliveryAddress: input.deliveryAddress,
              contactName: input.contactName,
              contactPhone: input.contactPhone,
              findings: own,
              needsApproval,
              approvalReasons,
              // Only the orders with an over-standard line carry the reason the approver reads.
              overStandardReason: lines.some(
                (r) => r.category.allocationCapFen !== null && r.listing.priceFen > r.category.allocationCapFen,
              )
                ? (input.overStandardReason ?? null)
                : null,
              placedBy: auth.userId,
              expectedDeliveryBy: procedureAfter(now, (maxLead + 1) * 86_400_000),
            })
            .returning();
          await tx.insert(orderLines).values(
            lines.map((r) => ({
              orderId: order!.id,
              listingId: r.listing.id,
              agreementId: r.listing.agreementId,
              productId: r.product.id,
              categoryCode: r.product.categoryCode,
              title: r.product.name,
              brand: r.product.brand,
              model: r.product.model,
              specs: r.product.specs,
              unitPriceFen: r.listing.priceFen,
              quantity: r.cart.quantity,
              lineTotalFen: r.listing.priceFen * r.cart.quantity,
              overStandard: r.category.allocationCapFen !== null && r.listing.priceFen > r.category.allocationCapFen,
              certificates: certs
                .filter((c) => c.listingId === r.listing.id)
                .map((c) => ({ kind: c.kind, number: c.number, validUntil: c.validUntil })),
              replacement: replacements.byListing.get(r.listing.id)?.replacement ?? null,
              replacesAssetId: replacements.byListing.get(r.listing.id)?.replacesAssetId ?? null,
            })),
          );
          holds.push({ orderId: order!.id, amountFen: orderTotal });
          audits.push({ id: order!.id, data: { orderNo: order!.orderNo, totalFen: orderTotal, status: order!.status, approvalReasons } });
          if (!needsApproval) await scheduleConfirmTimeout(tx, afterCommit, order!.id, now);
          else await deps.notify(tx, orderNotices(order!, { kind: 'awaiting_approval', reasons: approvalReasons }));
          orderIds.push(order!.id);
        }
        await tx.update(checkouts).set({ orderIds }).where(eq(checkouts.id, checkoutRow!.id));
        await tx.delete(cartItems).where(eq(cartItems.userId, auth.userId));
        await appendAuditEntries(
          tx,
          audits.map((a) => ({ actor: actorOf(auth), action: 'order.place', entityType: 'order', entityId: a.id, data: a.data })),
        );
        for (const a of audits) await writeReleases(tx, await prepareReleases(tx, 'order', a.id));
        // The rows every checkout competes for come last, so each is held only to the commit: the budget
        // line, then the listings' stock (audit entries and open-data releases take no lock).
        await budget.reserve(tx, { lineId: input.budgetLineId, ownerOrgId: auth.orgId, holds });
        await takeStock(
          tx,
          rows.map((r) => ({ listingId: r.listing.id, quantity: r.cart.quantity, name: r.product.name })),
        );
        return { checkoutId: checkoutRow!.id, orderIds };
      });
      return { checkoutId: result.checkoutId, orders: await Promise.all(result.orderIds.map((id) => get(auth, id))) };
    } catch (error) {
      // Two requests with one key at once: the loser finds the winner's checkout.
      if (
        error instanceof Error &&
        /checkouts_org_key/.test(String((error as { cause?: { constraint?: string } }).cause?.constraint ?? error.message))
      ) {
        const [winner] = await db
          .select()
          .from(checkouts)
          .where(and(eq(checkouts.organizationId, auth.orgId), eq(checkouts.idempotencyKey, input.idempotencyKey)));
        if (winner) return { checkoutId: winner.id, orders: await Promise.all(winner.orderIds.map((id) => get(auth, id))) };
      }
      throw error;
    }
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
