import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import type { TimelineEntry } from '../../contracts/timeline.schemas.ts';

/**
 * A process's steps as its audit entries record them (chained and not yet chained), oldest first, with the
 * names of who acted. `actions` limits them to the steps the caller may see (a sealed process's bids are
 * not steps anyone sees before the opening): a name, or a prefix ending in '*'.
 */
export async function entityHistory(
  db: DbOrTx,
  ref: { entityType: string; entityId: string },
  actions: readonly string[],
): Promise<TimelineEntry[]> {
  const exact = actions.filter((a) => !a.endsWith('*'));
  const prefixes = actions.filter((a) => a.endsWith('*')).map((a) => `${a.slice(0, -1)}%`);
  const wanted = sql`(e.action = any(${sql.param(exact)}::text[]) or e.action like any(${sql.param(prefixes)}::text[]))`;
  const rows = await db.execute<{
    at: Date | string;
    action: string;
    actor_name: string | null;
    actor_org_name: string | null;
    data: Record<string, unknown>;
  }>(sql`
    select e.occurred_at as at, e.action, u.display_name as actor_name, o.name as actor_org_name, e.data
    from (
      select occurred_at, action, actor_user_id, actor_org_id, data, seq as ord, 0 as part from jicai.audit_entries
        where entity_type = ${ref.entityType} and entity_id = ${ref.entityId}
      union all
      select occurred_at, action, actor_user_id, actor_org_id, data, id as ord, 1 as part from jicai.audit_pending
        where entity_type = ${ref.entityType} and entity_id = ${ref.entityId}
    ) e
    left join jicai.users u on u.id = e.actor_user_id
    left join jicai.organizations o on o.id = e.actor_org_id
    where ${wanted}
    order by e.part, e.ord
    limit 500`);
  return rows.rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    action: r.action,
    actorName: r.actor_name,
    actorOrgName: r.actor_org_name,
    data: r.data,
  }));
}

/** Steps of a single party that the others are not told of as they happen. */
const PRIVATE_STEPS = [
  'tender.bid',
  'tender.withdraw',
  'tender.question',
  'tender.score',
  'tender.final_offer',
  'quotation.quote',
  'quotation.withdraw',
  'auction.register',
];

/**
 * How many steps a process has recorded: it grows with every change (an entry moving from pending to the
 * chain is counted once, in one snapshot). The live pages' watch compares it.
 */
export async function historyVersions(db: DbOrTx, refs: readonly { entityType: string; entityId: string }[]) {
  if (refs.length === 0) return new Map<string, number>();
  const keys = refs.map((r) => `${r.entityType}:${r.entityId}`);
  // A sealed submission or a registration is not a change anyone else may learn the time of.
  // A private step covers everything recorded under it (a sealed bid's file, a quote's attachment), and a
  // download changes nothing: neither moves the count.
  const quiet = sql`not (action = any(${sql.param([...PRIVATE_STEPS])}::text[])
    or action like any(${sql.param(PRIVATE_STEPS.map((a) => `${a}.%`))}::text[])
    or action like 'auction.deposit.%' or action like '%.download')`;
  const rows = await db.execute<{ key: string; n: string | number }>(sql`
    select k.key, (
      (select count(*) from jicai.audit_entries a where a.entity_type = split_part(k.key, ':', 1) and a.entity_id = split_part(k.key, ':', 2) and ${quiet})
      + (select count(*) from jicai.audit_pending p where p.entity_type = split_part(k.key, ':', 1) and p.entity_id = split_part(k.key, ':', 2) and ${quiet})
    ) as n
    from unnest(${sql.param(keys)}::text[]) as k(key)`);
  return new Map(rows.rows.map((r) => [r.key, Number(r.n)]));
}
