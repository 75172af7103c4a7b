import { roundJobs, type TenderProcedures } from '../../server/modules/tenders/tenders.procedures.ts';
import { defineProcessor } from '../../server/platform/queue/job-system.ts';

export const procedureProcessors = (deps: { procedures: TenderProcedures }) => [
  defineProcessor(roundJobs.openFinalOffers, async ({ tenderId }, ctx) => {
    const outcome = await deps.procedures.finalOffers.open(ctx.tx!, ctx.afterCommit!, tenderId);
    if (outcome === 'not-due') throw new Error(`final offers of ${tenderId} are not due yet`);
    ctx.log.info({ tenderId, outcome }, 'final offers opened');
  }),
];
