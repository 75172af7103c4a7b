// The request shapes of server/modules/assets/assets.schemas.ts, for the forms' inline checks.
// Copied rather than re-exported: that file takes its enums from the drizzle table module
// (server/db/schema/assets.ts), and importing it would bundle drizzle into the storefront. The copies
// are held to the server's types below: a field added, removed or retyped there fails the web typecheck.
import { z } from 'zod';
import type {
  assetInput as serverAssetInput,
  assetSchema as serverAssetSchema,
  decisionBody as serverDecisionBody,
  reallocationRequestSchema as serverRequestSchema,
  requestBody as serverRequestBody,
  writeOffBody as serverWriteOffBody,
} from '../../../../server/modules/assets/assets.schemas.ts';

export const assetConditions = ['as_new', 'good', 'fair', 'poor', 'scrap'] as const;
export const assetStatuses = ['registered', 'offered', 'reallocated', 'in_auction', 'sold', 'written_off'] as const;
export const reallocationStatuses = ['pending', 'granted', 'declined', 'withdrawn'] as const;

const money = (label: string) => z.number({ error: `请填写${label}` }).int(`${label}以分为单位，须为整数`).min(0, `${label}不能为负`).max(100_000_000_000, `${label}过大`);

export const assetInput = z.object({
  categoryCode: z.string().trim().regex(/^[ABC]\d{0,12}$/, '品目编码格式不正确'),
  name: z.string().trim().min(2, '请填写资产名称').max(100),
  description: z.string().trim().max(2000).default(''),
  quantity: z.number().int('数量须为整数').min(1, '数量至少为 1').max(100_000),
  originalValueFen: money('原值'),
  netValueFen: money('净值'),
  acquiredOn: z.iso.date('取得日期格式为 YYYY-MM-DD'),
  condition: z.enum(assetConditions, { error: '请选择成新状况' }),
  location: z.string().trim().min(2, '请填写存放地点').max(200),
});
export type AssetInput = z.infer<typeof assetInput>;

export const requestBody = z.object({ reason: z.string().trim().min(4, '请说明调剂用途（至少 4 个字）').max(1000) });
export const decisionBody = z.object({ reason: z.string().trim().max(1000).optional() });
/** Declining needs a reason (the service refuses one without); granting may carry one. */
export const declineReason = z.string().trim().min(2).max(1000);
export const writeOffBody = z.object({ reason: z.string().trim().min(4, '请填写报废理由').max(1000) });

// Compile-time only: each copy must have exactly the server's type.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type SchemasMatchServer = [
  Assert<Same<z.infer<typeof assetInput>, z.infer<typeof serverAssetInput>>>,
  Assert<Same<z.infer<typeof requestBody>, z.infer<typeof serverRequestBody>>>,
  Assert<Same<z.infer<typeof decisionBody>, z.infer<typeof serverDecisionBody>>>,
  Assert<Same<z.infer<typeof writeOffBody>, z.infer<typeof serverWriteOffBody>>>,
  Assert<Same<(typeof assetStatuses)[number], z.infer<typeof serverAssetSchema>['status']>>,
  Assert<Same<(typeof assetConditions)[number], z.infer<typeof serverAssetSchema>['condition']>>,
  Assert<Same<(typeof reallocationStatuses)[number], z.infer<typeof serverRequestSchema>['status']>>,
];
