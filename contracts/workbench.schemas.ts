import { z } from 'zod';
import { roles } from './enums/identity.ts';

/**
 * 待办 of a role home (GET /api/workbench/todos): what waits for the signed-in user, by deadline. Each kind is
 * one step of a state machine someone of that role must take (confirm an order, answer a challenge…); the
 * storefront names the kind, the title is the record's own (an order number, a tender's title).
 */
export const todoKindsByRole = {
  purchaser: ['order_to_accept', 'order_to_settle', 'tender_award_to_confirm', 'tender_contract_to_sign', 'tender_contract_to_publish'],
  approver: ['order_to_approve'],
  supplier: [
    'order_to_confirm',
    'order_to_ship',
    'order_to_deliver',
    'quotation_to_quote',
    'tender_bid_closing',
    'tender_bid_to_resubmit',
    'auction_deposit_to_pay',
    'auction_leading',
    'auction_to_pay',
  ],
  center_staff: [
    'tender_draft',
    'tender_questions',
    'tender_committee_to_draw',
    'tender_evaluation',
    'tender_challenge_to_answer',
    'listings_to_review',
    'reallocations_to_decide',
    'auction_deposits_to_record',
    'expert_affiliations_to_review',
  ],
  expert: ['expert_seat_to_declare', 'expert_scores_to_submit', 'expert_report_to_sign'],
  regulator: [
    'risk_alert',
    'complaint_to_accept',
    'complaint_to_decide',
    'credit_appeal_to_decide',
    'credit_events_to_confirm',
    'plan_to_approve',
  ],
  admin: [],
} as const satisfies Record<(typeof roles)[number], readonly string[]>;

export const todoKinds = Object.values(todoKindsByRole).flat() as TodoKind[];
export type TodoKind = (typeof todoKindsByRole)[keyof typeof todoKindsByRole][number];

/** Dates a purchaser waits for rather than acts on (its own processes' milestones), for 临近截止. */
export const milestoneKinds = ['quotation_closes', 'tender_bids_close', 'challenge_window_ends'] as const;
export type MilestoneKind = (typeof milestoneKinds)[number];

/** What a to-do is about: its record, or (grouped) the kind of record it counts. */
export const todoEntityTypes = [
  'order',
  'quotation',
  'tender',
  'tender_lot',
  'tender_challenge',
  'tender_complaint',
  'tender_seat',
  'auction_lot',
  'listing',
  'reallocation_request',
  'expert_affiliation',
  'risk_alert',
  'credit_appeal',
  'credit_event',
  'procurement_plan',
] as const;
export type TodoEntityType = (typeof todoEntityTypes)[number];

const item = {
  title: z.string().describe("The record's own name: an order number, a tender's title (empty for a group)"),
  party: z.string().nullable().describe('The other organization concerned: the buyer, the supplier, the unit'),
  entityType: z.enum(todoEntityTypes),
  entityId: z.string().nullable().describe('The record; null for a group of records (see count)'),
  link: z.string().describe('Where to act, a storefront path'),
  due: z.string().nullable().describe('By when (ISO 8601, UTC); null: no deadline'),
  amountFen: z.number().int().nullable().describe('The money at stake, in fen, where there is one'),
  count: z.number().int().nullable().describe('How many records the item groups (null: one record)'),
  since: z.string().nullable().describe('Since when it waits (ISO 8601, UTC)'),
};

export const todoSchema = z.object({
  kind: z.enum(todoKinds as [TodoKind, ...TodoKind[]]),
  role: z.enum(roles).describe('The role it waits on'),
  ...item,
});
export type Todo = z.infer<typeof todoSchema>;

export const milestoneSchema = z.object({ kind: z.enum(milestoneKinds), ...item });
export type Milestone = z.infer<typeof milestoneSchema>;

export const todosQuery = z.object({
  role: z.enum(roles).optional().describe("Only this role's to-dos (one the caller holds); default: every role it holds"),
});

export const todosSchema = z.object({
  /** The platform clock's time of the answer: "x 天后 / 已逾期" are counted from it, not from the browser's clock. */
  asOf: z.string(),
  items: z.array(todoSchema).describe('Soonest due first, those without a deadline last'),
  /** Every to-do, including those past the list's limit (a group counts once). */
  total: z.number().int(),
  /** The purchaser's own processes' next dates (quotations closing, bids closing, challenge windows ending). */
  upcoming: z.array(milestoneSchema),
});
export type Todos = z.infer<typeof todosSchema>;
