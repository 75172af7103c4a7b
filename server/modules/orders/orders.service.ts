import { and, desc, count, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { cartItems, checkouts, orderLines, orders, organizations, type OrderStatus } from '../../db/schema/index.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import { appendAudit, type AuditActor } from '../../platform/audit.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate, workdayDeadline } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import { policyValue } from '../../platform/policy.ts';
import { defineJob } from '../../platform/queue/definitions.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import * as budget from '../budget/budget.service.ts';
import {
  activeListing,
  certificatesOf,
  offersOf,
  returnStock,
  takeStock,
  type ListingsService,
  type Offer,
} from '../catalogue/listings.service.ts';
import type { CreditService } from '../credit/credit.service.ts';
import { orderStatusLabels, orderTransitions, RESERVING, yuan, type Finding, type OrderAction } from './orders.rules.ts';

export const orderJobs = {
  /** 1 working day after placement: an order the supplier has not confirmed is cancelled and its budget released. */
  confirmTimeout: defineJob({
    name: 'orders.confirm-timeout',
    queue: 'deadlines',
    payload: z.object({ orderId: z.uuid() }),
    durable: true,
  }),
} as const;

/** Surplus first: a seam the public property warehouse fills with matching items (findings, never blocking). */
export type SurplusProvider = (db: DbOrTx, input: { purchaserOrgId: string; categoryCodes: string[] }) => Promise<Finding[]>;

const actorOf = (auth: AuthContext): AuditActor => ({ userId: auth.userId, orgId: auth.orgId });

type CartRow = Offer & { cart: typeof cartItems.$inferSelect };

/** JC + the Beijing date + a six-digit number from the order sequence. */
async function nextOrderNo(tx: Tx, now: Date) {
  const [seq] = await tx.execute<{ n: string }>(sql`select nextval('jicai.order_no_seq') as n`).then((r) => r.rows);
  return `JC${shanghaiDate(now).replaceAll('-', '')}${String(seq!.n).padStart(6, '0')}`;
}

export function createOrdersService(deps: {
  db: Db;
  jobs: JobSystem;
  credit: CreditService;
  listings: ListingsService;
  surplus?: SurplusProvider;
}) {
  const { db, credit } = deps;

  /** The user's cart, oldest first, each item with what it orders from (the catalogue's offer as it is now). */
  async function cartRows(tx: DbOrTx, userId: string): Promise<CartRow[]> {
    const items = await tx.select().from(cartItems).where(eq(cartItems.userId, userId)).orderBy(cartItems.createdAt);
    const offers = await offersOf(
      tx,
      items.map((i) => i.listingId),
    );
    return items.flatMap((cart) => {
      const offer = offers.get(cart.listingId);
      return offer ? [{ cart, ...offer }] : [];
    });
  }

  /**
   * Every policy that applies to buying these lines now, each as a finding with the rule it comes from:
   * ordering bands, allocation standards (配置标准), mandatory green, split purchases, supplier eligibility,
   * stock, new-energy vehicles, and surplus first.
   */
  async function policyFindings(tx: DbOrTx, auth: AuthContext, rows: CartRow[]): Promise<Finding[]> {
    const findings: Finding[] = [];
    if (rows.length === 0) return findings;
    const [unit] = await tx.select().from(organizations).where(eq(organizations.id, auth.orgId));
    const region = unit?.regionCode;
    const at = await dbNow(tx);
    const today = shanghaiDate(at);
    const opts = region ? { regionCode: region, at } : { at };
    const [direct, decentralized, splitDays, nevShare] = await Promise.all([
      policyValue(tx, 'ordering.directOrderLimitFen', z.number().int(), opts),
      policyValue(tx, 'ordering.decentralizedLimitFen', z.number().int(), opts),
      policyValue(tx, 'ordering.splitWindowDays', z.number().int(), opts),
      policyValue(tx, 'green.newEnergyVehicleShareMin', z.string(), opts),
    ]);
    const certs = await certificatesOf(
      tx,
      rows.map((r) => r.listing.id),
      today,
    );
    const bySupplier = new Map<string, number>();
    for (const r of rows) {
      const line = r.listing.priceFen * r.cart.quantity;
      bySupplier.set(r.supplier.id, (bySupplier.get(r.supplier.id) ?? 0) + line);
      if (r.listing.status !== 'active')
        findings.push({
          code: 'stock',
          level: 'block',
          message: `「${r.product.name}」已下架或暂停销售`,
          basis: '电子卖场交易规则',
          listingId: r.listing.id,
        });
      else if (r.listing.stock < r.cart.quantity)
        findings.push({
          code: 'stock',
          level: 'block',
          message: `「${r.product.name}」库存仅 ${r.listing.stock}，少于采购数量 ${r.cart.quantity}`,
          basis: '电子卖场交易规则',
          listingId: r.listing.id,
        });
      if (r.category.allocationCapFen !== null && r.listing.priceFen > r.category.allocationCapFen) {
        findings.push({
          code: 'over_standard',
          level: 'approval',
          message: `「${r.product.name}」单价 ${yuan(r.listing.priceFen)} 超过${r.category.name}配置标准 ${yuan(r.category.allocationCapFen)}，需说明理由并经审批`,
          basis: '中央行政单位通用办公设备家具配置标准（财资〔2016〕27号）',
          listingId: r.listing.id,
        });
      }
      const green = certs.filter((c) => c.listingId === r.listing.id);
      if (r.category.greenPolicy === 'mandatory' && green.length === 0) {
        findings.push({
          code: 'green_mandatory',
          level: 'block',
          message: `「${r.category.name}」属强制采购节能产品品目，「${r.product.name}」没有有效的节能产品认证证书`,
          basis: '财库〔2019〕9号 节能产品政府采购品目清单（★）',
          listingId: r.listing.id,
        });
      }
      if (r.category.greenPolicy === 'priority' && green.length === 0) {
        findings.push({
          code: 'green_priority',
          level: 'info',
          message: `「${r.category.name}」属优先采购品目，建议选择有节能或环境标志认证的产品`,
          basis: '财库〔2019〕9号',
          listingId: r.listing.id,
        });
      }
      if (r.product.categoryCode.startsWith('A020305') && !r.product.categoryCode.startsWith('A02030502')) {
        findings.push({
          code: 'new_energy_share',
          level: 'info',
          message: `新增和更新公务用车中新能源汽车比例应不低于 ${Math.round(Number(nevShare.value) * 100)}%，本单为燃油车`,
          basis: nevShare.basis,
          listingId: r.listing.id,
        });
      }
    }
    for (const [supplierId, total] of bySupplier) {
      const name = rows.find((r) => r.supplier.id === supplierId)!.supplier.name;
      if (total > decentralized.value)
        findings.push({
          code: 'band_tender',
          level: 'block',
          message: `向${name}的订单金额 ${yuan(total)} 超过分散采购限额 ${yuan(decentralized.value)}，应依法组织招标采购`,
          basis: decentralized.basis,
        });
      else if (total > direct.value)
        findings.push({
          code: 'band_quotation',
          level: 'block',
          message: `向${name}的订单金额 ${yuan(total)} 超过直购限额 ${yuan(direct.value)}，应发起网上竞价`,
          basis: direct.basis,
        });
      const eligibility = await credit.checkEligibility(tx, { supplierId, action: 'order', regionCode: region });
      for (const reason of eligibility.reasons)
        findings.push({
          code: 'supplier_ineligible',
          level: 'block',
          message: reason.message,
          basis: reason.legalBasis ?? '政府采购法第二十二条、第七十七条',
        });
    }
    // 拆分采购: the same unit buying the same category within the window beyond the direct-order band.
    const categoriesBought = [...new Set(rows.map((r) => r.product.categoryCode))];
    for (const code of categoriesBought) {
      const [prior] = await tx
        .select({ total: sql<string>`coalesce(sum(${orderLines.lineTotalFen}), 0)` })
        .from(orderLines)
        .innerJoin(orders, eq(orders.id, orderLines.orderId))
        .where(
          and(
            eq(orders.purchaserOrgId, auth.orgId),
            eq(orderLines.categoryCode, code),
            inArray(orders.status, ['pending_approval', 'placed', 'confirmed', 'shipped', 'delivered', 'accepted', 'settled']),
            sql`${orders.createdAt} > ${at}::timestamptz - make_interval(days => ${splitDays.value})`,
          ),
        );
      const now = rows.filter((r) => r.product.categoryCode === code).reduce((s, r) => s + r.listing.priceFen * r.cart.quantity, 0);
      const cumulative = Number(prior?.total ?? 0) + now;
      if (Number(prior?.total ?? 0) > 0 && cumulative > direct.value) {
        const name = rows.find((r) => r.product.categoryCode === code)!.category.name;
        findings.push({
          code: 'split_purchase',
          level: 'approval',
          message: `${splitDays.value} 日内本单位采购「${name}」累计 ${yuan(cumulative)}，超过直购限额 ${yuan(direct.value)}，疑似拆分采购，需经审批`,
          basis: `政府采购法实施条例第二十八条；${splitDays.basis}`,
        });
      }
    }
    if (deps.surplus) findings.push(...(await deps.surplus(tx, { purchaserOrgId: auth.orgId, categoryCodes: categoriesBought })));
    return findings;
  }

  async function cart(auth: AuthContext) {
    const rows = await cartRows(db, auth.userId);
    return {
      items: rows.map((r) => ({
        id: r.cart.id,
        listingId: r.listing.id,
        productId: r.product.id,
        productName: r.product.name,
        brand: r.product.brand,
        model: r.product.model,
        categoryCode: r.product.categoryCode,
        supplierId: r.supplier.id,
        supplierName: r.supplier.name,
        unitPriceFen: r.listing.priceFen,
        quantity: r.cart.quantity,
        lineTotalFen: r.listing.priceFen * r.cart.quantity,
        available: r.listing.status === 'active' && r.listing.stock >= r.cart.quantity,
      })),
      totalFen: rows.reduce((s, r) => s + r.listing.priceFen * r.cart.quantity, 0),
      findings: await policyFindings(db, auth, rows),
    };
  }

  async function addToCart(auth: AuthContext, listingId: string, quantity: number) {
    const l = await activeListing(db, listingId);
    if (!l) throw new RuleViolationError('not on sale', { fields: [{ field: 'listingId', message: '该报价不在售', in: 'body' }] });
    await db
      .insert(cartItems)
      .values({ organizationId: auth.orgId, userId: auth.userId, listingId, quantity })
      .onConflictDoUpdate({
        target: [cartItems.userId, cartItems.listingId],
        set: { quantity: sql`${cartItems.quantity} + ${quantity}`, updatedAt: sql`now()` },
      });
    return cart(auth);
  }

  async function setCartQuantity(auth: AuthContext, itemId: string, quantity: number) {
    const updated = await db
      .update(cartItems)
      .set({ quantity, updatedAt: sql`now()` })
      .where(and(eq(cartItems.id, itemId), eq(cartItems.userId, auth.userId)))
      .returning();
    if (updated.length === 0) throw new NotFoundError('cart item not found');
    return cart(auth);
  }

  async function removeFromCart(auth: AuthContext, itemId: string) {
    await db.delete(cartItems).where(and(eq(cartItems.id, itemId), eq(cartItems.userId, auth.userId)));
    return cart(auth);
  }

  const moveBudget = (tx: Tx, order: typeof orders.$inferSelect, kind: 'release' | 'spend') =>
    (kind === 'release' ? budget.release : budget.settle)(tx, { lineId: order.budgetLineId, amountFen: order.totalFen, orderId: order.id });

  async function restoreStock(tx: Tx, orderId: string) {
    const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, orderId));
    await returnStock(
      tx,
      lines.flatMap((l) => (l.listingId ? [{ listingId: l.listingId, quantity: l.quantity }] : [])),
    );
  }

  async function scheduleConfirmTimeout(tx: Tx, afterCommit: AfterCommit, orderId: string, from: Date) {
    const deadline = await workdayDeadline(
      tx,
      from,
      (await policyValue(tx, 'ordering.confirmWithinWorkdays', z.number().int().positive())).value,
    );
    await tx.update(orders).set({ confirmDeadline: deadline }).where(eq(orders.id, orderId));
    await deps.jobs.schedule(tx, afterCommit, orderJobs.confirmTimeout, { key: orderId, runAt: deadline, payload: { orderId } });
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
        const rows = await cartRows(tx, auth.userId);
        if (rows.length === 0)
          throw new RuleViolationError('empty cart', { fields: [{ field: 'cart', message: '购物车是空的', in: 'body' }] });
        // The budget line is checked before anything is written: an unknown or another unit's line is a
        // 422 on budgetLineId, never a foreign-key failure. It is locked only at the end (budget.reserve).
        await budget.assertLine(tx, { lineId: input.budgetLineId, ownerOrgId: auth.orgId, message: '预算指标不存在或不属于本单位' });
        const findings = await policyFindings(tx, auth, rows);
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
          const approvalReasons = [
            ...own.filter((f) => f.level === 'approval').map((f) => f.message),
            ...(unit?.approvalThresholdFen !== null && unit?.approvalThresholdFen !== undefined && orderTotal > unit.approvalThresholdFen
              ? [`订单金额 ${yuan(orderTotal)} 超过本单位审批阈值 ${yuan(unit.approvalThresholdFen)}`]
              : []),
          ];
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
              expectedDeliveryBy: new Date(now.getTime() + (maxLead + 1) * 86_400_000),
            })
            .returning();
          await tx.insert(orderLines).values(
            lines.map((r) => ({
              orderId: order!.id,
              listingId: r.listing.id,
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
            })),
          );
          holds.push({ orderId: order!.id, amountFen: orderTotal });
          audits.push({ id: order!.id, data: { orderNo: order!.orderNo, totalFen: orderTotal, status: order!.status, approvalReasons } });
          if (!needsApproval) await scheduleConfirmTimeout(tx, afterCommit, order!.id, now);
          orderIds.push(order!.id);
        }
        await tx.update(checkouts).set({ orderIds }).where(eq(checkouts.id, checkoutRow!.id));
        await tx.delete(cartItems).where(eq(cartItems.userId, auth.userId));
        // The rows every checkout competes for come last, so they are held only for the commit: the
        // budget line, the listings' stock, then the audit chain's head.
        await budget.reserve(tx, { lineId: input.budgetLineId, ownerOrgId: auth.orgId, holds });
        await takeStock(
          tx,
          rows.map((r) => ({ listingId: r.listing.id, quantity: r.cart.quantity, name: r.product.name })),
        );
        for (const a of audits)
          await appendAudit(tx, { actor: actorOf(auth), action: 'order.place', entityType: 'order', entityId: a.id, data: a.data });
        for (const a of audits) await recordReleases(tx, 'order', a.id);
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
          } satisfies Finding,
        ],
        needsApproval: false,
        approvalReasons: [],
        placedBy: q.placedBy,
        expectedDeliveryBy: new Date(now.getTime() + (q.deliveryDays + 1) * 86_400_000),
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

  /** One step of the order lifecycle, with its budget, stock, credit and deadline effects, audited. */
  async function act(
    auth: AuthContext,
    id: string,
    action: OrderAction,
    input: { reason?: string | undefined; rating?: number | undefined; comment?: string | undefined } = {},
  ) {
    await inTransaction(db, async (tx, afterCommit) => {
      const order = await lockOrder(tx, id);
      const t = orderTransitions[action];
      assertActor(auth, order, t.by);
      if (!(t.from as readonly OrderStatus[]).includes(order.status))
        throw new ConflictError(`订单当前为「${orderStatusLabels[order.status]}」，不能执行此操作`);
      if ((action === 'return' || action === 'decline') && !input.reason)
        throw new RuleViolationError('reason required', { fields: [{ field: 'reason', message: '请填写理由', in: 'body' }] });
      const now = await dbNow(tx);
      const set: Partial<typeof orders.$inferInsert> = { status: t.to, updatedAt: now };
      if (action === 'approve' || action === 'return')
        Object.assign(set, { decidedBy: auth.userId, decidedAt: now, decisionReason: input.reason ?? null });
      if (action === 'confirm') {
        await credit.assertEligible(tx, { supplierId: order.supplierId, action: 'order' });
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
            description: `承诺 ${order.expectedDeliveryBy.toISOString()} 前交货，实际 ${now.toISOString()} 交货`,
            sourceRef: `order:${order.id}`,
            confirm: true,
            actor: null,
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
      await tx.update(orders).set(set).where(eq(orders.id, id));
      if (action === 'approve') await scheduleConfirmTimeout(tx, afterCommit, order.id, now);
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: `order.${action}`,
        entityType: 'order',
        entityId: id,
        data: { from: order.status, to: t.to, ...input },
      });
      await recordReleases(tx, 'order', id);
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
    await credit.recordEvent(tx, {
      supplierId: order.supplierId,
      source: 'late_confirmation',
      severity: 'minor',
      title: `订单 ${order.orderNo} 未按时确认`,
      description: `确认截止 ${order.confirmDeadline?.toISOString() ?? ''}，系统自动取消`,
      sourceRef: `order:${order.id}`,
      confirm: true,
      actor: null,
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

  async function get(auth: AuthContext, id: string) {
    const [row] = await db.select().from(orders).where(eq(orders.id, id));
    const mayRead = row && (row.purchaserOrgId === auth.orgId || row.supplierId === auth.orgId || auth.roles.includes('regulator'));
    if (!row || !mayRead) throw new NotFoundError('order not found');
    return (await toDtos([row]))[0]!;
  }

  async function toDtos(rows: (typeof orders.$inferSelect)[]) {
    if (rows.length === 0) return [];
    const [lines, orgs] = await Promise.all([
      db
        .select()
        .from(orderLines)
        .where(
          inArray(
            orderLines.orderId,
            rows.map((o) => o.id),
          ),
        ),
      db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(inArray(organizations.id, [...new Set(rows.flatMap((o) => [o.purchaserOrgId, o.supplierId]))])),
    ]);
    const name = new Map(orgs.map((o) => [o.id, o.name]));
    return rows.map((o) => ({
      id: o.id,
      orderNo: o.orderNo,
      status: o.status,
      purchaserOrgId: o.purchaserOrgId,
      purchaserName: name.get(o.purchaserOrgId) ?? '',
      supplierId: o.supplierId,
      supplierName: name.get(o.supplierId) ?? '',
      budgetLineId: o.budgetLineId,
      quotationId: o.quotationId,
      totalFen: o.totalFen,
      deliveryAddress: o.deliveryAddress,
      contactName: o.contactName,
      contactPhone: o.contactPhone,
      findings: o.findings as Finding[],
      needsApproval: o.needsApproval,
      approvalReasons: o.approvalReasons,
      overStandardReason: o.overStandardReason,
      decisionReason: o.decisionReason,
      confirmDeadline: o.confirmDeadline?.toISOString() ?? null,
      expectedDeliveryBy: o.expectedDeliveryBy?.toISOString() ?? null,
      cancelReason: o.cancelReason,
      rejectionReason: o.rejectionReason,
      rating: o.rating,
      acceptanceComment: o.acceptanceComment,
      confirmedAt: o.confirmedAt?.toISOString() ?? null,
      shippedAt: o.shippedAt?.toISOString() ?? null,
      deliveredAt: o.deliveredAt?.toISOString() ?? null,
      acceptedAt: o.acceptedAt?.toISOString() ?? null,
      settledAt: o.settledAt?.toISOString() ?? null,
      cancelledAt: o.cancelledAt?.toISOString() ?? null,
      decidedAt: o.decidedAt?.toISOString() ?? null,
      createdAt: o.createdAt.toISOString(),
      lines: lines
        .filter((l) => l.orderId === o.id)
        .map((l) => ({
          id: l.id,
          listingId: l.listingId,
          productId: l.productId,
          categoryCode: l.categoryCode,
          title: l.title,
          brand: l.brand,
          model: l.model,
          specs: l.specs,
          unitPriceFen: l.unitPriceFen,
          quantity: l.quantity,
          lineTotalFen: l.lineTotalFen,
          overStandard: l.overStandard,
        })),
    }));
  }

  /** Orders of the caller's side: its unit's purchases, or its sales as a supplier; regulators see all. */
  async function list(auth: AuthContext, filter: { status?: OrderStatus | undefined }, page: PageQuery) {
    const side = auth.roles.includes('regulator')
      ? undefined
      : auth.roles.includes('supplier')
        ? eq(orders.supplierId, auth.orgId)
        : eq(orders.purchaserOrgId, auth.orgId);
    const where = and(side, filter.status ? eq(orders.status, filter.status) : undefined);
    const [rows, [total]] = await Promise.all([
      db.select().from(orders).where(where).orderBy(desc(orders.createdAt)).limit(page.pageSize).offset(offsetOf(page)),
      db.select({ n: count() }).from(orders).where(where),
    ]);
    return { items: await toDtos(rows), total: total?.n ?? 0, ...page };
  }

  return {
    cart,
    addToCart,
    setCartQuantity,
    removeFromCart,
    checkout,
    placeFromQuotation,
    act,
    expireUnconfirmed,
    get,
    list,
    policyFindings,
    RESERVING,
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;
