import { z } from 'zod';
import { depositSources, depositStatuses, lotPhases, lotStatuses } from './enums/process.ts';

const money = (label: string, min = 1) =>
  z
    .number({ error: `请填写${label}` })
    .int(`${label}以分为单位，须为整数`)
    .min(min, min > 0 ? `${label}须大于 0` : `${label}不能为负`)
    .max(100_000_000_000, `${label}过大`);
const when = (label: string) => z.iso.datetime({ offset: true, error: `${label}格式不正确` });

export const lotInput = z.object({
  assetId: z.uuid('请选择资产'),
  title: z.string().trim().min(4, '请填写标的名称').max(100),
  description: z.string().trim().max(4000).default(''),
  viewingInfo: z.string().trim().min(4, '请填写看样时间和地点').max(1000),
  appraisalFen: money('评估价'),
  startPriceFen: money('起拍价'),
  reservePriceFen: money('保留价', 0),
  incrementFen: money('加价幅度'),
  depositFen: money('保证金', 0),
  startsAt: when('开始时间'),
  endsAt: when('结束时间'),
  extensionWindowMinutes: z.number().int().min(1).max(60).optional(),
  extensionMinutes: z.number().int().min(1).max(60).optional(),
});
export type LotInput = z.infer<typeof lotInput>;

export const relistInput = lotInput.pick({ startPriceFen: true, reservePriceFen: true, startsAt: true, endsAt: true });
export type RelistInput = z.infer<typeof relistInput>;
export const registerBody = z.object({ depositRef: z.string().trim().min(6, '请填写保证金缴款凭证号').max(60) });
export const bidBody = z.object({ amountFen: money('出价') });
/** The bank receipt of a deposit, recorded by center staff (POST /api/auctions/registrations/:id/deposit). */
export const depositReceiptBody = z.object({
  amountFen: money('到账金额', 0),
  bankRef: z.string().trim().min(6, '请填写银行流水号').max(60),
  receivedAt: when('到账时间'),
});
export type DepositReceipt = z.infer<typeof depositReceiptBody>;
/** The bank's payment callback (POST /api/auctions/deposit-callback), signed with HMAC-SHA256 in X-Deposit-Signature. */
export const depositCallbackBody = depositReceiptBody.extend({ registrationId: z.uuid('竞买登记编号格式不正确') });
export type DepositCallback = z.infer<typeof depositCallbackBody>;
export const depositCallbackHeaders = z.object({
  'x-deposit-signature': z
    .string()
    .trim()
    .regex(/^(sha256=)?[0-9a-f]{64}$/i, '签名须为 HMAC-SHA256 的十六进制')
    .optional(),
});
export const depositStatusSchema = z.enum(depositStatuses);
/** A registration with its deposit, as center staff see it. */
export const lotRegistrationSchema = z.object({
  id: z.string(),
  lotId: z.string(),
  bidderOrgId: z.string(),
  bidderName: z.string().nullable(),
  bidderCode: z.string(),
  depositFen: z.number(),
  depositRef: z.string(),
  depositStatus: depositStatusSchema,
  depositBankRef: z.string().nullable(),
  depositReceivedAt: z.string().nullable(),
  depositSource: z.enum(depositSources).nullable(),
  depositSettledAt: z.string().nullable(),
  createdAt: z.string(),
});
/** The winner's payment, recorded by center staff (POST /api/auctions/:id/payment). */
export const paymentBody = z.object({ reference: z.string().trim().min(4, '请填写付款凭证号').max(60) });

export const lotPhase = z.enum(lotPhases);
export const lotListQuery = z.object({
  phase: lotPhase.optional(),
  status: z.enum(lotStatuses).optional(),
  category: z.string().trim().max(13).optional(),
  q: z.string().trim().max(50).optional(),
});

export const bidSchema = z.object({ seq: z.number(), bidderCode: z.string(), amountFen: z.number(), placedAt: z.string() });

export const lotSchema = z.object({
  id: z.string(),
  lotNo: z.string(),
  assetId: z.string(),
  round: z.number(),
  title: z.string(),
  description: z.string(),
  viewingInfo: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  sellerName: z.string(),
  location: z.string(),
  quantity: z.number(),
  condition: z.string(),
  appraisalFen: z.number(),
  startPriceFen: z.number(),
  incrementFen: z.number(),
  depositFen: z.number(),
  startsAt: z.string(),
  endsAt: z.string(),
  originalEndsAt: z.string(),
  extensionWindowMinutes: z.number(),
  extensionMinutes: z.number(),
  status: z.enum(lotStatuses),
  phase: lotPhase,
  currentPriceFen: z.number().nullable(),
  /** The least the next bid may be. */
  nextMinimumFen: z.number(),
  bidCount: z.number(),
  registrations: z.number(),
  leadingBidderCode: z.string().nullable(),
  hasReserve: z.boolean(),
  /** Only after the close: whether the best bid met the hidden reserve. */
  reserveMet: z.boolean().nullable(),
  resultNote: z.string().nullable(),
  payDeadline: z.string().nullable(),
  version: z.number(),
  /** The database clock when this was read, so countdowns do not trust the viewer's clock. */
  serverTime: z.string(),
  photos: z.array(z.object({ id: z.string(), url: z.string() })),
});

export const lotDetailSchema = lotSchema.extend({ bids: z.array(bidSchema) });
/** Center staff also see the reserve and who the bidders are. */
export const managedLotSchema = lotSchema.extend({
  reservePriceFen: z.number(),
  winnerOrgId: z.string().nullable(),
  winnerName: z.string().nullable(),
});

export const registrationSchema = z.object({
  id: z.string(),
  lotId: z.string(),
  lotNo: z.string(),
  lotTitle: z.string(),
  bidderCode: z.string(),
  depositFen: z.number(),
  depositRef: z.string(),
  depositStatus: depositStatusSchema,
  depositReceivedAt: z.string().nullable(),
  depositSettledAt: z.string().nullable(),
  lotStatus: z.enum(lotStatuses),
  endsAt: z.string(),
  currentPriceFen: z.number().nullable(),
  myHighestFen: z.number().nullable(),
  leading: z.boolean(),
  won: z.boolean(),
  payDeadline: z.string().nullable(),
  createdAt: z.string(),
});

export const bidResultSchema = z.object({
  seq: z.number(),
  amountFen: z.number(),
  placedAt: z.string(),
  endsAt: z.string(),
  extended: z.boolean(),
  bidderCode: z.string(),
});
