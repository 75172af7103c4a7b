import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { quotationStatuses } from '../../../contracts/enums/process.ts';
import { createdAt, fen, id, jicai, updatedAt, utc } from '../columns.ts';
import { budgetLines } from './budget.ts';
import { categories } from './catalogue.ts';
import { organizations, sizeClass, users } from './identity.ts';

export type QuotationStatus = (typeof quotationStatuses)[number];
export const quotationStatus = jicai.enum('quotation_status', quotationStatuses);

/**
 * 网上竞价: a unit's requirement that admitted suppliers quote on, sealed, until the deadline. Posting
 * it reserves the ceiling on the budget line; the closing job turns the reservation into the order.
 */
export const quotations = jicai.table(
  'quotations',
  {
    id: id(),
    quotationNo: text('quotation_no').notNull(),
    purchaserOrgId: uuid('purchaser_org_id')
      .notNull()
      .references(() => organizations.id),
    createdBy: uuid('created_by').references(() => users.id),
    title: text('title').notNull(),
    categoryCode: text('category_code')
      .notNull()
      .references(() => categories.code),
    /** Minimum specs, keyed by the category's spec schema: numbers are minimums, options must match. */
    specs: jsonb('specs').$type<Record<string, string | number>>().notNull(),
    requirements: text('requirements').notNull(),
    quantity: integer('quantity').notNull(),
    /** 最高限价 for the whole requirement (unit price × quantity). */
    ceilingFen: fen('ceiling_fen').notNull(),
    deliveryDays: integer('delivery_days').notNull(),
    deliveryAddress: text('delivery_address').notNull(),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    budgetLineId: uuid('budget_line_id')
      .notNull()
      .references(() => budgetLines.id),
    /** 专门面向中小企业: only SMEs may quote, and no price deduction applies. */
    reservedForSme: boolean('reserved_for_sme').notNull(),
    /** The small/micro price deduction stated in the notice, as an exact decimal ('0.10'). */
    smeDeductionRate: text('sme_deduction_rate').notNull(),
    minQuotes: integer('min_quotes').notNull(),
    /** 二次竞价: the framework call whose admitted suppliers alone may quote (frameworks module). */
    frameworkCallId: uuid('framework_call_id'),
    deadline: utc('deadline').notNull(),
    status: quotationStatus('status').notNull().default('open'),
    /** The X25519 public key quotes are sealed to; its private key only wrapped, see platform/seal.ts. */
    sealPublicKey: text('seal_public_key').notNull(),
    sealPrivateKeyWrapped: text('seal_private_key_wrapped').notNull(),
    closedAt: utc('closed_at'),
    resultNote: text('result_note'),
    awardedQuoteId: uuid('awarded_quote_id'),
    orderId: uuid('order_id'),
    cancelReason: text('cancel_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('quotations_no_key').on(t.quotationNo),
    index('quotations_purchaser_idx').on(t.purchaserOrgId, t.createdAt),
    index('quotations_status_idx').on(t.status, t.deadline),
    check('quotations_quantity_positive', sql`${t.quantity} > 0 and ${t.ceilingFen} > 0 and ${t.deliveryDays} > 0`),
  ],
);

/**
 * A supplier's quote: sealed until the deadline (only the receipt — time and a commitment that reveals nothing — is readable);
 * the closing job writes the opened figures and the evaluation next to it.
 */
export const quotationQuotes = jicai.table(
  'quotation_quotes',
  {
    id: id(),
    quotationId: uuid('quotation_id')
      .notNull()
      .references(() => quotations.id),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => organizations.id),
    submittedBy: uuid('submitted_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    submittedAt: utc('submitted_at').notNull(),
    /**
     * The receipt: HMAC-SHA256 commitment under the supplier's 回执密钥 (see platform/receipts.ts), which reveals
     * nothing of the quote; rows sealed before it hold the unsalted SHA-256 (the sealed payload says which).
     */
    commitment: text('sha256').notNull(),
    /** The sealed envelope, padded to a size bucket so its length reveals nothing. */
    sealed: text('sealed'),
    withdrawnAt: utc('withdrawn_at'),
    /** Where it came from (client address and device id header), for the collusion risk rules. */
    submittedIp: text('submitted_ip'),
    deviceId: text('device_id'),
    // Opened at the deadline by the closing job:
    unitPriceFen: fen('unit_price_fen'),
    totalFen: fen('total_fen'),
    brand: text('brand'),
    model: text('model'),
    offeredSpecs: jsonb('offered_specs').$type<Record<string, string | number>>(),
    deliveryDays: integer('delivery_days'),
    sizeClass: sizeClass('size_class'),
    smeDeclared: boolean('sme_declared'),
    /** The 中小企业声明函 sealed with the quote, opened at the close. */
    smeStatement: text('sme_statement'),
    certificates: jsonb('certificates').$type<{ kind: string; number: string; issuer: string; validUntil: string }[]>(),
    deductionRate: text('deduction_rate'),
    evaluationFen: fen('evaluation_fen'),
    compliant: boolean('compliant'),
    issues: text('issues').array(),
    rank: integer('rank'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('quotation_quotes_supplier_key').on(t.quotationId, t.supplierId),
    index('quotation_quotes_supplier_idx').on(t.supplierId),
  ],
);

export { quotationStatuses };
