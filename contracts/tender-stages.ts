/**
 * Procedures as stages (#22): each 采购方式 row names its stages (contracts/procurement-methods.ts); a tender's
 * current stage follows from its status, its deadline and, inside the opened part of a negotiated procedure,
 * the stage the procedure row holds. Drizzle-free: the storefront draws the stage track with it.
 */
export const stageKinds = [
  'notice',
  'bids',
  'responses',
  'opening',
  'rounds',
  'final_offers',
  'evaluation',
  'notice_objections',
  'negotiation_record',
  'award',
  'closed',
] as const;
export type StageKind = (typeof stageKinds)[number];

export const stageNames: Record<StageKind, { zh: string; en: string }> = {
  notice: { zh: '公告', en: 'Notice' },
  bids: { zh: '投标', en: 'Bids' },
  responses: { zh: '首次响应', en: 'First responses' },
  opening: { zh: '开标', en: 'Opening' },
  rounds: { zh: '谈判/磋商轮次', en: 'Negotiation rounds' },
  final_offers: { zh: '最后报价', en: 'Final offers' },
  evaluation: { zh: '评审', en: 'Evaluation' },
  notice_objections: { zh: '单一来源公示', en: 'Single-source notice' },
  negotiation_record: { zh: '协商情况记录', en: 'Negotiation record' },
  award: { zh: '成交/中标', en: 'Award' },
  closed: { zh: '已终止', en: 'Closed' },
};

/** What a procedure row (tender_procedures) keeps of the opened part: rounds, final offers, evaluation, award. */
export type ProcedureStage = 'rounds' | 'final_offers' | 'evaluation' | 'negotiation_record' | 'award';

/** The stage a tender is in: from its status and deadline, and the procedure row's stage once opened. */
export function stageOf(
  stages: readonly StageKind[],
  t: { status: string; deadlinePassed: boolean },
  procedureStage: ProcedureStage | null,
): StageKind {
  const has = (s: StageKind) => stages.includes(s);
  switch (t.status) {
    case 'draft':
      return stages[0]!;
    case 'bidding':
      if (has('notice_objections')) return 'notice_objections';
      if (has('responses')) return 'responses';
      return t.deadlinePassed ? 'opening' : 'bids';
    case 'opened':
    case 'evaluation':
      if (procedureStage && has(procedureStage)) return procedureStage;
      if (has('rounds')) return 'rounds';
      if (has('negotiation_record')) return 'negotiation_record';
      return 'evaluation';
    case 'awarded':
    case 'challenge':
    case 'contracted':
      return 'award';
    default:
      return 'closed';
  }
}
