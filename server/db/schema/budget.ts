import { sql } from 'drizzle-orm';
import { check, index, integer, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, fen, id, jicai, updatedAt } from '../columns.ts';
import { organizations } from './identity.ts';

/**
 * 预算指标: a unit's spending authority per year and fund source. Orders reserve against it and
 * acceptance spends it; the check constraint makes overspending impossible whatever the caller does.
 */
export const budgetLines = jicai.table(
  'budget_lines',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    fiscalYear: integer('fiscal_year').notNull(),
    /** 一般公共预算 / 政府性基金预算 / 财政专户 / 单位自有资金 ... */
    fundSource: text('fund_source').notNull(),
    amountFen: fen('amount_fen').notNull(),
    reservedFen: fen('reserved_fen').notNull().default(0),
    spentFen: fen('spent_fen').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('budget_lines_org_code_key').on(t.organizationId, t.fiscalYear, t.code),
    index('budget_lines_org_idx').on(t.organizationId),
    check(
      'budget_lines_within_amount',
      sql`${t.reservedFen} >= 0 and ${t.spentFen} >= 0 and ${t.reservedFen} + ${t.spentFen} <= ${t.amountFen}`,
    ),
  ],
);
