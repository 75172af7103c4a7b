import { z } from 'zod';

/** A calendar day as YYYY-MM-DD that exists (no 2026-13-01 or 2026-02-30). Zod only: the storefront imports it. */
export const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '日期不存在');
