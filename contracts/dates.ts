import { z } from 'zod';

/**
 * A calendar day as YYYY-MM-DD that exists (no 2026-13-01 or 2026-02-30) and that a record can hold:
 * years 1900–2999 (PostgreSQL has no year 0; no procurement, asset or certificate is older or later).
 * `format` is the message for a malformed value. Zod only: the storefront imports it.
 */
export const dayField = (format = '日期格式应为 YYYY-MM-DD') =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, format)
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '日期不存在')
    .refine((d) => d >= '1900-01-01' && d <= '2999-12-31', '日期须在 1900 年至 2999 年之间');

export const isoDay = dayField();
