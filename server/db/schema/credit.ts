import { date, index, integer, jsonb, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, jicai, updatedAt, utc } from '../columns.ts';
import { experts } from './experts.ts';
import { organizations, users } from './identity.ts';
import { creditEventStatuses, creditSeverities, creditSources, exclusionListTypes } from '../../../contracts/enums/credit.ts';

export * from '../../../contracts/enums/credit.ts';

export const creditSource = jicai.enum('credit_source', creditSources);

/** positive: good performance; minor … major: 第22条 counts a major violation against participation. */
export const creditSeverity = jicai.enum('credit_severity', creditSeverities);

export const creditEventStatus = jicai.enum('credit_event_status', creditEventStatuses);

export const creditEvents = jicai.table(
  'credit_events',
  {
    id: id(),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => organizations.id),
    source: creditSource('source').notNull(),
    severity: creditSeverity('severity').notNull(),
    /** Base effect on the score before decay, from the severity table in force when recorded. */
    points: integer('points').notNull(),
    title: text('title').notNull(),
    /** Evidence text: visible to the supplier concerned and to oversight, never to the public. */
    description: text('description').notNull(),
    /** The record elsewhere that caused it (order, tender, lot), as `kind:id`. */
    sourceRef: text('source_ref'),
    status: creditEventStatus('status').notNull().default('recorded'),
    occurredAt: utc('occurred_at').notNull(),
    recordedByUserId: uuid('recorded_by_user_id').references(() => users.id),
    recordedByOrgId: uuid('recorded_by_org_id').references(() => organizations.id),
    confirmedAt: utc('confirmed_at'),
    appealDeadline: utc('appeal_deadline'),
    decisionReason: text('decision_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('credit_events_supplier_idx').on(t.supplierId, t.occurredAt), index('credit_events_status_idx').on(t.status)],
);

export const creditEvidenceFiles = jicai.table(
  'credit_evidence_files',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => creditEvents.id),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('credit_evidence_event_idx').on(t.eventId)],
);

export const creditAppeals = jicai.table(
  'credit_appeals',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => creditEvents.id),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => organizations.id),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['pending', 'upheld', 'revoked'] })
      .notNull()
      .default('pending'),
    filedBy: uuid('filed_by').references(() => users.id),
    decidedBy: uuid('decided_by').references(() => users.id),
    decisionReason: text('decision_reason'),
    decidedAt: utc('decided_at'),
    createdAt: createdAt(),
  },
  (t) => [index('credit_appeals_supplier_idx').on(t.supplierId), index('credit_appeals_status_idx').on(t.status)],
);

export const exclusionListType = jicai.enum('exclusion_list_type', exclusionListTypes);

/**
 * 不良行为记录 and imported external lists. Matched by supplier id when the supplier is registered, and
 * always by USCC, so a listing imported before the supplier registers still applies to it.
 */
export const exclusions = jicai.table(
  'exclusions',
  {
    id: id(),
    supplierId: uuid('supplier_id').references(() => organizations.id),
    uscc: text('uscc').notNull(),
    name: text('name').notNull(),
    listType: exclusionListType('list_type').notNull(),
    /** '' = all procurement nationwide; otherwise the region (GB/T 2260) it applies in. */
    regionCode: text('region_code').notNull().default(''),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    /** null: open-ended (some external lists last until the listing body removes them). */
    endsOn: date('ends_on', { mode: 'string' }),
    legalBasis: text('legal_basis').notNull(),
    eventId: uuid('event_id').references(() => creditEvents.id),
    importId: uuid('import_id'),
    status: text('status', { enum: ['active', 'lifted'] })
      .notNull()
      .default('active'),
    liftedAt: utc('lifted_at'),
    liftedReason: text('lifted_reason'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('exclusions_uscc_idx').on(t.uscc), index('exclusions_supplier_idx').on(t.supplierId)],
);

export const creditImports = jicai.table('credit_imports', {
  id: id(),
  filename: text('filename').notNull(),
  rowCount: integer('row_count').notNull(),
  matchedCount: integer('matched_count').notNull(),
  importedBy: uuid('imported_by').references(() => users.id),
  report: jsonb('report').$type<unknown[]>().notNull(),
  createdAt: createdAt(),
});

/** Stored result of the score computation; recomputed in the transaction that changes an event, and daily for decay. */
export const creditScores = jicai.table('credit_scores', {
  supplierId: uuid('supplier_id')
    .primaryKey()
    .references(() => organizations.id),
  /** Hundredths of a point: 9250 = 92.50. */
  scoreCenti: integer('score_centi').notNull(),
  explanation: jsonb('explanation').$type<unknown[]>().notNull(),
  computedAt: utc('computed_at').notNull(),
});

export const expertRatings = jicai.table(
  'expert_ratings',
  {
    id: id(),
    expertId: uuid('expert_id')
      .notNull()
      .references(() => experts.id),
    projectRef: text('project_ref').notNull(),
    punctuality: integer('punctuality').notNull(),
    diligence: integer('diligence').notNull(),
    recusalHonesty: integer('recusal_honesty').notNull(),
    comment: text('comment').notNull().default(''),
    violation: text('violation', { enum: ['none', 'suspend', 'remove'] })
      .notNull()
      .default('none'),
    ratedBy: uuid('rated_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('expert_ratings_expert_idx').on(t.expertId)],
);

export const expertStatusChanges = jicai.table('expert_status_changes', {
  id: id(),
  expertId: uuid('expert_id')
    .notNull()
    .references(() => experts.id),
  fromStatus: text('from_status').notNull(),
  toStatus: text('to_status').notNull(),
  reason: text('reason').notNull(),
  changedBy: uuid('changed_by').references(() => users.id),
  createdAt: createdAt(),
});
