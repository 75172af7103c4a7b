import type { Tx } from '../../db/client.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { RuleViolationError } from '../../platform/errors.ts';
import { agreementsByIds } from '../catalogue/catalogue.agreements.ts';
import { yuan } from './orders.rules.ts';
import type { CartRow } from './orders.context.ts';

/**
 * 直接选定 (财政部令第110号): buying from the e-mall is a call-off under the listing's framework agreement, so
 * the agreement must be in force today and the price may not exceed its capped unit price (最高限制单价).
 * Refused (422) naming the cart line; the order line then records the agreement. Returns the agreements read.
 */
export async function assertAgreementTerms(
  tx: Tx,
  rows: readonly CartRow[],
  now?: Date,
  /** The agreements when the caller read them already (a checkout's judgement). */
  known?: Awaited<ReturnType<typeof agreementsByIds>>,
) {
  const withAgreement = rows.filter((r) => r.listing.agreementId !== null);
  if (withAgreement.length === 0) return [];
  const agreements = new Map(
    (
      known ??
      (await agreementsByIds(
        tx,
        withAgreement.map((r) => r.listing.agreementId!),
      ))
    ).map((a) => [a.id, a]),
  );
  const today = shanghaiDate(now ?? (await dbNow(tx)));
  const problems: { field: string; message: string; in: 'body' }[] = [];
  for (const r of withAgreement) {
    const a = agreements.get(r.listing.agreementId!);
    const field = `cart.${r.listing.id}`;
    if (!a || a.status !== 'active' || a.startsOn > today || a.endsOn < today)
      problems.push({ field, message: `「${r.product.name}」所依据的框架协议不在有效期内`, in: 'body' });
    else if (a.priceCapFen !== null && r.listing.priceFen > a.priceCapFen)
      problems.push({
        field,
        message: `「${r.product.name}」单价 ${yuan(r.listing.priceFen)} 超过框架协议 ${a.code} 的最高限制单价 ${yuan(a.priceCapFen)}`,
        in: 'body',
      });
  }
  if (problems.length) throw new RuleViolationError(problems.map((p) => p.message).join('；'), { fields: problems });
  return [...agreements.values()];
}
