import { z } from 'zod';

/**
 * 采购意向公开 (财库〔2020〕10号) and 年度采购计划: the shapes the server and the storefront share.
 */

/** The methods a purchase can be required to take, by amount (server/modules/orders/orders.method.ts decides). */
export const purchaseMethods = ['mall', 'quotation', 'tender', 'decentralized'] as const;
export type PurchaseMethod = (typeof purchaseMethods)[number];
export const purchaseMethodLabels: Record<PurchaseMethod, string> = {
  mall: '电子卖场直购',
  quotation: '网上竞价',
  tender: '公开招标',
  decentralized: '分散采购',
};

export const intentionSmeReservations = ['none', 'whole', 'share'] as const;
export const intentionSmeReservationLabels = { none: '不预留', whole: '整体预留', share: '部分预留' } as const;

const fenAmount = z.number().int('金额须为整数分').positive('金额须大于 0').max(1e13);
const shareText = z.string().regex(/^0\.\d{1,4}$|^1(\.0{1,4})?$/, '预留比例须为 0–1 之间的小数，如 0.40');

export const intentionInput = z
  .object({
    itemName: z.string().trim().min(2, '请填写采购项目名称').max(200),
    categoryCode: z
      .string()
      .trim()
      .regex(/^[ABC]\d{0,12}$/, '品目编码格式不正确'),
    budgetFen: fenAmount,
    expectedMonth: z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, '预计采购时间须为 YYYY-MM'),
    smeReservation: z.enum(intentionSmeReservations),
    smeShare: shareText.optional(),
    description: z.string().trim().min(2, '请填写采购需求概况').max(2000),
  })
  .superRefine((v, ctx) => {
    if (v.smeReservation === 'share' && !v.smeShare)
      ctx.addIssue({ code: 'custom', path: ['smeShare'], message: '部分预留须填写预留比例' });
    if (v.smeReservation !== 'share' && v.smeShare)
      ctx.addIssue({ code: 'custom', path: ['smeShare'], message: '仅部分预留时填写预留比例' });
  });
export type IntentionInput = z.infer<typeof intentionInput>;

export const intentionSchema = z.object({
  id: z.string(),
  unitOrgId: z.string(),
  unitName: z.string(),
  itemName: z.string(),
  categoryCode: z.string(),
  budgetFen: z.number().int(),
  expectedMonth: z.string(),
  smeReservation: z.enum(intentionSmeReservations),
  smeShare: z.string().nullable(),
  description: z.string(),
  publishedAt: z.string(),
  withdrawnAt: z.string().nullable(),
});
export type Intention = z.infer<typeof intentionSchema>;

export const intentionListQuery = z.object({
  unitOrgId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
});

/**
 * What a tender or an online quotation starts under: the unit's published intention, or a stated reason
 * why none was published (财库〔2020〕10号: 因预算单位不可预见的原因急需开展的采购项目；涉密项目).
 */
export const intentionRef = {
  intentionId: z.uuid('意向编号格式不正确').optional(),
  intentionExemption: z.string().trim().min(4, '请说明不公开采购意向的理由（如紧急采购、涉密）').max(500).optional(),
};

export const planLineInput = z
  .object({
    itemName: z.string().trim().min(2, '请填写采购项目').max(200),
    categoryCode: z
      .string()
      .trim()
      .regex(/^[ABC]\d{0,12}$/, '品目编码格式不正确'),
    budgetFen: fenAmount,
    smeSuitable: z.boolean().default(true),
    smeReservedFen: z.number().int().min(0).default(0),
    smallMicroReservedFen: z.number().int().min(0).default(0),
  })
  .superRefine((v, ctx) => {
    if (v.smeReservedFen > v.budgetFen) ctx.addIssue({ code: 'custom', path: ['smeReservedFen'], message: '预留金额不能超过该行预算' });
    if (v.smallMicroReservedFen > v.smeReservedFen)
      ctx.addIssue({ code: 'custom', path: ['smallMicroReservedFen'], message: '面向小微企业的金额不能超过预留金额' });
    if (!v.smeSuitable && v.smeReservedFen > 0)
      ctx.addIssue({ code: 'custom', path: ['smeReservedFen'], message: '不适宜由中小企业提供的项目不计预留' });
  });

export const planInput = z.object({
  fiscalYear: z.number().int().min(2020).max(2100),
  lines: z.array(planLineInput).min(1, '计划至少一行').max(500),
  smeExemptReason: z.string().trim().min(4, '请说明不预留的理由').max(1000).optional(),
});
export type PlanInput = z.infer<typeof planInput>;

export const planDecisionBody = z.object({ note: z.string().trim().max(1000).optional() });
export const planReturnBody = z.object({ note: z.string().trim().min(2, '请填写退回理由').max(1000) });

export const methodDecisionSchema = z.object({
  method: z.enum(purchaseMethods),
  label: z.string(),
  rule: z.string(),
  amountFen: z.number().int(),
  limitFen: z.number().int(),
  reason: z.string(),
});
export type MethodDecision = z.infer<typeof methodDecisionSchema>;

export const planLineSchema = z.object({
  itemName: z.string(),
  categoryCode: z.string(),
  budgetFen: z.number().int(),
  smeSuitable: z.boolean(),
  smeReservedFen: z.number().int(),
  smallMicroReservedFen: z.number().int(),
  requiredMethod: methodDecisionSchema,
});

export const planStatuses = ['draft', 'submitted', 'approved', 'returned'] as const;
export const planStatusLabels = { draft: '草稿', submitted: '待审批', approved: '已批复', returned: '已退回' } as const;

export const planSchema = z.object({
  id: z.string(),
  unitOrgId: z.string(),
  unitName: z.string(),
  fiscalYear: z.number().int(),
  status: z.enum(planStatuses),
  lines: z.array(planLineSchema),
  totals: z.object({
    budgetFen: z.number().int(),
    smeSuitableFen: z.number().int(),
    smeReservedFen: z.number().int(),
    smallMicroReservedFen: z.number().int(),
    /** 预留比例 as a percentage with one decimal ("22.5"), of the SME-suitable budget. */
    reservedPercent: z.string(),
    smallMicroPercent: z.string(),
  }),
  smeExemptReason: z.string().nullable(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export type Plan = z.infer<typeof planSchema>;

export const planListQuery = z.object({
  fiscalYear: z.coerce.number().int().min(2020).max(2100).optional(),
  status: z.enum(planStatuses).optional(),
});

export const planExecutionQuery = z.object({
  organizationId: z.uuid().optional(),
  fiscalYear: z.coerce.number().int().min(2020).max(2100).optional(),
});

export const planExecutionSchema = z.object({
  organizationId: z.string(),
  fiscalYear: z.number().int(),
  planStatus: z.enum(planStatuses).nullable(),
  lines: z.array(
    z.object({
      itemName: z.string(),
      categoryCode: z.string(),
      plannedFen: z.number().int(),
      requiredMethod: z.enum(purchaseMethods),
      mallFen: z.number().int(),
      quotationFen: z.number().int(),
      tenderFen: z.number().int(),
      executedFen: z.number().int(),
    }),
  ),
  /** Executed in categories no plan line covers. */
  unplannedFen: z.number().int(),
});
export type PlanExecution = z.infer<typeof planExecutionSchema>;
