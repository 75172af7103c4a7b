import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, fen, id, jicai, updatedAt, utc } from '../columns.ts';
import { budgetLines } from './budget.ts';
import { categories } from './catalogue.ts';
import { organizations, users } from './identity.ts';

export const frameworkMethods = ['price_first', 'quality_first'] as const;
export const frameworkEntries = ['closed', 'open'] as const;
export const frameworkCallStatuses = ['open', 'closed', 'admitted', 'cancelled'] as const;
export type FrameworkCallStatus = (typeof frameworkCallStatuses)[number];

/**
 * 框架协议采购的征集公告 (财政部令第110号): the collecting body (征集人, the center) calls for suppliers of
 * a category, with the admission method, the capped unit price, the agreement's term and whether it is
 * open or closed. Responses are sealed to the call's key until the deadline; the panel's evaluation
 * admits suppliers, each admitted one gets a framework agreement (catalogue's framework_agreements).
 * `rotationNext` is the 顺序轮候 pointer: the admission position whose turn comes next.
 */
export const frameworkCalls = jicai.table(
  'framework_calls',
  {
    id: id(),
    callNo: text('call_no').notNull(),
    centerOrgId: uuid('center_org_id')
      .notNull()
      .references(() => organizations.id),
    createdBy: uuid('created_by').references(() => users.id),
    title: text('title').notNull(),
    categoryCode: text('category_code')
      .notNull()
      .references(() => categories.code),
    requirements: text('requirements').notNull(),
    method: text('method', { enum: frameworkMethods }).notNull(),
    entry: text('entry', { enum: frameworkEntries }).notNull(),
    /** 最高限制单价 (fen per unit). */
    capUnitPriceFen: fen('cap_unit_price_fen').notNull(),
    /** Closed calls: how many suppliers at most are admitted. */
    maxAdmitted: integer('max_admitted'),
    /** For 顺序轮候: how many call-offs one supplier may hold unfinished at once (null: no limit). */
    rotationCapacity: integer('rotation_capacity'),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    deadline: utc('deadline').notNull(),
    status: text('status', { enum: frameworkCallStatuses }).notNull().default('open'),
    sealPublicKey: text('seal_public_key').notNull(),
    sealPrivateKeyWrapped: text('seal_private_key_wrapped').notNull(),
    closedAt: utc('closed_at'),
    /** The evaluation panel as recorded (names and roles). */
    panel: jsonb('panel').$type<{ name: string; role: string }[]>(),
    evaluatedBy: uuid('evaluated_by').references(() => users.id),
    admittedAt: utc('admitted_at'),
    rotationNext: integer('rotation_next').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('framework_calls_no_key').on(t.callNo),
    index('framework_calls_center_idx').on(t.centerOrgId, t.createdAt),
    check('framework_calls_cap_positive', sql`${t.capUnitPriceFen} > 0`),
  ],
);

/**
 * A supplier's response to a call (sealed until the deadline) or, on an open agreement, its request to
 * join during the term (kind 'join', readable to the center at once). Once admitted it holds the
 * supplier's rotation position, agreement and any suspension.
 */
export const frameworkResponses = jicai.table(
  'framework_responses',
  {
    id: id(),
    callId: uuid('call_id')
      .notNull()
      .references(() => frameworkCalls.id),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => organizations.id),
    kind: text('kind', { enum: ['response', 'join'] }).notNull(),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: utc('submitted_at').notNull(),
    /** SHA-256 of what was sealed: the receipt. */
    digest: text('digest').notNull(),
    sealed: text('sealed'),
    // Opened at the deadline (a join request is stored open):
    unitPriceFen: fen('unit_price_fen'),
    qualityScore: integer('quality_score'),
    compliant: boolean('compliant'),
    issues: text('issues').array(),
    rank: integer('rank'),
    admitted: boolean('admitted'),
    decisionReason: text('decision_reason'),
    position: integer('position'),
    agreementId: uuid('agreement_id'),
    suspendedReason: text('suspended_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('framework_responses_supplier_key').on(t.callId, t.supplierId),
    uniqueIndex('framework_responses_position_key').on(t.callId, t.position),
  ],
);

/**
 * 顺序轮候: a unit's call-off under an agreement given to the supplier whose turn it is; suppliers passed
 * over are listed with the reason (excluded, suspended, at capacity).
 */
export const frameworkRotationOrders = jicai.table(
  'framework_rotation_orders',
  {
    id: id(),
    orderNo: text('order_no').notNull(),
    callId: uuid('call_id')
      .notNull()
      .references(() => frameworkCalls.id),
    purchaserOrgId: uuid('purchaser_org_id')
      .notNull()
      .references(() => organizations.id),
    placedBy: uuid('placed_by').references(() => users.id),
    title: text('title').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceFen: fen('unit_price_fen').notNull(),
    totalFen: fen('total_fen').notNull(),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => organizations.id),
    agreementId: uuid('agreement_id').notNull(),
    /** The unit's budget line the call-off's total is held on (reserved when placed, spent when completed). */
    budgetLineId: uuid('budget_line_id').references(() => budgetLines.id),
    position: integer('position').notNull(),
    skipped: jsonb('skipped').$type<{ supplierId: string; position: number; reason: string }[]>().notNull(),
    status: text('status', { enum: ['assigned', 'completed'] })
      .notNull()
      .default('assigned'),
    completedAt: utc('completed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('framework_rotation_orders_no_key').on(t.orderNo),
    index('framework_rotation_orders_call_idx').on(t.callId, t.supplierId),
    check('framework_rotation_orders_positive', sql`${t.quantity} > 0 and ${t.totalFen} > 0`),
  ],
);
