import { count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { experts } from '../../db/schema/index.ts';

/** Experts in the pool with the right to evaluate (not suspended, not removed). */
export async function countActive(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(experts).where(eq(experts.status, 'active'));
  return row?.n ?? 0;
}

/** The expert profile linked to a user account, if any. */
export async function expertOfUser(db: DbOrTx, userId: string) {
  const [row] = await db.select().from(experts).where(eq(experts.userId, userId));
  return row;
}

/** The ids of the experts linked to a user account, as a subquery (for `expert_id in (…)` in another module's SQL). */
export const expertIdsOfUser = (userId: string): SQL => sql`select ${experts.id} from ${experts} where ${experts.userId} = ${userId}`;

/** The login (user id) of each expert that has one, by expert id. */
export async function loginsOf(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: experts.id, userId: experts.userId })
    .from(experts)
    .where(inArray(experts.id, [...new Set(ids)]));
  return new Map(rows.flatMap((r) => (r.userId ? [[r.id, r.userId] as const] : [])));
}

/** Name, title and employer of each expert, by id. */
export async function profilesOf(
  db: DbOrTx,
  ids: readonly string[],
): Promise<Map<string, { name: string; title: string; employer: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: experts.id, name: experts.name, title: experts.title, employer: experts.employer })
    .from(experts)
    .where(inArray(experts.id, [...new Set(ids)]));
  return new Map(rows.map(({ id, ...profile }) => [id, profile]));
}

/**
 * The pool for the 品目 of a tender and its lots: experts (any status) one of whose specialties is one of the
 * codes or an ancestor of one (A0201 covers A02010104). A narrower or sibling specialty does not: a vehicles
 * (A0203) or furniture (A0501) expert is not drawn for computers (A02010104).
 */
export const poolForCategory = (db: DbOrTx, categoryCodes: readonly string[]) =>
  db
    .select()
    .from(experts)
    .where(
      sql`exists (select 1 from unnest(${experts.specialties}) s, unnest(${sql.param([...categoryCodes])}::text[]) c where c like s || '%')`,
    );

/** What recusal weighs on each expert's profile: the employer by name and, where known, by USCC. */
export async function recusalProfilesOf(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: experts.id, employer: experts.employer, employerUscc: experts.employerUscc })
    .from(experts)
    .where(inArray(experts.id, [...new Set(ids)]));
}
