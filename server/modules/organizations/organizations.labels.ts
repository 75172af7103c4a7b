import { sql } from 'drizzle-orm';
import { users, organizations } from '../../db/schema/index.ts';
import { uuidArray, type LabelSql } from '../../platform/entity-labels.ts';

/** A user by name (user entries, logins). The audit log's label part (platform/entity-labels.ts). */
export const userLabels: LabelSql = (ids) =>
  sql`select ${users.id} as id, ${users.displayName} as label, null::text as title, null::text as ref_id from ${users} where ${users.id} = any(${uuidArray(ids)})`;

/** An organization by name. The audit log's label part (platform/entity-labels.ts). */
export const organizationLabels: LabelSql = (ids) =>
  sql`select ${organizations.id} as id, ${organizations.name} as label, null::text as title, null::text as ref_id from ${organizations} where ${organizations.id} = any(${uuidArray(ids)})`;
