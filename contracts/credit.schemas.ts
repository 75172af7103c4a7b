import { z } from 'zod';
import { isoDay } from './dates.ts';
import { creditEventStatuses, creditSeverities, creditSources, eligibilityActions, exclusionListTypes } from './enums/credit.ts';

export const creditSourceSchema = z.enum(creditSources);
export const creditSeveritySchema = z.enum(creditSeverities);
export const creditEventStatusSchema = z.enum(creditEventStatuses);
export const exclusionListTypeSchema = z.enum(exclusionListTypes);
export const eligibilityActionSchema = z.enum(eligibilityActions);

const reason = z.string().trim().min(2, '请填写理由').max(2000, '理由最长 2000 字');

export const recordEventBody = z.object({
  supplierId: z.uuid('供应商编号格式不正确'),
  source: z.enum([
    'tender_misconduct',
    'regulator_penalty',
    'order_rejection',
    'late_delivery',
    'late_confirmation',
    'auction_payment_default',
  ]),
  severity: creditSeveritySchema,
  title: z.string().trim().min(4, '标题至少 4 个字').max(200),
  description: z.string().trim().min(4, '请填写事实与证据说明').max(5000),
  sourceRef: z.string().trim().max(200).optional(),
  occurredAt: z.iso.datetime({ offset: true, message: '时间格式应为 ISO 8601' }).optional(),
});

export const decisionBody = z.object({ reason });
export const appealBody = z.object({ reason: z.string().trim().min(10, '申诉理由至少 10 个字').max(5000) });
export const appealDecisionBody = z.object({ decision: z.enum(['upheld', 'revoked']), reason });

export const createExclusionBody = z.object({
  supplierId: z.uuid('供应商编号格式不正确'),
  listType: exclusionListTypeSchema,
  regionCode: z.union([z.literal(''), z.string().regex(/^\d{6}$/, '地区代码应为 6 位数字')]).default(''),
  startsOn: isoDay,
  endsOn: isoDay.nullable(),
  legalBasis: z.string().trim().min(4, '请填写法律依据').max(500),
  eventId: z.uuid().optional(),
});

export const liftBody = z.object({ reason });

export const eventListQuery = z.object({
  supplierId: z.uuid().optional(),
  status: creditEventStatusSchema.optional(),
  source: creditSourceSchema.optional(),
  q: z.string().trim().max(50).optional(),
});
export const appealListQuery = z.object({ status: z.enum(['pending', 'upheld', 'revoked']).optional() });
export const exclusionListQuery = z.object({ status: z.enum(['active', 'lifted']).optional(), q: z.string().trim().max(50).optional() });
export const eligibilityQuery = z.object({
  supplierId: z.uuid(),
  action: eligibilityActionSchema,
  regionCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});
export const lookupQuery = z.object({ q: z.string().trim().min(2, '请输入至少 2 个字符').max(100) });
export const importQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

const scoreLine = z.object({
  kind: z.enum(['base', 'event', 'bound']),
  eventId: z.string().nullable(),
  label: z.string(),
  points: z.number(),
  weight: z.number(),
  effectCenti: z.number().int(),
});
export const scoreSchema = z.object({ score: z.number(), computedAt: z.string().nullable(), lines: z.array(scoreLine) });

export const eventSchema = z.object({
  id: z.string(),
  supplierId: z.string(),
  supplierName: z.string().optional(),
  source: creditSourceSchema,
  severity: creditSeveritySchema,
  points: z.number(),
  title: z.string(),
  description: z.string(),
  sourceRef: z.string().nullable(),
  status: creditEventStatusSchema,
  occurredAt: z.string(),
  confirmedAt: z.string().nullable(),
  appealDeadline: z.string().nullable(),
  decisionReason: z.string().nullable(),
  /** The organization that recorded it (null for platform events): it may attach evidence. */
  recordedByOrgId: z.string().nullable(),
});

export const exclusionSchema = z.object({
  id: z.string(),
  supplierId: z.string().nullable(),
  uscc: z.string(),
  name: z.string(),
  listType: exclusionListTypeSchema,
  regionCode: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  legalBasis: z.string(),
  eventId: z.string().nullable(),
  status: z.enum(['active', 'lifted']),
  /** In force today (Beijing date, database clock): active, started and not ended. */
  inForce: z.boolean(),
  liftedReason: z.string().nullable(),
  createdAt: z.string(),
});

export const appealSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventTitle: z.string().optional(),
  supplierId: z.string(),
  supplierName: z.string().optional(),
  reason: z.string(),
  status: z.enum(['pending', 'upheld', 'revoked']),
  decisionReason: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});

export const eligibilitySchema = z.object({
  eligible: z.boolean(),
  action: eligibilityActionSchema,
  checkedAt: z.string(),
  reasons: z.array(
    z.object({
      code: z.string(),
      message: z.string(),
      exclusionId: z.string().optional(),
      eventId: z.string().optional(),
      listType: exclusionListTypeSchema.optional(),
      legalBasis: z.string().optional(),
      endsOn: z.string().nullable().optional(),
    }),
  ),
});

const publicExclusion = z.object({
  id: z.string(),
  listType: exclusionListTypeSchema,
  listTypeLabel: z.string(),
  regionCode: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  legalBasis: z.string(),
  status: z.enum(['active', 'lifted']),
  inForce: z.boolean(),
  liftedReason: z.string().nullable(),
});

export const supplierRecordSchema = z.object({
  supplier: z.object({ id: z.string(), name: z.string(), uscc: z.string().nullable(), sizeClass: z.string().nullable() }),
  score: scoreSchema,
  events: z.array(
    eventSchema.omit({ supplierName: true }).extend({
      canAppeal: z.boolean(),
      recordedElsewhere: z
        .boolean()
        .describe('Oversight only: recorded by another area; its evidence and appeals stay with that area and are not given here'),
      evidence: z.array(z.object({ id: z.string(), filename: z.string(), contentType: z.string(), sizeBytes: z.number() })),
      appeals: z.array(
        z.object({
          id: z.string(),
          reason: z.string(),
          status: z.string(),
          decisionReason: z.string().nullable(),
          createdAt: z.string(),
          decidedAt: z.string().nullable(),
        }),
      ),
    }),
  ),
  exclusions: z.array(publicExclusion),
});

/** What anyone may see: no evidence text, files or appeals. */
export const publicLookupSchema = z.object({
  query: z.string(),
  results: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      uscc: z.string().nullable(),
      sizeClass: z.string().nullable(),
      regionCode: z.string(),
      regionName: z.string(),
      score: z.number(),
      exclusions: z.array(publicExclusion),
      record: z.array(
        z.object({
          occurredAt: z.string(),
          source: creditSourceSchema,
          severity: creditSeveritySchema,
          title: z.string(),
          status: creditEventStatusSchema,
        }),
      ),
    }),
  ),
});

export const importReportSchema = z.object({
  importId: z.string().nullable(),
  dryRun: z.boolean(),
  rowCount: z.number().int(),
  matchedCount: z.number().int(),
  rows: z.array(
    z.object({
      row: z.number().int(),
      uscc: z.string(),
      name: z.string(),
      listType: exclusionListTypeSchema,
      supplierId: z.string().nullable(),
      supplierName: z.string().nullable(),
      exclusionId: z.string().nullable(),
    }),
  ),
});

export type Source = z.infer<typeof creditSourceSchema>;
export type Severity = z.infer<typeof creditSeveritySchema>;
export type EventStatus = z.infer<typeof creditEventStatusSchema>;
export type ListType = z.infer<typeof exclusionListTypeSchema>;
