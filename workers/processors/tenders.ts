import { tenderJobs, type TendersService } from '../../server/modules/tenders/tenders.service.ts';
import { defineProcessor } from '../../server/platform/queue/job-system.ts';

export const tenderProcessors = (deps: { tenders: TendersService }) => [
  defineProcessor(tenderJobs.open, async ({ tenderId }, ctx) => {
    const outcome = await deps.tenders.open(ctx.tx!, ctx.afterCommit!, tenderId);
    // Keyed to the current deadline; an amendment that moved it reschedules the job.
    if (outcome === 'not-due') throw new Error(`tender ${tenderId} is not due yet`);
    ctx.log.info({ tenderId, outcome }, 'bids opened');
  }),
];
