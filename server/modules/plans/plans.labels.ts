import { sql } from 'drizzle-orm';
import { procurementIntentions, procurementPlans } from '../../db/schema/index.ts';
import { uuidArray, type LabelSql } from '../../platform/entity-labels.ts';

// The audit log's label parts (platform/entity-labels.ts) for intentions and plans.

/** A procurement intention by what it is for. */
export const intentionLabels: LabelSql = (ids) =>
  sql`select ${procurementIntentions.id} as id, ${procurementIntentions.itemName} as label, null::text as title, null::text as ref_id
    from ${procurementIntentions} where ${procurementIntentions.id} = any(${uuidArray(ids)})`;

/** An annual plan by its fiscal year (the wording says "the 2026 plan"). */
export const planLabels: LabelSql = (ids) =>
  sql`select ${procurementPlans.id} as id, ${procurementPlans.fiscalYear}::text as label, null::text as title, null::text as ref_id
    from ${procurementPlans} where ${procurementPlans.id} = any(${uuidArray(ids)})`;
