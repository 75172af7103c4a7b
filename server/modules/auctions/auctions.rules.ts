import type { LotStatus } from '../../db/schema/auctions.ts';

export const lotStatusLabels: Record<LotStatus, string> = {
  open: '竞价中',
  sold: '已成交待付款',
  failed: '流拍',
  paid: '已付款成交',
  defaulted: '竞得人违约',
  cancelled: '已撤拍',
};

/** The least the next bid may be: the start price for the first, else the current price plus the increment. */
export const nextMinimum = (lot: { bidCount: number; startPriceFen: number; currentPriceFen: number | null; incrementFen: number }) =>
  lot.bidCount === 0 || lot.currentPriceFen === null ? lot.startPriceFen : lot.currentPriceFen + lot.incrementFen;

/** Anti-sniping (延时): a bid less than `windowMinutes` before the end moves the end to `extensionMinutes` after the bid. */
export function endAfterBid(lot: { endsAt: Date; extensionWindowMinutes: number; extensionMinutes: number }, at: Date): Date {
  if (lot.endsAt.getTime() - at.getTime() >= lot.extensionWindowMinutes * 60_000) return lot.endsAt;
  const moved = new Date(at.getTime() + lot.extensionMinutes * 60_000);
  return moved > lot.endsAt ? moved : lot.endsAt;
}

export type Phase = 'upcoming' | 'live' | 'ended';
export const phaseOf = (lot: { status: LotStatus; startsAt: Date; endsAt: Date }, now: Date): Phase =>
  lot.status !== 'open' || now >= lot.endsAt ? 'ended' : now < lot.startsAt ? 'upcoming' : 'live';

/** A relisted round may start lower, but not more than the policy's discount below the last round. */
export function relistFloor(previousStartFen: number, maxDiscount: string): number {
  const [whole = '0', frac = ''] = maxDiscount.split('.');
  const scale = 10n ** BigInt(frac.length);
  const rate = BigInt(whole) * scale + BigInt(frac || '0');
  // ceil(previous × (1 − rate)): the floor itself is allowed.
  const num = BigInt(previousStartFen) * (scale - rate);
  return Number((num + scale - 1n) / scale);
}
