import { withinJurisdiction } from '../../platform/jurisdiction.ts';
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { tenderExperts, tenders, type Role } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { expertIdsOfUser } from '../experts/experts.queries.ts';

/**
 * Who reads a tender as its organization: the running center's staff, the purchasing unit, regulators,
 * bidders (and through them the announcements). Any one of these roles keeps its organization's reads.
 */
const organizationReaders: readonly Role[] = ['center_staff', 'purchaser', 'approver', 'regulator', 'supplier'];

/**
 * An evaluation expert is its own principal, not its organization: experts are filed under the center
 * that keeps the pool, and must not inherit that center's reads (its drafts, other tenders, their reports).
 * A user whose only tender role is `expert` reads a tender only while seated on its committee — confirmed
 * (declared no conflict), not declined — and only after the opening. A user who also holds an
 * organization role (say center_staff) keeps that role's reads.
 */
export const readsAsExpert = (auth: AuthContext | null): boolean =>
  auth !== null && auth.roles.includes('expert') && !auth.roles.some((r) => organizationReaders.includes(r));

/** The tenders row (in a query over `tenders`) is one this expert user sits on, confirmed, after the opening. */
export const seatedExpertScope = (userId: string): SQL =>
  sql`(${tenders.openedAt} is not null and exists (select 1 from ${tenderExperts} te where te.tender_id = ${tenders.id} and te.status = 'confirmed' and te.expert_id in (${expertIdsOfUser(userId)})))`;

/**
 * The one rule every tender read goes through: for an expert-only caller, the seated-expert condition;
 * for anyone else, nothing more here (their organization's rules apply in the service).
 */
export const tenderReadScope = (auth: AuthContext | null): SQL | undefined =>
  auth && readsAsExpert(auth) ? seatedExpertScope(auth.userId) : undefined;

/** A tender the caller may read under this rule (undefined: treat as not found). */
export async function readableTender(db: DbOrTx, auth: AuthContext | null, id: string) {
  const [t] = await db
    .select()
    .from(tenders)
    .where(and(eq(tenders.id, id), tenderReadScope(auth)));
  return t;
}

/** Of these tenders, the ones not opened yet: who bid on them is still secret. */
export async function unopenedTenders(db: DbOrTx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: tenders.id })
    .from(tenders)
    .where(and(inArray(tenders.id, ids), isNull(tenders.openedAt)));
  return new Set(rows.map((r) => r.id));
}

/** A regulator of the tender's area (its unit's or its center's region, or above): oversight reads (#19). */
export const overseesTender = async (db: DbOrTx, auth: AuthContext, t: { purchaserOrgId: string; centerOrgId: string }): Promise<boolean> =>
  auth.roles.includes('regulator') && (await withinJurisdiction(db, auth, [t.purchaserOrgId, t.centerOrgId]));
