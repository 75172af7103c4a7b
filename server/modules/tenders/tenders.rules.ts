import { createHash } from 'node:crypto';
import type { SizeClass } from '../../db/schema/identity.ts';
import type { TenderStatus } from '../../db/schema/tenders.ts';
import { applyRate } from '../catalogue/catalogue.rules.ts';

export const tenderStatusLabels: Record<TenderStatus, string> = {
  draft: '草稿',
  bidding: '投标中',
  opened: '已开标',
  evaluation: '评审中',
  awarded: '已定标',
  challenge: '质疑期',
  contracted: '已签订合同',
  failed: '流标/废标',
  cancelled: '已终止',
};

/** Decimal text to units of 1/10,000, exactly. */
export const bp = (rate: string) => {
  const [whole = '0', frac = ''] = rate.split('.');
  return Number(whole) * 10_000 + Number((frac + '0000').slice(0, 4));
};

/** 综合评分法 price weight bounds (财政部令第87号第五十五条): goods 30–60%, services 10–30%. Works follow goods here (*verify*). */
export const priceWeightBounds = { goods: ['0.30', '0.60'], services: ['0.10', '0.30'], works: ['0.30', '0.60'] } as const;

/** Evaluation price = bid × (1 − deduction) for a declared small/micro bidder where the lot is not reserved; the contract price stays the bid. */
export function evaluationOf(bid: { priceFen: number; sizeClass: SizeClass; smeDeclared: boolean }, lot: { smeReserved: boolean; smeDeductionRate: string }) {
  const deductionRate = !lot.smeReserved && (bid.sizeClass === 'small' || bid.sizeClass === 'micro') && bid.smeDeclared ? lot.smeDeductionRate : '0';
  return { deductionRate, evaluationPriceFen: bid.priceFen - applyRate(bid.priceFen, deductionRate) };
}

/** For the minimum number of bidders, bids offering the same brand count as one (财政部令第87号第三十一条). */
export function distinctBidders(bids: readonly { supplierId: string; brand: string | null }[]): number {
  return new Set(bids.map((b) => (b.brand && b.brand.trim() ? `brand:${b.brand.trim().toLowerCase()}` : `supplier:${b.supplierId}`))).size;
}

/** 评标委员会 size: odd, at least 5, at least 7 when the budget reaches the large-budget line (¥10M). */
export const committeeSize = (budgetFen: number, largeBudgetFen: number) => (budgetFen >= largeBudgetFen ? 7 : 5);

/**
 * The draw's order: the eligible candidates sorted by id, then shuffled by Fisher–Yates driven by
 * SHA-256(seed ‖ counter). Anyone with the seed and the candidate set gets the same order.
 */
export function seededOrder(ids: readonly string[], seed: string): string[] {
  const order = [...ids].sort();
  let counter = 0;
  const next = (bound: number) => {
    const h = createHash('sha256').update(`${seed}:${counter++}`).digest();
    return Number(h.readBigUInt64BE(0) % BigInt(bound));
  };
  for (let i = order.length - 1; i > 0; i--) {
    const j = next(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
