import { z } from 'zod';

/**
 * Export any paged list (`{ items, total, page, pageSize }`) the caller may read as CSV or XLSX: the
 * list's own route is called page by page with the caller's session, so its access rules hold.
 */
export const exportQuery = z.object({
  path: z
    .string()
    .max(2000)
    .regex(/^\/api\/(?!export)[A-Za-z0-9/_-]+(\?[^#]*)?$/, '应为本平台的列表接口路径，如 /api/orders?status=placed')
    .describe('The list route with its filters, e.g. /api/orders?status=placed'),
  format: z.enum(['csv', 'xlsx']).default('csv'),
  filename: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N}_.-]{1,80}$/u, '文件名只能包含文字、数字、下划线、点和短横线')
    .optional(),
});
