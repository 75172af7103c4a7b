import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { todoRows } from '../../platform/todos.ts';

/**
 * 待办 of the e-mall orders (orderTransitions): each side's next step, one statement per side. The supplier
 * confirms a placed order by its confirm deadline (ordering.confirmWithinWorkdays, set at checkout) and ships
 * and delivers by the delivery date it promised; the unit accepts what was delivered and settles what it
 * accepted; the approver decides what waits for approval.
 */
const columns = (role: 'purchaser' | 'approver' | 'supplier') => sql`
  o.order_no as title, p.name as party, 'order' as entity_type, o.id as entity_id,
  ${`/${role}/orders/`}::text || o.id::text as link, o.total_fen as amount_fen, null::int as count`;

export const orderTodos = {
  purchaser: (db: DbOrTx, auth: AuthContext) =>
    todoRows(
      db,
      sql`select case o.status when 'delivered' then 'order_to_accept' else 'order_to_settle' end as kind, ${columns('purchaser')},
                 null::timestamptz as due, case o.status when 'delivered' then o.delivered_at else o.accepted_at end as since
            from jicai.orders o join jicai.organizations p on p.id = o.supplier_id
           where o.purchaser_org_id = ${auth.orgId} and o.status in ('delivered', 'accepted')`,
    ),
  approver: (db: DbOrTx, auth: AuthContext) =>
    todoRows(
      db,
      sql`select 'order_to_approve' as kind, ${columns('approver')}, null::timestamptz as due, o.created_at as since
            from jicai.orders o join jicai.organizations p on p.id = o.supplier_id
           where o.purchaser_org_id = ${auth.orgId} and o.status = 'pending_approval'`,
    ),
  supplier: (db: DbOrTx, auth: AuthContext) =>
    todoRows(
      db,
      sql`select case o.status when 'placed' then 'order_to_confirm' when 'confirmed' then 'order_to_ship' else 'order_to_deliver' end as kind,
                 ${columns('supplier')},
                 case o.status when 'placed' then o.confirm_deadline else o.expected_delivery_by end as due,
                 case o.status when 'placed' then coalesce(o.decided_at, o.created_at) when 'confirmed' then o.confirmed_at else o.shipped_at end as since
            from jicai.orders o join jicai.organizations p on p.id = o.purchaser_org_id
           where o.supplier_id = ${auth.orgId} and o.status in ('placed', 'confirmed', 'shipped')`,
    ),
};
