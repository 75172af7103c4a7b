import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { savedFilters } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import {
  MAX_SAVED_FILTERS,
  savedFilterQueries,
  type SavedFilterBody,
  type SavedFilterDto,
  type SavedFilterList,
} from '../../../contracts/saved-filters.schemas.ts';

type Row = typeof savedFilters.$inferSelect;

const toDto = (r: Row): SavedFilterDto => ({
  id: r.id,
  list: r.listKey,
  name: r.name,
  query: r.query,
  createdAt: r.createdAt.toISOString(),
});

/**
 * 常用筛选: a user's named filters of a process list. Every read and write is scoped to the caller's own user
 * id, so another user's filter is never seen and, asked for by id, is not found (404). Saving and deleting
 * one are audited in the same transaction (saved_filter.create / .delete, with the list and the name).
 */
export function createSavedFiltersService(deps: { db: Db }) {
  const { db } = deps;

  /** The caller's saved filters of one list, oldest first (the order they were made in). */
  async function list(auth: AuthContext, listKey: SavedFilterList) {
    const rows = await db
      .select()
      .from(savedFilters)
      .where(and(eq(savedFilters.userId, auth.userId), eq(savedFilters.listKey, listKey)))
      .orderBy(asc(savedFilters.createdAt), asc(savedFilters.id));
    return { items: rows.map(toDto) };
  }

  /**
   * Saves the filter under its name. The query is stored as the list's schema reads it (amounts as numbers,
   * text trimmed, empty values dropped). At most MAX_SAVED_FILTERS per list: the count is taken under a lock
   * of the caller's (user, list), so two saves at once cannot both pass it.
   */
  async function create(auth: AuthContext, body: SavedFilterBody) {
    const parsed = savedFilterQueries[body.list].parse(body.query) as Record<string, string | number | undefined>;
    const query = Object.fromEntries(
      Object.entries(parsed).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== ''),
    );
    const row = await inTransaction(db, async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('jicai.saved_filters'), hashtext(${`${auth.userId}:${body.list}`}))`);
      const mine = and(eq(savedFilters.userId, auth.userId), eq(savedFilters.listKey, body.list));
      const [taken] = await tx
        .select({ n: count() })
        .from(savedFilters)
        .where(and(mine, eq(savedFilters.name, body.name)));
      if ((taken?.n ?? 0) > 0)
        throw new ConflictError('a saved filter of this name exists', {
          fields: [{ field: 'name', message: '已有同名的常用筛选', in: 'body' }],
        });
      const [held] = await tx.select({ n: count() }).from(savedFilters).where(mine);
      if ((held?.n ?? 0) >= MAX_SAVED_FILTERS)
        throw new RuleViolationError('too many saved filters', {
          fields: [{ field: 'list', message: `每个列表最多保存 ${MAX_SAVED_FILTERS} 个常用筛选，请先删除不用的`, in: 'body' }],
        });
      const [inserted] = await tx
        .insert(savedFilters)
        .values({ userId: auth.userId, listKey: body.list, name: body.name, query })
        .returning();
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'saved_filter.create',
        entityType: 'saved_filter',
        entityId: inserted!.id,
        data: { list: body.list, name: body.name, query },
      });
      return inserted!;
    });
    return toDto(row);
  }

  /** Deletes one of the caller's saved filters; another user's, or none, is not found. */
  async function remove(auth: AuthContext, id: string) {
    await inTransaction(db, async (tx) => {
      const [deleted] = await tx
        .delete(savedFilters)
        .where(and(eq(savedFilters.id, id), eq(savedFilters.userId, auth.userId)))
        .returning({ id: savedFilters.id, listKey: savedFilters.listKey, name: savedFilters.name });
      if (!deleted) throw new NotFoundError('saved filter not found');
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'saved_filter.delete',
        entityType: 'saved_filter',
        entityId: deleted.id,
        data: { list: deleted.listKey, name: deleted.name },
      });
    });
  }

  return { list, create, remove };
}

export type SavedFiltersService = ReturnType<typeof createSavedFiltersService>;
