import { sql } from 'drizzle-orm';
import { savedFilters } from '../../db/schema/index.ts';
import { uuidArray, type LabelSql } from '../../platform/entity-labels.ts';

/**
 * A saved filter by its name ("本月大额订单"). The audit log's label part (platform/entity-labels.ts); a deleted
 * filter's row is gone, and its entries carry the name in their data.
 */
export const savedFilterLabels: LabelSql = (ids) =>
  sql`select ${savedFilters.id} as id, ${savedFilters.name} as label, null::text as title, null::text as ref_id from ${savedFilters} where ${savedFilters.id} = any(${uuidArray(ids)})`;
