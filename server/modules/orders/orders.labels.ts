import { sql } from 'drizzle-orm';
import { orders } from '../../db/schema/index.ts';
import { uuidArray, type LabelSql } from '../../platform/entity-labels.ts';

/** An order by its number. The audit log's label part (platform/entity-labels.ts). */
export const orderLabels: LabelSql = (ids) =>
  sql`select ${orders.id} as id, ${orders.orderNo} as label, null::text as title, null::text as ref_id from ${orders} where ${orders.id} = any(${uuidArray(ids)})`;
