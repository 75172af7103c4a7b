import { z } from 'zod';
import { dayField } from './dates.ts';
import { affiliationKinds, affiliationStatuses } from './enums/tender.ts';

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
  manageable: z
    .boolean()
    .describe("Whether the caller may change the expert (status, account, affiliations): its pool is the caller's area or below"),
  ratings: z.array(ratingSchema),
  statusHistory: z.array(z.object({ fromStatus: z.string(), toStatus: z.string(), reason: z.string(), createdAt: z.string() })),
});

/** A pool expert's login: granted by center staff (the password shown once), revoked by disabling it. */
export const grantAccountBody = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_.-]{2,39}$/, '用户名 3–40 位，字母开头，只含字母、数字、点、下划线和连字符'),
});
export const expertAccountSchema = z.object({
  expertId: z.string(),
  userId: z.string(),
  username: z.string(),
  status: z.enum(['active', 'disabled']),
  /** Shown once, when the account is granted or re-enabled; never stored in clear. */
  initialPassword: z.string().nullable(),
});

/** 回避 declarations: employment, directorship, supervision, control (dated), and relatives who are legal representatives. */
export const affiliationKindSchema = z.enum(affiliationKinds);
export const declareAffiliationBody = z
  .object({
    kind: affiliationKindSchema,
    organizationName: z.string().trim().min(2, '请填写单位名称').max(100).optional(),
    organizationUscc: z.string().trim().toUpperCase().length(18, '统一社会信用代码应为 18 位').optional(),
    personName: z.string().trim().min(2, '请填写亲属姓名').max(50).optional(),
    fromDate: dayField('日期格式为 YYYY-MM-DD').optional(),
    toDate: dayField('日期格式为 YYYY-MM-DD').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'relative_of_legal_rep' && !v.personName)
      ctx.addIssue({ code: 'custom', path: ['personName'], message: '亲属关系须填写担任法定代表人的亲属姓名' });
    if (v.kind !== 'relative_of_legal_rep' && !v.organizationName)
      ctx.addIssue({ code: 'custom', path: ['organizationName'], message: '请填写任职、持股或管理的单位名称' });
    if (v.fromDate && v.toDate && v.toDate < v.fromDate)
      ctx.addIssue({ code: 'custom', path: ['toDate'], message: '结束日期早于开始日期' });
  });
export const reviewAffiliationBody = z.object({
  decision: z.enum(['accepted', 'rejected']),
  note: z.string().trim().min(2, '请写明审核意见').max(1000),
});
export const affiliationSchema = z.object({
  id: z.string(),
  expertId: z.string(),
  kind: affiliationKindSchema,
  organizationId: z.string().nullable(),
  organizationName: z.string().nullable(),
  organizationUscc: z.string().nullable(),
  personName: z.string().nullable(),
  fromDate: z.string().nullable(),
  toDate: z.string().nullable(),
  status: z.enum(affiliationStatuses),
  reviewNote: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  createdAt: z.string(),
});
