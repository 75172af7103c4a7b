import { sql } from 'drizzle-orm';
import { assets } from '../../db/schema/index.ts';
import { uuidArray, type LabelSql } from '../../platform/entity-labels.ts';

/** An asset by its number and name. The audit log's label part (platform/entity-labels.ts). */
export const assetLabels: LabelSql = (ids) =>
  sql`select ${assets.id} as id, ${assets.assetNo} as label, ${assets.name} as title, null::text as ref_id from ${assets} where ${assets.id} = any(${uuidArray(ids)})`;
