// The request shapes of server/modules/quotations/quotations.schemas.ts, for the forms' inline checks.
// Not re-exported from there like the other features do: that file takes the status list from the
// drizzle table module (server/db/schema/quotations.ts), and importing it would bundle drizzle and the
// table definitions into the storefront. Until the list moves to a drizzle-free file (as credit.enums.ts
// did), these copies are held to the server's types below: a field added, removed or retyped there
// fails the web typecheck here.
import { z } from 'zod';
import type { cancelQuotationBody as serverCancelBody, quotationStatusSchema as serverStatusSchema, CreateQuotationBody, QuoteBody } from '../../../../server/modules/quotations/quotations.schemas.ts';

const specValues = z.record(z.string().max(40), z.union([z.string().trim().max(200), z.number().finite()]));
const money = (label: string) => z.number({ error: `请填写${label}` }).int(`${label}以分为单位，须为整数`).positive(`${label}须大于 0`).max(100_000_000_000, `${label}过大`);

export const quotationStatusSchema = z.enum(['open', 'awarded', 'failed', 'cancelled']);

export const createQuotationBody = z.object({
  title: z.string().trim().min(4, '请填写项目名称（至少 4 个字）').max(100),
  categoryCode: z.string().trim().regex(/^[ABC]\d{0,12}$/, '品目编码格式不正确'),
  specs: specValues.default({}),
  requirements: z.string().trim().min(4, '请填写采购需求').max(4000),
  quantity: z.number().int('数量须为整数').min(1, '数量至少为 1').max(100_000),
  ceilingFen: money('最高限价'),
  deliveryDays: z.number().int().min(1, '交货期至少 1 天').max(365),
  deliveryAddress: z.string().trim().min(4, '请填写收货地址').max(200),
  contactName: z.string().trim().min(1, '请填写联系人').max(50),
  contactPhone: z.string().trim().regex(/^[0-9+\-\s]{7,20}$/, '联系电话格式不正确'),
  budgetLineId: z.uuid('请选择预算指标'),
  reservedForSme: z.boolean().default(false),
  smeDeductionRate: z.string().trim().regex(/^0\.\d{1,4}$/, '价格扣除比例须为小数，如 0.10').default('0.10'),
  deadline: z.iso.datetime({ offset: true, error: '截止时间格式不正确' }),
});

export const certificateInput = z.object({
  kind: z.enum(['energy_saving', 'environmental_label']),
  number: z.string().trim().min(4, '请填写证书编号').max(60),
  issuer: z.string().trim().min(2, '请填写发证机构').max(100),
  validUntil: z.iso.date('有效期格式为 YYYY-MM-DD'),
});

export const quoteBody = z.object({
  unitPriceFen: money('单价'),
  brand: z.string().trim().min(1, '请填写品牌').max(60),
  model: z.string().trim().min(1, '请填写型号').max(100),
  specs: specValues.default({}),
  deliveryDays: z.number().int().min(1, '交货期至少 1 天').max(365),
  smeDeclared: z.boolean().default(false),
  certificates: z.array(certificateInput).max(5).default([]),
});

export const cancelQuotationBody = z.object({ reason: z.string().trim().min(4, '请填写撤销理由').max(1000) });

// Compile-time only: each copy must have exactly the server's type.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type SchemasMatchServer = [
  Assert<Same<z.infer<typeof createQuotationBody>, CreateQuotationBody>>,
  Assert<Same<z.infer<typeof quoteBody>, QuoteBody>>,
  Assert<Same<z.infer<typeof quotationStatusSchema>, z.infer<typeof serverStatusSchema>>>,
  Assert<Same<z.infer<typeof cancelQuotationBody>, z.infer<typeof serverCancelBody>>>,
];
