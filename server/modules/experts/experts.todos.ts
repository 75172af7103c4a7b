import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { regionInJurisdiction } from '../../platform/jurisdiction.ts';
import { todoRows } from '../../platform/todos.ts';

/**
 * 待办 of the expert pool for center staff: affiliations (回避申报) experts of its jurisdiction declared and
 * nobody has reviewed yet, one item per expert.
 */
export const expertTodos = {
  center: (db: DbOrTx, auth: AuthContext) =>
    todoRows(
      db,
      sql`select 'expert_affiliations_to_review' as kind, e.name as title, null::text as party, 'expert_affiliation' as entity_type,
                 e.id as entity_id, '/center/experts'::text as link, null::timestamptz as due, null::bigint as amount_fen,
                 count(*)::int as count, min(a.created_at) as since
            from jicai.expert_affiliations a join jicai.experts e on e.id = a.expert_id
           where a.status = 'declared' and ${regionInJurisdiction(auth, sql`e.region_code`)}
           group by e.id`,
    ),
};
