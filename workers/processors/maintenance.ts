import type { Config } from '../../server/config.ts';
import { purgeExpiredAuth } from '../../server/modules/auth/auth.service.ts';
import { createAuditAnchor } from '../../server/platform/audit-anchor.ts';
import { sequenceAudit } from '../../server/platform/audit.ts';
import { sequenceReleases } from '../../server/modules/ocds/ocds.store.ts';
import { platformJobs } from '../../server/platform/queue/definitions.ts';
import { defineProcessor } from '../../server/platform/queue/job-system.ts';

export const maintenanceProcessors = (deps: { config: Config }) => {
  const anchor = createAuditAnchor({
    signingKey: deps.config.AUDIT_SIGNING_KEY,
    retiredPublicKeys: deps.config.AUDIT_SIGNING_KEYS_RETIRED,
    dataDir: deps.config.DATA_DIR,
  });
  return [
    defineProcessor(platformJobs['sessions.purge'], async (_payload, ctx) => {
      const removed = await purgeExpiredAuth(ctx.db, deps.config);
      ctx.log.info(removed, 'expired sessions, old login attempts and ended rate-limit counters purged');
    }),
    defineProcessor(platformJobs['audit.sequence'], async (_payload, ctx) => {
      const chained = await sequenceAudit(ctx.db);
      if (chained) ctx.log.info({ chained }, 'audit entries chained');
    }),
    defineProcessor(platformJobs['ocds.sequence'], async (_payload, ctx) => {
      const sequenced = await sequenceReleases(ctx.db);
      if (sequenced) ctx.log.info({ sequenced }, 'open-data releases sequenced');
    }),
    defineProcessor(platformJobs['audit.verify'], async (_payload, ctx) => {
      const result = await anchor.verify(ctx.db);
      if (result.ok) ctx.log.info({ checked: result.checked, anchoredThrough: result.checkpoints.anchoredThrough }, 'audit chain verified');
      else ctx.log.error({ ...result }, 'AUDIT CHAIN BROKEN');
    }),
    defineProcessor(platformJobs['audit.checkpoint'], async (_payload, ctx) => {
      const cp = await anchor.checkpoint(ctx.db, 'hourly');
      if (cp.brokenAt !== null)
        ctx.log.error({ seq: cp.seq, brokenAt: cp.brokenAt }, 'AUDIT CHAIN BROKEN: checkpoint signed only up to the entry before');
      else ctx.log.info({ seq: cp.seq, hash: cp.hash }, 'audit checkpoint signed');
    }),
    defineProcessor(platformJobs['audit.checkpoint.event'], async ({ reason }, ctx) => {
      const cp = await anchor.checkpoint(ctx.tx!, reason);
      if (cp.brokenAt !== null)
        ctx.log.error({ seq: cp.seq, brokenAt: cp.brokenAt, reason }, 'AUDIT CHAIN BROKEN: checkpoint signed only up to the entry before');
      else ctx.log.info({ seq: cp.seq, hash: cp.hash, reason }, 'audit checkpoint signed');
    }),
  ];
};
