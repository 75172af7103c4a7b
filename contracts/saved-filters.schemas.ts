import { z } from 'zod';
import { checkRanges } from './list-filters.ts';
import { orderListFilters } from './orders.schemas.ts';
import { quotationListFilters } from './quotations.schemas.ts';
import { tenderListFilters } from './tenders.schemas.ts';
import { savedFilterLists, type SavedFilterList } from './enums/saved-filters.ts';

export { savedFilterLists, type SavedFilterList };

/**
 * 常用筛选 (saved filters): a user names a list's current filter and picks it again later, from any device.
 * Each belongs to its user alone; a list keeps at most MAX_SAVED_FILTERS of them per user.
 */
export const MAX_SAVED_FILTERS = 20;

/** Each list's own filters, strict: a saved query holds only what that list filters and sorts by (no paging). */
export const savedFilterQueries = {
  orders: orderListFilters.strict().superRefine(checkRanges),
  quotations: quotationListFilters.strict().superRefine(checkRanges),
  tenders: tenderListFilters.strict().superRefine(checkRanges),
} as const satisfies Record<SavedFilterList, z.ZodType>;

const listKey = z.enum(savedFilterLists, '没有这种列表');

export const savedFilterListQuery = z.object({ list: listKey.describe('Which list: orders, quotations or tenders') });

/** A filter's values: text as in the list's URL, or numbers (the amounts). */
export const savedFilterQuery = z.record(z.string().max(40), z.union([z.string().max(100), z.number()]));

export const savedFilterBody = z
  .object({
    list: listKey,
    name: z.string().trim().min(1, '请填写名称').max(40, '名称不超过 40 个字'),
    query: savedFilterQuery.describe("The list's filters as its query parameters take them (checked against that list's filters)"),
  })
  .superRefine((body, ctx) => {
    const schema = (savedFilterQueries as Record<string, z.ZodType | undefined>)[body.list];
    if (!schema || !body.query) return;
    const parsed = schema.safeParse(body.query);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys')
        for (const key of issue.keys) ctx.addIssue({ code: 'custom', message: '这个列表没有这项筛选', path: ['query', key] });
      else ctx.addIssue({ code: 'custom', message: issue.message, path: ['query', ...issue.path] });
    }
  });
export type SavedFilterBody = z.infer<typeof savedFilterBody>;

export const savedFilterSchema = z.object({
  id: z.string(),
  list: listKey,
  name: z.string(),
  query: savedFilterQuery,
  createdAt: z.string(),
});
export type SavedFilterDto = z.infer<typeof savedFilterSchema>;

export const savedFilterListSchema = z.object({ items: z.array(savedFilterSchema) });
