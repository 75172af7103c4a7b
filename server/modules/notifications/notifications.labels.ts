import { sql } from 'drizzle-orm';
import { notifications } from '../../db/schema/index.ts';
import { uuidArray, type LabelSql } from '../../platform/entity-labels.ts';

/** A notification by its title. The audit log's label part (platform/entity-labels.ts). */
export const notificationLabels: LabelSql = (ids) =>
  sql`select ${notifications.id} as id, ${notifications.title} as label, null::text as title, null::text as ref_id from ${notifications} where ${notifications.id} = any(${uuidArray(ids)})`;
