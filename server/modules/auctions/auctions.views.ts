import { and, count, desc, eq, gt, ilike, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '../../db/columns.ts';
import { auctionBids, auctionLots, auctionRegistrations, organizations, type LotStatus } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { dbNow } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { inJurisdiction } from '../../platform/jurisdiction.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import * as assetsModule from '../assets/assets.service.ts';
import { assetOwnerOf } from '../assets/assets.queries.ts';
import { nextMinimum, phaseOf, type Phase } from './auctions.rules.ts';
import type { AuctionsDeps, LotRow } from './auctions.context.ts';

/**
 * Lots in the caller's jurisdiction (#19): those whose asset belongs to a unit of its area, or that a center of
 * its area put up. Center staff and regulators see only these in the managers' views.
 */
export const lotInJurisdiction = (auth: AuthContext): SQL =>
  or(
    inJurisdiction(auth, assetOwnerOf(auctionLots.assetId)),
    inJurisdiction(auth, sql`(select u.organization_id from jicai.users u where u.id = ${auctionLots.createdBy})`),
  )!;

/**
 * The lots the caller's center runs: those it put up (its creator's organization). It alone records their
 * deposits and payment and puts them up again; oversight of the area reads them (lotInJurisdiction).
 */
export const lotRunBy = (auth: AuthContext): SQL =>
  sql`(select u.organization_id from jicai.users u where u.id = ${auctionLots.createdBy}) = ${auth.orgId}::uuid`;

/** What the public hall, the seller's managers and a bidder read of lots: one, a page, the bidder's own. */
export function createAuctionViews(deps: AuctionsDeps) {
  const { db } = deps;

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
        ? and(eq(auctionLots.status, 'open'), gt(auctionLots.startsAt, sql`jicai.now()`))
        : f.phase === 'live'
          ? and(eq(auctionLots.status, 'open'), lte(auctionLots.startsAt, sql`jicai.now()`), gt(auctionLots.endsAt, sql`jicai.now()`))
          : f.phase === 'ended'
            ? or(ne(auctionLots.status, 'open'), lte(auctionLots.endsAt, sql`jicai.now()`))
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
          sql`case when ${auctionLots.status} = 'open' and ${auctionLots.endsAt} > jicai.now() then 0 else 1 end`,
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

  async function listManaged(auth: AuthContext, f: Parameters<typeof listWhere>[0], p: PageQuery) {
    const where = and(listWhere(f), lotInJurisdiction(auth));
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
          depositReceivedAt: reg.depositReceivedAt?.toISOString() ?? null,
          depositSettledAt: reg.depositSettledAt?.toISOString() ?? null,
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

  return { toDtos, getPublic, getManaged, listWhere, listPublic, listManaged, mine };
}

export type AuctionViews = ReturnType<typeof createAuctionViews>;
