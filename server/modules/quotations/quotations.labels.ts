import { sql } from 'drizzle-orm';
import { quotations } from '../../db/schema/index.ts';
import { uuidArray, type LabelSql } from '../../platform/entity-labels.ts';

/** A quotation request by its number and title. The audit log's label part (platform/entity-labels.ts). */
export const quotationLabels: LabelSql = (ids) =>
  sql`select ${quotations.id} as id, ${quotations.quotationNo} as label, ${quotations.title} as title, null::text as ref_id from ${quotations} where ${quotations.id} = any(${uuidArray(ids)})`;
