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

/** The pool for a 品目: experts (any status) whose specialty covers the code or lies under it. */
export const poolForCategory = (db: DbOrTx, categoryCode: string) =>
  db
    .select()
    .from(experts)
    .where(
      sql`exists (select 1 from unnest(${experts.specialties}) s where ${categoryCode} like s || '%' or s like ${categoryCode} || '%')`,
    );
