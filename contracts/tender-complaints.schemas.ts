import { z } from 'zod';
import { complaintOutcomes, complaintStatuses, tenderClockKinds, tenderClockStatuses } from './enums/tender-clocks.ts';

export { complaintOutcomes, complaintStatuses, tenderClockKinds, tenderClockStatuses };

/** A legal clock of a tender as the tender view lists it: what, by when, and where it stands. */
export const tenderClockSchema = z.object({
  id: z.string(),
  kind: z.enum(tenderClockKinds),
  name: z.string(),
  nameEn: z.string(),
  basis: z.string(),
  subjectId: z.string(),
  startedAt: z.string(),
  due: z.string(),
  status: z.enum(tenderClockStatuses),
  closedAt: z.string().nullable(),
});

/** A published complaint decision (处理决定), as the public reads it on the tender. */
export const complaintDecisionSchema = z.object({
  complaintId: z.string(),
  outcome: z.enum(complaintOutcomes),
  reasons: z.string(),
  decidedAt: z.string(),
  regulatorName: z.string(),
  /** The awards the decision annulled (责令重新评审, or the tender cancelled): the lot and its supplier then. */
  annulledAwards: z.array(z.object({ lotNo: z.number().int(), supplierName: z.string(), awardedAt: z.string() })),
});

/** 投诉书: the challenge it follows, the grounds (事实依据、法律依据) and the evidence (证明材料). */
export const complaintInput = z.object({
  challengeId: z.uuid('请选择所投诉的质疑'),
  grounds: z.string().trim().min(10, '请写明投诉事项、事实依据和法律依据（至少 10 字）').max(10_000),
  evidence: z.string().trim().min(4, '请列明证明材料（至少 4 字）').max(10_000),
});
/** 受理审查: accepted, or refused with the reason. */
export const complaintAcceptanceInput = z
  .object({ accept: z.boolean(), reason: z.string().trim().max(2000).optional() })
  .refine((v) => v.accept || (v.reason?.length ?? 0) >= 4, { path: ['reason'], message: '不予受理的须说明理由（至少 4 字）' });
/** 处理决定: dismissed (the procedure resumes), re-evaluation ordered, or the tender cancelled — with the reasons. */
export const complaintDecisionInput = z.object({
  outcome: z.enum(complaintOutcomes),
  reasons: z.string().trim().min(10, '请写明处理决定的理由（至少 10 字）').max(10_000),
});

export const complaintSchema = z.object({
  id: z.string(),
  tenderId: z.string(),
  tenderNo: z.string(),
  challengeId: z.string(),
  supplierId: z.string(),
  supplierName: z.string(),
  regulatorOrgId: z.string(),
  regulatorName: z.string(),
  grounds: z.string(),
  evidence: z.string(),
  filedAt: z.string(),
  status: z.enum(complaintStatuses),
  acceptDue: z.string(),
  acceptedAt: z.string().nullable(),
  refusalReason: z.string().nullable(),
  handleDue: z.string().nullable(),
  outcome: z.enum(complaintOutcomes).nullable(),
  decisionReasons: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type ComplaintDto = z.infer<typeof complaintSchema>;
