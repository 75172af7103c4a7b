import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { findUser } from '../organizations/organizations.queries.ts';
import { auctionLots, auctionRegistrations, organizations } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit, type AuditActor } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDateTime } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError, fieldError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import type { DepositCallback, DepositReceipt } from '../../../contracts/auctions.schemas.ts';
import { actorOf, type AuctionsDeps } from './auctions.context.ts';
import { lotInJurisdiction } from './auctions.views.ts';

/** The text the bank's callback signs: the fields of the receipt, one a line, in this order. */
export const depositCallbackMessage = (c: DepositCallback) => [c.registrationId, c.amountFen, c.bankRef, c.receivedAt].join('\n');

/** HMAC-SHA256 (hex) of the callback's message under the configured secret. */
export const signDepositCallback = (secret: string, c: DepositCallback) =>
  createHmac('sha256', secret).update(depositCallbackMessage(c)).digest('hex');

/**
 * Whether a payment callback is the bank's: no secret configured means callbacks are switched off (403);
 * a missing or wrong signature is refused (401). Compared in constant time.
 */
export function verifyDepositCallback(secret: string | undefined, signature: string | undefined, c: DepositCallback) {
  if (!secret) throw new ForbiddenError('保证金到账回调未启用（未配置 DEPOSIT_CALLBACK_SECRET）');
  const given = Buffer.from((signature ?? '').replace(/^sha256=/, ''), 'hex');
  const expected = Buffer.from(signDepositCallback(secret, c), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UnauthorizedError('回调签名无效');
}

/** 保证金: the receipt that makes a registration able to bid, and its release, application or forfeiture at the end. */
export function createAuctionDeposits(deps: AuctionsDeps) {
  const { db } = deps;

  /**
   * The bank receipt of a registration's deposit, recorded by center staff (`auth`) or arrived by the bank's
   * signed callback (`auth` null). The amount must be the lot's deposit to the fen; the money must have
   * arrived by now and while the lot is open. Only then may the bidder bid (auctions.bidding.ts).
   */
  async function recordDeposit(auth: AuthContext | null, registrationId: string, receipt: DepositReceipt) {
    return inTransaction(db, async (tx) => {
      const [reg] = await tx.select().from(auctionRegistrations).where(eq(auctionRegistrations.id, registrationId)).for('update');
      if (!reg) throw new NotFoundError('registration not found');
      const [lot] = await tx.select().from(auctionLots).where(eq(auctionLots.id, reg.lotId));
      // Staff of the center that put the lot up record its deposits; another center's staff do not see it.
      if (auth && !(await runsLot(tx, auth, lot))) throw new NotFoundError('registration not found');
      if (reg.depositStatus !== 'pending') throw new ConflictError(`竞买号 ${reg.bidderCode} 的保证金已登记（${reg.depositStatus}）`);
      const now = await dbNow(tx);
      if (!lot || lot.status !== 'open' || now >= lot.endsAt) throw new ConflictError('该标的已结束，不能登记保证金到账');
      if (receipt.amountFen !== reg.depositFen)
        throw fieldError('amountFen', `到账金额 ${yuan(receipt.amountFen)} 与该标的保证金 ${yuan(reg.depositFen)} 不符`);
      const receivedAt = new Date(receipt.receivedAt);
      if (receivedAt > now) throw fieldError('receivedAt', `到账时间不能晚于当前时间 ${shanghaiDateTime(now)}（北京时间）`);
      const [row] = await tx
        .update(auctionRegistrations)
        .set({
          depositStatus: 'paid',
          depositBankRef: receipt.bankRef,
          depositReceivedAt: receivedAt,
          depositRecordedAt: now,
          depositRecordedBy: auth?.userId ?? null,
          depositSource: auth ? 'staff' : 'callback',
        })
        .where(eq(auctionRegistrations.id, registrationId))
        .returning();
      await appendAudit(tx, {
        actor: auth ? actorOf(auth) : null,
        action: 'auction.deposit.paid',
        entityType: 'auction_lot',
        entityId: reg.lotId,
        data: {
          registrationId,
          bidderCode: reg.bidderCode,
          amountFen: receipt.amountFen,
          bankRef: receipt.bankRef,
          receivedAt: receivedAt.toISOString(),
          source: auth ? 'staff' : 'callback',
        },
      });
      return registrationView(row!, null);
    });
  }

  /** A lot's registrations with their deposits, for center staff (the bidders' names included). */
  /** The lot was put up by the caller's center (its creator's organization). */
  async function runsLot(tx: DbOrTx, auth: AuthContext, lot: { createdBy: string | null } | undefined) {
    if (!lot?.createdBy) return false;
    return (await findUser(tx, lot.createdBy))?.organizationId === auth.orgId;
  }

  /** The registrations of a lot: for the center that runs it and for oversight (regulators). */
  async function registrationsOf(auth: AuthContext, lotId: string) {
    const [lot] = await db
      .select({ id: auctionLots.id, createdBy: auctionLots.createdBy })
      .from(auctionLots)
      .where(and(eq(auctionLots.id, lotId), lotInJurisdiction(auth)));
    if (!lot || (!auth.roles.includes('regulator') && !(await runsLot(db, auth, lot)))) throw new NotFoundError('lot not found');
    const rows = await db
      .select({ reg: auctionRegistrations, bidderName: organizations.name })
      .from(auctionRegistrations)
      .innerJoin(organizations, eq(organizations.id, auctionRegistrations.bidderOrgId))
      .where(eq(auctionRegistrations.lotId, lotId))
      .orderBy(asc(auctionRegistrations.createdAt));
    return rows.map((r) => registrationView(r.reg, r.bidderName));
  }

  return { recordDeposit, registrationsOf };
}

function registrationView(reg: typeof auctionRegistrations.$inferSelect, bidderName: string | null) {
  return {
    id: reg.id,
    lotId: reg.lotId,
    bidderOrgId: reg.bidderOrgId,
    bidderName,
    bidderCode: reg.bidderCode,
    depositFen: reg.depositFen,
    depositRef: reg.depositRef,
    depositStatus: reg.depositStatus,
    depositBankRef: reg.depositBankRef,
    depositReceivedAt: reg.depositReceivedAt?.toISOString() ?? null,
    depositSource: reg.depositSource,
    depositSettledAt: reg.depositSettledAt?.toISOString() ?? null,
    createdAt: reg.createdAt.toISOString(),
  };
}

/**
 * Moves deposits at the end of a lot, in the caller's transaction, with an audit entry: 'release' the paid
 * deposits of everyone but `keepOrgId` (the winner, whose deposit is held), 'apply' the winner's to the
 * price, or 'forfeit' a defaulting winner's. A deposit never received (still pending) is not moved.
 */
export async function moveDeposits(
  tx: Tx,
  lotId: string,
  move: { kind: 'release'; keepOrgId: string | null } | { kind: 'apply' | 'forfeit'; winnerOrgId: string },
  now: Date,
  actor: AuditActor | null = null,
) {
  const status = move.kind === 'release' ? 'released' : move.kind === 'apply' ? 'applied' : 'forfeited';
  const moved = await tx
    .update(auctionRegistrations)
    .set({ depositStatus: status, depositSettledAt: now })
    .where(
      and(
        eq(auctionRegistrations.lotId, lotId),
        inArray(auctionRegistrations.depositStatus, ['paid']),
        move.kind === 'release'
          ? move.keepOrgId
            ? ne(auctionRegistrations.bidderOrgId, move.keepOrgId)
            : undefined
          : eq(auctionRegistrations.bidderOrgId, move.winnerOrgId),
      ),
    )
    .returning({ id: auctionRegistrations.id, bidderCode: auctionRegistrations.bidderCode, depositFen: auctionRegistrations.depositFen });
  if (moved.length === 0) return moved;
  await appendAudit(tx, {
    actor,
    action: `auction.deposit.${move.kind}`,
    entityType: 'auction_lot',
    entityId: lotId,
    data: { status, at: now.toISOString(), registrations: moved },
  });
  return moved;
}
