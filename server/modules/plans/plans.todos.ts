import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { inJurisdiction } from '../../platform/jurisdiction.ts';
import { todoRows } from '../../platform/todos.ts';

/** 待办 of annual procurement plans for a regulator: the plans units of its jurisdiction submitted, to approve or return. */
export const planTodos = {
  regulator: (db: DbOrTx, auth: AuthContext) =>
    todoRows(
      db,
      sql`select 'plan_to_approve' as kind, p.fiscal_year::text as title, u.name as party, 'procurement_plan' as entity_type,
                 p.id as entity_id, '/regulator/plans'::text as link, null::timestamptz as due,
                 (select coalesce(sum((x->>'budgetFen')::bigint), 0) from jsonb_array_elements(p.lines) x)::bigint as amount_fen,
                 null::int as count, p.submitted_at as since
            from jicai.procurement_plans p join jicai.organizations u on u.id = p.unit_org_id
           where p.status = 'submitted' and ${inJurisdiction(auth, sql`p.unit_org_id`)}`,
    ),
};
