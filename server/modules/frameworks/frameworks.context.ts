import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { frameworkCalls, frameworkResponses, frameworkRotationOrders } from '../../db/schema/index.ts';
import type { AuditActor } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { defineJob } from '../../platform/queue/definitions.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import type { Sealer } from '../../platform/seal.ts';
import type { CreditService } from '../credit/credit.service.ts';

export const frameworkJobs = {
  /** At the response deadline: open the sealed responses so the panel can evaluate them. */
  close: defineJob({ name: 'frameworks.close', queue: 'deadlines', payload: z.object({ callId: z.uuid() }), durable: true }),
} as const;

export const actorOf = (auth: AuthContext): AuditActor => ({ userId: auth.userId, orgId: auth.orgId });

export type CallRow = typeof frameworkCalls.$inferSelect;
export type ResponseRow = typeof frameworkResponses.$inferSelect;
export type RotationRow = typeof frameworkRotationOrders.$inferSelect;

/** What is sealed in a response: the price, the quality offer, and a nonce so the digest reveals nothing. */
export const sealedResponse = z.object({ unitPriceFen: z.number().int().positive(), qualityOffer: z.string(), nonce: z.string() });

export interface FrameworksDeps {
  db: Db;
  jobs: JobSystem;
  credit: CreditService;
  sealer: Sealer;
}
