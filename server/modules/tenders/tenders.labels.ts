import { sql } from 'drizzle-orm';
import { tenders } from '../../db/schema/index.ts';
import { uuidArray, type LabelSql } from '../../platform/entity-labels.ts';

/** A procurement project by its number and title. The audit log's label part (platform/entity-labels.ts). */
export const tenderLabels: LabelSql = (ids) =>
  sql`select ${tenders.id} as id, ${tenders.tenderNo} as label, ${tenders.title} as title, null::text as ref_id from ${tenders} where ${tenders.id} = any(${uuidArray(ids)})`;
