import { z } from 'zod';

export const expertStatusSchema = z.enum(['active', 'suspended', 'removed']);
const categoryCode = z.string().regex(/^[ABC]\d{0,8}$/, '品目代码格式不正确（如 A02010104）');

export const expertSchema = z.object({
  id: z.string(),
  userId: z.string().nullable(),
  name: z.string(),
  title: z.string(),
  employer: z.string(),
  employerUscc: z.string().nullable(),
  specialties: z.array(z.string()),
  regionCode: z.string(),
  status: expertStatusSchema,
  ratingCount: z.number().int(),
  averageRating: z.number().nullable(),
});

export const expertListQuery = z.object({
  status: expertStatusSchema.optional(),
  specialty: categoryCode.optional(),
  q: z.string().trim().max(50).optional(),
});

export const createExpertBody = z.object({
  name: z.string().trim().min(2).max(50),
  title: z.string().trim().min(2).max(50),
  employer: z.string().trim().min(2).max(100),
  employerUscc: z.string().trim().length(18, '统一社会信用代码应为 18 位').optional(),
  specialties: z.array(categoryCode).min(1, '至少填写一个专业（品目代码）').max(20),
  regionCode: z.string().regex(/^\d{6}$/, '行政区划代码应为 6 位数字'),
});

export const statusChangeBody = z.object({ status: expertStatusSchema, reason: z.string().trim().min(2, '请填写理由').max(1000) });

const score = z.number().int().min(1, '评分为 1–5').max(5, '评分为 1–5');
export const ratingBody = z.object({
  projectRef: z.string().trim().min(2, '请填写评审项目').max(200),
  punctuality: score,
  diligence: score,
  recusalHonesty: score,
  comment: z.string().trim().max(2000).default(''),
  violation: z.enum(['none', 'suspend', 'remove']).default('none'),
});

export const ratingSchema = z.object({
  id: z.string(),
  projectRef: z.string(),
  punctuality: z.number(),
  diligence: z.number(),
  recusalHonesty: z.number(),
  comment: z.string(),
  violation: z.enum(['none', 'suspend', 'remove']),
  createdAt: z.string(),
});

export const expertDetailSchema = expertSchema.extend({
  ratings: z.array(ratingSchema),
  statusHistory: z.array(z.object({ fromStatus: z.string(), toStatus: z.string(), reason: z.string(), createdAt: z.string() })),
});
