import type { AuctionsDeps } from './auctions.context.ts';
import { createAuctionBidding } from './auctions.bidding.ts';
import { createAuctionDeposits } from './auctions.deposits.ts';
import { createAuctionLots } from './auctions.lots.ts';
import { createAuctionSettlement } from './auctions.settlement.ts';
import { createAuctionViews } from './auctions.views.ts';

export { auctionJobs } from './auctions.context.ts';

/**
 * 公物拍卖, made of parts: lots (auctions.lots.ts), bidding (auctions.bidding.ts), deposits (auctions.deposits.ts), the close and payment
 * (auctions.settlement.ts) and what is read (auctions.views.ts).
 */
export function createAuctionsService(deps: AuctionsDeps) {
  const views = createAuctionViews(deps);
  const lots = createAuctionLots({ ...deps, views });
  const bidding = createAuctionBidding(deps);
  const settlement = createAuctionSettlement({ ...deps, views });
  const { recordDeposit, registrationsOf } = createAuctionDeposits(deps);
  const { getPublic, getManaged, listPublic, listManaged, mine } = views;
  const { createLot, relist } = lots;
  const { register, bid } = bidding;
  const { close, recordPayment, paymentDue } = settlement;

  return {
    createLot,
    relist,
    register,
    recordDeposit,
    registrationsOf,
    bid,
    close,
    recordPayment,
    paymentDue,
    getPublic,
    getManaged,
    listPublic,
    listManaged,
    mine,
  };
}

export type AuctionsService = ReturnType<typeof createAuctionsService>;
