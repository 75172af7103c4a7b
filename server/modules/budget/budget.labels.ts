import { sql } from 'drizzle-orm';
import { budgetLines } from '../../db/schema/index.ts';
import { uuidArray, type LabelSql } from '../../platform/entity-labels.ts';

/** A budget line by its code and name. The audit log's label part (platform/entity-labels.ts). */
export const budgetLineLabels: LabelSql = (ids) =>
  sql`select ${budgetLines.id} as id, ${budgetLines.code} as label, ${budgetLines.name} as title, null::text as ref_id from ${budgetLines} where ${budgetLines.id} = any(${uuidArray(ids)})`;
