import { z } from 'zod';
import { stageKinds } from './tender-stages.ts';
import { receiptNonce } from './receipt-nonce.ts';

/** Inputs and views of the negotiated procedures (#22): rounds, final offers, the single-source notice and objections. */
const text = (label: string, max = 20_000) => z.string().trim().min(2, `请填写${label}`).max(max, `${label}过长`);
const fen = (label: string) =>
  z
    .number({ error: `请填写${label}` })
    .int(`${label}以分为单位，须为整数`)
    .min(1, `${label}须大于 0`)
    .max(1_000_000_000_000, `${label}过大`);

export const roundRecordInput = z.object({
  supplierId: z.uuid('请选择供应商'),
  notes: text('谈判记录'),
});
export const requirementChangeInput = z.object({ text: text('变更内容') });
export const leaveInput = z.object({
  supplierId: z.uuid('请选择供应商'),
  kind: z.enum(['withdrawn', 'eliminated']),
  reason: text('原因', 2000),
});
export const supplierLeaveInput = z.object({ reason: text('原因', 2000) });
export const finalOfferDeadlineInput = z.object({
  deadline: z.iso.datetime({ offset: true, error: '请填写最后报价截止时间' }),
  /** The case (from the method's fewerSuppliers) under which two suppliers may go on. */
  fewerSuppliersCase: z.string().trim().max(40).optional(),
});
export const finalOfferInput = z.object({
  lotId: z.uuid('请选择包'),
  priceFen: fen('最后报价'),
  note: z.string().trim().max(5000).default(''),
});
export const finalOfferReceiptSchema = z.object({
  offerId: z.string(),
  tenderId: z.string(),
  lotId: z.string(),
  version: z.number(),
  submittedAt: z.string(),
  commitment: z.string(),
  status: z.string(),
  statusNote: z.string().nullable(),
});
export const submittedFinalOfferSchema = finalOfferReceiptSchema.extend({
  supplierId: z.string(),
  scheme: z.string(),
  nonce: receiptNonce.describe('回执密钥: shown once'),
});

export const singleSourceNoticeInput = z.object({
  reasons: text('单一来源理由'),
  proposedSupplierId: z.uuid('请选择拟定供应商'),
});
export const objectionInput = z.object({ grounds: text('异议理由', 5000) });
export const objectionAnswerInput = z.object({
  reply: text('答复', 5000),
  upheld: z.boolean(),
  /** With an upheld objection: the method the procurement moves to. */
  newMethodCode: z.enum(['open', 'invited', 'negotiation', 'consultation', 'rfq']).optional(),
  /** With an upheld objection: the new response deadline under the new method (checked again when the draft is published). */
  newDeadline: z.iso.datetime({ offset: true }).optional(),
});
export const negotiationRecordInput = z.object({
  record: text('协商情况记录'),
  agreedPriceFen: fen('成交价格'),
  priceReasons: text('价格理由', 5000),
});

const participant = z.object({
  supplierId: z.string(),
  supplierName: z.string(),
  status: z.enum(['active', 'withdrawn', 'eliminated']),
  reason: z.string().nullable(),
  leftAfterRound: z.number().nullable(),
});
const roundRecord = z.object({ round: z.number(), supplierId: z.string(), notes: z.string(), recordedAt: z.string() });
const change = z.object({ id: z.string(), afterRound: z.number(), text: z.string(), announcedAt: z.string() });
const objection = z.object({
  id: z.string(),
  organizationName: z.string(),
  grounds: z.string(),
  lodgedAt: z.string(),
  reply: z.string().nullable(),
  upheld: z.boolean().nullable(),
  answeredAt: z.string().nullable(),
  mine: z.boolean(),
});
export const finalRecordRowSchema = z.object({
  lotId: z.string(),
  lotNo: z.number(),
  supplierId: z.string(),
  supplierName: z.string(),
  priceFen: z.number(),
  deductionRate: z.string(),
  evaluationPriceFen: z.number(),
  submittedAt: z.string(),
  commitment: z.string(),
  status: z.enum(['opened', 'rejected']),
  statusNote: z.string().nullable(),
  /** 1 for the lowest valid final offer of its lot (竞争性谈判: the recommended supplier). */
  rank: z.number().nullable(),
});

/** The procedure as its reader may see it: the stage track for all; rounds and records for its parties. */
export const procedureSchema = z.object({
  tenderId: z.string(),
  methodCode: z.string(),
  stages: z.array(z.enum(stageKinds)),
  stage: z.enum(stageKinds),
  round: z.number(),
  finalOfferDeadline: z.string().nullable(),
  finalOpenedAt: z.string().nullable(),
  finalRecord: z.array(finalRecordRowSchema).nullable(),
  participants: z.array(participant),
  records: z.array(roundRecord),
  changes: z.array(change),
  myFinalOffers: z.array(finalOfferReceiptSchema),
  singleSource: z
    .object({
      reasons: z.string().nullable(),
      proposedSupplierId: z.string().nullable(),
      proposedSupplierName: z.string().nullable(),
      windowUntil: z.string().nullable(),
      windowOpen: z.boolean(),
      objections: z.array(objection),
      negotiationRecord: z.string().nullable(),
      agreedPriceFen: z.number().nullable(),
      priceReasons: z.string().nullable(),
    })
    .nullable(),
  methodChange: z.object({ from: z.string(), to: z.string(), reason: z.string() }).nullable(),
});
export type ProcedureView = z.infer<typeof procedureSchema>;
