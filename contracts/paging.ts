import { z } from 'zod';

/** The one way to page a list: ?page=1&pageSize=20, answered as { items, total, page, pageSize }. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type PageQuery = z.infer<typeof pageQuery>;

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const offsetOf = (q: PageQuery) => (q.page - 1) * q.pageSize;
