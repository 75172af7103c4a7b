import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auctionBids, auctionLots } from '../../db/schema/index.ts';
import { auditInsertSelect } from '../../platform/audit.ts';
import { statementBuiltOnce } from '../../db/built-once.ts';

/** The lot as the statement found it under its lock: what a bid it did not take is judged against. */
export type LockedLot = Pick<typeof auctionLots.$inferSelect, 'status' | 'bidCount' | 'startPriceFen' | 'currentPriceFen' | 'incrementFen'>;

export interface TakenBid {
  seq: number;
  amountFen: number;
  placedAt: string;
  endsAt: string;
  extended: false;
  bidderCode: string;
}

const iso = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
const p = (name: 'lotId' | 'amountFen' | 'bidId' | 'registrationId' | 'bidderCode' | 'userId' | 'orgId') => sql.placeholder(name);

type Row = { seq: number | null; placed_at: string; ends_at: string } & {
  status: LockedLot['status'];
  bid_count: number;
  start_price_fen: string;
  current_price_fen: string | null;
  increment_fen: string;
};

/** The statement, built once (server/db/built-once.ts): a bid's values fill its placeholders. */
const bidStatement = statementBuiltOnce<Row>(
  'jicai_auction_bid',
  () => sql`
    with locked as (
      select id, status, bid_count, start_price_fen, current_price_fen, increment_fen from ${auctionLots} where id = ${p('lotId')} for update),
    t as (select date_trunc('milliseconds', jicai.clock_timestamp()) as now from locked),
    upd as (
      update ${auctionLots} l set current_price_fen = ${p('amountFen')}, leading_bid_id = ${p('bidId')}, leading_registration_id = ${p('registrationId')},
        bid_count = l.bid_count + 1, version = l.version + 1, updated_at = t.now
      from t
      where l.id = ${p('lotId')} and l.status = 'open' and t.now >= l.starts_at and t.now < l.ends_at
        and l.ends_at - t.now >= make_interval(mins => l.extension_window_minutes)
        and ${p('amountFen')} >= case when l.bid_count = 0 or l.current_price_fen is null then l.start_price_fen
                                     else l.current_price_fen + l.increment_fen end
        and l.leading_registration_id is distinct from ${p('registrationId')}::uuid
      returning l.id, l.bid_count as seq, t.now, l.ends_at),
    ins as (
      insert into ${auctionBids} (id, lot_id, registration_id, seq, amount_fen, placed_at, ends_at_after)
      select ${p('bidId')}, id, ${p('registrationId')}, seq, ${p('amountFen')}, now, ends_at from upd),
    audit as (${auditInsertSelect(sql`upd`, {
      occurredAt: sql`now`,
      actor: { userId: p('userId'), orgId: p('orgId') },
      action: 'auction.bid',
      entityType: 'auction_lot',
      entityId: p('lotId'),
      data: sql`jsonb_build_object('bidId', ${p('bidId')}::text, 'seq', seq, 'bidderCode', ${p('bidderCode')}::text, 'amountFen', ${p('amountFen')}::bigint, 'placedAt', ${iso('now')})`,
    })})
    select upd.seq, ${iso('upd.now')} as placed_at, ${iso('upd.ends_at')} as ends_at,
           locked.status, locked.bid_count, locked.start_price_fen, locked.current_price_fen, locked.increment_fen
      from locked left join upd on true`,
);

/**
 * A bid taken in ONE autocommitted statement, so the lot's row is locked only while that statement runs
 * (no round trip to this process while it is held): the first part locks the lot; the time is read after
 * the lock, so accepted bids' times rise in commit order; the lot moves only when the bid meets every rule
 * of auctions.rules.ts as the locked row stands (open, started, not ended, at least the next minimum, not
 * already leading) and does not fall in the anti-sniping window; the bid and its audit entry are inserted
 * from the moved row. When it took nothing it answers the lot as it found it under the lock (or null for
 * no such lot): the caller judges the bid against that by the rules in TypeScript (which word the refusal),
 * with no second read, and takes a bid in the window through the transaction that also moves the closing job.
 */
export async function bidInOneStatement(
  db: Db,
  bid: { lotId: string; amountFen: number; registrationId: string; bidderCode: string; userId: string; orgId: string },
): Promise<{ taken: TakenBid } | { taken: null; lot: LockedLot | null }> {
  const [row] = await bidStatement(db, { ...bid, bidId: randomUUID() });
  if (!row) return { taken: null, lot: null };
  if (row.seq === null)
    return {
      taken: null,
      lot: {
        status: row.status,
        bidCount: Number(row.bid_count),
        startPriceFen: Number(row.start_price_fen),
        currentPriceFen: row.current_price_fen === null ? null : Number(row.current_price_fen),
        incrementFen: Number(row.increment_fen),
      },
    };
  return {
    taken: {
      seq: Number(row.seq),
      amountFen: bid.amountFen,
      placedAt: row.placed_at,
      endsAt: row.ends_at,
      extended: false,
      bidderCode: bid.bidderCode,
    },
  };
}
