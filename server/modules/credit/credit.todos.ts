import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { inJurisdiction } from '../../platform/jurisdiction.ts';
import { todoRows } from '../../platform/todos.ts';

/**
 * 待办 of the credit record for a regulator, in its jurisdiction (events recorded by an organization in it, or
 * by imports and the system): each appeal waiting for a decision, and the recorded events waiting for
 * confirmation as one item with their number.
 */
export const creditTodos = {
  regulator: (db: DbOrTx, auth: AuthContext) => {
    const scope = sql`(e.recorded_by_org_id is null or ${inJurisdiction(auth, sql`e.recorded_by_org_id`)})`;
    return todoRows(
      db,
      sql`select 'credit_appeal_to_decide' as kind, e.title, s.name as party, 'credit_appeal' as entity_type, a.id as entity_id,
                 '/regulator/credit/appeals'::text as link, null::timestamptz as due, null::bigint as amount_fen,
                 null::int as count, a.created_at as since
            from jicai.credit_appeals a
            join jicai.credit_events e on e.id = a.event_id join jicai.organizations s on s.id = a.supplier_id
           where a.status = 'pending' and ${scope}
          union all
          select 'credit_events_to_confirm', '', null, 'credit_event', null::uuid, '/regulator/credit/events?status=recorded', null, null,
                 count(*)::int, min(e.created_at)
            from jicai.credit_events e
           where e.status = 'recorded' and ${scope}
          having count(*) > 0`,
    );
  },
};
