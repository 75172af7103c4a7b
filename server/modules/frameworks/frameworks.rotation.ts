import { randomBytes } from 'node:crypto';
import { and, count, eq, sql } from 'drizzle-orm';
import { frameworkCalls, frameworkRotationOrders } from '../../db/schema/index.ts';
import type { Tx } from '../../db/client.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { orgRegionSubtree } from '../../platform/jurisdiction.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, RuleViolationError, fieldError } from '../../platform/errors.ts';
import * as budget from '../budget/budget.service.ts';
import { agreementsByIds } from '../catalogue/catalogue.agreements.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import { actorOf, type FrameworksDeps } from './frameworks.context.ts';
import { admittedMembers } from './frameworks.queries.ts';
import { nextInTurn, type Member } from './frameworks.rules.ts';

/** 顺序轮候 (财政部令第110号): a unit's call-off goes to the admitted supplier whose turn it is. */
export function createFrameworkRotation(deps: FrameworksDeps) {
  const { db } = deps;

  /**
   * Places a rotation call-off: what blocks each member (credit exclusion, suspension, agreement not in
   * force) is read first; then the call's pointer row is locked, by one statement, last of the reads, so two
   * call-offs at once take turns one after the other and never the same turn; the members' open call-offs
   * are counted under that lock (capacity), the next in turn is chosen, the skipped listed, the pointer moved.
   */
  async function place(auth: AuthContext, id: string, body: { title: string; quantity: number; budgetLineId: string }) {
    return inTransaction(db, async (tx) => {
      // A call-off is for the units the call's center serves: its region and below (#19); others get 404.
      const [call] = await tx
        .select()
        .from(frameworkCalls)
        .where(and(eq(frameworkCalls.id, id), sql`${auth.regionCode}::text in ${orgRegionSubtree(frameworkCalls.centerOrgId)}`));
      if (!call) throw new NotFoundError('framework call not found');
      const today = shanghaiDate(await dbNow(tx));
      if (call.status !== 'admitted') throw new ConflictError('该框架协议尚未形成入围结果');
      if (today < call.startsOn || today > call.endsOn) throw new ConflictError('不在框架协议有效期内');
      if (!call.categoryCode.startsWith('C'))
        throw new RuleViolationError('rotation is for services', {
          fields: [{ field: 'callId', message: '顺序轮候适用于服务项目', in: 'params' }],
        });
      // The budget line is checked before anything is written; it is held only at the end (budget.reserve).
      await budget.assertLine(tx, { lineId: body.budgetLineId, ownerOrgId: auth.orgId, message: '预算指标不存在或不属于本单位' });
      const members = await admittedMembers(tx, id);
      // The call-off is the ordering unit's: a regional exclusion counts where it is (#19).
      const blockedOf = await blockersOf(tx, deps.credit, members, today, auth.regionCode);
      // The pointer row, locked last and by one statement.
      const [held] = await tx
        .select({ next: frameworkCalls.rotationNext })
        .from(frameworkCalls)
        .where(eq(frameworkCalls.id, id))
        .for('update');
      const open = await tx
        .select({ supplierId: frameworkRotationOrders.supplierId, n: count() })
        .from(frameworkRotationOrders)
        .where(and(eq(frameworkRotationOrders.callId, id), eq(frameworkRotationOrders.status, 'assigned')))
        .groupBy(frameworkRotationOrders.supplierId);
      const turn = nextInTurn(
        members.map((m): Member => ({
          supplierId: m.supplierId,
          position: m.position!,
          blocked: blockedOf(m),
          open: open.find((o) => o.supplierId === m.supplierId)?.n ?? 0,
        })),
        held!.next,
        call.rotationCapacity,
      );
      if (!turn.chosen)
        throw new RuleViolationError('no supplier in turn', {
          fields: [{ field: 'callId', message: `没有可轮候的供应商：${turn.skipped.map((s) => s.reason).join('；')}`, in: 'params' }],
        });
      const member = members.find((m) => m.supplierId === turn.chosen!.supplierId)!;
      const unitPriceFen = member.unitPriceFen!;
      const totalFen = unitPriceFen * body.quantity;
      if (!Number.isSafeInteger(totalFen)) throw fieldError('quantity', '金额超出可处理范围，请减少数量');
      const [row] = await tx
        .insert(frameworkRotationOrders)
        .values({
          orderNo: `LH${today.replaceAll('-', '')}${randomBytes(3).toString('hex').toUpperCase()}`,
          callId: id,
          purchaserOrgId: auth.orgId,
          placedBy: auth.userId,
          title: body.title,
          quantity: body.quantity,
          unitPriceFen,
          totalFen,
          budgetLineId: body.budgetLineId,
          supplierId: member.supplierId,
          agreementId: member.agreementId!,
          position: member.position!,
          skipped: turn.skipped,
        })
        .returning();
      await tx
        .update(frameworkCalls)
        .set({ rotationNext: turn.next, updatedAt: sql`jicai.now()` })
        .where(eq(frameworkCalls.id, id));
      // The call-off's total is held on the unit's line (never beyond its free amount), as an order's is.
      await budget.reserve(tx, {
        lineId: body.budgetLineId,
        ownerOrgId: auth.orgId,
        purpose: '轮候订单',
        holds: [{ amountFen: totalFen }],
      });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'framework.rotation.place',
        entityType: 'framework_call',
        entityId: id,
        data: { orderNo: row!.orderNo, supplierId: member.supplierId, position: member.position, skipped: turn.skipped },
      });
      await recordReleases(tx, 'rotation', row!.id);
      await recordReleases(tx, 'framework', id);
      return row!;
    });
  }

  /** The supplier reports the service done: it no longer counts against its capacity. */
  async function complete(auth: AuthContext, orderId: string) {
    return inTransaction(db, async (tx) => {
      const [row] = await tx
        .update(frameworkRotationOrders)
        .set({ status: 'completed', completedAt: sql`jicai.now()` })
        .where(
          and(
            eq(frameworkRotationOrders.id, orderId),
            eq(frameworkRotationOrders.supplierId, auth.orgId),
            eq(frameworkRotationOrders.status, 'assigned'),
          ),
        )
        .returning();
      if (!row) {
        // The supplier's own order in another state is a conflict (done already, cancelled), not a missing record.
        const [mine] = await tx
          .select({ status: frameworkRotationOrders.status })
          .from(frameworkRotationOrders)
          .where(and(eq(frameworkRotationOrders.id, orderId), eq(frameworkRotationOrders.supplierId, auth.orgId)));
        if (mine)
          throw new ConflictError(mine.status === 'completed' ? '该轮候订单已完成' : `该轮候订单当前状态为「${mine.status}」，不能完成`);
        throw new NotFoundError('rotation order not found');
      }
      // The service is done: what was held becomes spending.
      if (row.budgetLineId) await budget.settle(tx, { lineId: row.budgetLineId, amountFen: row.totalFen });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'framework.rotation.complete',
        entityType: 'framework_call',
        entityId: row.callId,
        data: { orderNo: row.orderNo },
      });
      return row;
    });
  }

  return { place, complete };
}

export type FrameworkRotation = ReturnType<typeof createFrameworkRotation>;

/** Why each admitted member cannot take a turn now (suspended, agreement not in force, credit), or null. */
async function blockersOf(
  tx: Tx,
  creditService: FrameworksDeps['credit'],
  members: Awaited<ReturnType<typeof admittedMembers>>,
  today: string,
  regionCode: string,
) {
  const agreements = new Map(
    (
      await agreementsByIds(
        tx,
        members.map((m) => m.agreementId!),
      )
    ).map((a) => [a.id, a]),
  );
  const credit = await creditService.checkEligibilityOfMany(
    tx,
    members.map((m) => m.supplierId),
    'order',
    regionCode,
  );
  return (m: (typeof members)[number]) => {
    const a = agreements.get(m.agreementId!);
    if (m.suspendedReason) return `暂停：${m.suspendedReason}`;
    if (!a || a.status !== 'active' || a.startsOn > today || a.endsOn < today) return '框架协议不在有效期内';
    const eligibility = credit.get(m.supplierId);
    return eligibility && !eligibility.eligible ? `信用：${eligibility.reasons[0]?.message ?? '不符合条件'}` : null;
  };
}
