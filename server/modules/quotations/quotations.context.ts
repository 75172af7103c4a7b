import type { Notify } from '../notifications/notifications.service.ts';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { quotationQuotes, quotations } from '../../db/schema/index.ts';
import type { AuditActor } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { defineJob } from '../../platform/queue/definitions.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import type { Sealer } from '../../platform/seal.ts';
import type { CreditService } from '../credit/credit.service.ts';
import type { OrdersService } from '../orders/orders.service.ts';
import type { QuoteContent } from './quotations.rules.ts';
import { smeTreatmentKinds } from '../../../contracts/sme-treatment.ts';

export const quotationJobs = {
  /** At the deadline: open the sealed quotes, evaluate, publish the result and place the order (or fail). */
  close: defineJob({ name: 'quotations.close', queue: 'deadlines', payload: z.object({ quotationId: z.uuid() }), durable: true }),
} as const;

export const actorOf = (auth: AuthContext): AuditActor => ({ userId: auth.userId, orgId: auth.orgId });

/** What a quote's receipt is bound to besides its content: this quotation and this supplier. */
export const quoteBinding = (quotationId: string, supplierId: string) => ['quote', quotationId, supplierId] as const;

export const quoteContent = z.object({
  unitPriceFen: z.number().int().positive(),
  brand: z.string(),
  model: z.string(),
  specs: z.record(z.string(), z.union([z.string(), z.number()])),
  deliveryDays: z.number().int().positive(),
  smeDeclared: z.boolean(),
  sizeClass: z.enum(['large', 'medium', 'small', 'micro']),
  smeTreatment: z.enum(smeTreatmentKinds).nullable().optional(),
  certificates: z.array(z.object({ kind: z.string(), number: z.string(), issuer: z.string(), validUntil: z.string() })),
}) satisfies z.ZodType<QuoteContent>;

export type QuotationRow = typeof quotations.$inferSelect;
export type QuoteRow = typeof quotationQuotes.$inferSelect;

/** What the quotation service and its parts are made with. */
export interface QuotationsDeps {
  db: Db;
  jobs: JobSystem;
  credit: CreditService;
  orders: OrdersService;
  sealer: Sealer;
  /** 站内消息 in the caller's transaction. */
  notify: Notify;
}
