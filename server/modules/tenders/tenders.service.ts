import type { FileStore } from '../../platform/storage.ts';
import type { TendersDeps } from './tenders.context.ts';
import { createTenderBidding } from './tenders.bidding.ts';
import { createTenderOpening } from './tenders.opening.ts';
import { createTenderPublishing } from './tenders.publishing.ts';
import { createTenderViews } from './tenders.views.ts';

export { bidBinding, ocidOf, OCID_PREFIX, tenderJobs } from './tenders.context.ts';

/**
 * 公开招标, made of parts: publishing (tenders.publishing.ts), bidding (tenders.bidding.ts), the opening
 * (tenders.opening.ts) and what is read (tenders.views.ts); evaluation and award are tenders.evaluation.ts
 * and tenders.award.ts.
 */
export function createTendersService(deps: TendersDeps & { files: FileStore }) {
  const views = createTenderViews(deps);
  const publishing = createTenderPublishing({ ...deps, views });
  const bidding = createTenderBidding({ ...deps, publishing });
  const opening = createTenderOpening({ ...deps, publishing });
  const { get, list } = views;
  const { create, publish, ask, clarify, cancel } = publishing;
  const { submitBid, withdrawBid, myBids, verifyReceipt, previewSmeStatement } = bidding;
  const { open, notifyBidders } = opening;

  return {
    create,
    publish,
    ask,
    clarify,
    cancel,
    submitBid,
    withdrawBid,
    myBids,
    verifyReceipt,
    previewSmeStatement,
    open,
    notifyBidders,
    get,
    list,
  };
}

export type TendersService = ReturnType<typeof createTendersService>;
