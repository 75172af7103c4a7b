import { and, eq, sql } from 'drizzle-orm';
import { auctionBids, auctionLots, auctionRegistrations } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit, appendAuditEntries } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDateTime } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import { endAfterBid, lotStatusLabels, nextMinimum } from './auctions.rules.ts';
import { actorOf, auctionJobs, CODE_ALPHABET, type AuctionsDeps } from './auctions.context.ts';
import { chanceInt } from '../../platform/entropy.ts';

/**
 * 保证金到账后方可出价: a registration whose deposit has not been recorded as received (by center staff from the
 * bank receipt, or by the bank's signed callback) cannot bid.
 */
export function assertDepositPaid(reg: { depositStatus: string; depositFen: number }) {
  if (reg.depositStatus !== 'paid')
    throw fieldError('registration', `保证金尚未到账（${yuan(reg.depositFen)}），请先缴纳保证金，待中心登记到账后方可出价`);
}

/** 竞价: registration with a deposit (an anonymous bidder code), and bids while the lot runs. */
export function createAuctionBidding(deps: AuctionsDeps) {
  const { db, credit } = deps;

  /**
   * 竞买登记: an eligible bidder registers with its own deposit reference and gets an anonymous bidder code.
   * The deposit stays pending until its bank receipt is recorded (auctions.deposits.ts); a lot without a
   * deposit needs none.
   */
  async function register(auth: AuthContext, lotId: string, depositRef: string) {
    return inTransaction(db, async (tx) => {
      const [lot] = await tx.select().from(auctionLots).where(eq(auctionLots.id, lotId)).for('share');
      if (!lot) throw new NotFoundError('lot not found');
      if (lot.status !== 'open' || (await dbNow(tx)) >= lot.endsAt) throw new ConflictError('该标的已结束，不能报名');
      await credit.assertEligible(tx, { supplierId: auth.orgId, action: 'auction_register' }, 'bidder');
      // A winner that did not pay forfeited its deposit and may not bid for the same asset again.
      const [defaulted] = await tx
        .select({ lotNo: auctionLots.lotNo })
        .from(auctionLots)
        .where(and(eq(auctionLots.assetId, lot.assetId), eq(auctionLots.status, 'defaulted'), eq(auctionLots.winnerOrgId, auth.orgId)));
      if (defaulted) throw fieldError('bidder', `本单位在 ${defaulted.lotNo} 成交后未按期付款，保证金已没收，不得参加该资产再次拍卖的竞买`);
      const [existing] = await tx
        .select()
        .from(auctionRegistrations)
        .where(and(eq(auctionRegistrations.lotId, lotId), eq(auctionRegistrations.bidderOrgId, auth.orgId)));
      if (existing) throw new ConflictError(`本单位已报名，竞买号 ${existing.bidderCode}`);
      for (let attempt = 0; attempt < 10; attempt++) {
        const code = Array.from({ length: 4 }, () => CODE_ALPHABET[chanceInt(CODE_ALPHABET.length)]).join('');
        const [row] = await tx
          .insert(auctionRegistrations)
          .values({
            lotId,
            bidderOrgId: auth.orgId,
            registeredBy: auth.userId,
            bidderCode: code,
            depositFen: lot.depositFen,
            depositRef,
            depositStatus: lot.depositFen === 0 ? 'paid' : 'pending',
          })
          .onConflictDoNothing()
          .returning();
        if (row) {
          await appendAudit(tx, {
            actor: actorOf(auth),
            action: 'auction.register',
            entityType: 'auction_lot',
            entityId: lotId,
            data: { bidderCode: code, depositFen: lot.depositFen, depositRef },
          });
          return { registrationId: row.id, bidderCode: row.bidderCode, depositFen: row.depositFen, depositStatus: row.depositStatus };
        }
      }
      throw new ConflictError('竞买号分配失败，请重试');
    });
  }

  /**
   * One bid, in one transaction holding the lot's row lock: so bids are taken one at a time, each must
   * reach the price plus the increment as it stands at that moment, and none is lost. The end is read
   * against the database clock at the bid; a bid in the last minutes moves the end and the closing job.
   */
  async function bid(auth: AuthContext, lotId: string, amountFen: number) {
    // The registration is read before the lot is locked (it does not change while bidding is open), so
    // the locked part is one select, one insert and one update.
    const [reg] = await db
      .select()
      .from(auctionRegistrations)
      .where(and(eq(auctionRegistrations.lotId, lotId), eq(auctionRegistrations.bidderOrgId, auth.orgId)));
    const result = await inTransaction(db, async (tx, afterCommit) => {
      const [locked] = await tx
        .select({ lot: auctionLots, now: sql<string>`jicai.clock_timestamp()`.as('now') })
        .from(auctionLots)
        .where(eq(auctionLots.id, lotId))
        .for('update');
      if (!locked) throw new NotFoundError('lot not found');
      const { lot } = locked;
      const now = new Date(locked.now);
      if (lot.status !== 'open') throw new ConflictError(`该标的${lotStatusLabels[lot.status]}，不再接受出价`);
      if (now < lot.startsAt) throw new ConflictError(`竞价尚未开始，开始时间 ${shanghaiDateTime(lot.startsAt)}（北京时间）`);
      if (now >= lot.endsAt)
        throw new ConflictError(`竞价已于 ${shanghaiDateTime(lot.endsAt)}（北京时间）结束，出价时间 ${shanghaiDateTime(now)}，出价无效`);
      if (!reg) throw fieldError('registration', '请先报名并缴纳保证金');
      assertDepositPaid(reg);
      const minimum = nextMinimum(lot);
      if (amountFen < minimum)
        throw fieldError(
          'amountFen',
          `出价须不低于 ${yuan(minimum)}（当前价 ${lot.currentPriceFen === null ? '无' : yuan(lot.currentPriceFen)}，加价幅度 ${yuan(lot.incrementFen)}）`,
        );
      if (lot.leadingRegistrationId === reg.id) throw new ConflictError('您已是当前最高出价者');
      const endsAt = endAfterBid(lot, now);
      const extended = endsAt.getTime() !== lot.endsAt.getTime();
      const seq = lot.bidCount + 1;
      const [row] = await tx
        .insert(auctionBids)
        .values({ lotId, registrationId: reg.id, seq, amountFen, placedAt: now, endsAtAfter: endsAt })
        .returning();
      await tx
        .update(auctionLots)
        .set({
          currentPriceFen: amountFen,
          leadingBidId: row!.id,
          leadingRegistrationId: reg.id,
          bidCount: seq,
          version: sql`${auctionLots.version} + 1`,
          endsAt,
          updatedAt: now,
        })
        .where(eq(auctionLots.id, lotId));
      if (extended) await deps.jobs.schedule(tx, afterCommit, auctionJobs.close, { key: lotId, runAt: endsAt, payload: { lotId } });
      // Last, in one statement: the chain's head stays locked only from here to the commit.
      await appendAuditEntries(tx, [
        {
          actor: actorOf(auth),
          action: 'auction.bid',
          entityType: 'auction_lot',
          entityId: lotId,
          data: { bidId: row!.id, seq, bidderCode: reg.bidderCode, amountFen, placedAt: now.toISOString() },
        },
        ...(extended
          ? [
              {
                actor: null,
                action: 'auction.extend',
                entityType: 'auction_lot',
                entityId: lotId,
                data: { bySeq: seq, fromEndsAt: lot.endsAt.toISOString(), toEndsAt: endsAt.toISOString() },
              },
            ]
          : []),
      ]);
      afterCommit(() => deps.watch.changed(lotId));
      return { seq, amountFen, placedAt: now.toISOString(), endsAt: endsAt.toISOString(), extended, bidderCode: reg.bidderCode };
    });
    return result;
  }

  return { register, bid };
}

export type AuctionBidding = ReturnType<typeof createAuctionBidding>;
