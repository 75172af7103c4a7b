import { boolean, index, integer, jsonb, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { clockNow, createdAt, fen, id, jicai, utc } from '../columns.ts';
import { organizations, users } from './identity.ts';
import { tenderLots, tenders } from './tenders.ts';

/**
 * A procedure's own state beyond the tender's status (#22): the stage inside the opened part (rounds, final
 * offers, evaluation; the single-source negotiation record), the final offers' deadline and sealing key (its
 * private half released by the database clock only at that deadline), and the single-source notice.
 */
export const tenderProcedures = jicai.table('tender_procedures', {
  tenderId: uuid('tender_id')
    .primaryKey()
    .references(() => tenders.id),
  stage: text('stage', { enum: ['rounds', 'final_offers', 'evaluation', 'negotiation_record', 'award'] }),
  /** The number of the round under way (1 from the first round record). */
  round: integer('round').notNull().default(0),
  finalOfferDeadline: utc('final_offer_deadline'),
  finalSealPublicKey: text('final_seal_public_key'),
  finalSealPrivateKeyWrapped: text('final_seal_private_key_wrapped'),
  /** The case (contracts fewerSuppliers) under which two suppliers may go on; null: the method's minimum. */
  fewerSuppliersCase: text('fewer_suppliers_case'),
  finalOpenedAt: utc('final_opened_at'),
  /** 最后报价一览表, published by the opening job. */
  finalRecord: jsonb('final_record').$type<unknown[]>(),
  /** 单一来源公示: why one source, and the proposed supplier. */
  singleSourceReasons: text('single_source_reasons'),
  proposedSupplierId: uuid('proposed_supplier_id').references(() => organizations.id),
  /** 协商情况记录 and the price agreed with its reasons. */
  negotiationRecord: text('negotiation_record'),
  agreedPriceFen: fen('agreed_price_fen'),
  priceReasons: text('price_reasons'),
  /** An upheld objection ended the single-source route: the method it moved to and why. */
  methodChangedFrom: text('method_changed_from'),
  methodChangeReason: text('method_change_reason'),
  updatedAt: utc('updated_at').notNull().default(clockNow),
});

/** Who is still in the negotiation: a supplier leaves (withdrawn) or is eliminated with a reason, between rounds. */
export const tenderRoundParticipants = jicai.table(
  'tender_round_participants',
  {
    tenderId: uuid('tender_id')
      .notNull()
      .references(() => tenders.id),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => organizations.id),
    status: text('status', { enum: ['active', 'withdrawn', 'eliminated'] })
      .notNull()
      .default('active'),
    reason: text('reason'),
    /** The round after which it left. */
    leftAfterRound: integer('left_after_round'),
    changedAt: utc('changed_at').notNull().default(clockNow),
  },
  (t) => [primaryKey({ columns: [t.tenderId, t.supplierId] })],
);

/** The group's notes of one round with one supplier (谈判记录). */
export const tenderRoundRecords = jicai.table(
  'tender_round_records',
  {
    id: id(),
    tenderId: uuid('tender_id')
      .notNull()
      .references(() => tenders.id),
    round: integer('round').notNull(),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => organizations.id),
    notes: text('notes').notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: createdAt(),
  },
  (t) => [uniqueIndex('tender_round_records_key').on(t.tenderId, t.round, t.supplierId)],
);

/** A change of requirements or terms, told in writing to every supplier still in (政府采购法第三十八条). */
export const tenderRequirementChanges = jicai.table(
  'tender_requirement_changes',
  {
    id: id(),
    tenderId: uuid('tender_id')
      .notNull()
      .references(() => tenders.id),
    afterRound: integer('after_round').notNull(),
    text: text('text').notNull(),
    recipients: uuid('recipients').array().notNull(),
    announcedBy: uuid('announced_by').references(() => users.id),
    announcedAt: createdAt(),
  },
  (t) => [index('tender_requirement_changes_tender_idx').on(t.tenderId)],
);

/** 最后报价: sealed like a bid (same envelope and receipt) to the procedure's final-offer key until its deadline. */
export const tenderFinalOffers = jicai.table(
  'tender_final_offers',
  {
    id: id(),
    tenderId: uuid('tender_id')
      .notNull()
      .references(() => tenders.id),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => tenderLots.id),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => organizations.id),
    submittedBy: uuid('submitted_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    submittedAt: utc('submitted_at').notNull(),
    commitment: text('commitment').notNull(),
    sealed: text('sealed'),
    status: text('status', { enum: ['submitted', 'opened', 'rejected'] })
      .notNull()
      .default('submitted'),
    statusNote: text('status_note'),
    priceFen: fen('price_fen'),
    openedAt: utc('opened_at'),
  },
  (t) => [uniqueIndex('tender_final_offers_key').on(t.lotId, t.supplierId), index('tender_final_offers_tender_idx').on(t.tenderId)],
);

/** 单一来源公示异议: lodged by anyone with an account in the window, answered by the unit or the center. */
export const tenderObjections = jicai.table(
  'tender_objections',
  {
    id: id(),
    tenderId: uuid('tender_id')
      .notNull()
      .references(() => tenders.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    lodgedBy: uuid('lodged_by').references(() => users.id),
    grounds: text('grounds').notNull(),
    lodgedAt: createdAt(),
    reply: text('reply'),
    upheld: boolean('upheld'),
    answeredByOrgId: uuid('answered_by_org_id').references(() => organizations.id),
    answeredAt: utc('answered_at'),
  },
  (t) => [index('tender_objections_tender_idx').on(t.tenderId)],
);
