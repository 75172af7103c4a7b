import { sql } from 'drizzle-orm';
import { frameworkCalls } from '../../db/schema/index.ts';
import { uuidArray, type LabelSql } from '../../platform/entity-labels.ts';

/** A framework call by its number and title. The audit log's label part (platform/entity-labels.ts). */
export const frameworkCallLabels: LabelSql = (ids) =>
  sql`select ${frameworkCalls.id} as id, ${frameworkCalls.callNo} as label, ${frameworkCalls.title} as title, null::text as ref_id from ${frameworkCalls} where ${frameworkCalls.id} = any(${uuidArray(ids)})`;
