import { quotationJobs, type QuotationsService } from '../../server/modules/quotations/quotations.service.ts';
import { defineProcessor } from '../../server/platform/queue/job-system.ts';

export const quotationProcessors = (deps: { quotations: QuotationsService }) => [
  defineProcessor(quotationJobs.close, async ({ quotationId }, ctx) => {
    const outcome = await deps.quotations.close(ctx.tx!, ctx.afterCommit!, quotationId);
    // The job runs at the deadline by the same database clock; if it ever came early, retry later.
    if (outcome === 'not-due') throw new Error(`quotation ${quotationId} is not due yet`);
    ctx.log.info({ quotationId, outcome }, 'online quotation closed');
  }),
];
