import { randomUUID } from 'node:crypto';
import { lotRegion } from './auctions.queries.ts';
import { and, eq, sql } from 'drizzle-orm';
import { auctionBids, auctionLots, auctionRegistrations } from '../../db/schema/index.ts';
import type { Tx } from '../../db/client.ts';
import { builtOnce } from '../../db/built-once.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import { appendAudit, auditInsertWhen } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDateTime } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import { endAfterBid, lotStatusLabels, nextMinimum } from './auctions.rules.ts';
import { bidInOneStatement } from './auctions.bid-statement.ts';
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

type Lot = typeof auctionLots.$inferSelect;
type LotState = Pick<Lot, 'status' | 'bidCount' | 'startPriceFen' | 'currentPriceFen' | 'incrementFen'>;

/** A refused bid answers the lot as it was judged: its state, price (none before the first bid) and the least the next bid may be. */
const lotFacts = (lot: LotState) => ({
  status: lot.status,
  ...(lot.currentPriceFen === null ? {} : { currentPriceFen: lot.currentPriceFen }),
  nextMinimumFen: nextMinimum(lot),
  bidCount: lot.bidCount,
});

function refuseClosed(lot: LotState) {
  if (lot.status !== 'open') throw new ConflictError(`该标的${lotStatusLabels[lot.status]}，不再接受出价`, { facts: lotFacts(lot) });
}

function refuseLow(lot: LotState, amountFen: number) {
  const minimum = nextMinimum(lot);
  if (amountFen < minimum)
    throw fieldError(
      'amountFen',
      `出价须不低于 ${yuan(minimum)}（当前价 ${lot.currentPriceFen === null ? '无' : yuan(lot.currentPriceFen)}，加价幅度 ${yuan(lot.incrementFen)}）`,
      lotFacts(lot),
    );
}

/** A lot with the bidder's registration at it: the read every bid starts from, built once. */
const lotAndRegistration = builtOnce((db) =>
  db
    .select({ lot: auctionLots, reg: auctionRegistrations })
    .from(auctionLots)
    .leftJoin(
      auctionRegistrations,
      and(eq(auctionRegistrations.lotId, auctionLots.id), eq(auctionRegistrations.bidderOrgId, sql.placeholder('orgId'))),
    )
    .where(eq(auctionLots.id, sql.placeholder('lotId')))
    .prepare('jicai_bid_lot'),
);

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
      await credit.assertEligible(
        tx,
        { supplierId: auth.orgId, action: 'auction_register', regionCode: await lotRegion(tx, lot) },
        'bidder',
      );
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
   * One bid. Bids are taken one at a time under the lot's row lock, and each must reach the price plus the
   * increment as it stands at that moment; none is lost. Most are taken by one statement that holds the
   * lock only while it runs (auctions.bid-statement.ts); a bid in the last minutes, which moves the end and
   * the closing job, is taken by takeBid's transaction: the lock, ONE write statement, the commit. The end
   * is read against the database clock at the bid.
   */
  async function bid(auth: AuthContext, lotId: string, amountFen: number) {
    // A price only rises and a closed lot never reopens: a bid already too low, or at a closed lot, is
    // refused from a plain read, without queueing for the lock behind the bids that outran it. The
    // registration does not change while bidding is open: read with the lot, before the lock, in one statement.
    const [read] = await lotAndRegistration(db).execute({ lotId, orgId: auth.orgId });
    const reg = read?.reg ?? undefined;
    const refuseFromRead = (seen: LotState | null | undefined) => {
      if (seen) {
        refuseClosed(seen);
        refuseLow(seen, amountFen);
      }
    };
    refuseFromRead(read?.lot);
    if (reg?.depositStatus === 'paid') {
      const result = await bidInOneStatement(db, {
        lotId,
        amountFen,
        registrationId: reg.id,
        bidderCode: reg.bidderCode,
        userId: auth.userId,
        orgId: auth.orgId,
      });
      if (result.taken) {
        deps.watch.changed(lotId);
        return result.taken;
      }
      // Not taken: another bid got in first (refused below, in words, against the lot as the statement found
      // it under the lock), or it falls in the last minutes.
      refuseFromRead(result.lot);
    }
    return inTransaction(db, (tx, afterCommit) => takeBid(tx, afterCommit, auth, lotId, amountFen, reg));
  }

  async function takeBid(
    tx: Tx,
    afterCommit: AfterCommit,
    auth: AuthContext,
    lotId: string,
    amountFen: number,
    reg: typeof auctionRegistrations.$inferSelect | undefined,
  ) {
    const [read] = await tx
      .select({ lot: auctionLots, now: sql<string>`jicai.clock_timestamp()`.as('now') })
      .from(auctionLots)
      .where(eq(auctionLots.id, lotId))
      .for('update');
    if (!read) throw new NotFoundError('lot not found');
    const { lot } = read;
    const now = new Date(read.now);
    refuseClosed(lot);
    if (now < lot.startsAt) throw new ConflictError(`竞价尚未开始，开始时间 ${shanghaiDateTime(lot.startsAt)}（北京时间）`);
    if (now >= lot.endsAt)
      throw new ConflictError(`竞价已于 ${shanghaiDateTime(lot.endsAt)}（北京时间）结束，出价时间 ${shanghaiDateTime(now)}，出价无效`);
    if (!reg) throw fieldError('registration', '请先报名并缴纳保证金');
    assertDepositPaid(reg);
    refuseLow(lot, amountFen);
    if (lot.leadingRegistrationId === reg.id) throw new ConflictError('您已是当前最高出价者', { facts: lotFacts(lot) });
    const endsAt = endAfterBid(lot, now);
    const extended = endsAt.getTime() !== lot.endsAt.getTime();
    const seq = lot.bidCount + 1;
    const bidId = randomUUID();
    if (extended) await deps.jobs.schedule(tx, afterCommit, auctionJobs.close, { key: lotId, runAt: endsAt, payload: { lotId } });
    const audits = [
      {
        actor: actorOf(auth),
        action: 'auction.bid',
        entityType: 'auction_lot',
        entityId: lotId,
        data: { bidId, seq, bidderCode: reg.bidderCode, amountFen, placedAt: now.toISOString() },
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
    ];
    const result = await tx.execute<{ id: string }>(sql`
      with upd as (
        update ${auctionLots} set current_price_fen = ${amountFen}, leading_bid_id = ${bidId}, leading_registration_id = ${reg.id},
          bid_count = ${seq}, version = version + 1, ends_at = ${endsAt.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
        where id = ${lotId}
        returning id),
      bid as (
        insert into ${auctionBids} (id, lot_id, registration_id, seq, amount_fen, placed_at, ends_at_after)
        select ${bidId}, id, ${reg.id}, ${seq}, ${amountFen}, ${now.toISOString()}::timestamptz, ${endsAt.toISOString()}::timestamptz from upd),
      audit as (${auditInsertWhen(audits, sql`exists (select 1 from upd)`)})
      select id from upd`);
    if (result.rows.length !== 1) throw new Error(`auction lot ${lotId} was not updated under its lock`);
    afterCommit(() => deps.watch.changed(lotId));
    return { seq, amountFen, placedAt: now.toISOString(), endsAt: endsAt.toISOString(), extended, bidderCode: reg.bidderCode };
  }

  return { register, bid };
}

export type AuctionBidding = ReturnType<typeof createAuctionBidding>;
