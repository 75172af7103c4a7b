import { and, eq, sql } from 'drizzle-orm';
import { lotRegion } from './auctions.queries.ts';
import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { auctionBids, auctionLots, auctionRegistrations } from '../../db/schema/index.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDateTime, workdayDeadline } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import { policyValue } from '../../platform/policy.ts';
import * as assetsModule from '../assets/assets.service.ts';
import { assetById } from '../assets/assets.queries.ts';
import { lotStatusLabels } from './auctions.rules.ts';
import { actorOf, auctionJobs, type AuctionsDeps } from './auctions.context.ts';
import { lotRunBy, type AuctionViews } from './auctions.views.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import { moveDeposits } from './auctions.deposits.ts';

/** 成交: the lot's close at its end, the winner's payment, and the payment deadline's forfeit. */
export function createAuctionSettlement(
  deps: AuctionsDeps & {
    views: AuctionViews;
  },
) {
  const { db, credit } = deps;
  const { getManaged } = deps.views;

  /**
   * The closing job at the (final) end. The highest bid wins if it meets the hidden reserve and the
   * bidder is still eligible; the winner's deposit is held until payment, the others' released.
   * Otherwise the lot fails (流拍) and every deposit is released. A second run changes nothing.
   */
  async function close(tx: Tx, afterCommit: AfterCommit, lotId: string): Promise<'sold' | 'failed' | 'skipped' | 'not-due'> {
    const [lot] = await tx.select().from(auctionLots).where(eq(auctionLots.id, lotId)).for('update');
    if (!lot || lot.status !== 'open') return 'skipped';
    const now = await dbNow(tx);
    if (now < lot.endsAt) return 'not-due';
    const [leading] = lot.leadingBidId
      ? await tx
          .select({ bid: auctionBids, reg: auctionRegistrations })
          .from(auctionBids)
          .innerJoin(auctionRegistrations, eq(auctionRegistrations.id, auctionBids.registrationId))
          .where(eq(auctionBids.id, lot.leadingBidId))
      : [];
    let outcome: 'sold' | 'failed' = 'failed';
    let note: string;
    let winnerOrgId: string | null = null;
    let payDeadline: Date | null = null;
    if (!leading) note = '无人出价，流拍';
    else if (leading.bid.amountFen < lot.reservePriceFen) note = `最高出价 ${yuan(leading.bid.amountFen)} 未达保留价，流拍`;
    else {
      const eligibility = await credit.checkEligibility(tx, {
        supplierId: leading.reg.bidderOrgId,
        action: 'auction_win',
        regionCode: await lotRegion(tx, lot),
      });
      if (eligibility.reasons.length > 0)
        note = `最高出价人 ${leading.reg.bidderCode} 不具备竞得资格（${eligibility.reasons[0]!.message}），流拍`;
      else {
        outcome = 'sold';
        winnerOrgId = leading.reg.bidderOrgId;
        payDeadline = await workdayDeadline(
          tx,
          now,
          (await policyValue(tx, 'auction.payWithinWorkdays', z.number().int().positive())).value,
        );
        note = `竞买号 ${leading.reg.bidderCode} 以 ${yuan(leading.bid.amountFen)} 竞得，须于 ${shanghaiDateTime(payDeadline)}（北京时间）前付清价款`;
      }
    }
    await moveDeposits(tx, lotId, { kind: 'release', keepOrgId: winnerOrgId }, now);
    await tx
      .update(auctionLots)
      .set({
        status: outcome,
        winnerOrgId,
        payDeadline,
        closedAt: now,
        resultNote: note,
        version: sql`${auctionLots.version} + 1`,
        updatedAt: now,
      })
      .where(eq(auctionLots.id, lotId));
    if (outcome === 'sold')
      await deps.jobs.schedule(tx, afterCommit, auctionJobs.paymentDue, { key: lotId, runAt: payDeadline!, payload: { lotId } });
    else await assetsModule.markUnsold(tx, lot.assetId, { note: `${lot.lotNo} ${note}`, lotId });
    await appendAudit(tx, {
      actor: null,
      action: `auction.close.${outcome}`,
      entityType: 'auction_lot',
      entityId: lotId,
      data: { note, bidCount: lot.bidCount, priceFen: lot.currentPriceFen },
    });
    await recordReleases(tx, 'auction', lotId);
    afterCommit(() => deps.watch.changed(lotId));
    return outcome;
  }

  /** Center staff record the winner's payment: the deposit counts toward the price and the asset is sold. */
  async function recordPayment(auth: AuthContext, lotId: string, reference: string) {
    await inTransaction(db, async (tx, afterCommit) => {
      const [lot] = await tx
        .select()
        .from(auctionLots)
        .where(and(eq(auctionLots.id, lotId), lotRunBy(auth)))
        .for('update');
      if (!lot) throw new NotFoundError('lot not found');
      if (lot.status !== 'sold') throw new ConflictError(`标的当前为「${lotStatusLabels[lot.status]}」，不能登记付款`);
      const now = await dbNow(tx);
      await tx
        .update(auctionLots)
        .set({ status: 'paid', paidAt: now, version: sql`${auctionLots.version} + 1`, updatedAt: now })
        .where(eq(auctionLots.id, lotId));
      await moveDeposits(tx, lotId, { kind: 'apply', winnerOrgId: lot.winnerOrgId! }, now, actorOf(auth));
      await assetsModule.markSold(tx, lot.assetId, {
        note: `${lot.lotNo} 成交价 ${yuan(lot.currentPriceFen ?? 0)}，价款已付清（${reference}）`,
        orgId: lot.winnerOrgId,
        actorId: auth.userId,
        lotId,
        now,
      });
      await deps.jobs.cancel(tx, auctionJobs.paymentDue, lotId);
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'auction.payment',
        entityType: 'auction_lot',
        entityId: lotId,
        data: { reference, priceFen: lot.currentPriceFen },
      });
      await recordReleases(tx, 'auction', lotId);
      afterCommit(() => deps.watch.changed(lotId));
    });
    return getManaged(lotId);
  }

  /** The payment deadline passed unpaid: the deposit is forfeited and the winner gets a credit event. */
  async function paymentDue(tx: Tx, afterCommit: AfterCommit, lotId: string): Promise<'defaulted' | 'skipped'> {
    const [lot] = await tx.select().from(auctionLots).where(eq(auctionLots.id, lotId)).for('update');
    if (!lot || lot.status !== 'sold') return 'skipped';
    const now = await dbNow(tx);
    await tx
      .update(auctionLots)
      .set({
        status: 'defaulted',
        resultNote: `${lot.resultNote ?? ''}；竞得人逾期未付款，保证金不予退还`,
        version: sql`${auctionLots.version} + 1`,
        updatedAt: now,
      })
      .where(eq(auctionLots.id, lotId));
    await moveDeposits(tx, lotId, { kind: 'forfeit', winnerOrgId: lot.winnerOrgId! }, now);
    await credit.recordEvent(tx, {
      supplierId: lot.winnerOrgId!,
      source: 'auction_payment_default',
      severity: 'general',
      title: `拍卖标的 ${lot.lotNo} 竞得后逾期未付款`,
      description: `成交价 ${yuan(lot.currentPriceFen ?? 0)}，付款期限 ${shanghaiDateTime(lot.payDeadline ?? now)}（北京时间），保证金 ${yuan(lot.depositFen)} 不予退还`,
      sourceRef: `auction:${lot.id}`,
      confirm: true,
      actor: null,
      areaOrgId: (await assetById(tx, lot.assetId))?.ownerOrgId ?? null,
    });
    await assetsModule.markUnsold(tx, lot.assetId, { note: `${lot.lotNo} 竞得人违约未付款，可重新挂牌`, lotId });
    await appendAudit(tx, {
      actor: null,
      action: 'auction.default',
      entityType: 'auction_lot',
      entityId: lotId,
      data: { winnerOrgId: lot.winnerOrgId },
    });
    await recordReleases(tx, 'auction', lotId);
    afterCommit(() => deps.watch.changed(lotId));
    return 'defaulted';
  }

  return { close, recordPayment, paymentDue };
}

export type AuctionSettlement = ReturnType<typeof createAuctionSettlement>;
