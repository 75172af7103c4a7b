import { sql } from 'drizzle-orm';
import { policyValues } from '../../db/schema/index.ts';
import { uuidArray, type LabelSql } from '../../platform/entity-labels.ts';

/** A policy value by its key. The audit log's label part (platform/entity-labels.ts). */
export const policyValueLabels: LabelSql = (ids) =>
  sql`select ${policyValues.id} as id, ${policyValues.key} as label, null::text as title, null::text as ref_id from ${policyValues} where ${policyValues.id} = any(${uuidArray(ids)})`;
