import { boolean, date, index, jsonb, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, jicai } from '../columns.ts';

/**
 * Rule values from policy texts (bands, rates, windows) are data with an effective period and a source,
 * never literals in code: DOMAIN.md marks several as recalled, not read, and regions differ.
 * region_code '' is the national default; a region's own row wins over it.
 */
export const policyValues = jicai.table(
  'policy_values',
  {
    id: id(),
    key: text('key').notNull(),
    regionCode: text('region_code').notNull().default(''),
    value: jsonb('value').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    effectiveTo: date('effective_to', { mode: 'string' }),
    basis: text('basis').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('policy_values_key_region_from').on(t.key, t.regionCode, t.effectiveFrom), index('policy_values_key_idx').on(t.key)],
);

/** Working-day calendar: weekends are off unless listed as workdays (调休); listed holidays are off. */
export const calendarDays = jicai.table('calendar_days', {
  day: date('day', { mode: 'string' }).primaryKey(),
  isWorkday: boolean('is_workday').notNull(),
  name: text('name').notNull(),
});
