import { index, integer, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, jicai, updatedAt } from '../columns.ts';
import { regions, users } from './identity.ts';

export const expertStatuses = ['active', 'suspended', 'removed'] as const;
export const expertStatus = jicai.enum('expert_status', expertStatuses);

/** 评审专家库 (财库〔2016〕198号). Specialties are 品目 category codes. */
export const experts = jicai.table(
  'experts',
  {
    id: id(),
    /** 专家编号: numbered in the order experts join the pool; the draw orders its candidates by it. */
    poolNo: integer('pool_no').generatedAlwaysAsIdentity().notNull(),
    userId: uuid('user_id').references(() => users.id),
    name: text('name').notNull(),
    title: text('title').notNull(),
    employer: text('employer').notNull(),
    /** USCC of the employer, for recusal against bidders. */
    employerUscc: text('employer_uscc'),
    specialties: text('specialties').array().notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    status: expertStatus('status').notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('experts_user_key').on(t.userId),
    uniqueIndex('experts_pool_no_key').on(t.poolNo),
    index('experts_status_idx').on(t.status),
  ],
);
