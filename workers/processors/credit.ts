import { creditJobs, type CreditService } from '../../server/modules/credit/credit.service.ts';
import { defineProcessor } from '../../server/platform/queue/job-system.ts';

export const creditProcessors = (deps: { credit: CreditService }) => [
  defineProcessor(creditJobs.exclusionStart, async ({ exclusionId }, ctx) => {
    await deps.credit.runExclusionEffects(ctx.tx!, ctx.afterCommit, exclusionId);
  }),
  defineProcessor(creditJobs.recomputeScores, async (_payload, ctx) => {
    const n = await deps.credit.recomputeAllScores();
    ctx.log.info({ suppliers: n }, 'credit scores recomputed');
  }),
];
