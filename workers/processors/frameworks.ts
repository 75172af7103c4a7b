import { frameworkJobs, type FrameworksService } from '../../server/modules/frameworks/frameworks.service.ts';
import { defineProcessor } from '../../server/platform/queue/job-system.ts';

export const frameworkProcessors = (deps: { frameworks: FrameworksService }) => [
  defineProcessor(frameworkJobs.close, async ({ callId }, ctx) => {
    const outcome = await deps.frameworks.close(ctx.tx!, ctx.afterCommit!, callId);
    // The job runs at the deadline by the same database clock; if it ever came early, retry later.
    if (outcome === 'not-due') throw new Error(`framework call ${callId} is not due yet`);
    ctx.log.info({ callId, outcome }, 'framework call closed');
  }),
];
