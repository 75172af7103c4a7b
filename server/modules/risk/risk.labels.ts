import { sql } from 'drizzle-orm';
import { riskAlerts } from '../../db/schema/index.ts';
import { uuidArray, type LabelSql } from '../../platform/entity-labels.ts';

/** A risk alert by its title. The audit log's label part (platform/entity-labels.ts). */
export const riskAlertLabels: LabelSql = (ids) =>
  sql`select ${riskAlerts.id} as id, ${riskAlerts.title} as label, null::text as title, null::text as ref_id from ${riskAlerts} where ${riskAlerts.id} = any(${uuidArray(ids)})`;
