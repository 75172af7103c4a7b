import { boolean, index, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { clockNow, id, jicai, utc } from '../columns.ts';
import { experts } from './experts.ts';
import { users } from './identity.ts';
import { bids, tenderLots, tenders } from './tenders.ts';

/**
 * 资格性审查 (by the purchaser or the center) and 符合性审查 (by the committee) of each opened bid, after the
 * opening and before scoring (财政部令第87号第四十四条、第五十条). A failed bid is 无效投标: its status goes to
 * rejected with the stated reason, and it is neither scored nor ranked. `automatic`: applied by a rule at the
 * opening (a reserved lot's bid without the 中小企业声明函).
 */
export const bidReviews = jicai.table(
  'bid_reviews',
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
    stage: text('stage', { enum: ['qualification', 'compliance'] }).notNull(),
    passed: boolean('passed').notNull(),
    reason: text('reason'),
    automatic: boolean('automatic').notNull().default(false),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: utc('reviewed_at').notNull().default(clockNow),
  },
  (t) => [uniqueIndex('bid_reviews_stage_key').on(t.bidId, t.stage), index('bid_reviews_lot_idx').on(t.lotId)],
);

/**
 * 评标报告签署 (令87 第四十五条): each committee member signs a lot's report, agreeing or recording dissent with
 * reasons. The report is final once every seated member has signed; a recomputed report drops the signatures.
 */
export const reportSignatures = jicai.table(
  'report_signatures',
  {
    id: id(),
    tenderId: uuid('tender_id')
      .notNull()
      .references(() => tenders.id),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => tenderLots.id),
    expertId: uuid('expert_id')
      .notNull()
      .references(() => experts.id),
    agrees: boolean('agrees').notNull(),
    dissent: text('dissent'),
    signedAt: utc('signed_at').notNull().default(clockNow),
  },
  (t) => [uniqueIndex('report_signatures_key').on(t.lotId, t.expertId)],
);
