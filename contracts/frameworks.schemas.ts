import { z } from 'zod';
import { dayField } from './dates.ts';

/** 框架协议采购 (财政部令第110号): the call for admission, responses, admission, rotation call-offs. */

const money = (label: string) =>
  z
    .number({ error: `请填写${label}` })
    .int(`${label}以分为单位，须为整数`)
    .positive(`${label}须大于 0`)
    .max(100_000_000_000, `${label}过大`);

export const frameworkMethodSchema = z.enum(['price_first', 'quality_first']);
export const frameworkEntrySchema = z.enum(['closed', 'open']);
export const frameworkCallStatusSchema = z.enum(['open', 'closed', 'admitted', 'cancelled']);

export const createFrameworkCallBody = z.object({
  title: z.string().trim().min(4, '请填写征集项目名称（至少 4 个字）').max(100),
  categoryCode: z
    .string()
    .trim()
    .regex(/^[ABC]\d{0,12}$/, '品目编码格式不正确'),
  requirements: z.string().trim().min(4, '请填写采购需求').max(4000),
  method: frameworkMethodSchema,
  entry: frameworkEntrySchema,
  capUnitPriceFen: money('最高限制单价'),
  maxAdmitted: z.number().int('入围数量须为整数').min(1, '入围数量至少为 1').max(1000).optional(),
  rotationCapacity: z.number().int().min(1, '同时承接数至少为 1').max(1000).optional(),
  startsOn: dayField('协议开始日期格式为 YYYY-MM-DD'),
  endsOn: dayField('协议结束日期格式为 YYYY-MM-DD'),
  deadline: z.iso.datetime({ offset: true, error: '响应截止时间格式不正确' }),
});
export type CreateFrameworkCallBody = z.infer<typeof createFrameworkCallBody>;

export const frameworkResponseBody = z.object({
  unitPriceFen: money('响应单价'),
  /** 质量优先法: the supplier's stated quality offer, scored by the panel; free text here. */
  qualityOffer: z.string().trim().max(2000).default(''),
});
export type FrameworkResponseBody = z.infer<typeof frameworkResponseBody>;

export const evaluateFrameworkBody = z.object({
  /** 评审小组 as recorded: at least three members (*verify* 令110 第二十七条). */
  panel: z
    .array(z.object({ name: z.string().trim().min(1, '请填写评审成员姓名').max(50), role: z.string().trim().min(1).max(50) }))
    .min(3, '评审小组至少 3 人'),
  /** Per response: whether it meets the requirements, why not, and (质量优先法) its score. */
  reviews: z
    .array(
      z.object({
        responseId: z.uuid(),
        compliant: z.boolean(),
        reason: z.string().trim().max(500).optional(),
        qualityScore: z.number().int().min(0).max(100).optional(),
      }),
    )
    .default([]),
});
export type EvaluateFrameworkBody = z.infer<typeof evaluateFrameworkBody>;

export const joinDecisionBody = z.object({ admit: z.boolean(), reason: z.string().trim().min(2, '请填写理由').max(500) });

export const suspendMemberBody = z.object({ reason: z.string().trim().max(500).nullable() });

export const rotationOrderBody = z.object({
  title: z.string().trim().min(4, '请填写服务内容（至少 4 个字）').max(100),
  quantity: z.number().int('数量须为整数').min(1, '数量至少为 1').max(100_000),
  /** The unit's budget line the total is held on. */
  budgetLineId: z.string().uuid('请选择预算指标'),
});

export const frameworkResponseSchema = z.object({
  id: z.string(),
  supplierId: z.string(),
  supplierName: z.string(),
  kind: z.enum(['response', 'join']),
  submittedAt: z.string(),
  digest: z.string(),
  unitPriceFen: z.number().nullable(),
  qualityScore: z.number().nullable(),
  compliant: z.boolean().nullable(),
  issues: z.array(z.string()),
  rank: z.number().nullable(),
  admitted: z.boolean().nullable(),
  decisionReason: z.string().nullable(),
  position: z.number().nullable(),
  agreementId: z.string().nullable(),
  suspendedReason: z.string().nullable(),
});

export const frameworkCallSchema = z.object({
  id: z.string(),
  callNo: z.string(),
  ocid: z.string(),
  centerOrgId: z.string(),
  centerName: z.string(),
  title: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  requirements: z.string(),
  method: frameworkMethodSchema,
  entry: frameworkEntrySchema,
  capUnitPriceFen: z.number(),
  maxAdmitted: z.number().nullable(),
  rotationCapacity: z.number().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  deadline: z.string(),
  status: frameworkCallStatusSchema,
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  admittedAt: z.string().nullable(),
  panel: z.array(z.object({ name: z.string(), role: z.string() })),
  /** Before the deadline: empty (and the count withheld); after: every response, opened. */
  responseCount: z.number().nullable(),
  responses: z.array(frameworkResponseSchema),
});

export const supplierFrameworkCallSchema = frameworkCallSchema.extend({
  myResponse: z.object({ submittedAt: z.string(), digest: z.string(), admitted: z.boolean().nullable() }).nullable(),
});

export const rotationOrderSchema = z.object({
  id: z.string(),
  orderNo: z.string(),
  callId: z.string(),
  purchaserOrgId: z.string(),
  title: z.string(),
  quantity: z.number(),
  unitPriceFen: z.number(),
  totalFen: z.number(),
  supplierId: z.string(),
  supplierName: z.string(),
  agreementId: z.string(),
  position: z.number(),
  skipped: z.array(z.object({ supplierId: z.string(), supplierName: z.string(), position: z.number(), reason: z.string() })),
  status: z.enum(['assigned', 'completed']),
  createdAt: z.string(),
});

export const frameworkFiguresSchema = z.object({
  callId: z.string(),
  callNo: z.string(),
  title: z.string(),
  suppliers: z.array(
    z.object({
      supplierId: z.string(),
      supplierName: z.string(),
      position: z.number().nullable(),
      directFen: z.number(),
      quotationFen: z.number(),
      rotationFen: z.number(),
      rotationOrders: z.number(),
      rotationSkips: z.number(),
    }),
  ),
});
