import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';

/** What the audit log names a thing by: its number or name, a title besides it, and a related id the storefront links through. */
export interface EntityLabel {
  label: string;
  title: string | null;
  refId: string | null;
}

/**
 * One owner's part of the label query: a SELECT of `id, label, title, ref_id` (all text) over its own
 * table, for the ids given. Each module writes its own (modules own their tables); `entityLabels` runs
 * the parts the page needs as ONE statement (UNION ALL), never a query per row.
 */
export type LabelSql = (ids: readonly string[]) => SQL;

/** The ids a uuid column can hold: an entry written with another id (a test's "b-1") simply has no label. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids as one uuid[] parameter, for `where id = any(${uuidArray(ids)})`. */
export const uuidArray = (ids: readonly string[]) => sql`${sql.param([...ids])}::uuid[]`;

export const labelKey = (entityType: string, entityId: string) => `${entityType}:${entityId}`;

/** Labels of the things the refs name, keyed `type:id`, in one statement over the owners' parts. */
export function entityLabels(db: DbOrTx, sources: Readonly<Record<string, LabelSql>>) {
  return async (refs: readonly { entityType: string; entityId: string }[]): Promise<Map<string, EntityLabel>> => {
    const byType = new Map<string, Set<string>>();
    for (const r of refs) {
      if (!Object.hasOwn(sources, r.entityType) || !UUID.test(r.entityId)) continue;
      const ids = byType.get(r.entityType) ?? new Set<string>();
      ids.add(r.entityId.toLowerCase());
      byType.set(r.entityType, ids);
    }
    const labels = new Map<string, EntityLabel>();
    if (byType.size === 0) return labels;
    const parts = [...byType].map(
      ([type, ids]) =>
        sql`select ${type}::text as entity_type, l.id::text as id, l.label::text as label, l.title::text as title, l.ref_id::text as ref_id
          from (${sources[type]!([...ids])}) l`,
    );
    const rows = await db.execute<{ entity_type: string; id: string; label: string | null; title: string | null; ref_id: string | null }>(
      sql.join(parts, sql` union all `),
    );
    for (const r of rows.rows) {
      if (r.label !== null) labels.set(labelKey(r.entity_type, r.id), { label: r.label, title: r.title, refId: r.ref_id });
    }
    return labels;
  };
}
