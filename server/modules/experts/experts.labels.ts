import { sql } from 'drizzle-orm';
import { experts } from '../../db/schema/index.ts';
import { uuidArray, type LabelSql } from '../../platform/entity-labels.ts';

/** An expert by name. The audit log's label part (platform/entity-labels.ts). */
export const expertLabels: LabelSql = (ids) =>
  sql`select ${experts.id} as id, ${experts.name} as label, null::text as title, null::text as ref_id from ${experts} where ${experts.id} = any(${uuidArray(ids)})`;
