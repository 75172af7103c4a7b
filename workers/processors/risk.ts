import { riskJobs, type RiskService } from '../../server/modules/risk/risk.service.ts';
import { defineProcessor } from '../../server/platform/queue/job-system.ts';

export const riskProcessors = (deps: { risk: RiskService }) => [
  defineProcessor(riskJobs.runRule, async ({ rule }, ctx) => {
    const outcome = await deps.risk.runRule(rule);
    ctx.log.info({ rule, ...outcome }, 'risk rule ran');
  }),
  defineProcessor(riskJobs.scanAll, async (_payload, ctx) => {
    const { queued, joined } = await deps.risk.scheduledScan();
    ctx.log.info(
      { rules: queued.length, joined: joined.length },
      queued.length ? 'risk rules queued' : 'risk rules ran within the hour: scan skipped',
    );
  }),
];
