import { z } from 'zod';
import { dayField } from './dates.ts';
import { assetConditions, assetStatuses, reallocationStatuses } from './enums/process.ts';

const money = (label: string) =>
  z
    .number({ error: `请填写${label}` })
    .int(`${label}以分为单位，须为整数`)
    .min(0, `${label}不能为负`)
    .max(100_000_000_000, `${label}过大`);

export const assetInput = z.object({
  categoryCode: z
    .string()
    .trim()
    .regex(/^[ABC]\d{0,12}$/, '品目编码格式不正确'),
  name: z.string().trim().min(2, '请填写资产名称').max(100),
  description: z.string().trim().max(2000).default(''),
  quantity: z.number().int('数量须为整数').min(1, '数量至少为 1').max(100_000),
  originalValueFen: money('原值'),
  netValueFen: money('净值'),
  acquiredOn: dayField('取得日期格式为 YYYY-MM-DD'),
  condition: z.enum(assetConditions, { error: '请选择成新状况' }),
  location: z.string().trim().min(2, '请填写存放地点').max(200),
});
export type AssetInput = z.infer<typeof assetInput>;

export const assetListQuery = z.object({ status: z.enum(assetStatuses).optional(), q: z.string().trim().max(50).optional() });
export const warehouseQuery = z.object({ category: z.string().trim().max(13).optional(), q: z.string().trim().max(50).optional() });
export const requestBody = z.object({ reason: z.string().trim().min(4, '请说明调剂用途（至少 4 个字）').max(1000) });
export const decisionBody = z.object({ reason: z.string().trim().max(1000).optional() });
export const writeOffBody = z.object({ reason: z.string().trim().min(4, '请填写报废理由').max(1000) });
export const requestListQuery = z.object({ status: z.enum(reallocationStatuses).optional(), assetId: z.uuid().optional() });

export const assetEventSchema = z.object({ kind: z.string(), orgName: z.string().nullable(), note: z.string(), at: z.string() });

export const assetSchema = z.object({
  id: z.string(),
  assetNo: z.string(),
  ownerOrgId: z.string(),
  ownerName: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  name: z.string(),
  description: z.string(),
  quantity: z.number(),
  originalValueFen: z.number(),
  netValueFen: z.number(),
  acquiredOn: z.string(),
  condition: z.enum(assetConditions),
  location: z.string(),
  status: z.enum(assetStatuses),
  offeredUntil: z.string().nullable(),
  photos: z.array(z.object({ id: z.string(), url: z.string() })),
  pendingRequests: z.number(),
  createdAt: z.string(),
});

export const assetDetailSchema = assetSchema.extend({ history: z.array(assetEventSchema) });

export const reallocationRequestSchema = z.object({
  id: z.string(),
  assetId: z.string(),
  assetNo: z.string(),
  assetName: z.string(),
  ownerName: z.string(),
  requestingOrgId: z.string(),
  requestingOrgName: z.string(),
  reason: z.string(),
  status: z.enum(reallocationStatuses),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  offeredUntil: z.string().nullable(),
  createdAt: z.string(),
});
