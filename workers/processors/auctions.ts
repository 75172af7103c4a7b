import { auctionJobs, type AuctionsService } from '../../server/modules/auctions/auctions.service.ts';
import { defineProcessor } from '../../server/platform/queue/job-system.ts';

export const auctionProcessors = (deps: { auctions: AuctionsService }) => [
  defineProcessor(auctionJobs.close, async ({ lotId }, ctx) => {
    const outcome = await deps.auctions.close(ctx.tx!, ctx.afterCommit!, lotId);
    // The job is keyed to the current end; a lot extended after this message was queued is not due yet.
    if (outcome === 'not-due') throw new Error(`lot ${lotId} is not due yet`);
    ctx.log.info({ lotId, outcome }, 'auction lot closed');
  }),
  defineProcessor(auctionJobs.paymentDue, async ({ lotId }, ctx) => {
    const outcome = await deps.auctions.paymentDue(ctx.tx!, ctx.afterCommit!, lotId);
    ctx.log.info({ lotId, outcome }, 'auction payment deadline');
  }),
];
