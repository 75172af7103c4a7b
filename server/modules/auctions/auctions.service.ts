import { randomInt } from 'node:crypto';
import { and, count, desc, eq, gt, ilike, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { containsPattern } from '../../db/columns.ts';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { auctionBids, auctionLots, auctionRegistrations, organizations, type LotStatus } from '../../db/schema/index.ts';
import { inTransaction, type AfterCommit } from '../../db/tx.ts';
import { appendAudit, appendAuditEntries, type AuditActor } from '../../platform/audit.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate, shanghaiDateTime, workdayDeadline } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, fieldError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import { policyValue } from '../../platform/policy.ts';
import { defineJob } from '../../platform/queue/definitions.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import * as assetsModule from '../assets/assets.service.ts';
import type { CreditService } from '../credit/credit.service.ts';
import type { LotWatch } from './auctions.live.ts';
import { endAfterBid, lotStatusLabels, nextMinimum, phaseOf, relistFloor, type Phase } from './auctions.rules.ts';
import type { LotInput } from '../../../contracts/auctions.schemas.ts';

export const auctionJobs = {
  /** At the lot's (possibly extended) end: close it — sold if the best bid meets the reserve, else failed. */
  close: defineJob({ name: 'auctions.close', queue: 'deadlines', payload: z.object({ lotId: z.uuid() }), durable: true }),
  /** At the winner's payment deadline: unpaid means the deposit is forfeited and a credit event recorded. */
  paymentDue: defineJob({ name: 'auctions.payment-due', queue: 'deadlines', payload: z.object({ lotId: z.uuid() }), durable: true }),
} as const;

const actorOf = (auth: AuthContext): AuditActor => ({ userId: auth.userId, orgId: auth.orgId });
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

type LotRow = typeof auctionLots.$inferSelect;

export function createAuctionsService(deps: { db: Db; jobs: JobSystem; credit: CreditService; watch: LotWatch }) {
  const { db, credit } = deps;

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
      const [prev] = await tx.select().from(auctionLots).where(eq(auctionLots.id, lotId)).for('update');
      if (!prev) throw new NotFoundError('lot not found');
      if (prev.status !== 'failed' && prev.status !== 'defaulted')
        throw new ConflictError(`标的当前为「${lotStatusLabels[prev.status]}」，不能重新挂牌`);
      const [next] = await tx.select({ id: auctionLots.id }).from(auctionLots).where(eq(auctionLots.previousLotId, prev.id));
      if (next) throw new ConflictError('该标的已重新挂牌');
      const [maxRounds, discount] = await Promise.all([
        policyValue(tx, 'auction.maxRounds', z.number().int().positive()),
        policyValue(tx, 'auction.relistMaxDiscount', z.string()),
      ]);
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

  /** 竞买登记: an eligible bidder registers with its deposit reference and gets an anonymous bidder code. */
  async function register(auth: AuthContext, lotId: string, depositRef: string) {
    return inTransaction(db, async (tx) => {
      const [lot] = await tx.select().from(auctionLots).where(eq(auctionLots.id, lotId)).for('share');
      if (!lot) throw new NotFoundError('lot not found');
      if (lot.status !== 'open' || (await dbNow(tx)) >= lot.endsAt) throw new ConflictError('该标的已结束，不能报名');
      await credit.assertEligible(tx, { supplierId: auth.orgId, action: 'auction_register' }, 'bidder');
      const [existing] = await tx
        .select()
        .from(auctionRegistrations)
        .where(and(eq(auctionRegistrations.lotId, lotId), eq(auctionRegistrations.bidderOrgId, auth.orgId)));
      if (existing) throw new ConflictError(`本单位已报名，竞买号 ${existing.bidderCode}`);
      for (let attempt = 0; attempt < 10; attempt++) {
        const code = Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
        const [row] = await tx
          .insert(auctionRegistrations)
          .values({ lotId, bidderOrgId: auth.orgId, registeredBy: auth.userId, bidderCode: code, depositFen: lot.depositFen, depositRef })
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
          return { registrationId: row.id, bidderCode: row.bidderCode, depositFen: row.depositFen };
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
        .select({ lot: auctionLots, now: sql<string>`clock_timestamp()`.as('now') })
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
      if (!reg || reg.depositStatus !== 'paid') throw fieldError('registration', '请先报名并缴纳保证金');
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
      const eligibility = await credit.checkEligibility(tx, { supplierId: leading.reg.bidderOrgId, action: 'auction_win' });
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
    await tx
      .update(auctionRegistrations)
      .set({ depositStatus: 'released' })
      .where(
        and(
          eq(auctionRegistrations.lotId, lotId),
          eq(auctionRegistrations.depositStatus, 'paid'),
          winnerOrgId ? ne(auctionRegistrations.bidderOrgId, winnerOrgId) : undefined,
        ),
      );
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
      const [lot] = await tx.select().from(auctionLots).where(eq(auctionLots.id, lotId)).for('update');
      if (!lot) throw new NotFoundError('lot not found');
      if (lot.status !== 'sold') throw new ConflictError(`标的当前为「${lotStatusLabels[lot.status]}」，不能登记付款`);
      const now = await dbNow(tx);
      await tx
        .update(auctionLots)
        .set({ status: 'paid', paidAt: now, version: sql`${auctionLots.version} + 1`, updatedAt: now })
        .where(eq(auctionLots.id, lotId));
      await tx
        .update(auctionRegistrations)
        .set({ depositStatus: 'applied' })
        .where(and(eq(auctionRegistrations.lotId, lotId), eq(auctionRegistrations.bidderOrgId, lot.winnerOrgId!)));
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
    await tx
      .update(auctionRegistrations)
      .set({ depositStatus: 'forfeited' })
      .where(and(eq(auctionRegistrations.lotId, lotId), eq(auctionRegistrations.bidderOrgId, lot.winnerOrgId!)));
    await credit.recordEvent(tx, {
      supplierId: lot.winnerOrgId!,
      source: 'auction_payment_default',
      severity: 'general',
      title: `拍卖标的 ${lot.lotNo} 竞得后逾期未付款`,
      description: `成交价 ${yuan(lot.currentPriceFen ?? 0)}，付款期限 ${shanghaiDateTime(lot.payDeadline ?? now)}（北京时间），保证金 ${yuan(lot.depositFen)} 不予退还`,
      sourceRef: `auction:${lot.id}`,
      confirm: true,
      actor: null,
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

  async function toDtos(rows: LotRow[], now: Date) {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const assetIds = [...new Set(rows.map((r) => r.assetId))];
    const [assetViews, regs, leaders] = await Promise.all([
      assetsModule.auctionViews(db, assetIds),
      db
        .select({ lotId: auctionRegistrations.lotId, n: count() })
        .from(auctionRegistrations)
        .where(inArray(auctionRegistrations.lotId, ids))
        .groupBy(auctionRegistrations.lotId),
      db
        .select({ bidId: auctionBids.id, code: auctionRegistrations.bidderCode })
        .from(auctionBids)
        .innerJoin(auctionRegistrations, eq(auctionRegistrations.id, auctionBids.registrationId))
        .where(
          inArray(
            auctionBids.id,
            rows.map((r) => r.leadingBidId).filter((x): x is string => x !== null),
          ),
        ),
    ]);
    return rows.map((l) => {
      const a = assetViews.get(l.assetId)!;
      const closed = l.status !== 'open';
      return {
        id: l.id,
        lotNo: l.lotNo,
        assetId: l.assetId,
        round: l.round,
        title: l.title,
        description: l.description,
        viewingInfo: l.viewingInfo,
        categoryCode: a.asset.categoryCode,
        categoryName: a.categoryName,
        sellerName: a.sellerName,
        location: a.asset.location,
        quantity: a.asset.quantity,
        condition: a.asset.condition,
        appraisalFen: l.appraisalFen,
        startPriceFen: l.startPriceFen,
        incrementFen: l.incrementFen,
        depositFen: l.depositFen,
        startsAt: l.startsAt.toISOString(),
        endsAt: l.endsAt.toISOString(),
        originalEndsAt: l.originalEndsAt.toISOString(),
        extensionWindowMinutes: l.extensionWindowMinutes,
        extensionMinutes: l.extensionMinutes,
        status: l.status,
        phase: phaseOf(l, now),
        currentPriceFen: l.currentPriceFen,
        nextMinimumFen: nextMinimum(l),
        bidCount: l.bidCount,
        registrations: regs.find((r) => r.lotId === l.id)?.n ?? 0,
        leadingBidderCode: leaders.find((x) => x.bidId === l.leadingBidId)?.code ?? null,
        hasReserve: l.reservePriceFen > 0,
        reserveMet: closed ? l.currentPriceFen !== null && l.currentPriceFen >= l.reservePriceFen : null,
        resultNote: l.resultNote,
        payDeadline: l.payDeadline?.toISOString() ?? null,
        version: l.version,
        serverTime: now.toISOString(),
        photos: a.photoIds.map((id) => ({ id, url: `/api/assets/${l.assetId}/photos/${id}` })),
      };
    });
  }

  /** The public lot page: everything but the reserve and the bidders' names; bids by anonymous code. */
  async function getPublic(lotId: string) {
    const [lot] = await db.select().from(auctionLots).where(eq(auctionLots.id, lotId));
    if (!lot) throw new NotFoundError('lot not found');
    const now = await dbNow(db);
    const [dto] = await toDtos([lot], now);
    const bids = await db
      .select({
        seq: auctionBids.seq,
        bidderCode: auctionRegistrations.bidderCode,
        amountFen: auctionBids.amountFen,
        placedAt: auctionBids.placedAt,
      })
      .from(auctionBids)
      .innerJoin(auctionRegistrations, eq(auctionRegistrations.id, auctionBids.registrationId))
      .where(eq(auctionBids.lotId, lotId))
      .orderBy(desc(auctionBids.seq))
      .limit(200);
    return { ...dto!, bids: bids.map((b) => ({ ...b, placedAt: b.placedAt.toISOString() })) };
  }

  async function getManaged(lotId: string) {
    const [lot] = await db.select().from(auctionLots).where(eq(auctionLots.id, lotId));
    if (!lot) throw new NotFoundError('lot not found');
    const [dto] = await toDtos([lot], await dbNow(db));
    const [winner] = lot.winnerOrgId
      ? await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, lot.winnerOrgId))
      : [];
    return { ...dto!, reservePriceFen: lot.reservePriceFen, winnerOrgId: lot.winnerOrgId, winnerName: winner?.name ?? null };
  }

  function listWhere(f: {
    phase?: Phase | undefined;
    status?: LotStatus | undefined;
    category?: string | undefined;
    q?: string | undefined;
  }): SQL | undefined {
    const phase =
      f.phase === 'upcoming'
        ? and(eq(auctionLots.status, 'open'), gt(auctionLots.startsAt, sql`now()`))
        : f.phase === 'live'
          ? and(eq(auctionLots.status, 'open'), lte(auctionLots.startsAt, sql`now()`), gt(auctionLots.endsAt, sql`now()`))
          : f.phase === 'ended'
            ? or(ne(auctionLots.status, 'open'), lte(auctionLots.endsAt, sql`now()`))
            : undefined;
    return and(
      phase,
      f.status ? eq(auctionLots.status, f.status) : undefined,
      f.category ? inArray(auctionLots.assetId, assetsModule.assetIdsInCategory(db, f.category)) : undefined,
      f.q ? or(ilike(auctionLots.title, containsPattern(f.q)), ilike(auctionLots.lotNo, containsPattern(f.q))) : undefined,
    );
  }

  /** 拍卖大厅: live first (ending soonest), then upcoming, then ended. */
  async function listPublic(f: Parameters<typeof listWhere>[0], p: PageQuery) {
    const where = listWhere(f);
    const [rows, [total], now] = await Promise.all([
      db
        .select()
        .from(auctionLots)
        .where(where)
        .orderBy(
          sql`case when ${auctionLots.status} = 'open' and ${auctionLots.endsAt} > now() then 0 else 1 end`,
          sql`case when ${auctionLots.status} = 'open' then ${auctionLots.endsAt} end asc`,
          desc(auctionLots.endsAt),
        )
        .limit(p.pageSize)
        .offset(offsetOf(p)),
      db.select({ n: count() }).from(auctionLots).where(where),
      dbNow(db),
    ]);
    return { items: await toDtos(rows, now), total: total?.n ?? 0, ...p };
  }

  async function listManaged(f: Parameters<typeof listWhere>[0], p: PageQuery) {
    const where = listWhere(f);
    const [rows, [total]] = await Promise.all([
      db.select().from(auctionLots).where(where).orderBy(desc(auctionLots.createdAt)).limit(p.pageSize).offset(offsetOf(p)),
      db.select({ n: count() }).from(auctionLots).where(where),
    ]);
    const dtos = await toDtos(rows, await dbNow(db));
    const winnerIds = [...new Set(rows.map((r) => r.winnerOrgId).filter((x): x is string => x !== null))];
    const winners = winnerIds.length
      ? await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, winnerIds))
      : [];
    const items = rows.map((r, i) => ({
      ...dtos[i]!,
      reservePriceFen: r.reservePriceFen,
      winnerOrgId: r.winnerOrgId,
      winnerName: winners.find((w) => w.id === r.winnerOrgId)?.name ?? null,
    }));
    return { items, total: total?.n ?? 0, ...p };
  }

  /** The caller's registrations, with its highest bid and whether it leads or won. */
  async function mine(auth: AuthContext, p: PageQuery) {
    const where = eq(auctionRegistrations.bidderOrgId, auth.orgId);
    const [rows, [total]] = await Promise.all([
      db
        .select({ reg: auctionRegistrations, lot: auctionLots })
        .from(auctionRegistrations)
        .innerJoin(auctionLots, eq(auctionLots.id, auctionRegistrations.lotId))
        .where(where)
        .orderBy(desc(auctionRegistrations.createdAt))
        .limit(p.pageSize)
        .offset(offsetOf(p)),
      db.select({ n: count() }).from(auctionRegistrations).where(where),
    ]);
    const highs = rows.length
      ? await db
          .select({ registrationId: auctionBids.registrationId, max: sql<string>`max(${auctionBids.amountFen})` })
          .from(auctionBids)
          .where(
            inArray(
              auctionBids.registrationId,
              rows.map((r) => r.reg.id),
            ),
          )
          .groupBy(auctionBids.registrationId)
      : [];
    const leadingRegs = rows.length
      ? await db
          .select({ id: auctionBids.id, registrationId: auctionBids.registrationId })
          .from(auctionBids)
          .where(
            inArray(
              auctionBids.id,
              rows.map((r) => r.lot.leadingBidId).filter((x): x is string => x !== null),
            ),
          )
      : [];
    return {
      items: rows.map(({ reg, lot }) => {
        const high = highs.find((h) => h.registrationId === reg.id);
        const leading = leadingRegs.some((l) => l.id === lot.leadingBidId && l.registrationId === reg.id);
        return {
          id: reg.id,
          lotId: lot.id,
          lotNo: lot.lotNo,
          lotTitle: lot.title,
          bidderCode: reg.bidderCode,
          depositFen: reg.depositFen,
          depositRef: reg.depositRef,
          depositStatus: reg.depositStatus,
          lotStatus: lot.status,
          endsAt: lot.endsAt.toISOString(),
          currentPriceFen: lot.currentPriceFen,
          myHighestFen: high ? Number(high.max) : null,
          leading,
          won: lot.winnerOrgId === auth.orgId,
          payDeadline: lot.winnerOrgId === auth.orgId ? (lot.payDeadline?.toISOString() ?? null) : null,
          createdAt: reg.createdAt.toISOString(),
        };
      }),
      total: total?.n ?? 0,
      ...p,
    };
  }

  return { createLot, relist, register, bid, close, recordPayment, paymentDue, getPublic, getManaged, listPublic, listManaged, mine };
}

export type AuctionsService = ReturnType<typeof createAuctionsService>;
