import { sql } from 'drizzle-orm';
import { creditAppeals, creditEvents, creditImports, exclusions } from '../../db/schema/index.ts';
import { uuidArray, type LabelSql } from '../../platform/entity-labels.ts';

// The audit log's label parts (platform/entity-labels.ts) for the credit records.

/** A credit event by its title. */
export const creditEventLabels: LabelSql = (ids) =>
  sql`select ${creditEvents.id} as id, ${creditEvents.title} as label, null::text as title, null::text as ref_id
    from ${creditEvents} where ${creditEvents.id} = any(${uuidArray(ids)})`;

/** An appeal by the title of the event it contests. */
export const creditAppealLabels: LabelSql = (ids) =>
  sql`select ${creditAppeals.id} as id, ${creditEvents.title} as label, null::text as title, null::text as ref_id
    from ${creditAppeals} join ${creditEvents} on ${creditEvents.id} = ${creditAppeals.eventId} where ${creditAppeals.id} = any(${uuidArray(ids)})`;

/** An exclusion by the name of whom it excludes. */
export const exclusionLabels: LabelSql = (ids) =>
  sql`select ${exclusions.id} as id, ${exclusions.name} as label, null::text as title, null::text as ref_id
    from ${exclusions} where ${exclusions.id} = any(${uuidArray(ids)})`;

/** A list import by its file's name. */
export const creditImportLabels: LabelSql = (ids) =>
  sql`select ${creditImports.id} as id, ${creditImports.filename} as label, null::text as title, null::text as ref_id
    from ${creditImports} where ${creditImports.id} = any(${uuidArray(ids)})`;
