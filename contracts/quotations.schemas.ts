import { z } from 'zod';
import { intentionRef } from './plans.schemas.ts';
import { dayField } from './dates.ts';
import { quotationStatuses } from './enums/process.ts';
import { receiptNonce } from './receipt-nonce.ts';
import { checkRanges, commonListFilters, sortParam } from './list-filters.ts';

const specValues = z.record(z.string().max(40), z.union([z.string().trim().max(200), z.number().finite()]));
const money = (label: string) =>
  z
    .number({ error: `请填写${label}` })
    .int(`${label}以分为单位，须为整数`)
    .positive(`${label}须大于 0`)
    .max(100_000_000_000, `${label}过大`);

export const createQuotationBody = z.object({
  title: z.string().trim().min(4, '请填写项目名称（至少 4 个字）').max(100),
  categoryCode: z
    .string()
    .trim()
    .regex(/^[ABC]\d{0,12}$/, '品目编码格式不正确'),
  specs: specValues.default({}),
  requirements: z.string().trim().min(4, '请填写采购需求').max(4000),
  quantity: z.number().int('数量须为整数').min(1, '数量至少为 1').max(100_000),
  ceilingFen: money('最高限价'),
  deliveryDays: z.number().int().min(1, '交货期至少 1 天').max(365),
  deliveryAddress: z.string().trim().min(4, '请填写收货地址').max(200),
  contactName: z.string().trim().min(1, '请填写联系人').max(50),
  contactPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\-\s]{7,20}$/, '联系电话格式不正确'),
  budgetLineId: z.uuid('请选择预算指标'),
  reservedForSme: z.boolean().default(false),
  /** 价格扣除比例, an exact decimal within the policy's range ('0.10'–'0.20' since 2022). */
  smeDeductionRate: z
    .string()
    .trim()
    .regex(/^0\.\d{1,4}$/, '价格扣除比例须为小数，如 0.10')
    .default('0.10'),
  deadline: z.iso.datetime({ offset: true, error: '截止时间格式不正确' }),
  /** 二次竞价: the framework call (框架协议征集) whose admitted suppliers alone may quote. */
  frameworkCallId: z.uuid('框架协议不存在').optional(),
  /** The unit's 采购意向 published ≥ 30 days before, or why none was (财库〔2020〕10号). */
  ...intentionRef,
});
export type CreateQuotationBody = z.infer<typeof createQuotationBody>;

export const certificateInput = z.object({
  kind: z.enum(['energy_saving', 'environmental_label']),
  number: z.string().trim().min(4, '请填写证书编号').max(60),
  issuer: z.string().trim().min(2, '请填写发证机构').max(100),
  validUntil: dayField('有效期格式为 YYYY-MM-DD'),
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
export type QuoteBody = z.infer<typeof quoteBody>;

export const cancelQuotationBody = z.object({ reason: z.string().trim().min(4, '请填写撤销理由').max(1000) });

export const quotationStatusSchema = z.enum(quotationStatuses);
/** What the quotation lists sort by: when posted, the deadline, the ceiling price. */
export const quotationSortFields = ['createdAt', 'deadline', 'ceilingFen'] as const;
/** The quotation lists' filters (the days are the posting day, Asia/Shanghai; the amount is the ceiling price). */
export const quotationListFilters = z.object({
  status: quotationStatusSchema.optional(),
  ...commonListFilters,
  q: commonListFilters.q.describe('Quotation no or title contains this text'),
  sort: sortParam(quotationSortFields),
});
export const quotationListQuery = quotationListFilters.superRefine(checkRanges);
export type QuotationListFilters = z.infer<typeof quotationListFilters>;

/**
 * A receipt: what the supplier can prove it sent, without anything that reveals the price. `commitment` is
 * HMAC-SHA256 under the supplier's 回执密钥 over the quote as sent, bound to the quotation and the supplier.
 */
export const receiptSchema = z.object({
  quoteId: z.string(),
  quotationId: z.string(),
  quotationNo: z.string(),
  version: z.number(),
  submittedAt: z.string(),
  commitment: z.string(),
  withdrawn: z.boolean(),
});

/** The answer to a submission: the receipt and, this once, the 回执密钥 (nonce) the platform keeps nowhere in clear. */
export const submittedReceiptSchema = receiptSchema.extend({
  supplierId: z.string(),
  scheme: z.string().describe('The commitment scheme: HMAC-SHA256(nonce, scheme ‖ binding ‖ canonical JSON of the quote)'),
  nonce: z.string().describe('回执密钥: 32 random bytes, base64url. Keep it with the quote as sent; it is shown only once.'),
  /** The 中小企业声明函 sealed with the quote, written from the registered facts (null when nothing was declared). */
  smeStatement: z.string().nullable(),
});

export const verifyReceiptBody = z.object({
  supplierId: z.uuid('请填写供应商'),
  nonce: receiptNonce,
  /** The quote exactly as it was sent (the same fields as PUT …/quote). */
  quote: quoteBody,
});

export const receiptVerificationSchema = z.object({
  quotationId: z.string(),
  supplierId: z.string(),
  version: z.number(),
  submittedAt: z.string(),
  commitment: z.string(),
  valid: z.boolean(),
});

export const resultQuoteSchema = z.object({
  supplierId: z.string(),
  supplierName: z.string(),
  sizeClass: z.string().nullable(),
  submittedAt: z.string(),
  commitment: z.string(),
  unitPriceFen: z.number().nullable(),
  totalFen: z.number().nullable(),
  brand: z.string().nullable(),
  model: z.string().nullable(),
  specs: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  deliveryDays: z.number().nullable(),
  smeDeclared: z.boolean().nullable(),
  /** The 中小企业声明函 sealed with the quote, opened at the close (null when none was declared). */
  smeStatement: z.string().nullable(),
  deductionRate: z.string().nullable(),
  evaluationFen: z.number().nullable(),
  compliant: z.boolean().nullable(),
  issues: z.array(z.string()),
  rank: z.number().nullable(),
});

export const quotationSchema = z.object({
  id: z.string(),
  quotationNo: z.string(),
  status: quotationStatusSchema,
  purchaserOrgId: z.string(),
  purchaserName: z.string(),
  title: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  specs: z.record(z.string(), z.union([z.string(), z.number()])),
  requirements: z.string(),
  quantity: z.number(),
  ceilingFen: z.number(),
  deliveryDays: z.number(),
  deliveryAddress: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  reservedForSme: z.boolean(),
  smeDeductionRate: z.string(),
  minQuotes: z.number(),
  /** 二次竞价 under this framework call, or null. */
  frameworkCallId: z.string().nullable(),
  greenMandatory: z.boolean(),
  deadline: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  resultNote: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /** Visible to its unit and regulators only. */
  budgetLineId: z.string().nullable(),
  orderId: z.string().nullable(),
  /** Quotes received: only once closed (before, not even the count is shown). */
  quoteCount: z.number().nullable(),
  /** Every quote with its price and evaluation price, once closed; empty before. */
  quotes: z.array(resultQuoteSchema),
});

export const supplierQuotationSchema = quotationSchema.extend({
  /** Whether this supplier may quote (admitted to the category, not excluded). */
  admitted: z.boolean(),
  admissionNote: z.string().nullable(),
  myReceipt: receiptSchema.nullable(),
});
