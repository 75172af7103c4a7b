import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { bids, tenderClocks, tenderLots, tenderObjections, tenderProcedures, tenders } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDateTime } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import { tenderClockKinds } from '../../../contracts/enums/tender-clocks.ts';
import { stopClocks } from './tenders.clocks.ts';
import { actorOf, tenderJobs, type TendersDeps } from './tenders.context.ts';
import { assertStage, methodConfig, needsObjectionWindow, procedureOf, setProcedureStage } from './tenders.stages.ts';

type TenderRow = typeof tenders.$inferSelect;

/**
 * 单一来源 (政府采购法第三十九条; 财政部令第74号 第三十八条至第四十二条): above the open-tender threshold the
 * reasons and the proposed supplier are published for at least 5 working days (tenders.stages.ts starts the
 * window at publication); anyone with an account may object; the unit or the center answers; an upheld
 * objection ends the single-source route and the procurement moves to another method. After the window the
 * 协商情况记录 and the agreed price with its reasons are recorded, and the award follows.
 */
export function createTenderSingleSource(deps: TendersDeps) {
  const { db } = deps;

  async function lockTender(tx: Tx, id: string) {
    const [t] = await tx.select().from(tenders).where(eq(tenders.id, id)).for('update');
    if (!t) throw new NotFoundError('tender not found');
    return t;
  }

  /** The notice's reasons and proposed supplier, set on the draft by its center. */
  async function setNotice(auth: AuthContext, id: string, input: { reasons: string; proposedSupplierId: string }) {
    return inTransaction(db, async (tx) => {
      const t = await lockTender(tx, id);
      if (t.centerOrgId !== auth.orgId) throw new NotFoundError('tender not found');
      if (!methodConfig(t.methodCode).objectionWorkdays) throw new ConflictError('只有单一来源采购须作单一来源公示');
      const now = await dbNow(tx);
      await assertStage(tx, t, ['notice_objections'], '填写单一来源公示', now);
      if (t.status !== 'draft') throw new ConflictError('公示已发布，不能修改');
      if (!t.invitedSupplierIds.includes(input.proposedSupplierId))
        throw fieldError('proposedSupplierId', '拟定供应商须为本项目邀请的供应商');
      await tx
        .insert(tenderProcedures)
        .values({ tenderId: id, singleSourceReasons: input.reasons, proposedSupplierId: input.proposedSupplierId, updatedAt: now })
        .onConflictDoUpdate({
          target: tenderProcedures.tenderId,
          set: { singleSourceReasons: input.reasons, proposedSupplierId: input.proposedSupplierId, updatedAt: now },
        });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.single_source.notice',
        entityType: 'tender',
        entityId: id,
        data: input,
      });
      return { ok: true };
    });
  }

  async function windowOf(tx: Tx, t: TenderRow) {
    const [c] = await tx
      .select()
      .from(tenderClocks)
      .where(and(eq(tenderClocks.tenderId, t.id), eq(tenderClocks.kind, 'objection_window'), eq(tenderClocks.subjectId, t.id)));
    return c ?? null;
  }

  /** 异议: anyone with an account, within the window; the unit and the center are told. */
  async function lodge(auth: AuthContext, id: string, input: { grounds: string }) {
    return inTransaction(db, async (tx) => {
      const t = await lockTender(tx, id);
      if (t.status === 'draft') throw new NotFoundError('tender not found');
      const now = await dbNow(tx);
      await assertStage(tx, t, ['notice_objections'], '提出异议', now);
      const w = await windowOf(tx, t);
      if (!w || now >= w.due)
        throw new ConflictError(w ? `公示期已于 ${shanghaiDateTime(w.due)}（北京时间）届满，不能再提出异议` : '本项目无需单一来源公示');
      const [row] = await tx
        .insert(tenderObjections)
        .values({ tenderId: id, organizationId: auth.orgId, lodgedBy: auth.userId, grounds: input.grounds, lodgedAt: now })
        .returning();
      await deps.notify(
        tx,
        [t.centerOrgId, t.purchaserOrgId].map((organizationId) => ({
          organizationId,
          kind: 'tender.objection' as const,
          title: `单一来源公示收到异议：${t.tenderNo}`,
          body: `「${t.title}」收到 ${auth.orgName} 的异议，请及时答复。`,
          params: { tenderNo: t.tenderNo, title: t.title, by: auth.orgName },
          link: `/${organizationId === t.centerOrgId ? 'center' : 'purchaser'}/tenders/${id}`,
        })),
      );
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.objection',
        entityType: 'tender',
        entityId: id,
        data: { objectionId: row!.id },
      });
      return { id: row!.id, lodgedAt: now.toISOString() };
    });
  }

  /**
   * The unit or the center answers an objection. Upheld, it ends the single-source route: the tender goes
   * back to draft under the new method (to be announced again under that method's rules), the window and
   * the opening stop, the supplier's response is set aside.
   */
  async function answer(
    auth: AuthContext,
    id: string,
    objectionId: string,
    input: { reply: string; upheld: boolean; newMethodCode?: string | undefined; newDeadline?: string | undefined },
  ) {
    return inTransaction(db, async (tx) => {
      const t = await lockTender(tx, id);
      if (t.centerOrgId !== auth.orgId && t.purchaserOrgId !== auth.orgId) throw new NotFoundError('tender not found');
      const now = await dbNow(tx);
      await assertStage(tx, t, ['notice_objections', 'negotiation_record'], '答复异议', now);
      if (input.upheld && !input.newMethodCode) throw fieldError('newMethodCode', '异议成立时须选择改用的采购方式');
      const [o] = await tx
        .update(tenderObjections)
        .set({ reply: input.reply, upheld: input.upheld, answeredByOrgId: auth.orgId, answeredAt: now })
        .where(and(eq(tenderObjections.id, objectionId), eq(tenderObjections.tenderId, id), isNull(tenderObjections.answeredAt)))
        .returning();
      if (!o) throw new NotFoundError('no open objection with this id');
      const tell = [o.organizationId, ...(await procedureOf(tx, id).then((p) => (p?.proposedSupplierId ? [p.proposedSupplierId] : [])))];
      if (input.upheld) {
        const from = methodConfig(t.methodCode);
        const to = methodConfig(input.newMethodCode!);
        await tx
          .update(tenders)
          .set({
            methodCode: to.code,
            status: 'draft',
            updatedAt: now,
            ...(input.newDeadline ? { deadline: new Date(input.newDeadline), documentsUntil: null } : {}),
          })
          .where(eq(tenders.id, id));
        await tx
          .update(bids)
          .set({ status: 'invalidated', sealed: null, statusNote: '单一来源公示异议成立，改变采购方式' })
          .where(eq(bids.tenderId, id));
        await deps.jobs.cancel(tx, tenderJobs.open, id);
        await stopClocks(tx, deps.jobs, id, now, [...tenderClockKinds]);
        await tx
          .update(tenderProcedures)
          .set({ stage: null, methodChangedFrom: from.code, methodChangeReason: input.reply, updatedAt: now })
          .where(eq(tenderProcedures.tenderId, id));
        await appendAudit(tx, {
          actor: actorOf(auth),
          action: 'tender.method_changed',
          entityType: 'tender',
          entityId: id,
          data: { from: from.code, to: to.code, objectionId },
        });
      }
      await deps.notify(
        tx,
        [...new Set(tell)].map((organizationId) => ({
          organizationId,
          kind: 'tender.objection_answered' as const,
          title: `单一来源公示异议已答复：${t.tenderNo}`,
          body: `「${t.title}」：${input.reply}${input.upheld ? `（异议成立，改为${methodConfig(input.newMethodCode!).name}）` : '（异议不成立）'}`,
          params: {
            tenderNo: t.tenderNo,
            title: t.title,
            reply: input.reply,
            ...(input.upheld ? { variant: 'upheld', method: input.newMethodCode! } : {}),
          },
          link: `/tenders/${id}`,
        })),
      );
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.objection.answer',
        entityType: 'tender',
        entityId: id,
        data: { objectionId, upheld: input.upheld },
      });
      if (input.upheld) await recordReleases(tx, 'tender', id);
      return { id: o.id, upheld: input.upheld, methodCode: input.upheld ? input.newMethodCode! : t.methodCode };
    });
  }

  /**
   * 协商情况记录 with the agreed price and its reasons: not before the objection window has closed with every
   * objection answered (409); the proposed supplier's response takes the agreed price and the award follows.
   */
  async function recordNegotiation(auth: AuthContext, id: string, input: { record: string; agreedPriceFen: number; priceReasons: string }) {
    return inTransaction(db, async (tx) => {
      const t = await lockTender(tx, id);
      if (t.centerOrgId !== auth.orgId) throw new NotFoundError('tender not found');
      const now = await dbNow(tx);
      await assertStage(tx, t, ['negotiation_record'], '开始协商', now);
      if (await needsObjectionWindow(tx, t)) {
        const w = await windowOf(tx, t);
        if (!w || now < w.due)
          throw new ConflictError(
            `单一来源公示期（notice_objections）${w ? `至 ${shanghaiDateTime(w.due)}（北京时间）` : ''}未届满，不能开始协商`,
          );
        const open = await tx
          .select({ id: tenderObjections.id })
          .from(tenderObjections)
          .where(and(eq(tenderObjections.tenderId, id), isNull(tenderObjections.answeredAt)));
        if (open.length) throw new ConflictError(`尚有 ${open.length} 件异议未答复，不能开始协商`);
      }
      const p = await procedureOf(tx, id);
      const [bid] = await tx
        .select()
        .from(bids)
        .where(
          and(
            eq(bids.tenderId, id),
            eq(bids.status, 'opened'),
            ...(p?.proposedSupplierId ? [eq(bids.supplierId, p.proposedSupplierId)] : []),
          ),
        );
      if (!bid) throw new ConflictError('拟定供应商没有通过开标的响应文件');
      const [lot] = await tx.select({ budgetFen: tenderLots.budgetFen }).from(tenderLots).where(eq(tenderLots.id, bid.lotId));
      if (input.agreedPriceFen > lot!.budgetFen) throw fieldError('agreedPriceFen', '成交价格不得超过本包预算');
      // 协商 lowers a price; it never raises the supplier's own response.
      if (bid.priceFen !== null && input.agreedPriceFen > bid.priceFen)
        throw fieldError('agreedPriceFen', '成交价格不得高于供应商响应报价');
      await tx
        .update(bids)
        .set({ priceFen: input.agreedPriceFen, evaluationPriceFen: input.agreedPriceFen, deductionRate: '0' })
        .where(eq(bids.id, bid.id));
      await setProcedureStage(tx, id, 'award', now, {
        negotiationRecord: input.record,
        agreedPriceFen: input.agreedPriceFen,
        priceReasons: input.priceReasons,
      });
      await tx.update(tenders).set({ status: 'evaluation', updatedAt: now }).where(eq(tenders.id, id));
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.single_source.negotiation',
        entityType: 'tender',
        entityId: id,
        data: { agreedPriceFen: input.agreedPriceFen },
      });
      return { ok: true, agreedPriceFen: input.agreedPriceFen };
    });
  }

  return { setNotice, lodge, answer, recordNegotiation, windowOf };
}

export type TenderSingleSource = ReturnType<typeof createTenderSingleSource>;
