import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { todoRows } from '../../platform/todos.ts';

/**
 * 待办 of the auctions. A bidder: the deposit of a lot it registered for, still to arrive before it may bid
 * (by the lot's end); the lots it leads, closing at their current end; the lots it won, to pay by the pay
 * deadline. The center that put lots up: deposits to record from the bank's receipts, one item per lot.
 */
export const auctionTodos = {
  supplier: (db: DbOrTx, auth: AuthContext) =>
    todoRows(
      db,
      sql`select case when l.status = 'sold' then 'auction_to_pay'
                      when r.deposit_status = 'pending' then 'auction_deposit_to_pay'
                      else 'auction_leading' end as kind,
                 l.title, null::text as party, 'auction_lot' as entity_type, l.id as entity_id,
                 '/auctions/'::text || l.id::text as link,
                 case when l.status = 'sold' then l.pay_deadline else l.ends_at end as due,
                 case when l.status = 'sold' or r.deposit_status <> 'pending' then l.current_price_fen else l.deposit_fen end as amount_fen,
                 null::int as count,
                 case when l.status = 'sold' then l.closed_at else r.created_at end as since
            from jicai.auction_registrations r join jicai.auction_lots l on l.id = r.lot_id
           where r.bidder_org_id = ${auth.orgId}
             and ((l.status = 'sold' and l.winner_org_id = ${auth.orgId} and l.paid_at is null)
                  or (l.status = 'open' and l.ends_at > jicai.now()
                      and (r.deposit_status = 'pending' or l.leading_registration_id = r.id)))`,
    ),

  center: (db: DbOrTx, auth: AuthContext) =>
    todoRows(
      db,
      sql`select 'auction_deposits_to_record' as kind, l.title, null::text as party, 'auction_lot' as entity_type, l.id as entity_id,
                 '/center/auctions'::text as link, l.ends_at as due, sum(r.deposit_fen)::bigint as amount_fen,
                 count(*)::int as count, min(r.created_at) as since
            from jicai.auction_registrations r
            join jicai.auction_lots l on l.id = r.lot_id
            join jicai.users u on u.id = l.created_by
           where u.organization_id = ${auth.orgId} and r.deposit_status = 'pending'
             and l.status = 'open' and l.ends_at > jicai.now()
           group by l.id`,
    ),
};
