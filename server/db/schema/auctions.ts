import { sql } from 'drizzle-orm';
import { check, index, integer, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { lotStatuses, depositSources, depositStatuses } from '../../../contracts/enums/process.ts';
import { createdAt, fen, id, jicai, updatedAt, utc } from '../columns.ts';
import { assets } from './assets.ts';
import { organizations, users } from './identity.ts';

export type LotStatus = (typeof lotStatuses)[number];
export const lotStatus = jicai.enum('lot_status', lotStatuses);

/**
 * 拍卖标的: one public English auction of an asset, one round. A failed or defaulted lot may be relisted
 * as the next round at a lower start price. The reserve price is never shown while bidding.
 */
export const auctionLots = jicai.table(
  'auction_lots',
  {
    id: id(),
    lotNo: text('lot_no').notNull(),
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id),
    round: integer('round').notNull().default(1),
    previousLotId: uuid('previous_lot_id'),
    title: text('title').notNull(),
    description: text('description').notNull(),
    viewingInfo: text('viewing_info').notNull(),
    appraisalFen: fen('appraisal_fen').notNull(),
    startPriceFen: fen('start_price_fen').notNull(),
    reservePriceFen: fen('reserve_price_fen').notNull(),
    incrementFen: fen('increment_fen').notNull(),
    depositFen: fen('deposit_fen').notNull(),
    startsAt: utc('starts_at').notNull(),
    /** The current end: each bid in the last `extensionWindowMinutes` moves it to `extensionMinutes` after the bid. */
    endsAt: utc('ends_at').notNull(),
    originalEndsAt: utc('original_ends_at').notNull(),
    extensionWindowMinutes: integer('extension_window_minutes').notNull(),
    extensionMinutes: integer('extension_minutes').notNull(),
    status: lotStatus('status').notNull().default('open'),
    currentPriceFen: fen('current_price_fen'),
    leadingBidId: uuid('leading_bid_id'),
    leadingRegistrationId: uuid('leading_registration_id'),
    bidCount: integer('bid_count').notNull().default(0),
    /** Bumped on every change a watcher should see (bid, extension, close). */
    version: integer('version').notNull().default(0),
    winnerOrgId: uuid('winner_org_id').references(() => organizations.id),
    closedAt: utc('closed_at'),
    resultNote: text('result_note'),
    payDeadline: utc('pay_deadline'),
    paidAt: utc('paid_at'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('auction_lots_no_key').on(t.lotNo),
    index('auction_lots_status_idx').on(t.status, t.endsAt),
    index('auction_lots_asset_idx').on(t.assetId),
    check(
      'auction_lots_prices',
      sql`${t.startPriceFen} > 0 and ${t.incrementFen} > 0 and ${t.depositFen} >= 0 and ${t.reservePriceFen} >= 0 and ${t.endsAt} > ${t.startsAt}`,
    ),
  ],
);

/** 竞买登记: a bidder registered for one lot with its deposit (保证金), known to others only by its code. */
export const auctionRegistrations = jicai.table(
  'auction_registrations',
  {
    id: id(),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => auctionLots.id),
    bidderOrgId: uuid('bidder_org_id')
      .notNull()
      .references(() => organizations.id),
    registeredBy: uuid('registered_by').references(() => users.id),
    /** 竞买号: what watchers see instead of the bidder's name. */
    bidderCode: text('bidder_code').notNull(),
    depositFen: fen('deposit_fen').notNull(),
    depositRef: text('deposit_ref').notNull(),
    /** The bidder's own reference at registration; the deposit counts only once its receipt is recorded. */
    depositStatus: text('deposit_status', { enum: depositStatuses }).notNull().default('pending'),
    /** The bank receipt: its reference, when the money arrived, who recorded it (null: the bank's callback) and how. */
    depositBankRef: text('deposit_bank_ref'),
    depositReceivedAt: utc('deposit_received_at'),
    depositRecordedAt: utc('deposit_recorded_at'),
    depositRecordedBy: uuid('deposit_recorded_by').references(() => users.id),
    depositSource: text('deposit_source', { enum: depositSources }),
    /** When the deposit was released, applied to the price or forfeited. */
    depositSettledAt: utc('deposit_settled_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('auction_registrations_bidder_key').on(t.lotId, t.bidderOrgId),
    uniqueIndex('auction_registrations_code_key').on(t.lotId, t.bidderCode),
  ],
);

/** Accepted bids only, numbered per lot in commit order: each is above the one before by the increment. */
export const auctionBids = jicai.table(
  'auction_bids',
  {
    id: id(),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => auctionLots.id),
    registrationId: uuid('registration_id')
      .notNull()
      .references(() => auctionRegistrations.id),
    seq: integer('seq').notNull(),
    amountFen: fen('amount_fen').notNull(),
    placedAt: utc('placed_at').notNull(),
    /** The end time after this bid (moved when it came in the last minutes). */
    endsAtAfter: utc('ends_at_after').notNull(),
  },
  (t) => [uniqueIndex('auction_bids_seq_key').on(t.lotId, t.seq), index('auction_bids_registration_idx').on(t.registrationId)],
);

export { lotStatuses, depositStatuses };
