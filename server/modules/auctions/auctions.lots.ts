import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { auctionLots } from '../../db/schema/index.ts';
import { withinJurisdiction } from '../../platform/jurisdiction.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import { policyValue } from '../../platform/policy.ts';
import * as assetsModule from '../assets/assets.service.ts';
import { lotStatusLabels, relistFloor } from './auctions.rules.ts';
import type { LotInput } from '../../../contracts/auctions.schemas.ts';
import { actorOf, auctionJobs, type AuctionsDeps } from './auctions.context.ts';
import { lotRunBy, type AuctionViews } from './auctions.views.ts';
import { recordReleases } from '../ocds/ocds.store.ts';

/** 挂牌: a lot put up for an asset out of the warehouse, and relisted after it failed or its winner defaulted. */
export function createAuctionLots(
  deps: AuctionsDeps & {
    views: AuctionViews;
  },
) {
  const { db } = deps;
  const { getManaged } = deps.views;

  async function validateTimes(tx: DbOrTx, startsAt: Date, endsAt: Date) {
    const now = await dbNow(tx);
    if (endsAt <= startsAt) throw fieldError('endsAt', '结束时间须晚于开始时间');
    if (endsAt.getTime() < now.getTime() + 10 * 60_000) throw fieldError('endsAt', '结束时间须在 10 分钟以后');
    if (endsAt.getTime() - startsAt.getTime() > 30 * 86_400_000) throw fieldError('endsAt', '竞价期不超过 30 日');
  }

  async function insertLot(
    tx: Tx,
    afterCommit: AfterCommit,
    auth: AuthContext,
    values: Omit<typeof auctionLots.$inferInsert, 'lotNo' | 'originalEndsAt' | 'extensionWindowMinutes' | 'extensionMinutes'> & {
      extensionWindowMinutes?: number | undefined;
      extensionMinutes?: number | undefined;
    },
  ) {
    const minutes = (await policyValue(tx, 'auction.antiSnipingMinutes', z.number().int().positive())).value;
    const [seq] = await tx.execute<{ n: string }>(sql`select nextval('jicai.lot_no_seq') as n`).then((r) => r.rows);
    const now = await dbNow(tx);
    const [lot] = await tx
      .insert(auctionLots)
      .values({
        ...values,
        lotNo: `PM${shanghaiDate(now).slice(0, 4)}${String(seq!.n).padStart(5, '0')}`,
        originalEndsAt: values.endsAt,
        extensionWindowMinutes: values.extensionWindowMinutes ?? minutes,
        extensionMinutes: values.extensionMinutes ?? minutes,
        createdBy: auth.userId,
      })
      .returning();
    await deps.jobs.schedule(tx, afterCommit, auctionJobs.close, { key: lot!.id, runAt: lot!.endsAt, payload: { lotId: lot!.id } });
    return lot!;
  }

  /**
   * A lot from a warehouse asset nobody took: its reallocation window is over and no request is
   * pending. Center staff set the appraisal, start, hidden reserve, increment, deposit and times.
   */
  async function createLot(auth: AuthContext, body: LotInput) {
    const id = await inTransaction(db, async (tx, afterCommit) => {
      const now = await dbNow(tx);
      const asset = await assetsModule.lockForAuction(tx, body.assetId, now);
      // A center puts up only the assets of its area's units (#19).
      if (!(await withinJurisdiction(tx, auth, [asset.ownerOrgId]))) throw fieldError('assetId', '资产不存在');
      const startsAt = new Date(body.startsAt);
      const endsAt = new Date(body.endsAt);
      await validateTimes(tx, startsAt, endsAt);
      const lot = await insertLot(tx, afterCommit, auth, { ...body, startsAt, endsAt, round: 1 });
      await assetsModule.markInAuction(tx, asset.id, {
        note: `公物仓调剂期满无人申请，转入公开拍卖 ${lot.lotNo}，起拍价 ${yuan(lot.startPriceFen)}`,
        actorId: auth.userId,
        lotId: lot.id,
        now,
      });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'auction.lot.create',
        entityType: 'auction_lot',
        entityId: lot.id,
        data: { lotNo: lot.lotNo, assetId: asset.id, startPriceFen: lot.startPriceFen, reservePriceFen: lot.reservePriceFen },
      });
      await recordReleases(tx, 'auction', lot.id);
      return lot.id;
    });
    return getManaged(id);
  }

  /** 流拍 or a defaulting winner: the next round, starting lower but within the policy's discount, up to the round limit. */
  async function relist(
    auth: AuthContext,
    lotId: string,
    body: { startPriceFen: number; reservePriceFen: number; startsAt: string; endsAt: string },
  ) {
    const id = await inTransaction(db, async (tx, afterCommit) => {
      // Only the center that ran the lot puts it up again; another's (even of the asset's area) gets 404.
      const [prev] = await tx
        .select()
        .from(auctionLots)
        .where(and(eq(auctionLots.id, lotId), lotRunBy(auth)))
        .for('update');
      if (!prev) throw new NotFoundError('lot not found');
      if (prev.status !== 'failed' && prev.status !== 'defaulted')
        throw new ConflictError(`标的当前为「${lotStatusLabels[prev.status]}」，不能重新挂牌`);
      const [next] = await tx.select({ id: auctionLots.id }).from(auctionLots).where(eq(auctionLots.previousLotId, prev.id));
      if (next) throw new ConflictError('该标的已重新挂牌');
      const maxRounds = await policyValue(tx, 'auction.maxRounds', z.number().int().positive());
      const discount = await policyValue(tx, 'auction.relistMaxDiscount', z.string());
      if (prev.round >= maxRounds.value)
        throw new ConflictError(`已挂牌 ${prev.round} 轮，达到上限 ${maxRounds.value} 轮（${maxRounds.basis}）`);
      const floor = relistFloor(prev.startPriceFen, discount.value);
      if (body.startPriceFen > prev.startPriceFen)
        throw fieldError('startPriceFen', `重新挂牌的起拍价不能高于上一轮 ${yuan(prev.startPriceFen)}`);
      if (body.startPriceFen < floor)
        throw fieldError(
          'startPriceFen',
          `起拍价降幅不超过 ${Number(discount.value) * 100}%，不得低于 ${yuan(floor)}（${discount.basis}）`,
        );
      const startsAt = new Date(body.startsAt);
      const endsAt = new Date(body.endsAt);
      await validateTimes(tx, startsAt, endsAt);
      const lot = await insertLot(tx, afterCommit, auth, {
        assetId: prev.assetId,
        round: prev.round + 1,
        previousLotId: prev.id,
        title: prev.title,
        description: prev.description,
        viewingInfo: prev.viewingInfo,
        appraisalFen: prev.appraisalFen,
        startPriceFen: body.startPriceFen,
        reservePriceFen: body.reservePriceFen,
        incrementFen: prev.incrementFen,
        depositFen: prev.depositFen,
        startsAt,
        endsAt,
        extensionWindowMinutes: prev.extensionWindowMinutes,
        extensionMinutes: prev.extensionMinutes,
      });
      await assetsModule.markInAuction(tx, prev.assetId, {
        note: `第 ${lot.round} 轮挂牌 ${lot.lotNo}，起拍价 ${yuan(lot.startPriceFen)}`,
        actorId: auth.userId,
        lotId: lot.id,
        now: lot.createdAt,
      });
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'auction.lot.relist',
        entityType: 'auction_lot',
        entityId: lot.id,
        data: { previousLotId: prev.id, round: lot.round, startPriceFen: lot.startPriceFen },
      });
      await recordReleases(tx, 'auction', lot.id);
      return lot.id;
    });
    return getManaged(id);
  }

  return { validateTimes, insertLot, createLot, relist };
}

export type AuctionLots = ReturnType<typeof createAuctionLots>;
