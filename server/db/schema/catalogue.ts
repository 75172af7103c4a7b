import { boolean, index, integer, jsonb, text } from 'drizzle-orm/pg-core';
import { createdAt, fen, jicai, updatedAt } from '../columns.ts';

export const greenPolicies = ['mandatory', 'priority', 'none'] as const;
export type GreenPolicy = (typeof greenPolicies)[number];
export const greenPolicy = jicai.enum('green_policy', greenPolicies);

/** 政府采购品目分类目录: A goods, B works, C services. */
export const categories = jicai.table(
  'categories',
  {
    code: text('code').primaryKey(),
    parentCode: text('parent_code'),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    level: integer('level').notNull(),
    /** 财库〔2019〕9号: ★ mandatory (only certified products), priority, or none. */
    greenPolicy: greenPolicy('green_policy').notNull().default('none'),
    requiresFramework: boolean('requires_framework').notNull().default(false),
    referencePriceFen: fen('reference_price_fen'),
    /** 配置标准 财资〔2016〕27号: price cap per unit and minimum years in use before replacement. */
    allocationCapFen: fen('allocation_cap_fen'),
    allocationMinYears: integer('allocation_min_years'),
    /** JSON description of the specs a standard product in this category must state. */
    specSchema: jsonb('spec_schema').$type<SpecField[]>().notNull().default([]),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('categories_parent_idx').on(t.parentCode)],
);

export interface SpecField {
  key: string;
  label: string;
  labelEn: string;
  type: 'text' | 'number' | 'enum';
  unit?: string;
  options?: string[];
  required: boolean;
}
