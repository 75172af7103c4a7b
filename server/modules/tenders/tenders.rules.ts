import { createHash } from 'node:crypto';
import type { TenderStatus } from '../../db/schema/tenders.ts';
import { applyRate } from '../catalogue/catalogue.rules.ts';
import { yuan } from '../../../contracts/money.ts';
import { priceTreatmentOf, type SmeShare } from '../../../contracts/sme-treatment.ts';
import { bp, centi, points } from '../../../contracts/tenders.policy.ts';

export { bp, centi, greenBonusPointsMax, greenDeductionRateMax, points, priceWeightBounds } from '../../../contracts/tenders.policy.ts';

export interface GreenCertificate {
  kind: 'energy_saving' | 'environmental_label';
  number: string;
  issuer: string;
  validUntil: string;
}

/** A certificate proves the product only while valid: on or after the bid deadline's date (Asia/Shanghai). An expired one proves nothing. */
export const greenCertificateCounts = (cert: GreenCertificate | null | undefined, deadlineDate: string) =>
  Boolean(cert && cert.validUntil >= deadlineDate);

export const tenderStatusLabels: Record<TenderStatus, string> = {
  draft: '草稿',
  bidding: '投标中',
  opened: '已开标',
  evaluation: '评审中',
  awarded: '已定标',
  challenge: '质疑期',
  contracted: '已签订合同',
  failed: '流标/废标',
  cancelled: '已终止',
};

/**
 * Evaluation price = bid × (1 − deduction), the deduction as priceTreatmentOf answers it (a declared
 * small/micro bidder by smeStandingOf, or a consortium / subcontract share where the lot accepts one);
 * the contract price stays the bid.
 */
export function evaluationOf(
  bid: { priceFen: number; sizeClass: string | null; smeTreatment?: string | null; smeDeclared: boolean; smeShare?: SmeShare | null },
  lot: { smeReserved: boolean; smeDeductionRate: string; consortiumDeductionRate?: string | null },
) {
  const treatment = priceTreatmentOf({ ...bid, smeTreatment: bid.smeTreatment ?? null }, lot);
  const deductionRate = treatment.deductionRate;
  return { deductionRate, smeBasis: treatment.basis, evaluationPriceFen: bid.priceFen - applyRate(bid.priceFen, deductionRate) };
}

/** For the minimum number of bidders, bids offering the same brand count as one (财政部令第87号第三十一条). */
export function distinctBidders(bids: readonly { supplierId: string; brand: string | null }[]): number {
  return new Set(bids.map((b) => (b.brand && b.brand.trim() ? `brand:${b.brand.trim().toLowerCase()}` : `supplier:${b.supplierId}`))).size;
}

/** 评标委员会 size: odd, at least 5, at least 7 when the budget reaches the large-budget line (¥10M). */
export const committeeSize = (budgetFen: number, largeBudgetFen: number) => (budgetFen >= largeBudgetFen ? 7 : 5);

/**
 * The draw's order: the eligible candidates sorted by their pool number (专家编号; by id where no numbers
 * are given), then shuffled by Fisher–Yates driven by SHA-256(seed ‖ counter). Anyone with the seed, the
 * candidate set and their numbers gets the same order.
 */
export function seededOrder(ids: readonly string[], seed: string, poolNo?: ReadonlyMap<string, number>): string[] {
  const order = poolNo ? [...ids].sort((a, b) => poolNo.get(a)! - poolNo.get(b)!) : [...ids].sort();
  let counter = 0;
  const next = (bound: number) => {
    const h = createHash('sha256').update(`${seed}:${counter++}`).digest();
    return Number(h.readBigUInt64BE(0) % BigInt(bound));
  };
  for (let i = order.length - 1; i > 0; i--) {
    const j = next(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

export interface EvalBid {
  bidId: string;
  supplierId: string;
  supplierName: string;
  sizeClass: string | null;
  priceFen: number;
  deductionRate: string;
  evaluationPriceFen: number;
  submittedAt: string;
  /** The certificate the bid declared, and whether it counts (valid on the deadline's date). */
  greenCertificate?: GreenCertificate | null;
  greenValid?: boolean;
}
export interface LotRule {
  evaluationMethod: 'lowest_price' | 'comprehensive';
  priceWeight: string | null;
  criteria: { key: string; name: string; weight: string }[];
  /** 优先采购: points added to the total (综合评分法) or a further price deduction (最低评标价法) for a valid certificate. */
  greenBonusPoints?: string | null;
  greenDeductionRate?: string | null;
}
export interface ScoreSheet {
  bidId: string;
  expertId: string;
  points: Record<string, string>;
}

const divRound = (num: bigint, den: bigint) => Number((num * 2n + den) / (2n * den));

/**
 * 评标: the report of one lot. A bid with a valid green certificate (财库〔2019〕9号 优先采购) gets the lot's
 * green deduction on its bid price, on top of the SME deduction (evaluation price = bid − SME deduction −
 * green deduction, each rounded to the fen), or the lot's green bonus points added to its total; the
 * contract price stays the bid. Price score = lowest evaluation price / this evaluation price × price
 * weight (财政部令第87号第五十五条), in hundredths of a point rounded half up; each other criterion is the
 * experts' average; the total ranks the bids, ties broken by the lower evaluation price, then the higher
 * technical score, then the earlier submission. 最低评标价法 ranks by evaluation price, then submission.
 * An expert whose total for a bid is further than `outlierRatio` from the others' mean is flagged.
 */
export function evaluateLot(lot: LotRule, rawBids: readonly EvalBid[], sheets: readonly ScoreSheet[], outlierRatio: string) {
  const greenRate = lot.evaluationMethod === 'lowest_price' && lot.greenDeductionRate ? lot.greenDeductionRate : null;
  const greenBonus = lot.evaluationMethod === 'comprehensive' && lot.greenBonusPoints ? centi(lot.greenBonusPoints) : 0;
  const bidsIn = rawBids.map((b) => {
    const greenDeductionFen = greenRate && b.greenValid ? applyRate(b.priceFen, greenRate) : 0;
    return {
      ...b,
      greenDeductionRate: greenDeductionFen ? greenRate! : '0',
      greenDeductionFen,
      greenBonusCenti: b.greenValid ? greenBonus : 0,
      evaluationPriceFen: b.evaluationPriceFen - greenDeductionFen,
    };
  });
  const lowest = Math.min(...bidsIn.map((b) => b.evaluationPriceFen));
  const weight = lot.priceWeight ? bp(lot.priceWeight) : 0;
  const rows = bidsIn.map((b) => {
    const mine = sheets.filter((s) => s.bidId === b.bidId);
    const criteria: Record<string, string> = {};
    let other = 0;
    if (lot.evaluationMethod === 'comprehensive') {
      for (const c of lot.criteria) {
        const sum = mine.reduce((s, x) => s + centi(x.points[c.key] ?? '0'), 0);
        const avg = mine.length ? divRound(BigInt(sum), BigInt(mine.length)) : 0;
        criteria[c.key] = points(avg);
        other += avg;
      }
    }
    const priceScore =
      lot.evaluationMethod === 'comprehensive' ? divRound(BigInt(lowest) * BigInt(weight), BigInt(b.evaluationPriceFen)) : 0;
    return {
      ...b,
      priceScoreCenti: priceScore,
      otherCenti: other,
      totalCenti: priceScore + other + b.greenBonusCenti,
      criteria,
      experts: mine.length,
    };
  });
  const sorted = [...rows].sort((a, b) =>
    lot.evaluationMethod === 'comprehensive'
      ? b.totalCenti - a.totalCenti ||
        a.evaluationPriceFen - b.evaluationPriceFen ||
        b.otherCenti - a.otherCenti ||
        a.submittedAt.localeCompare(b.submittedAt)
      : a.evaluationPriceFen - b.evaluationPriceFen || a.submittedAt.localeCompare(b.submittedAt),
  );
  const ranked = sorted.map((r, i) => {
    const prev = sorted[i - 1];
    const tied =
      prev &&
      (lot.evaluationMethod === 'comprehensive' ? prev.totalCenti === r.totalCenti : prev.evaluationPriceFen === r.evaluationPriceFen);
    return {
      rank: i + 1,
      bidId: r.bidId,
      supplierId: r.supplierId,
      supplierName: r.supplierName,
      sizeClass: r.sizeClass,
      priceFen: r.priceFen,
      deductionRate: r.deductionRate,
      greenCertificate: r.greenCertificate ?? null,
      greenValid: r.greenValid ?? false,
      greenDeductionRate: r.greenDeductionRate,
      greenDeductionFen: r.greenDeductionFen,
      greenBonus: points(r.greenBonusCenti),
      evaluationPriceFen: r.evaluationPriceFen,
      priceScore: points(r.priceScoreCenti),
      criteria: r.criteria,
      otherScore: points(r.otherCenti),
      total: points(r.totalCenti),
      experts: r.experts,
      tieBreak: tied
        ? lot.evaluationMethod === 'comprehensive'
          ? '得分相同：评审价低者优先，再技术得分高者，再递交早者'
          : '评审价相同：递交早者优先'
        : null,
    };
  });
  const ratio = bp(outlierRatio);
  const outliers: { bidId: string; expertId: string; total: string; othersMean: string }[] = [];
  for (const b of bidsIn) {
    const mine = sheets
      .filter((s) => s.bidId === b.bidId)
      .map((s) => ({ expertId: s.expertId, total: Object.values(s.points).reduce((x, p) => x + centi(p), 0) }));
    for (const m of mine) {
      const others = mine.filter((o) => o.expertId !== m.expertId);
      if (!others.length) continue;
      const mean = others.reduce((x, o) => x + o.total, 0) / others.length;
      if (mean > 0 && Math.abs(m.total - mean) * 10_000 > ratio * mean)
        outliers.push({ bidId: b.bidId, expertId: m.expertId, total: points(m.total), othersMean: points(Math.round(mean)) });
    }
  }
  return {
    method: lot.evaluationMethod,
    priceWeight: lot.priceWeight,
    greenBonusPoints: greenBonus ? lot.greenBonusPoints! : null,
    greenDeductionRate: greenRate,
    lowestEvaluationPriceFen: lowest,
    ranking: ranked,
    outliers,
  };
}

/** What the opening knows of a bidder's organization to apply the rules below. */
export interface BidderOrganization {
  name: string;
  legalRepresentative: string | null;
  uscc: string | null;
  controlledByUscc: string | null;
}

/** A bid above its lot's budget is not valid (政府采购货物和服务招标投标管理办法 第六十三条): the note that rejects it, or null. */
export const overBudgetNote = (priceFen: number, budgetFen: number) =>
  priceFen > budgetFen ? `报价 ${yuan(priceFen)} 超过本包预算 ${yuan(budgetFen)}` : null;

/**
 * 政府采购法实施条例第十八条, for the bidders of one lot (their organizations, in bid order): bidders sharing a
 * legal representative may not bid in the same lot, nor may two in a direct control or management relationship
 * (one's controlling organization is the other). Returns each bidder's notes, shared representative first; every
 * bidder of such a pair or group gets one, so all of them are rejected.
 */
export function relatedBidderNotes(orgs: readonly (BidderOrganization | undefined)[]): string[][] {
  const notes = orgs.map((): string[] => []);
  const byRep = new Map<string, number[]>();
  orgs.forEach((org, i) => {
    const rep = org?.legalRepresentative?.trim();
    if (rep) byRep.set(rep, [...(byRep.get(rep) ?? []), i]);
  });
  for (const [rep, group] of byRep)
    if (group.length > 1)
      for (const i of group) notes[i]!.push(`与同包其他投标人法定代表人均为「${rep}」，不得参加同一包投标（政府采购法实施条例第十八条）`);
  // Looked up by USCC, not by comparing every pair: an opening of thousands of bids in one lot stays linear.
  const byUscc = new Map<string, number[]>();
  const byController = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, key: string | null | undefined, i: number) => {
    if (key) m.set(key, m.get(key)?.concat(i) ?? [i]);
  };
  orgs.forEach((org, i) => {
    add(byUscc, org?.uscc, i);
    add(byController, org?.controlledByUscc, i);
  });
  orgs.forEach((me, i) => {
    if (!me) return;
    const indexes = new Set([
      ...(me.controlledByUscc ? (byUscc.get(me.controlledByUscc) ?? []) : []),
      ...(me.uscc ? (byController.get(me.uscc) ?? []) : []),
    ]);
    indexes.delete(i);
    const related = [...indexes].sort((a, b) => a - b).map((j) => orgs[j]);
    if (related.length)
      notes[i]!.push(
        `与同包投标人${related.map((x) => `「${x?.name ?? ''}」`).join('、')}存在直接控股或管理关系，不得参加同一包投标（政府采购法实施条例第十八条）`,
      );
  });
  return notes;
}
