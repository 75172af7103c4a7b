// The request shapes of server/modules/auctions/auctions.schemas.ts, for the forms' inline checks.
// Copied rather than re-exported: that file takes the lot states from the drizzle table module
// (server/db/schema/auctions.ts), which would bundle drizzle into the storefront. The copies are held
// to the server's types below: a field added, removed or retyped there fails the web typecheck.
import { z } from 'zod';
import type {
  bidBody as serverBidBody,
  lotInput as serverLotInput,
  lotSchema as serverLotSchema,
  registerBody as serverRegisterBody,
  registrationSchema as serverRegistrationSchema,
  relistInput as serverRelistInput,
} from '../../../../server/modules/auctions/auctions.schemas.ts';

export const lotStatuses = ['open', 'sold', 'failed', 'paid', 'defaulted', 'cancelled'] as const;
export const lotPhases = ['upcoming', 'live', 'ended'] as const;
/** The deposit states of server/db/schema/auctions.ts (the API types them as a plain string). */
export const depositStatuses = ['paid', 'released', 'applied', 'forfeited'] as const;

const money = (label: string, min = 1) =>
  z.number({ error: `请填写${label}` }).int(`${label}以分为单位，须为整数`).min(min, min > 0 ? `${label}须大于 0` : `${label}不能为负`).max(100_000_000_000, `${label}过大`);
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
/** POST /api/auctions/:id/payment (declared inline in the route). */
export const paymentBody = z.object({ reference: z.string().trim().min(4, '请填写付款凭证号').max(60) });

// Compile-time only: each copy must have exactly the server's type.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type SchemasMatchServer = [
  Assert<Same<z.infer<typeof lotInput>, z.infer<typeof serverLotInput>>>,
  Assert<Same<z.infer<typeof relistInput>, z.infer<typeof serverRelistInput>>>,
  Assert<Same<z.infer<typeof registerBody>, z.infer<typeof serverRegisterBody>>>,
  Assert<Same<z.infer<typeof bidBody>, z.infer<typeof serverBidBody>>>,
  Assert<Same<(typeof lotStatuses)[number], z.infer<typeof serverLotSchema>['status']>>,
  Assert<Same<(typeof lotPhases)[number], z.infer<typeof serverLotSchema>['phase']>>,
  Assert<Same<(typeof lotStatuses)[number], z.infer<typeof serverRegistrationSchema>['lotStatus']>>,
];
