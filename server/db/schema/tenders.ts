import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { experts } from './experts.ts';
import {
  affiliationKinds,
  affiliationStatuses,
  bidStatuses,
  evaluationMethods,
  tenderKinds,
  tenderStatuses,
} from '../../../contracts/enums/tender.ts';
import { clockNow, createdAt, fen, id, jicai, updatedAt, utc } from '../columns.ts';
import { organizations, sizeClass, users } from './identity.ts';

/**
 * 采购方式: each method is a row of configuration, not a branch in code. The tender module reads the
 * minimum bidders, notice and document periods, clarification cut-off and whether bidders are invited.
 */
export const procurementMethods = jicai.table('procurement_methods', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  minBidders: integer('min_bidders').notNull(),
  /** Calendar days from the announcement to the bid deadline. */
  minNoticeDays: integer('min_notice_days').notNull(),
  /** Working days the documents must be available. */
  documentsMinWorkdays: integer('documents_min_workdays').notNull(),
  /** An amendment that changes the documents must come this many days before the deadline, or the deadline moves. */
  clarificationMinDays: integer('clarification_min_days').notNull(),
  invitationOnly: boolean('invitation_only').notNull(),
  evaluationMethods: text('evaluation_methods').array().notNull(),
  basis: text('basis').notNull(),
});

export type TenderStatus = (typeof tenderStatuses)[number];
export const tenderStatus = jicai.enum('tender_status', tenderStatuses);

/** 招标项目: run by a center for a purchasing unit. Bids are sealed to its key until the deadline. */
export const tenders = jicai.table(
  'tenders',
  {
    id: id(),
    tenderNo: text('tender_no').notNull(),
    title: text('title').notNull(),
    methodCode: text('method_code')
      .notNull()
      .references(() => procurementMethods.code),
    purchaserOrgId: uuid('purchaser_org_id')
      .notNull()
      .references(() => organizations.id),
    centerOrgId: uuid('center_org_id')
      .notNull()
      .references(() => organizations.id),
    /** goods / services / works: which SME and price-weight rules apply. */
    kind: text('kind', { enum: tenderKinds }).notNull(),
    description: text('description').notNull(),
    /** 招标文件 as the text bidders answer; its version goes up with each amendment that changes it. */
    documents: text('documents').notNull(),
    documentsVersion: integer('documents_version').notNull().default(1),
    greenPreference: text('green_preference').notNull().default(''),
    /** 品目 code of what is bought: the experts' specialty for the draw. */
    categoryCode: text('category_code').notNull().default('A'),
    status: tenderStatus('status').notNull().default('draft'),
    publishedAt: utc('published_at'),
    deadline: utc('deadline').notNull(),
    /** Invited suppliers (邀请招标 and the like); empty for open methods. */
    invitedSupplierIds: uuid('invited_supplier_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    sealPublicKey: text('seal_public_key').notNull(),
    sealPrivateKeyWrapped: text('seal_private_key_wrapped').notNull(),
    openedAt: utc('opened_at'),
    /** 中标公告 and the end of the challenge window (7 working days by the holiday calendar). */
    awardNoticeAt: utc('award_notice_at'),
    challengeUntil: utc('challenge_until'),
    /** 招标文件提供期限: the documents are available from the announcement until then (≥ 5 working days, 令87 第十八条). */
    documentsUntil: utc('documents_until'),
    /** 暂停采购活动 (政府采购法 第五十七条): set while an accepted complaint is handled; award and contract steps are refused. */
    suspendedAt: utc('suspended_at'),
    /** 开标一览表: bidders, prices, size class and deduction, published by the opening job. */
    openingRecord: jsonb('opening_record').$type<unknown[]>(),
    resultNote: text('result_note'),
    cancelReason: text('cancel_reason'),
    /** Why the last requested expert draw drew nobody (the pool shrank below the committee size); cleared by the next request. */
    expertDrawFailure: text('expert_draw_failure'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('tenders_no_key').on(t.tenderNo),
    index('tenders_status_idx').on(t.status, t.deadline),
    index('tenders_purchaser_idx').on(t.purchaserOrgId),
    // The lists' default order: newest first.
    index('tenders_created_idx').on(t.createdAt),
  ],
);

/** 包: a lot with its own budget, evaluation method and SME reservation. */
export const tenderLots = jicai.table(
  'tender_lots',
  {
    id: id(),
    tenderId: uuid('tender_id')
      .notNull()
      .references(() => tenders.id),
    lotNo: integer('lot_no').notNull(),
    name: text('name').notNull(),
    /** 品目 of the lot; null: the tender's. Drives the experts' specialties and the OCDS classification. */
    categoryCode: text('category_code'),
    budgetFen: fen('budget_fen').notNull(),
    items: jsonb('items').$type<{ name: string; quantity: number; unit: string; specs: string }[]>().notNull(),
    evaluationMethod: text('evaluation_method', { enum: evaluationMethods }).notNull(),
    /** 综合评分法: price weight (exact decimal) and the other criteria with their weights. */
    priceWeight: text('price_weight'),
    criteria: jsonb('criteria').$type<{ key: string; name: string; weight: string }[]>().notNull().default([]),
    /** 专门面向中小企业 (whole lot reserved): no deduction; otherwise small/micro bids get `smeDeductionRate`. */
    smeReserved: boolean('sme_reserved').notNull(),
    /** Of a reserved lot: only small and micro enterprises may bid (the ≥ 60% part of a reserved share, 财库〔2020〕46号). */
    smallMicroOnly: boolean('small_micro_only').notNull().default(false),
    smeDeductionRate: text('sme_deduction_rate').notNull(),
    bidBondFen: fen('bid_bond_fen').notNull().default(0),
    /**
     * 优先采购 of certified energy-saving / environmental-label products (财库〔2019〕9号): a bid declaring a
     * valid certificate gets these extra points (综合评分法) or this price deduction (最低评标价法), for
     * evaluation only. Exact decimals; null when the lot has no green preference.
     */
    greenBonusPoints: text('green_bonus_points'),
    greenDeductionRate: text('green_deduction_rate'),
    /** 接受联合体或分包 (财库〔2020〕46号第九条): the deduction for a small/micro consortium or subcontract share; null: not accepted. */
    consortiumDeductionRate: text('consortium_deduction_rate'),
    status: text('status', { enum: ['open', 'opened', 'failed', 'awarded'] })
      .notNull()
      .default('open'),
    /** When the lot failed (废标): at the opening, at a review that left too few valid bids, or at the final offers. */
    failedAt: utc('failed_at'),
  },
  (t) => [uniqueIndex('tender_lots_no_key').on(t.tenderId, t.lotNo), check('tender_lots_budget', sql`${t.budgetFen} > 0`)],
);

/** Questions, answers and amendments (澄清、修改); one that changes the documents invalidates bids in. */
export const tenderClarifications = jicai.table(
  'tender_clarifications',
  {
    id: id(),
    tenderId: uuid('tender_id')
      .notNull()
      .references(() => tenders.id),
    askedByOrgId: uuid('asked_by_org_id').references(() => organizations.id),
    question: text('question'),
    answer: text('answer'),
    changesDocuments: boolean('changes_documents').notNull().default(false),
    deadlineMovedTo: utc('deadline_moved_to'),
    invalidatedBids: integer('invalidated_bids').notNull().default(0),
    createdAt: createdAt(),
    answeredAt: utc('answered_at'),
  },
  (t) => [index('tender_clarifications_tender_idx').on(t.tenderId, t.createdAt)],
);

/**
 * A sealed bid for one lot: until the opening only the receipt (time, commitment, documents version) is
 * readable; the opening job writes the price and declaration next to it.
 */
export const bids = jicai.table(
  'bids',
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
    documentsVersion: integer('documents_version').notNull(),
    submittedAt: utc('submitted_at').notNull(),
    /**
     * The receipt: HMAC-SHA256 commitment under the bidder's 回执密钥 (see platform/receipts.ts), which reveals
     * nothing of the bid; rows sealed before it hold the unsalted SHA-256 (the sealed payload says which).
     */
    commitment: text('sha256').notNull(),
    /** The sealed envelope, padded to a size bucket so its length reveals nothing. */
    sealed: text('sealed'),
    status: text('status', { enum: bidStatuses }).notNull().default('submitted'),
    statusNote: text('status_note'),
    // Opened at the deadline:
    priceFen: fen('price_fen'),
    brand: text('brand'),
    sizeClass: sizeClass('size_class'),
    smeDeclared: boolean('sme_declared'),
    technicalResponse: text('technical_response'),
    deductionRate: text('deduction_rate'),
    evaluationPriceFen: fen('evaluation_price_fen'),
    /** The certificate the bid declared (opened with it): kind, number, issuer, valid until. */
    greenCertificate: jsonb('green_certificate').$type<{ kind: string; number: string; issuer: string; validUntil: string }>(),
    openedAt: utc('opened_at'),
    /** Where it came from (client address and device id header), for the collusion risk rules. */
    submittedIp: text('submitted_ip'),
    deviceId: text('device_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('bids_supplier_lot_key').on(t.lotId, t.supplierId),
    index('bids_tender_idx').on(t.tenderId, t.status),
    index('bids_supplier_idx').on(t.supplierId),
  ],
);

export { bidStatuses, tenderStatuses };

export { affiliationKinds, affiliationStatuses };

/**
 * What an expert must declare for recusal (回避): employment, directorship, supervision or control of
 * an organization (with dates: the last three years count), and close relatives who are some
 * organization's legal representative (by name).
 */
export const expertAffiliations = jicai.table(
  'expert_affiliations',
  {
    id: id(),
    expertId: uuid('expert_id')
      .notNull()
      .references(() => experts.id),
    kind: text('kind', { enum: affiliationKinds }).notNull(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    /** The organization as declared (name and USCC), matched against bidders even if it registers later. */
    organizationName: text('organization_name'),
    organizationUscc: text('organization_uscc'),
    /** For relative_of_legal_rep: the relative's name, matched against bidders' legal representatives. */
    personName: text('person_name'),
    fromDate: date('from_date', { mode: 'string' }),
    toDate: date('to_date', { mode: 'string' }),
    /** declared by the expert → accepted or rejected by center staff; a rejected one no longer recuses. */
    status: text('status', { enum: affiliationStatuses }).notNull().default('declared'),
    reviewNote: text('review_note'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: utc('reviewed_at'),
    createdAt: createdAt(),
  },
  (t) => [index('expert_affiliations_expert_idx').on(t.expertId), index('expert_affiliations_org_idx').on(t.organizationId)],
);

/**
 * 评标委员会: the drawn experts of a tender. The draw records its seed and the ordered candidate list,
 * so anyone can recompute it; a declined expert is replaced by the next candidate in that order.
 */
export const tenderExperts = jicai.table(
  'tender_experts',
  {
    id: id(),
    tenderId: uuid('tender_id')
      .notNull()
      .references(() => tenders.id),
    expertId: uuid('expert_id')
      .notNull()
      .references(() => experts.id),
    /** Position in the seeded order of the eligible candidates. */
    drawPosition: integer('draw_position').notNull(),
    status: text('status', { enum: ['drawn', 'confirmed', 'declined'] })
      .notNull()
      .default('drawn'),
    declinedReason: text('declined_reason'),
    declaredAt: utc('declared_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tender_experts_key').on(t.tenderId, t.expertId)],
);

export const expertDraws = jicai.table('expert_draws', {
  tenderId: uuid('tender_id')
    .primaryKey()
    .references(() => tenders.id),
  seed: text('seed').notNull(),
  committeeSize: integer('committee_size').notNull(),
  specialty: text('specialty').notNull(),
  /** The eligible candidates in seeded order (ids), and those left out with why. */
  candidates: uuid('candidates').array().notNull(),
  excluded: jsonb('excluded').$type<{ expertId: string; reason: string }[]>().notNull(),
  drawnBy: uuid('drawn_by').references(() => users.id),
  drawnAt: utc('drawn_at').notNull().default(clockNow),
});

/** One expert's points for one bid, per criterion (综合评分法). */
export const tenderScores = jicai.table(
  'tender_scores',
  {
    id: id(),
    tenderId: uuid('tender_id')
      .notNull()
      .references(() => tenders.id),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => tenderLots.id),
    bidId: uuid('bid_id')
      .notNull()
      .references(() => bids.id),
    expertId: uuid('expert_id')
      .notNull()
      .references(() => experts.id),
    /** criterion key → points (exact decimal text, at most the criterion's weight × 100). */
    points: jsonb('points').$type<Record<string, string>>().notNull(),
    /** criterion key → the expert's reason for the points (评分理由). */
    reasons: jsonb('reasons').$type<Record<string, string>>().notNull().default({}),
    submittedAt: utc('submitted_at').notNull().default(clockNow),
  },
  (t) => [uniqueIndex('tender_scores_key').on(t.bidId, t.expertId), index('tender_scores_lot_idx').on(t.lotId)],
);

/**
 * 评标报告 per lot: every figure of the ranking as computed (evaluation prices, price scores, the
 * experts' averages, totals, the rank and the tie-break used), and the award once the unit confirms.
 */
export const lotEvaluations = jicai.table('lot_evaluations', {
  lotId: uuid('lot_id')
    .primaryKey()
    .references(() => tenderLots.id),
  tenderId: uuid('tender_id')
    .notNull()
    .references(() => tenders.id),
  report: jsonb('report').$type<unknown>().notNull(),
  computedAt: utc('computed_at').notNull().default(clockNow),
  recommendedBidId: uuid('recommended_bid_id').references(() => bids.id),
  awardedBidId: uuid('awarded_bid_id').references(() => bids.id),
  awardedAt: utc('awarded_at'),
  confirmedBy: uuid('confirmed_by').references(() => users.id),
  contractPriceFen: fen('contract_price_fen'),
});

/** 质疑: a bidder's challenge within the window after the award notice, and the center's reply within its own. */
export const tenderChallenges = jicai.table(
  'tender_challenges',
  {
    id: id(),
    tenderId: uuid('tender_id')
      .notNull()
      .references(() => tenders.id),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => organizations.id),
    lodgedBy: uuid('lodged_by').references(() => users.id),
    grounds: text('grounds').notNull(),
    lodgedAt: utc('lodged_at').notNull().default(clockNow),
    replyDue: utc('reply_due').notNull(),
    reply: text('reply'),
    upheld: boolean('upheld'),
    repliedAt: utc('replied_at'),
  },
  (t) => [index('tender_challenges_tender_idx').on(t.tenderId)],
);

/** 合同: one per awarded lot, at the awarded bid's price. */
export const tenderContracts = jicai.table(
  'tender_contracts',
  {
    id: id(),
    contractNo: text('contract_no').notNull(),
    tenderId: uuid('tender_id')
      .notNull()
      .references(() => tenders.id),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => tenderLots.id),
    bidId: uuid('bid_id')
      .notNull()
      .references(() => bids.id),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => organizations.id),
    priceFen: fen('price_fen').notNull(),
    signedOn: date('signed_on', { mode: 'string' }).notNull(),
    /** Why the contract amount differs from the awarded bid price (null: it equals it). */
    amountReason: text('amount_reason'),
    /** The signed contract (PDF), stored in area `tender-contracts`; readable by the parties and the center, by anyone once published. */
    documentSha256: text('document_sha256'),
    documentFilename: text('document_filename'),
    documentSizeBytes: integer('document_size_bytes'),
    /** 合同公告: published with its document (政府采购法实施条例第五十条). */
    publishedAt: utc('published_at'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tender_contracts_lot_key').on(t.lotId), uniqueIndex('tender_contracts_no_key').on(t.contractNo)],
);
