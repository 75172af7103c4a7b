import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../db/client.ts';
import type { cartItems } from '../../db/schema/index.ts';
import type { AuditActor } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { defineJob } from '../../platform/queue/definitions.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import type { ListingsService, Offer } from '../catalogue/listings.service.ts';
import type { CreditService } from '../credit/credit.service.ts';
import type { Notify } from '../notifications/notifications.service.ts';
import type { Finding } from './orders.rules.ts';

export const orderJobs = {
  /** 1 working day after placement: an order the supplier has not confirmed is cancelled and its budget released. */
  confirmTimeout: defineJob({
    name: 'orders.confirm-timeout',
    queue: 'deadlines',
    payload: z.object({ orderId: z.uuid() }),
    durable: true,
  }),
} as const;

/**
 * Surplus first: a seam the public property warehouse fills with matching items (findings, never blocking).
 * Its read is a part of the cart's judgement statement (orders.findings.ts): `sql` over that statement's
 * expressions (purchaserOrgId uuid, categoryCodes text[]) gives a jsonb value, `findings` reads it.
 */
export interface SurplusProvider {
  sql(input: { purchaserOrgId: SQL; categoryCodes: SQL }): SQL;
  findings(value: unknown): Finding[];
}

export const actorOf = (auth: AuthContext): AuditActor => ({ userId: auth.userId, orgId: auth.orgId });

export type CartRow = Offer & { cart: typeof cartItems.$inferSelect };

/** JC + the Beijing date + a six-digit number from the order sequence. */
export async function nextOrderNo(tx: Tx, now: Date) {
  const [seq] = await tx.execute<{ n: string }>(sql`select nextval('jicai.order_no_seq') as n`).then((r) => r.rows);
  return `JC${shanghaiDate(now).replaceAll('-', '')}${String(seq!.n).padStart(6, '0')}`;
}

/** What the order service and its parts are made with. */
export interface OrdersDeps {
  db: Db;
  jobs: JobSystem;
  credit: CreditService;
  listings: ListingsService;
  surplus?: SurplusProvider;
  /** 站内消息 in the caller's transaction. */
  notify: Notify;
}
