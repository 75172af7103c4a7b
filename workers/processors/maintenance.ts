import type { Config } from '../../server/config.ts';
import { purgeExpiredAuth } from '../../server/modules/auth/auth.service.ts';
import { verifyAuditChain } from '../../server/platform/audit.ts';
import { platformJobs } from '../../server/platform/queue/definitions.ts';
import { defineProcessor } from '../../server/platform/queue/job-system.ts';

export const maintenanceProcessors = (deps: { config: Config }) => [
  defineProcessor(platformJobs['sessions.purge'], async (_payload, ctx) => {
    const removed = await purgeExpiredAuth(ctx.db, deps.config);
    ctx.log.info(removed, 'expired sessions, old login attempts and ended rate-limit counters purged');
  }),
  defineProcessor(platformJobs['audit.verify'], async (_payload, ctx) => {
    const result = await verifyAuditChain(ctx.db);
    if (result.ok) ctx.log.info({ checked: result.checked }, 'audit chain verified');
    else ctx.log.error({ ...result }, 'AUDIT CHAIN BROKEN');
  }),
];
