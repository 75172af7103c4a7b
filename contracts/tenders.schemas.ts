import { z } from 'zod';
import { intentionRef } from './plans.schemas.ts';
import { dayField } from './dates.ts';
import { evaluationMethods, tenderKinds, tenderStatuses } from './enums/tender.ts';
import { receiptNonce } from './receipt-nonce.ts';
import { checkRanges, commonListFilters, sortParam } from './list-filters.ts';
import { bp, pointsWithinWeight, reasonRequired } from './tenders.policy.ts';
import { complaintDecisionSchema, tenderClockSchema } from './tender-complaints.schemas.ts';

const money = (label: string, min = 1) =>
  z
    .number({ error: `请填写${label}` })
    .int(`${label}以分为单位，须为整数`)
    .min(min, `${label}须不小于 ${min}`)
    .max(1_000_000_000_000, `${label}过大`);
const rate = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^0(\.\d{1,4})?$|^1(\.0{1,4})?$/, `${label}须为 0–1 的小数，如 0.30`);

const categoryCodeField = z
  .string()
  .trim()
  .regex(/^[ABC]\d{0,12}$/, '品目编码格式不正确');

export const lotInput = z.object({
  name: z.string().trim().min(2, '请填写包名称').max(100),
  /** 品目 of the lot (政府采购品目分类目录); the tender's when absent. */
  categoryCode: categoryCodeField.optional(),
  budgetFen: money('预算金额'),
  items: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(100),
        quantity: z.number().int().min(1),
        unit: z.string().trim().min(1).max(10),
        specs: z.string().trim().max(2000).default(''),
      }),
    )
    .min(1, '至少一项采购标的')
    .max(50),
  evaluationMethod: z.enum(evaluationMethods),
  priceWeight: rate('价格分权重').optional(),
  criteria: z
    .array(z.object({ key: z.string().trim().min(1).max(30), name: z.string().trim().min(1).max(50), weight: rate('权重') }))
    .max(20)
    .default([]),
  smeReserved: z.boolean(),
  /** A reserved lot only small and micro enterprises may bid in (the ≥ 60% part of a reserved share). */
  smallMicroOnly: z.boolean().default(false),
  smeDeductionRate: rate('价格扣除比例').default('0.10'),
  bidBondFen: money('投标保证金', 0).default(0),
  /** 优先采购 (财库〔2019〕9号): extra points for a valid certificate (综合评分法), or a price deduction (最低评标价法). */
  greenBonusPoints: z
    .string()
    .trim()
    .regex(/^\d{1,2}(\.\d{1,2})?$/, '节能环保加分须为数字，最多两位小数，如 2 或 1.5')
    .optional(),
  greenDeductionRate: rate('节能环保价格扣除比例').optional(),
  /** 接受联合体或分包 (财库〔2020〕46号第九条): the deduction for a small/micro consortium or subcontract share; absent when the lot does not accept one. */
  consortiumDeductionRate: rate('联合体/分包价格扣除比例').optional(),
});

export const tenderInput = z.object({
  title: z.string().trim().min(4, '请填写项目名称').max(200),
  methodCode: z.string().trim().min(1).max(30),
  purchaserOrgId: z.uuid('请选择采购人'),
  kind: z.enum(tenderKinds),
  /** 品目 code of what is bought (the experts' specialty); defaults to the kind's root (A, C or B). */
  categoryCode: categoryCodeField.optional(),
  description: z.string().trim().max(4000).default(''),
  documents: z.string().trim().min(20, '请填写招标文件内容（至少 20 字）').max(200_000),
  greenPreference: z.string().trim().max(1000).default(''),
  deadline: z.iso.datetime({ offset: true, error: '投标截止时间格式不正确' }),
  /** 招标文件提供期限的截止: at least the method's working days after the announcement (≥ 5 for 招标), not after the deadline; the deadline when absent. */
  documentsUntil: z.iso.datetime({ offset: true, error: '招标文件提供截止时间格式不正确' }).optional(),
  invitedSupplierIds: z.array(z.uuid()).max(50).default([]),
  /** Why a project within the SME limit is not reserved for SMEs, or its reserved share is below 30% (财库〔2020〕46号第八条). */
  smeExemptReason: z.string().trim().max(1000).optional(),
  lots: z.array(lotInput).min(1, '至少一个包').max(20),
  /** The purchaser's 采购意向 published ≥ 30 days before the notice, or why none was (财库〔2020〕10号). */
  ...intentionRef,
});
export type TenderInput = z.infer<typeof tenderInput>;

export const clarificationInput = z.object({
  answer: z.string().trim().min(4, '请填写澄清或修改内容').max(20_000),
  questionId: z.uuid().optional(),
  /** An amendment that changes the documents: the new full text. Bids already in become invalid. */
  documents: z.string().trim().min(20).max(200_000).optional(),
});
export const questionInput = z.object({ question: z.string().trim().min(4, '请填写问题').max(4000) });
export const cancelInput = z.object({ reason: z.string().trim().min(4, '请填写终止理由').max(1000) });

export const bidInput = z.object({
  lotId: z.uuid('请选择投标的包'),
  priceFen: money('投标报价'),
  brand: z.string().trim().max(60).default(''),
  technicalResponse: z.string().trim().min(4, '请填写技术响应').max(50_000),
  /** 中小企业声明函: every good offered is made by a small or micro enterprise (services: provided by one). */
  smeDeclared: z.boolean().default(false),
  /**
   * 联合体协议 / 分包意向协议 (财库〔2020〕46号第九条): the consortium's other members, or the firms the
   * bidder subcontracts to, by USCC with their share of the contract. Sealed with the bid; where the lot
   * accepts it and the small/micro firms hold the share the policy names, the lot's consortium deduction applies.
   */
  smeShare: z
    .object({
      kind: z.enum(['consortium', 'subcontract']),
      members: z
        .array(z.object({ uscc: z.string().trim().toUpperCase().length(18, '统一社会信用代码应为 18 位'), share: rate('合同份额') }))
        .min(1, '至少一家联合体成员或分包单位')
        .max(10),
    })
    .optional(),
  /** 节能产品 / 环境标志产品 certificate of what is offered: sealed with the bid, counted if valid on the deadline's date. */
  greenCertificate: z
    .object({
      kind: z.enum(['energy_saving', 'environmental_label'], '请选择证书类别'),
      number: z.string().trim().min(4, '请填写证书编号').max(60),
      issuer: z.string().trim().min(2, '请填写发证机构').max(100),
      validUntil: dayField('有效期格式为 YYYY-MM-DD'),
    })
    .optional(),
});
export type BidInput = z.infer<typeof bidInput>;

/** What the tender lists sort by: when created, the bid deadline, the budget (the lots' sum). */
export const tenderSortFields = ['createdAt', 'deadline', 'budgetFen'] as const;
/**
 * The tender lists' filters (the days are the creation day, Asia/Shanghai; the amount is the lots' budget summed).
 * `mine`: `bid` the tenders the caller's organization bid in (suppliers), `center` those its own center runs (center staff).
 */
export const tenderListFilters = z.object({
  status: z.enum(tenderStatuses).optional(),
  ...commonListFilters,
  q: commonListFilters.q.describe('Tender no or title contains this text'),
  mine: z.enum(['bid', 'center']).optional(),
  sort: sortParam(tenderSortFields),
});
export const tenderListQuery = tenderListFilters.superRefine(checkRanges);
export type TenderListFilters = z.infer<typeof tenderListFilters>;

/** A bid's receipt. `commitment` is HMAC-SHA256 under the bidder's 回执密钥 over the bid as sent, bound to tender, lot, bidder and documents version. */
export const receiptSchema = z.object({
  bidId: z.string(),
  tenderId: z.string(),
  lotId: z.string(),
  version: z.number(),
  documentsVersion: z.number(),
  submittedAt: z.string(),
  commitment: z.string(),
  status: z.string(),
  /** 中标 (won) or 未中标 (lost) once the lot's award is confirmed; null before (and on a receipt just issued). */
  outcome: z.enum(['won', 'lost']).nullable().optional(),
  statusNote: z.string().nullable(),
});

/** The answer to a submission: the receipt and, this once, the 回执密钥 (nonce) the platform keeps nowhere in clear. */
export const submittedReceiptSchema = receiptSchema.extend({
  supplierId: z.string(),
  scheme: z.string().describe('The commitment scheme: HMAC-SHA256(nonce, scheme ‖ binding ‖ canonical JSON of the bid)'),
  nonce: z.string().describe('回执密钥: 32 random bytes, base64url. Keep it with the bid as sent; it is shown only once.'),
  /** The 中小企业声明函 sealed with the bid, written from the registered facts (null when nothing was declared). */
  smeStatement: z.string().nullable(),
});

/** What a bid's small/micro declaration would seal: the 中小企业声明函 from the registered facts. */
export const smeStatementPreviewInput = bidInput.pick({ lotId: true, smeDeclared: true, smeShare: true });
export const smeStatementPreviewSchema = z.object({ smeStatement: z.string().nullable() });

export const verifyReceiptInput = z.object({
  supplierId: z.uuid('请填写投标人'),
  nonce: receiptNonce,
  /** The bid exactly as it was sent (the same fields as PUT …/bids). */
  bid: bidInput,
});

export const receiptVerificationSchema = z.object({
  tenderId: z.string(),
  lotId: z.string(),
  supplierId: z.string(),
  version: z.number(),
  documentsVersion: z.number(),
  submittedAt: z.string(),
  commitment: z.string(),
  valid: z.boolean(),
});

const greenCertificateSchema = z.object({
  kind: z.enum(['energy_saving', 'environmental_label']),
  number: z.string(),
  issuer: z.string(),
  validUntil: z.string(),
});

export const openingRowSchema = z.object({
  lotId: z.string(),
  lotNo: z.number(),
  supplierId: z.string(),
  supplierName: z.string(),
  sizeClass: z.string().nullable(),
  priceFen: z.number(),
  brand: z.string().nullable(),
  /** 同品牌: the brand, when another valid bid of the lot offers it too (they count as one bidder); absent in older records. */
  sameBrand: z.string().nullable().optional(),
  smeDeclared: z.boolean(),
  deductionRate: z.string(),
  /** Why the deduction applies (sme-treatment.ts: size_class, prison_enterprise, disability_welfare, consortium, subcontract); absent in records opened before it. */
  smeBasis: z.string().nullable().optional(),
  evaluationPriceFen: z.number(),
  submittedAt: z.string(),
  /** The receipt's commitment (records opened before it was renamed hold it as `sha256`; the service reads either). */
  commitment: z.string(),
  status: z.string(),
  statusNote: z.string().nullable(),
  /** The declared green certificate and whether it is valid on the deadline's date (absent in records opened before it existed). */
  greenCertificate: greenCertificateSchema.nullable().optional(),
  greenValid: z.boolean().optional(),
  /** The 中小企业声明函 sealed with the bid (财库〔2020〕46号 附件), opened with it; absent when none was declared or in older records. */
  smeStatement: z.string().nullable().optional(),
});

export const lotSchema = z.object({
  id: z.string(),
  lotNo: z.number(),
  name: z.string(),
  /** 品目 of the lot (the tender's when the lot names none) and its name in the categories reference. */
  categoryCode: z.string(),
  categoryName: z.string().nullable(),
  budgetFen: z.number(),
  items: z.array(z.object({ name: z.string(), quantity: z.number(), unit: z.string(), specs: z.string() })),
  evaluationMethod: z.enum(evaluationMethods),
  priceWeight: z.string().nullable(),
  criteria: z.array(z.object({ key: z.string(), name: z.string(), weight: z.string() })),
  smeReserved: z.boolean(),
  smallMicroOnly: z.boolean(),
  smeDeductionRate: z.string(),
  bidBondFen: z.number(),
  greenBonusPoints: z.string().nullable(),
  greenDeductionRate: z.string().nullable(),
  /** The deduction for a small/micro consortium or subcontract share; null when the lot does not accept one. */
  consortiumDeductionRate: z.string().nullable(),
  status: z.string(),
});

/** 合同公告 as published: the document is downloadable by anyone from `documentUrl`. */
export const contractNoticeSchema = z.object({
  id: z.string(),
  contractNo: z.string(),
  lotId: z.string(),
  lotNo: z.number(),
  purchaserName: z.string(),
  supplierName: z.string(),
  amountFen: z.number(),
  amountReason: z.string().nullable(),
  signedOn: z.string(),
  publishedAt: z.string().nullable(),
  document: z.object({ filename: z.string(), sizeBytes: z.number(), url: z.string() }).nullable(),
});

export const tenderSchema = z.object({
  id: z.string(),
  tenderNo: z.string(),
  ocid: z.string(),
  title: z.string(),
  methodCode: z.string(),
  methodName: z.string(),
  purchaserOrgId: z.string(),
  purchaserName: z.string(),
  centerOrgId: z.string(),
  invitedSupplierIds: z.array(z.string()),
  cancelReason: z.string().nullable(),
  centerName: z.string(),
  kind: z.enum(tenderKinds),
  categoryCode: z.string(),
  categoryName: z.string().nullable(),
  description: z.string(),
  documents: z.string(),
  documentsVersion: z.number(),
  greenPreference: z.string(),
  status: z.enum(tenderStatuses),
  publishedAt: z.string().nullable(),
  deadline: z.string(),
  openedAt: z.string().nullable(),
  /** 中标公告 and the end of the challenge window. */
  awardNoticeAt: z.string().nullable(),
  challengeUntil: z.string().nullable(),
  /** 招标文件提供期限的截止 (set on publishing). */
  documentsUntil: z.string().nullable(),
  /** 暂停采购活动 while an accepted complaint is handled (政府采购法 第五十七条); null otherwise. */
  suspendedAt: z.string().nullable(),
  /** 法定时限: every legal clock started so far, with its due time and whether it was met. */
  clocks: z.array(tenderClockSchema),
  /** 投诉处理决定, published. */
  complaintDecisions: z.array(complaintDecisionSchema),
  resultNote: z.string().nullable(),
  lots: z.array(lotSchema),
  /** `askedByMe`: the caller's organization asked it (a supplier sees its own questions before they are answered). */
  clarifications: z.array(
    z.object({
      id: z.string(),
      question: z.string().nullable(),
      answer: z.string().nullable(),
      changesDocuments: z.boolean(),
      deadlineMovedTo: z.string().nullable(),
      invalidatedBids: z.number().nullable(),
      createdAt: z.string(),
      answeredAt: z.string().nullable(),
      askedByMe: z.boolean(),
    }),
  ),
  /** 合同: one per awarded lot once signed, at the awarded bid's price. */
  contracts: z.array(
    z.object({
      id: z.string(),
      contractNo: z.string(),
      lotId: z.string(),
      lotNo: z.number(),
      supplierId: z.string(),
      supplierName: z.string(),
      priceFen: z.number(),
      signedOn: z.string(),
    }),
  ),
  /** Before the deadline: null (not even the count). After the opening: every bid once. */
  openingRecord: z.array(openingRowSchema).nullable(),
  /** 无效投标 after the opening: each failed bid with the stage that failed it and the reason; null before. */
  invalidBids: z
    .array(
      z.object({
        bidId: z.string(),
        lotId: z.string(),
        lotNo: z.number(),
        supplierId: z.string(),
        supplierName: z.string(),
        stage: z.enum(['opening', 'qualification', 'compliance']),
        reason: z.string(),
      }),
    )
    .nullable(),
  /** 合同公告: each published contract (the parties and the center also see the unpublished ones). */
  contractNotices: z.array(contractNoticeSchema),
  /** 中标结果公告: per lot the winner, the amount and a report summary; the committee's names; the OCDS record. */
  awardNotice: z
    .object({
      publishedAt: z.string(),
      committee: z.array(z.string()),
      ocdsUrl: z.string(),
      ocid: z.string(),
      lots: z.array(
        z.object({
          lotId: z.string(),
          lotNo: z.number(),
          name: z.string(),
          status: z.string(),
          supplierName: z.string().nullable(),
          amountFen: z.number().nullable(),
          summary: z.string(),
        }),
      ),
    })
    .nullable(),
});

export const declineInput = z.object({ reason: z.string().trim().min(4, '请说明原因').max(1000) });
export const committeeSchema = z.object({
  /** `names`: expert id → name for every candidate and left-out expert; the running center only (null for regulators). */
  draw: z
    .object({
      seed: z.string(),
      committeeSize: z.number(),
      specialty: z.string(),
      candidates: z.array(z.string()),
      excluded: z.array(z.object({ expertId: z.string(), reason: z.string() })),
      drawnAt: z.string(),
      names: z.record(z.string(), z.string()).nullable(),
    })
    .nullable(),
  /** A requested draw the worker has not done yet; and why the last one drew nobody. */
  drawing: z.boolean(),
  drawFailure: z.string().nullable(),
  /** `scoredLotIds`: the lots for which this expert has submitted a score sheet. */
  seats: z.array(
    z.object({
      id: z.string(),
      expertId: z.string(),
      name: z.string(),
      title: z.string(),
      employer: z.string(),
      drawPosition: z.number(),
      status: z.enum(['drawn', 'confirmed', 'declined']),
      declinedReason: z.string().nullable(),
      declaredAt: z.string().nullable(),
      scoredLotIds: z.array(z.string()),
    }),
  ),
});
export const assignmentSchema = z.object({
  id: z.string(),
  tenderId: z.string(),
  tenderNo: z.string(),
  title: z.string(),
  tenderStatus: z.enum(tenderStatuses),
  status: z.enum(['drawn', 'confirmed', 'declined']),
  declinedReason: z.string().nullable(),
  declaredAt: z.string().nullable(),
});

export const scoresInput = z.object({
  lotId: z.uuid(),
  sheets: z
    .array(
      z.object({
        bidId: z.uuid(),
        points: z.record(z.string().max(30), z.string().trim().max(8)),
        /** 评分理由: criterion key → the reason for the points; required where the points are below full marks (criterionScore). */
        reasons: z.record(z.string().max(30), z.string().trim().max(1000)).default({}),
      }),
    )
    .min(1)
    .max(500),
});

type SheetCriterion = { key: string; name: string; weight: string };

/**
 * One criterion of one score sheet as the lot's criteria rule it (the server and the score sheet page check
 * with this same schema): points 0 to full marks (weight × 100), at most two decimals; and 评分理由, required
 * when the points are below full marks. Issues at `points` and `reason`.
 */
export const criterionScore = (c: SheetCriterion) =>
  z.object({ points: z.string().optional(), reason: z.string().optional() }).superRefine((v, ctx) => {
    const p = v.points?.trim() ?? '';
    if (p === '') ctx.addIssue({ code: 'custom', path: ['points'], message: `请填写「${c.name}」得分` });
    else if (!pointsWithinWeight(p, c.weight))
      ctx.addIssue({ code: 'custom', path: ['points'], message: `「${c.name}」得分须在 0–${bp(c.weight) / 100} 分之间，最多两位小数` });
    else if (reasonRequired(p, c.weight) && !v.reason?.trim())
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `「${c.name}」未给满分，请填写评分理由` });
  });

/** Every problem of a lot's score sheets at once, by the request's field names (`sheets[0].reasons.tech`). */
export function scoreSheetProblems(
  criteria: readonly SheetCriterion[],
  sheets: readonly { points: Record<string, string>; reasons?: Record<string, string> }[],
) {
  const out: { field: string; message: string }[] = [];
  sheets.forEach((s, i) => {
    for (const c of criteria) {
      const r = criterionScore(c).safeParse({ points: s.points[c.key], reason: s.reasons?.[c.key] });
      for (const issue of r.success ? [] : r.error.issues)
        out.push({ field: `sheets[${i}].${issue.path[0] === 'reason' ? 'reasons' : 'points'}.${c.key}`, message: issue.message });
    }
    for (const key of [...Object.keys(s.points), ...Object.keys(s.reasons ?? {})])
      if (!criteria.some((c) => c.key === key))
        out.push({ field: `sheets[${i}].${key in s.points ? 'points' : 'reasons'}.${key}`, message: '没有这个评分因素' });
  });
  return out;
}

/** One stage's review of a lot: every bid still standing passed or failed, a failure with its reason. */
export const reviewInput = z.object({
  lotId: z.uuid('请选择包'),
  results: z
    .array(z.object({ bidId: z.uuid(), passed: z.boolean(), reason: z.string().trim().max(1000).optional() }))
    .min(1)
    .max(500),
});
const reviewOutcome = z.object({ passed: z.boolean(), reason: z.string().nullable(), automatic: z.boolean() }).nullable();
/** An opened bid with its 资格性审查 and 符合性审查 so far (null: not reviewed yet). */
export const bidReviewSchema = z.object({
  bidId: z.string(),
  lotId: z.string(),
  supplierName: z.string(),
  status: z.string(),
  statusNote: z.string().nullable(),
  brand: z.string().nullable(),
  priceFen: z.number().nullable(),
  smeDeclared: z.boolean().nullable(),
  qualification: reviewOutcome,
  compliance: reviewOutcome,
});
/** A member's signature on a lot's report: agreeing, or dissenting with reasons. */
export const signInput = z.object({
  lotId: z.uuid('请选择包'),
  agrees: z.boolean(),
  dissent: z.string().trim().max(4000).optional(),
});

const rankingRow = z.object({
  rank: z.number(),
  bidId: z.string(),
  supplierId: z.string(),
  supplierName: z.string(),
  sizeClass: z.string().nullable(),
  priceFen: z.number(),
  deductionRate: z.string(),
  /** 优先采购: the certificate, whether it counts, the green deduction (rate and fen, 最低评标价法) or bonus points (综合评分法). Absent in reports computed before. */
  greenCertificate: greenCertificateSchema.nullable().optional(),
  greenValid: z.boolean().optional(),
  greenDeductionRate: z.string().optional(),
  greenDeductionFen: z.number().optional(),
  greenBonus: z.string().optional(),
  evaluationPriceFen: z.number(),
  priceScore: z.string(),
  criteria: z.record(z.string(), z.string()),
  otherScore: z.string(),
  total: z.string(),
  experts: z.number(),
  tieBreak: z.string().nullable(),
});

export const evaluationReportSchema = z.object({
  tenderId: z.string(),
  tenderNo: z.string(),
  status: z.enum(tenderStatuses),
  lots: z.array(
    z.object({
      lotId: z.string(),
      lotNo: z.number(),
      name: z.string(),
      status: z.string(),
      computedAt: z.string().nullable(),
      recommendedBidId: z.string().nullable(),
      awardedBidId: z.string().nullable(),
      awardedAt: z.string().nullable(),
      contractPriceFen: z.number().nullable(),
      report: z
        .object({
          method: z.enum(evaluationMethods),
          priceWeight: z.string().nullable(),
          greenBonusPoints: z.string().nullable().optional(),
          greenDeductionRate: z.string().nullable().optional(),
          lowestEvaluationPriceFen: z.number(),
          ranking: z.array(rankingRow),
          outliers: z.array(z.object({ bidId: z.string(), expertId: z.string(), total: z.string(), othersMean: z.string() })),
        })
        .nullable(),
      /** 无效投标 of the lot with the stage and the reason (not scored, not ranked). */
      invalidBids: z.array(
        z.object({
          bidId: z.string(),
          supplierName: z.string(),
          stage: z.enum(['opening', 'qualification', 'compliance']),
          reason: z.string(),
        }),
      ),
      /** The committee's signatures (评审专家 N by seat): final once every member has signed. */
      signing: z.object({
        required: z.number(),
        final: z.boolean(),
        signatures: z.array(
          z.object({ seat: z.number(), expert: z.string(), agrees: z.boolean(), dissent: z.string().nullable(), signedAt: z.string() }),
        ),
      }),
      /** 评分理由: per member (评审专家 N by seat), per bidder, per criterion, the points and the reason ('' at full marks without one). */
      reasons: z.array(
        z.object({
          seat: z.number(),
          expert: z.string(),
          bidId: z.string(),
          supplierName: z.string(),
          criterion: z.string(),
          criterionName: z.string(),
          points: z.string(),
          reason: z.string(),
        }),
      ),
    }),
  ),
});

export const challengeInput = z.object({
  grounds: z.string().trim().min(10, '请写明质疑事项、事实依据和法律依据（至少 10 字）').max(10_000),
});
export const challengeReplyInput = z.object({
  reply: z.string().trim().min(10, '请写明答复内容（至少 10 字）').max(10_000),
  upheld: z.boolean(),
});
export const challengeSchema = z.object({
  id: z.string(),
  supplierId: z.string(),
  supplierName: z.string(),
  grounds: z.string(),
  lodgedAt: z.string(),
  replyDue: z.string(),
  reply: z.string().nullable(),
  upheld: z.boolean().nullable(),
  repliedAt: z.string().nullable(),
  late: z.boolean(),
});
export const contractInput = z.object({
  signedOn: dayField('签订日期格式为 YYYY-MM-DD'),
  /** 合同编号: the unit's own numbering; default HT<tender no.>-<lot no.>. */
  contractNo: z
    .string()
    .trim()
    .min(3, '合同编号至少 3 个字符')
    .max(60, '合同编号不超过 60 个字符')
    .regex(/^[\p{L}\p{N}\-_/〔〕()（）]+$/u, '合同编号只能包含文字、数字和 - _ / 〔〕()')
    .optional(),
  /** 合同金额 in fen: the awarded bid price unless a reason is given. */
  amountFen: z.number().int('金额以分为单位的整数').positive('金额须大于 0').max(1e13, '金额过大').optional(),
  amountReason: z.string().trim().min(4, '请说明合同金额与中标金额不一致的理由').max(500).optional(),
});
export const contractSchema = z.object({
  id: z.string(),
  contractNo: z.string(),
  lotId: z.string(),
  supplierId: z.string(),
  priceFen: z.number(),
  signedOn: z.string(),
});

export const scoreSheetSchema = z.object({
  seatId: z.string(),
  seatStatus: z.enum(['drawn', 'confirmed', 'declined']),
  tenderId: z.string(),
  tenderNo: z.string(),
  title: z.string(),
  tenderStatus: z.enum(tenderStatuses),
  lots: z.array(
    z.object({
      lotId: z.string(),
      lotNo: z.number(),
      name: z.string(),
      status: z.string(),
      evaluationMethod: z.enum(evaluationMethods),
      priceWeight: z.string().nullable(),
      criteria: z.array(z.object({ key: z.string(), name: z.string(), weight: z.string() })),
      /** 资格性审查 and 符合性审查 done for every bid still standing; the report computed; signed by this member. */
      qualificationDone: z.boolean(),
      complianceDone: z.boolean(),
      reportOut: z.boolean(),
      signedByMe: z.boolean(),
      bids: z.array(
        z.object({
          bidId: z.string(),
          supplierName: z.string(),
          sizeClass: z.string().nullable(),
          priceFen: z.number(),
          deductionRate: z.string(),
          evaluationPriceFen: z.number(),
          technicalResponse: z.string(),
          myPoints: z.record(z.string(), z.string()).nullable(),
          myReasons: z.record(z.string(), z.string()).nullable(),
        }),
      ),
    }),
  ),
});
