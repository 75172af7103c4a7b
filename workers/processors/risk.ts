import { riskRules } from '../../server/db/schema/risk.enums.ts';
import { riskJobs, type RiskService } from '../../server/modules/risk/risk.service.ts';
import { defineProcessor } from '../../server/platform/queue/job-system.ts';

export const riskProcessors = (deps: { risk: RiskService }) => [
  defineProcessor(riskJobs.runRule, async ({ rule }, ctx) => {
    const outcome = await deps.risk.runRule(rule);
    ctx.log.info({ rule, ...outcome }, 'risk rule ran');
  }),
  defineProcessor(riskJobs.scanAll, async (_payload, ctx) => {
    await deps.risk.requestScan();
    ctx.log.info({ rules: riskRules.length }, 'risk rules queued');
  }),
];
