import { z } from 'zod';
import { isoDay } from './dates.ts';

/**
 * What the process lists (orders, quotations, tenders) share in their filters: a day range (Asia/Shanghai
 * calendar days, inclusive), an amount range in integer fen, a purchasing unit, a text search, and a sort
 * from the list's own allow-list (a field ascending, or `-field` descending; the server breaks ties by id).
 */

/** The largest amount a filter takes: 10^13 fen (one hundred billion yuan), far above any process. */
const MAX_FEN = 10_000_000_000_000;

/** An amount bound in integer fen, as a query parameter (text) or a number. */
const fenBound = (label: string) =>
  z.coerce
    .number({ error: `${label}须为整数（分）` })
    .int(`${label}以分为单位，须为整数`)
    .min(0, `${label}不能为负`)
    .max(MAX_FEN, `${label}过大`);

/** The filter fields every process list takes. */
export const commonListFilters = {
  q: z.string().trim().max(50, '搜索词不超过 50 个字').optional().describe('Number or title contains this text'),
  from: isoDay.optional().describe('Created on or after this day (Asia/Shanghai), YYYY-MM-DD'),
  to: isoDay.optional().describe('Created on or before this day (Asia/Shanghai), YYYY-MM-DD'),
  organizationId: z
    .uuid('应为采购单位编号')
    .optional()
    .describe('The purchasing unit; for oversight roles it narrows within their jurisdiction and never widens it'),
  minFen: fenBound('最低金额').optional().describe('Amount at least this many fen'),
  maxFen: fenBound('最高金额').optional().describe('Amount at most this many fen'),
};

/** The sort values of a list: each field ascending, or descending with a leading '-'. */
export function sortValues<const F extends string>(fields: readonly F[]): (F | `-${F}`)[] {
  return fields.flatMap((f) => [f, `-${f}` as const]);
}

/** The `sort` parameter of a list, from its allow-list. */
export const sortParam = <const F extends string>(fields: readonly F[]) =>
  z
    .enum(sortValues(fields) as [F | `-${F}`, ...(F | `-${F}`)[]], `排序只能是：${sortValues(fields).join('、')}`)
    .optional()
    .describe('A field ascending, or -field descending; ties are broken by id');

/** Splits a sort value into its field and direction. */
export function sortOf<F extends string>(sort: F | `-${F}` | undefined, fallback: F | `-${F}`): { field: F; desc: boolean } {
  const value: string = sort ?? fallback;
  return value.startsWith('-') ? { field: value.slice(1) as F, desc: true } : { field: value as F, desc: false };
}

/** The two ranges must not be upside down: `from` ≤ `to`, `minFen` ≤ `maxFen` (the later bound is named). */
export function checkRanges(
  q: { from?: string | undefined; to?: string | undefined; minFen?: number | undefined; maxFen?: number | undefined },
  ctx: z.RefinementCtx,
) {
  if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', message: '开始日期不能晚于结束日期', path: ['to'] });
  if (q.minFen !== undefined && q.maxFen !== undefined && q.minFen > q.maxFen)
    ctx.addIssue({ code: 'custom', message: '最低金额不能高于最高金额', path: ['maxFen'] });
}
