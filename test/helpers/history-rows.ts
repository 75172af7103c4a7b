import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../server/db/client.ts';
import { recordReleasesIn } from '../../server/modules/ocds/ocds.store.ts';
import {
  assets,
  auctionLots,
  bids,
  budgetMovements,
  checkouts,
  lotEvaluations,
  orderLines,
  orders,
  quotationQuotes,
  quotations,
  tenderLots,
  tenders,
  type OrderStatus,
  type SizeClass,
} from '../../server/db/schema/index.ts';

/**
 * Rows of past procurement written straight into the tables, as the services would have left them: for
 * tests whose figures are stated by hand (dashboards, open data) and for volume — 10,000 bids for the
 * bounded risk worker, a million releases for bench:ocds — where the services would take hours. The demo
 * world no longer uses them: it is played through the API (server/modules/demo/replay). Moving these
 * fixtures to the services too is left to do (#15).
 */
const tag = () => randomBytes(4).toString('hex').toUpperCase();
const SEAL_PLACEHOLDER = 'history-no-sealed-content';

export interface HistoryLine {
  categoryCode: string;
  title: string;
  unitPriceFen: number;
  quantity: number;
  certified?: boolean;
}

/** {@link insertHistoryOrderIn} in one transaction: no other reader sees the process half-written. */
export async function insertHistoryOrder(db: DbOrTx, input: Parameters<typeof insertHistoryOrderIn>[1]) {
  return db.transaction((tx) => insertHistoryOrderIn(tx, input));
}

async function insertHistoryOrderIn(
  db: DbOrTx,
  o: {
    unitId: string;
    supplierId: string;
    budgetLineId: string;
    at: Date;
    status?: OrderStatus;
    lines: HistoryLine[];
    quotationId?: string;
    confirmDeadline?: Date;
    confirmedAt?: Date | null;
    expectedDeliveryBy?: Date;
    deliveredAt?: Date | null;
  },
) {
  const status = o.status ?? 'settled';
  const totalFen = o.lines.reduce((s, l) => s + l.unitPriceFen * l.quantity, 0);
  let checkoutId: string | null = null;
  if (!o.quotationId) {
    const [c] = await db
      .insert(checkouts)
      .values({ organizationId: o.unitId, idempotencyKey: `history-${randomUUID()}`, orderIds: [], createdAt: o.at })
      .returning({ id: checkouts.id });
    checkoutId = c!.id;
  }
  const day = 86_400_000;
  const [order] = await db
    .insert(orders)
    .values({
      orderNo: `DD${o.at.toISOString().slice(0, 10).replaceAll('-', '')}H${tag()}`,
      checkoutId,
      quotationId: o.quotationId ?? null,
      purchaserOrgId: o.unitId,
      supplierId: o.supplierId,
      budgetLineId: o.budgetLineId,
      status,
      totalFen,
      deliveryAddress: '（历史订单）',
      contactName: '历史',
      contactPhone: '010-00000000',
      findings: [],
      needsApproval: false,
      approvalReasons: [],
      confirmDeadline: o.confirmDeadline ?? new Date(o.at.getTime() + day),
      confirmedAt: o.confirmedAt === undefined ? (status === 'placed' ? null : new Date(o.at.getTime() + 3600_000)) : o.confirmedAt,
      expectedDeliveryBy: o.expectedDeliveryBy ?? new Date(o.at.getTime() + 7 * day),
      deliveredAt:
        o.deliveredAt === undefined
          ? ['delivered', 'accepted', 'settled'].includes(status)
            ? new Date(o.at.getTime() + 5 * day)
            : null
          : o.deliveredAt,
      acceptedAt: ['accepted', 'settled'].includes(status) ? new Date(o.at.getTime() + 6 * day) : null,
      settledAt: status === 'settled' ? new Date(o.at.getTime() + 10 * day) : null,
      cancelledAt: status === 'cancelled' ? new Date(o.at.getTime() + day) : null,
      createdAt: o.at,
      updatedAt: o.at,
    })
    .returning();
  const validUntil = new Date(o.at.getTime() + 365 * day).toISOString().slice(0, 10);
  await db.insert(orderLines).values(
    o.lines.map((l) => ({
      orderId: order!.id,
      categoryCode: l.categoryCode,
      title: l.title,
      brand: l.title.split(' ')[0] ?? l.title,
      model: l.title.split(' ').slice(1).join(' ') || l.title,
      specs: {},
      unitPriceFen: l.unitPriceFen,
      quantity: l.quantity,
      lineTotalFen: l.unitPriceFen * l.quantity,
      overStandard: false,
      certificates: l.certified ? [{ kind: 'energy_saving', number: `CQC${tag()}`, validUntil }] : [],
    })),
  );
  if (['accepted', 'settled'].includes(status))
    await db
      .insert(budgetMovements)
      .values({ budgetLineId: o.budgetLineId, orderId: order!.id, kind: 'spend', amountFen: totalFen, createdAt: o.at });
  // Its open data, through the same recorder as the services (a quotation's order is published with the quotation).
  if (!o.quotationId) await recordReleasesIn(db, 'order', order!.id);
  return order!;
}

export interface HistoryBid {
  supplierId: string;
  priceFen: number;
  sizeClass: SizeClass;
  submittedIp?: string;
  deviceId?: string;
}

/**
 * A tender (one lot) opened and, when `winner` is given, awarded at `awardedAt` at the winner's bid. Each
 * helper here writes its process in one transaction: a test file reading the same database meanwhile (a risk
 * scan, the open-data list and bulk file) never sees a lot with part of its bids, or an ended process before
 * its release.
 */
export async function insertHistoryTender(db: DbOrTx, t: HistoryTender) {
  return db.transaction((tx) => insertHistoryTenderIn(tx, t));
}

interface HistoryTender {
  unitId: string;
  centerId: string;
  title: string;
  categoryCode: string;
  budgetFen: number;
  smeReserved?: boolean;
  smallMicroOnly?: boolean;
  publishedAt: Date;
  deadline: Date;
  bids: HistoryBid[];
  winner?: number;
  awardedAt?: Date;
}

async function insertHistoryTenderIn(db: DbOrTx, t: HistoryTender) {
  const awarded = t.winner !== undefined;
  const [tender] = await db
    .insert(tenders)
    .values({
      tenderNo: `ZB${t.publishedAt.toISOString().slice(0, 10).replaceAll('-', '')}H${tag()}`,
      title: t.title,
      methodCode: 'open',
      purchaserOrgId: t.unitId,
      centerOrgId: t.centerId,
      kind: 'goods',
      description: t.title,
      documents: '（历史项目）',
      categoryCode: t.categoryCode,
      status: awarded ? 'awarded' : 'evaluation',
      publishedAt: t.publishedAt,
      deadline: t.deadline,
      openedAt: t.deadline,
      sealPublicKey: SEAL_PLACEHOLDER,
      sealPrivateKeyWrapped: SEAL_PLACEHOLDER,
      awardNoticeAt: t.awardedAt ?? null,
      createdAt: t.publishedAt,
      updatedAt: t.awardedAt ?? t.deadline,
    })
    .returning();
  const [lot] = await db
    .insert(tenderLots)
    .values({
      tenderId: tender!.id,
      lotNo: 1,
      name: t.title,
      budgetFen: t.budgetFen,
      items: [{ name: t.title, quantity: 1, unit: '项', specs: '' }],
      evaluationMethod: 'lowest_price',
      smeReserved: t.smeReserved ?? false,
      smallMicroOnly: (t.smeReserved ?? false) && (t.smallMicroOnly ?? false),
      smeDeductionRate: t.smeReserved ? '0' : '0.10',
      status: awarded ? 'awarded' : 'opened',
    })
    .returning();
  const values = t.bids.map((b) => ({
    tenderId: tender!.id,
    lotId: lot!.id,
    supplierId: b.supplierId,
    documentsVersion: 1,
    submittedAt: new Date(t.deadline.getTime() - 86_400_000),
    commitment: randomBytes(32).toString('hex'),
    status: 'opened' as const,
    priceFen: b.priceFen,
    sizeClass: b.sizeClass,
    smeDeclared: b.sizeClass !== 'large',
    evaluationPriceFen: b.priceFen,
    openedAt: t.deadline,
    submittedIp: b.submittedIp ?? null,
    deviceId: b.deviceId ?? null,
  }));
  // In batches: one statement holds at most 65,535 parameters, and a tender may have thousands of bids.
  const bidRows: (typeof bids.$inferSelect)[] = [];
  for (let i = 0; i < values.length; i += 1000)
    bidRows.push(
      ...(await db
        .insert(bids)
        .values(values.slice(i, i + 1000))
        .returning()),
    );
  if (awarded) {
    const win = bidRows[t.winner!]!;
    await db.insert(lotEvaluations).values({
      lotId: lot!.id,
      tenderId: tender!.id,
      report: { ranking: [], outliers: [] },
      recommendedBidId: win.id,
      awardedBidId: win.id,
      awardedAt: t.awardedAt ?? t.deadline,
      contractPriceFen: win.priceFen,
    });
  }
  await recordReleasesIn(db, 'tender', tender!.id);
  return { tender: tender!, lot: lot!, bids: bidRows };
}

/** An online quotation closed at `closedAt`, awarded to quote `winner` with its order. */
/** {@link insertHistoryQuotationIn} in one transaction: no other reader sees the process half-written. */
export async function insertHistoryQuotation(db: DbOrTx, input: Parameters<typeof insertHistoryQuotationIn>[1]) {
  return db.transaction((tx) => insertHistoryQuotationIn(tx, input));
}

async function insertHistoryQuotationIn(
  db: DbOrTx,
  q: {
    unitId: string;
    budgetLineId: string;
    title: string;
    categoryCode: string;
    quantity: number;
    ceilingFen: number;
    reservedForSme?: boolean;
    createdAt: Date;
    closedAt: Date;
    quotes: HistoryBid[];
    winner: number;
  },
) {
  const [quotation] = await db
    .insert(quotations)
    .values({
      quotationNo: `WJ${q.createdAt.toISOString().slice(0, 10).replaceAll('-', '')}H${tag()}`,
      purchaserOrgId: q.unitId,
      title: q.title,
      categoryCode: q.categoryCode,
      specs: {},
      requirements: '（历史项目）',
      quantity: q.quantity,
      ceilingFen: q.ceilingFen,
      deliveryDays: 7,
      deliveryAddress: '（历史项目）',
      contactName: '历史',
      contactPhone: '010-00000000',
      budgetLineId: q.budgetLineId,
      reservedForSme: q.reservedForSme ?? false,
      smeDeductionRate: q.reservedForSme ? '0' : '0.10',
      minQuotes: 3,
      deadline: q.closedAt,
      status: 'awarded',
      sealPublicKey: SEAL_PLACEHOLDER,
      sealPrivateKeyWrapped: SEAL_PLACEHOLDER,
      closedAt: q.closedAt,
      createdAt: q.createdAt,
      updatedAt: q.closedAt,
    })
    .returning();
  const quoteRows = await db
    .insert(quotationQuotes)
    .values(
      q.quotes.map((b, i) => ({
        quotationId: quotation!.id,
        supplierId: b.supplierId,
        submittedAt: new Date(q.closedAt.getTime() - 3600_000),
        commitment: randomBytes(32).toString('hex'),
        unitPriceFen: Math.round(b.priceFen / q.quantity),
        totalFen: b.priceFen,
        sizeClass: b.sizeClass,
        smeDeclared: b.sizeClass !== 'large',
        evaluationFen: b.priceFen,
        compliant: true,
        rank: i + 1,
        submittedIp: b.submittedIp ?? null,
        deviceId: b.deviceId ?? null,
      })),
    )
    .returning();
  const win = quoteRows[q.winner]!;
  const order = await insertHistoryOrder(db, {
    unitId: q.unitId,
    supplierId: win.supplierId,
    budgetLineId: q.budgetLineId,
    at: q.closedAt,
    quotationId: quotation!.id,
    lines: [{ categoryCode: q.categoryCode, title: q.title, unitPriceFen: win.unitPriceFen!, quantity: q.quantity }],
  });
  await db.update(quotations).set({ awardedQuoteId: win.id, orderId: order.id }).where(eq(quotations.id, quotation!.id));
  await recordReleasesIn(db, 'quotation', quotation!.id);
  return { quotation: quotation!, quotes: quoteRows, order, awardedQuoteId: win.id };
}

/** A disposal: the unit's asset sold (or failed) at auction, closed at `closedAt`. */
/** {@link insertHistoryAuctionIn} in one transaction: no other reader sees the process half-written. */
export async function insertHistoryAuction(db: DbOrTx, input: Parameters<typeof insertHistoryAuctionIn>[1]) {
  return db.transaction((tx) => insertHistoryAuctionIn(tx, input));
}

async function insertHistoryAuctionIn(
  db: DbOrTx,
  a: {
    unitId: string;
    name: string;
    categoryCode: string;
    appraisalFen: number;
    startPriceFen: number;
    closedAt: Date;
    outcome: 'paid' | 'failed' | 'defaulted';
    hammerFen?: number;
    winnerId?: string;
  },
) {
  const [asset] = await db
    .insert(assets)
    .values({
      assetNo: `ZC${a.closedAt.toISOString().slice(0, 10).replaceAll('-', '')}H${tag()}`,
      ownerOrgId: a.unitId,
      categoryCode: a.categoryCode,
      name: a.name,
      description: a.name,
      quantity: 1,
      originalValueFen: a.appraisalFen * 3,
      netValueFen: a.appraisalFen,
      acquiredOn: '2016-05-01',
      condition: 'fair',
      location: '单位院内',
      status: a.outcome === 'paid' ? 'sold' : 'in_auction',
      createdAt: a.closedAt,
    })
    .returning();
  const startsAt = new Date(a.closedAt.getTime() - 7 * 86_400_000);
  const [lot] = await db
    .insert(auctionLots)
    .values({
      lotNo: `PM${a.closedAt.toISOString().slice(0, 10).replaceAll('-', '')}H${tag()}`,
      assetId: asset!.id,
      title: a.name,
      description: a.name,
      viewingInfo: '（历史标的）',
      appraisalFen: a.appraisalFen,
      startPriceFen: a.startPriceFen,
      reservePriceFen: a.startPriceFen,
      incrementFen: 50_000,
      depositFen: 500_000,
      startsAt,
      endsAt: a.closedAt,
      originalEndsAt: a.closedAt,
      extensionWindowMinutes: 5,
      extensionMinutes: 5,
      status: a.outcome,
      currentPriceFen: a.outcome === 'failed' ? null : (a.hammerFen ?? null),
      winnerOrgId: a.outcome === 'failed' ? null : (a.winnerId ?? null),
      closedAt: a.closedAt,
      paidAt: a.outcome === 'paid' ? new Date(a.closedAt.getTime() + 86_400_000) : null,
      createdAt: startsAt,
      updatedAt: a.closedAt,
    })
    .returning();
  await recordReleasesIn(db, 'auction', lot!.id);
  return { asset: asset!, lot: lot! };
}
