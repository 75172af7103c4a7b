import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, fen, id, jicai, updatedAt, utc } from '../columns.ts';
import { organizations, users } from './identity.ts';

/** 采购意向的中小企业预留: none, the whole project, or a share of its budget. */
export const intentionSmeReservations = ['none', 'whole', 'share'] as const;
export type IntentionSmeReservation = (typeof intentionSmeReservations)[number];
export const intentionSmeReservation = jicai.enum('intention_sme_reservation', intentionSmeReservations);

export const planStatuses = ['draft', 'submitted', 'approved', 'returned'] as const;
export type PlanStatus = (typeof planStatuses)[number];
export const planStatus = jicai.enum('plan_status', planStatuses);

/**
 * 采购意向公开 (财库〔2020〕10号): what a unit means to buy, published before the procurement starts
 * (at least 30 days before its tender notice or online quotation). Public from `published_at`.
 */
export const procurementIntentions = jicai.table(
  'procurement_intentions',
  {
    id: id(),
    unitOrgId: uuid('unit_org_id')
      .notNull()
      .references(() => organizations.id),
    createdBy: uuid('created_by').references(() => users.id),
    itemName: text('item_name').notNull(),
    categoryCode: text('category_code').notNull(),
    budgetFen: fen('budget_fen').notNull(),
    /** 预计采购时间, 'YYYY-MM'. */
    expectedMonth: text('expected_month').notNull(),
    smeReservation: intentionSmeReservation('sme_reservation').notNull(),
    /** For a share reservation: the reserved share as an exact decimal ('0.40'). */
    smeShare: text('sme_share'),
    description: text('description').notNull(),
    publishedAt: utc('published_at').notNull(),
    withdrawnAt: utc('withdrawn_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('procurement_intentions_unit_idx').on(t.unitOrgId, t.publishedAt),
    check('procurement_intentions_budget_positive', sql`${t.budgetFen} > 0`),
  ],
);

/**
 * Which intention (or stated exemption) a tender or an online quotation started under, recorded by the
 * plans module when the process is created and read again when it is published.
 */
export const intentionUses = jicai.table(
  'intention_uses',
  {
    id: id(),
    processType: text('process_type').notNull(),
    processId: uuid('process_id').notNull(),
    intentionId: uuid('intention_id').references(() => procurementIntentions.id),
    exemption: text('exemption'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('intention_uses_process_key').on(t.processType, t.processId),
    check('intention_uses_one_of', sql`(${t.intentionId} is null) <> (${t.exemption} is null)`),
  ],
);

/** One plan line as stored: what, in which 品目, for how much, and how much of it reserved for SMEs. */
export interface PlanLineRow {
  itemName: string;
  categoryCode: string;
  budgetFen: number;
  /** 适宜由中小企业提供: counts toward the base of the reserved share. */
  smeSuitable: boolean;
  smeReservedFen: number;
  smallMicroReservedFen: number;
}

/**
 * 年度采购计划: a unit's plan for a fiscal year, submitted to and approved by the finance department,
 * which checks the year's reserved share for SMEs (财库〔2020〕46号).
 */
export const procurementPlans = jicai.table(
  'procurement_plans',
  {
    id: id(),
    unitOrgId: uuid('unit_org_id')
      .notNull()
      .references(() => organizations.id),
    fiscalYear: integer('fiscal_year').notNull(),
    status: planStatus('status').notNull().default('draft'),
    lines: jsonb('lines').$type<PlanLineRow[]>().notNull(),
    smeExemptReason: text('sme_exempt_reason'),
    submittedAt: utc('submitted_at'),
    decidedAt: utc('decided_at'),
    decidedByOrgId: uuid('decided_by_org_id').references(() => organizations.id),
    decisionNote: text('decision_note'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('procurement_plans_unit_year_key').on(t.unitOrgId, t.fiscalYear)],
);
