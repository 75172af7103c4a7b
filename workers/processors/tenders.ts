import type { ClockExpiry } from '../../server/modules/tenders/tenders.clocks.ts';
import type { ExpertDraw } from '../../server/modules/tenders/tenders.experts.ts';
import { tenderJobs, type TendersService } from '../../server/modules/tenders/tenders.service.ts';
import { defineProcessor } from '../../server/platform/queue/job-system.ts';

export const tenderProcessors = (deps: { tenders: TendersService; expertDraw: ExpertDraw; clocks: ClockExpiry }) => [
  defineProcessor(tenderJobs.open, async ({ tenderId }, ctx) => {
    const outcome = await deps.tenders.open(ctx.tx!, ctx.afterCommit!, tenderId);
    // Keyed to the current deadline; an amendment that moved it reschedules the job.
    if (outcome === 'not-due') throw new Error(`tender ${tenderId} is not due yet`);
    ctx.log.info({ tenderId, outcome }, 'bids opened');
  }),
  defineProcessor(tenderJobs.openingNotices, async (payload, ctx) => {
    await deps.tenders.notifyBidders(ctx.tx!, payload);
  }),
  defineProcessor(tenderJobs.drawExperts, async (payload, ctx) => {
    const outcome = await deps.expertDraw.draw(ctx.tx!, payload);
    ctx.log.info({ tenderId: payload.tenderId, outcome }, 'expert draw');
  }),
  defineProcessor(tenderJobs.clock, async ({ clockId }, ctx) => {
    const outcome = await deps.clocks.expire(ctx.tx!, ctx.afterCommit!, clockId);
    // Keyed to the clock: a clock restarted or resumed later reschedules the job.
    if (outcome === 'not-due') throw new Error(`clock ${clockId} is not due yet`);
    ctx.log.info({ clockId, outcome }, 'legal clock');
  }),
];
