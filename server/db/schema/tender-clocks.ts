import { bigint, index, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { clockNow, createdAt, id, jicai, updatedAt, utc } from '../columns.ts';
import { organizations, users } from './identity.ts';
import { bids, tenderChallenges, tenderLots, tenders } from './tenders.ts';
import { complaintOutcomes, complaintStatuses, tenderClockKinds, tenderClockStatuses } from '../../../contracts/enums/tender-clocks.ts';

/**
 * 法定时限: one row per legal clock of a tender (the documents period, the confirmation of the award, the
 * contract and its publication, a challenge's reply, a complaint's filing, acceptance and handling). Each
 * running clock has a durable deadline job (tenders.clock) keyed by its id; the step that answers it marks
 * it met, the job marks it missed.
 */
export const tenderClocks = jicai.table(
  'tender_clocks',
  {
    id: id(),
    tenderId: uuid('tender_id')
      .notNull()
      .references(() => tenders.id),
    kind: text('kind', { enum: tenderClockKinds }).notNull(),
    /** What the clock runs for: a lot, a challenge, a complaint (the tender itself: its id). */
    subjectId: uuid('subject_id').notNull(),
    /** Who must act before it runs out (the unit, the center, the regulator, the challenger). */
    responsibleOrgId: uuid('responsible_org_id')
      .notNull()
      .references(() => organizations.id),
    startedAt: utc('started_at').notNull().default(clockNow),
    due: utc('due').notNull(),
    status: text('status', { enum: tenderClockStatuses }).notNull().default('running'),
    /** While the procedure is suspended: what was left of the clock, restored on resumption. */
    remainingMs: bigint('remaining_ms', { mode: 'number' }),
    closedAt: utc('closed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('tender_clocks_subject_key').on(t.tenderId, t.kind, t.subjectId),
    index('tender_clocks_status_idx').on(t.status, t.due),
  ],
);

/** 投诉: a challenger's complaint to the finance department that regulates the unit (政府采购法 第五十五条). */
export const tenderComplaints = jicai.table(
  'tender_complaints',
  {
    id: id(),
    tenderId: uuid('tender_id')
      .notNull()
      .references(() => tenders.id),
    challengeId: uuid('challenge_id')
      .notNull()
      .references(() => tenderChallenges.id),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => organizations.id),
    regulatorOrgId: uuid('regulator_org_id')
      .notNull()
      .references(() => organizations.id),
    filedBy: uuid('filed_by').references(() => users.id),
    grounds: text('grounds').notNull(),
    evidence: text('evidence').notNull(),
    filedAt: utc('filed_at').notNull().default(clockNow),
    status: text('status', { enum: complaintStatuses }).notNull().default('filed'),
    acceptDue: utc('accept_due').notNull(),
    acceptedAt: utc('accepted_at'),
    refusalReason: text('refusal_reason'),
    handleDue: utc('handle_due'),
    outcome: text('outcome', { enum: complaintOutcomes }),
    decisionReasons: text('decision_reasons'),
    decidedAt: utc('decided_at'),
    decidedBy: uuid('decided_by').references(() => users.id),
  },
  (t) => [uniqueIndex('tender_complaints_challenge_key').on(t.challengeId), index('tender_complaints_tender_idx').on(t.tenderId)],
);

/**
 * An award a complaint decision annulled (责令重新评审, or the tender cancelled): the bid it went to, when
 * it was made and when it fell. The lot's evaluation then holds the next award; this keeps the one before,
 * for the open data (the annulled award `cancelled`, the next one under an id of its own).
 */
export const tenderAwardAnnulments = jicai.table(
  'tender_award_annulments',
  {
    id: id(),
    tenderId: uuid('tender_id')
      .notNull()
      .references(() => tenders.id),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => tenderLots.id),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => tenderComplaints.id),
    bidId: uuid('bid_id')
      .notNull()
      .references(() => bids.id),
    awardedAt: utc('awarded_at').notNull(),
    annulledAt: utc('annulled_at').notNull(),
  },
  (t) => [index('tender_award_annulments_tender_idx').on(t.tenderId, t.annulledAt)],
);
