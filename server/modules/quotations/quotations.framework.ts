import type { DbOrTx } from '../../db/client.ts';
import { fieldError } from '../../platform/errors.ts';
import { yuan } from '../../../contracts/money.ts';
import type { CreateQuotationBody } from '../../../contracts/quotations.schemas.ts';
import { frameworkCallById } from '../frameworks/frameworks.queries.ts';

/**
 * 二次竞价 (财政部令第110号): an online quotation under a framework call must be for the call's category,
 * within the agreements' term, after the admission, and its ceiling per unit within the capped unit price.
 */
export async function assertFrameworkCallOff(tx: DbOrTx, body: CreateQuotationBody, today: string) {
  const call = await frameworkCallById(tx, body.frameworkCallId!);
  if (!call || call.status !== 'admitted') throw fieldError('frameworkCallId', '框架协议不存在或尚未形成入围结果');
  if (!body.categoryCode.startsWith(call.categoryCode)) throw fieldError('categoryCode', `品目须属于框架协议的品目 ${call.categoryCode}`);
  if (today < call.startsOn || today > call.endsOn) throw fieldError('frameworkCallId', '不在框架协议有效期内');
  if (Math.ceil(body.ceilingFen / body.quantity) > call.capUnitPriceFen)
    throw fieldError(
      'ceilingFen',
      `单价上限 ${yuan(Math.ceil(body.ceilingFen / body.quantity))} 超过框架协议最高限制单价 ${yuan(call.capUnitPriceFen)}`,
    );
}
