import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { organizations, riskAlerts, users } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { fieldError } from '../../platform/errors.ts';
import { CENTRAL_REGION, inJurisdiction, regionInJurisdiction } from '../../platform/jurisdiction.ts';

/** Whose jurisdiction an alert is read in: a caller's, or a would-be assignee's (its organization's region). */
export type AlertReader = Pick<AuthContext, 'orgKind' | 'regionCode'>;

/**
 * The alerts of a jurisdiction: by the alert's region, else its organization's. A signal with no place at
 * all is the central level's (patterns across units carry the region common to them). The one rule for
 * every read of alerts: the inbox, an alert, a step on it, the counts per rule, and who may be assigned it.
 */
export const alertScope = (reader: AlertReader): SQL => {
  const place = sql`coalesce(${riskAlerts.regionCode}, (select o.region_code from jicai.organizations o where o.id = ${riskAlerts.organizationId}), ${CENTRAL_REGION})`;
  return regionInJurisdiction(reader, place);
};

/**
 * Who may take an alert: an active regulator of the caller's own area or below who can read the alert
 * itself (its place within the assignee's jurisdiction, the same scope as the inbox) — else 422 on
 * assigneeId, before anything changes, so no one is handed (or notified of) an alert they cannot open.
 */
export async function assigneeFor(tx: DbOrTx, auth: AuthContext, alertId: string, assigneeId: string) {
  const [u] = await tx
    .select({
      id: users.id,
      name: users.displayName,
      roles: users.roles,
      status: users.status,
      orgKind: organizations.kind,
      regionCode: organizations.regionCode,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(and(eq(users.id, assigneeId), inJurisdiction(auth, users.organizationId)));
  if (!u || u.status !== 'active' || !u.roles.includes('regulator')) throw fieldError('assigneeId', '处理人应为本辖区在职的监管人员');
  const [readable] = await tx
    .select({ id: riskAlerts.id })
    .from(riskAlerts)
    .where(and(eq(riskAlerts.id, alertId), alertScope(u)));
  if (!readable) throw fieldError('assigneeId', '该处理人的辖区不含这条提醒所在地区，无法查看和处理');
  return u;
}

/**
 * The regulators an alert can be assigned to: active regulators of the caller's area; given an alert (one the
 * caller reads), only those whose own jurisdiction holds it (as assigneeFor requires), so the picker offers
 * no one the assignment would refuse.
 */
export async function assigneesOf(db: DbOrTx, auth: AuthContext, alertId?: string) {
  const rows = await db
    .select({ id: users.id, displayName: users.displayName, orgKind: organizations.kind, regionCode: organizations.regionCode })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(and(eq(users.status, 'active'), sql`'regulator' = any(${users.roles})`, inJurisdiction(auth, users.organizationId)))
    .orderBy(asc(users.displayName));
  const out: { id: string; displayName: string }[] = [];
  if (alertId) {
    const [mine] = await db
      .select({ id: riskAlerts.id })
      .from(riskAlerts)
      .where(and(eq(riskAlerts.id, alertId), alertScope(auth)));
    if (!mine) return out;
  }
  for (const u of rows) {
    // One small read per candidate regulator of the area (a handful): the same scope as the inbox.
    const readable =
      !alertId ||
      (
        await db
          .select({ id: riskAlerts.id })
          .from(riskAlerts)
          .where(and(eq(riskAlerts.id, alertId), alertScope(u)))
      ).length > 0;
    if (readable) out.push({ id: u.id, displayName: u.displayName });
  }
  return out;
}
