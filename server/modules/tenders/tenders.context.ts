import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { tenders } from '../../db/schema/index.ts';
import type { AuditActor } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { defineJob } from '../../platform/queue/definitions.ts';
import type { JobSystem } from '../../platform/queue/job-system.ts';
import type { Sealer } from '../../platform/seal.ts';
import type { CreditService } from '../credit/credit.service.ts';
import type { Notify } from '../notifications/notifications.service.ts';
import type { openingRowSchema } from '../../../contracts/tenders.schemas.ts';
import { smeShareKinds, smeTreatmentKinds } from '../../../contracts/sme-treatment.ts';

export type OpeningRow = z.infer<typeof openingRowSchema>;

export const tenderJobs = {
  /** At the bid deadline: open every sealed bid once, qualify, publish the opening record. */
  open: defineJob({ name: 'tenders.open', queue: 'deadlines', payload: z.object({ tenderId: z.uuid() }), durable: true }),
  /** On the center's request, once it commits: draw the evaluation committee (keyed by the tender: one draw). */
  drawExperts: defineJob({
    name: 'tenders.experts.draw',
    queue: 'deadlines',
    payload: z.object({ tenderId: z.uuid(), userId: z.uuid(), orgId: z.uuid() }),
    durable: true,
  }),
  /**
   * Right after an opening commits: each bidder is told (已开标 or 项目流标, and whether a bid of its own was
   * rejected), keyed by the tender. Ten thousand bidders' notices are the opening's fan-out, not its record:
   * they go in their own transaction, scheduled in the opening's (never lost, run once).
   */
  openingNotices: defineJob({
    name: 'tenders.opening-notices',
    queue: 'background',
    payload: z.object({ tenderId: z.uuid(), failed: z.boolean(), note: z.string().max(20_000) }),
    durable: true,
  }),
  /** A legal clock's due time (tenders.clocks.ts, keyed by the clock): a clock still running then is missed. */
  clock: defineJob({ name: 'tenders.clock', queue: 'deadlines', payload: z.object({ clockId: z.uuid() }), durable: true }),
} as const;

/** OCDS identifiers: the registered prefix plus the tender's id (DOMAIN.md: `ocds-` + 6 characters). */
export { OCID_PREFIX, ocidOf } from '../ocds/ocds.ids.ts';

export const actorOf = (auth: AuthContext): AuditActor => ({ userId: auth.userId, orgId: auth.orgId });

/** What a bid's receipt is bound to besides its content: the tender, the lot, the bidder and the documents' version it answers. */
export const bidBinding = (tenderId: string, lotId: string, supplierId: string, documentsVersion: number) =>
  ['bid', tenderId, lotId, supplierId, String(documentsVersion)] as const;
export const DAY = 86_400_000;

export const bidContent = z.object({
  lotId: z.string(),
  priceFen: z.number().int().positive(),
  brand: z.string(),
  technicalResponse: z.string(),
  smeDeclared: z.boolean(),
  sizeClass: z.enum(['large', 'medium', 'small', 'micro']),
  /** The registered treatment at submission (absent on bids sealed before it was sealed with them). */
  smeTreatment: z.enum(smeTreatmentKinds).nullable().optional(),
  documentsVersion: z.number().int(),
  /** The consortium members' or subcontractors' registered facts at submission, with their shares (absent when none declared). */
  smeShareFacts: z
    .object({
      kind: z.enum(smeShareKinds),
      members: z.array(
        z.object({
          sizeClass: z.string().nullable(),
          smeTreatment: z.string().nullable(),
          shareBp: z.number().int(),
          related: z.boolean(),
        }),
      ),
    })
    .optional(),
  greenCertificate: z
    .object({ kind: z.enum(['energy_saving', 'environmental_label']), number: z.string(), issuer: z.string(), validUntil: z.string() })
    .optional(),
  /**
   * The consortium or subcontract share as sent (USCCs and shares): with the size facts sealed beside it, what
   * the 中小企业声明函 is written from again at the opening. The letter itself is not sealed, so that a
   * declaration does not change the envelope's size bucket.
   */
  smeShare: z.object({ kind: z.enum(smeShareKinds), members: z.array(z.object({ uscc: z.string(), share: z.string() })) }).optional(),
});

export type TenderRow = typeof tenders.$inferSelect;

/** What the tender service and its parts are made with. */
export interface TendersDeps {
  db: Db;
  jobs: JobSystem;
  credit: CreditService;
  sealer: Sealer;
  notify: Notify;
}
