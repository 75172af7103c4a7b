import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { CENTRAL_REGION, regionInJurisdiction } from '../../platform/jurisdiction.ts';
import { todoRows } from '../../platform/todos.ts';

/**
 * 待办 of the risk inbox for a regulator: the alerts not closed that are its own (assigned to it) or nobody's
 * yet, of its jurisdiction as the inbox scopes them (risk.access.ts alertScope: the alert's region, else its
 * organization's; an alert with no place is the central level's). Those assigned to another regulator are theirs.
 */
export const riskTodos = {
  regulator: (db: DbOrTx, auth: AuthContext) => {
    const place = sql`coalesce(a.region_code, (select o.region_code from jicai.organizations o where o.id = a.organization_id), ${CENTRAL_REGION})`;
    return todoRows(
      db,
      sql`select 'risk_alert' as kind, a.title, o.name as party, 'risk_alert' as entity_type, a.id as entity_id,
                 '/risk/alerts?alert='::text || a.id::text as link, null::timestamptz as due, null::bigint as amount_fen,
                 null::int as count, a.created_at as since
            from jicai.risk_alerts a left join jicai.organizations o on o.id = a.organization_id
           where a.status <> 'closed' and (a.assignee_id is null or a.assignee_id = ${auth.userId})
             and ${regionInJurisdiction(auth, place)}`,
    );
  },
};
