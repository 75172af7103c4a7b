import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { auctionLots } from '../../db/schema/index.ts';
import type { AuditActor } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { defineJob } from '../../platform/queue/definitions.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import type { CreditService } from '../credit/credit.service.ts';
import type { LotWatch } from './auctions.live.ts';

export const auctionJobs = {
  /** At the lot's (possibly extended) end: close it — sold if the best bid meets the reserve, else failed. */
  close: defineJob({ name: 'auctions.close', queue: 'deadlines', payload: z.object({ lotId: z.uuid() }), durable: true }),
  /** At the winner's payment deadline: unpaid means the deposit is forfeited and a credit event recorded. */
  paymentDue: defineJob({ name: 'auctions.payment-due', queue: 'deadlines', payload: z.object({ lotId: z.uuid() }), durable: true }),
} as const;

export const actorOf = (auth: AuthContext): AuditActor => ({ userId: auth.userId, orgId: auth.orgId });
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export type LotRow = typeof auctionLots.$inferSelect;

/** What the auction service and its parts are made with. */
export interface AuctionsDeps {
  db: Db;
  jobs: JobSystem;
  credit: CreditService;
  watch: LotWatch;
}
