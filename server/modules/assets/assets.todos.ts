import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { inJurisdiction } from '../../platform/jurisdiction.ts';
import { todoRows } from '../../platform/todos.ts';

/**
 * 待办 of the 公物仓 for center staff: units' requests to take over offered assets of the center's
 * jurisdiction (by the owning unit), one item per asset, due when the asset's reallocation window ends.
 */
export const assetTodos = {
  center: (db: DbOrTx, auth: AuthContext) =>
    todoRows(
      db,
      sql`select 'reallocations_to_decide' as kind, a.name as title, o.name as party, 'reallocation_request' as entity_type,
                 a.id as entity_id, '/center/reallocation'::text as link, a.offered_until as due, null::bigint as amount_fen,
                 count(*)::int as count, min(r.created_at) as since
            from jicai.reallocation_requests r
            join jicai.assets a on a.id = r.asset_id
            join jicai.organizations o on o.id = a.owner_org_id
           where r.status = 'pending' and ${inJurisdiction(auth, sql`a.owner_org_id`)}
           group by a.id, o.name`,
    ),
};
