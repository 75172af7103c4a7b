import { z } from 'zod';
import { orgKindSchema, roleSchema } from '../../../contracts/auth.schemas.ts';
import { usccProblem } from './organizations.rules.ts';

const usccMessages = {
  length: '统一社会信用代码应为 18 位',
  characters: '统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z）',
  region: '统一社会信用代码第 3–8 位应为 6 位数字的登记管理机关行政区划码（GB/T 2260）',
  check: '统一社会信用代码校验位错误',
} as const;

export const usccSchema = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .superRefine((value, ctx) => {
    const problem = usccProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: usccMessages[problem] });
  });

export const sizeClassSchema = z.enum(['large', 'medium', 'small', 'micro']);
export const adminLevelSchema = z.enum(['central', 'provincial', 'municipal', 'county']);
const regionCode = z.string().regex(/^\d{6}$/, '行政区划代码应为 6 位数字');
const name = z.string().trim().min(2, '名称至少 2 个字').max(100, '名称最长 100 个字');
const optionalText = (max: number) => z.string().trim().max(max).optional();
const fenAmount = z.number().int('金额以分为单位，须为整数').min(0).max(Number.MAX_SAFE_INTEGER);

export const organizationSchema = z.object({
  id: z.string(),
  kind: orgKindSchema,
  name: z.string(),
  uscc: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  adminLevel: adminLevelSchema.nullable(),
  unitType: z.string().nullable(),
  sizeClass: sizeClassSchema.nullable(),
  industry: z.string().nullable(),
  smeTreatment: z.string().nullable(),
  legalRepresentative: z.string().nullable(),
  /** USCC of the organization that directly controls or manages this supplier (政府采购法实施条例第十八条). */
  controlledByUscc: z.string().nullable(),
  address: z.string().nullable(),
  approvalThresholdFen: z.number().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type OrganizationDto = z.infer<typeof organizationSchema>;

const common = {
  name,
  regionCode,
  legalRepresentative: optionalText(50),
  address: optionalText(200),
  phone: optionalText(30),
};

/** What each kind of organization must state: the shape follows DOMAIN.md's organization kinds. */
export const createOrganizationBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('purchasing_unit'),
    ...common,
    adminLevel: adminLevelSchema,
    unitType: z.enum(['机关', '事业单位', '团体组织']),
    uscc: usccSchema.optional(),
    approvalThresholdFen: fenAmount.default(5_000_000),
  }),
  z.object({
    kind: z.literal('supplier'),
    ...common,
    uscc: usccSchema,
    sizeClass: sizeClassSchema,
    industry: z.string().trim().min(2).max(50),
    smeTreatment: z.enum(['prison_enterprise', 'disability_welfare']).optional(),
    controlledByUscc: usccSchema.optional(),
  }),
  z.object({ kind: z.literal('procurement_center'), ...common, uscc: usccSchema.optional() }),
  z.object({ kind: z.literal('regulator'), ...common, uscc: usccSchema.optional() }),
]);
export type CreateOrganizationBody = z.infer<typeof createOrganizationBody>;

/** A supplier's details that decide who may bid together in one lot: its legal representative and who controls it (null clears it). */
export const updateSupplierBody = z.object({
  legalRepresentative: z.string().trim().min(1).max(50).nullable().optional(),
  controlledByUscc: usccSchema.nullable().optional(),
});
export type UpdateSupplierBody = z.infer<typeof updateSupplierBody>;

export const organizationListQuery = z.object({
  kind: orgKindSchema.optional(),
  q: z.string().trim().max(50).optional(),
});

export const budgetLineSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  fiscalYear: z.number().int(),
  fundSource: z.string(),
  amountFen: z.number().int(),
  reservedFen: z.number().int(),
  spentFen: z.number().int(),
  freeFen: z.number().int(),
});

/** 下达预算指标: a budget line issued to a purchasing unit, in integer fen. */
export const createBudgetLineBody = z.object({
  code: z
    .string()
    .trim()
    .min(1, '请填写指标编号')
    .max(40, '指标编号最长 40 个字符')
    .regex(/^[A-Za-z0-9-]+$/, '指标编号只能包含字母、数字和 -'),
  name: z.string().trim().min(2, '名称至少 2 个字').max(100, '名称最长 100 个字'),
  fiscalYear: z.number().int('年度应为整数').min(2000, '年度不早于 2000').max(2100, '年度不晚于 2100'),
  fundSource: z.string().trim().min(2, '请填写资金来源').max(50, '资金来源最长 50 个字'),
  amountFen: z.number().int('金额以分为单位，须为整数').positive('金额须大于 0').max(Number.MAX_SAFE_INTEGER),
});
export type CreateBudgetLineBody = z.infer<typeof createBudgetLineBody>;

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  status: z.enum(['active', 'disabled']),
  organizationId: z.string(),
  organizationName: z.string(),
  lastLoginAt: z.string().nullable(),
});

export const userListQuery = z.object({ q: z.string().trim().max(50).optional(), role: roleSchema.optional() });

export const createUserBody = z.object({
  organizationId: z.uuid('机构编号格式不正确'),
  username: z
    .string()
    .trim()
    .min(3, '用户名至少 3 个字符')
    .max(64)
    .regex(/^[a-zA-Z0-9._-]+$/, '用户名只能包含字母、数字和 . _ -'),
  displayName: z.string().trim().min(1).max(50),
  password: z
    .string()
    .min(10, '密码至少 10 位')
    .max(128)
    .regex(/[a-zA-Z]/, '密码须包含字母')
    .regex(/\d/, '密码须包含数字'),
  roles: z.array(roleSchema).min(1, '至少选择一个角色').max(7),
});
export type CreateUserBody = z.infer<typeof createUserBody>;

export const updateUserBody = z
  .object({ status: z.enum(['active', 'disabled']).optional(), roles: z.array(roleSchema).min(1).max(7).optional() })
  .refine((v) => v.status !== undefined || v.roles !== undefined, { message: '没有要修改的内容' });
