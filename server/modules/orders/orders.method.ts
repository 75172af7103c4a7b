import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { policyValue } from '../../platform/policy.ts';
import { yuan } from '../../../contracts/money.ts';
import { purchaseMethodLabels, type PurchaseMethod } from '../../../contracts/plans.schemas.ts';
import type { Rule } from './orders.rules.ts';

/** A rule's source as a finding cites it: the level that set the value and its document. */
export const citedBasis = (rule: Rule<unknown>): string => (rule.setBy ? `${rule.setBy}规定：${rule.basis}` : rule.basis);

/** The ordering bands in force for a unit's region at a time: the direct-order and the decentralized limit. */
export interface OrderingBands {
  direct: Rule<number>;
  decentralized: Rule<number>;
}

/** The bands' policies, for a caller reading them with others in one statement (policyValuesOf). */
export const orderingBandPolicies = {
  direct: { key: 'ordering.directOrderLimitFen', schema: z.number().int() },
  decentralized: { key: 'ordering.decentralizedLimitFen', schema: z.number().int() },
} as const;

export async function orderingBands(tx: DbOrTx, opts: { regionCode?: string; at: Date }): Promise<OrderingBands> {
  const direct = await policyValue(tx, 'ordering.directOrderLimitFen', z.number().int(), opts);
  const decentralized = await policyValue(tx, 'ordering.decentralizedLimitFen', z.number().int(), opts);
  return { direct, decentralized };
}

/** The method a purchase of this amount must take, the rule that decides it and the amounts it compares. */
export interface MethodDecision {
  method: PurchaseMethod;
  label: string;
  rule: string;
  amountFen: number;
  limitFen: number;
  reason: string;
}

/**
 * The one decision of the purchase method by amount (the cart's bands and a plan line's method both ask
 * it): above the decentralized-procurement limit a tender (公开招标); above the direct-order limit an online
 * quotation (网上竞价); at or under it a direct e-mall order. What the e-mall does not sell (`inMall`
 * false: works) is bought by the unit itself below the decentralized limit (分散采购).
 */
export function requiredMethod(amountFen: number, bands: OrderingBands, opts: { inMall: boolean } = { inMall: true }): MethodDecision {
  const { direct, decentralized } = bands;
  const decide = (method: PurchaseMethod, limit: Rule<number>, reason: string): MethodDecision => ({
    method,
    label: purchaseMethodLabels[method],
    rule: citedBasis(limit),
    amountFen,
    limitFen: limit.value,
    reason,
  });
  if (amountFen > decentralized.value)
    return decide('tender', decentralized, `金额 ${yuan(amountFen)} 超过分散采购限额 ${yuan(decentralized.value)}，应依法组织招标采购`);
  if (!opts.inMall)
    return decide(
      'decentralized',
      decentralized,
      `金额 ${yuan(amountFen)} 不超过分散采购限额 ${yuan(decentralized.value)}，电子卖场不提供，由单位分散采购`,
    );
  if (amountFen > direct.value)
    return decide('quotation', direct, `金额 ${yuan(amountFen)} 超过直购限额 ${yuan(direct.value)}，应发起网上竞价`);
  return decide('mall', direct, `金额 ${yuan(amountFen)} 不超过直购限额 ${yuan(direct.value)}，可在电子卖场直购`);
}
