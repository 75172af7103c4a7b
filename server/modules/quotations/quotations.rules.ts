import type { SpecField } from '../../db/schema/catalogue.ts';
import type { SizeClass } from '../../db/schema/identity.ts';
import type { QuotationStatus } from '../../db/schema/quotations.ts';
import { applyRate } from '../catalogue/catalogue.rules.ts';
import { yuan } from '../../../contracts/money.ts';
import { priceTreatmentOf, smeStandingOf, type SmeTreatmentKind } from '../../../contracts/sme-treatment.ts';

export const quotationStatusLabels: Record<QuotationStatus, string> = {
  open: '报价中',
  awarded: '已成交',
  failed: '竞价失败',
  cancelled: '已撤销',
};

/** What a supplier seals: the figures nobody may read before the deadline. */
export interface QuoteContent {
  unitPriceFen: number;
  brand: string;
  model: string;
  specs: Record<string, string | number>;
  deliveryDays: number;
  /** 中小企业声明函: every good offered is made by a small or micro enterprise. */
  smeDeclared: boolean;
  sizeClass: SizeClass;
  /** The registered small/micro treatment at submission (absent on quotes sealed before it was sealed with them). */
  smeTreatment?: SmeTreatmentKind | null | undefined;
  certificates: { kind: string; number: string; issuer: string; validUntil: string }[];
}

export interface Requirement {
  ceilingFen: number;
  quantity: number;
  deliveryDays: number;
  specs: Record<string, string | number>;
  specSchema: readonly SpecField[];
  reservedForSme: boolean;
  smeDeductionRate: string;
  greenMandatory: boolean;
  /** Shanghai calendar day of the opening: certificates must be valid on it. */
  today: string;
}

export interface Evaluated {
  totalFen: number;
  deductionRate: string;
  evaluationFen: number;
  compliant: boolean;
  issues: string[];
}

/** Minimum specs: a number offered must reach the requirement, an option must match, a text must be answered. */
export function specIssues(
  schema: readonly SpecField[],
  required: Record<string, string | number>,
  offered: Record<string, string | number>,
): string[] {
  const issues: string[] = [];
  for (const field of schema) {
    const need = required[field.key];
    if (need === undefined || need === '') continue;
    const got = offered[field.key];
    const unit = field.unit ?? '';
    if (got === undefined || got === '') issues.push(`未响应「${field.label}」要求`);
    else if (field.type === 'number' && Number(got) < Number(need)) issues.push(`「${field.label}」${got}${unit} 低于要求 ${need}${unit}`);
    else if (field.type === 'enum' && String(got) !== String(need)) issues.push(`「${field.label}」为 ${got}，要求 ${need}`);
  }
  return issues;
}

/**
 * One quote against the requirement: its total, whether it complies (and why not), and its evaluation
 * price — the total less the small/micro deduction where the quotation is not reserved for SMEs and
 * the supplier declared every good made by a small or micro enterprise and is itself treated as one
 * (priceTreatmentOf, smeStandingOf: its size class, or a prison enterprise / disability welfare unit). The contract
 * price stays the quoted total.
 */
export function evaluateQuote(req: Requirement, quote: QuoteContent, creditIssues: readonly string[]): Evaluated {
  const totalFen = quote.unitPriceFen * req.quantity;
  const issues = [...creditIssues];
  if (totalFen > req.ceilingFen) issues.push(`报价总额 ${yuan(totalFen)} 超过最高限价 ${yuan(req.ceilingFen)}`);
  if (quote.deliveryDays > req.deliveryDays) issues.push(`交货期 ${quote.deliveryDays} 天，超过要求的 ${req.deliveryDays} 天`);
  issues.push(...specIssues(req.specSchema, req.specs, quote.specs));
  const standing = smeStandingOf({ sizeClass: quote.sizeClass, smeTreatment: quote.smeTreatment ?? null });
  if (req.reservedForSme && !standing.sme) issues.push('本项目专门面向中小企业，大型企业报价无效');
  if (req.greenMandatory && !quote.certificates.some((c) => c.validUntil >= req.today))
    issues.push('强制采购节能产品品目，未提供有效的节能产品认证证书');
  const { deductionRate } = priceTreatmentOf(
    { sizeClass: quote.sizeClass, smeTreatment: quote.smeTreatment ?? null, smeDeclared: quote.smeDeclared },
    { smeReserved: req.reservedForSme, smeDeductionRate: req.smeDeductionRate },
  );
  const evaluationFen = totalFen - applyRate(totalFen, deductionRate);
  return { totalFen, deductionRate, evaluationFen, compliant: issues.length === 0, issues };
}

/**
 * Ranking of the compliant quotes: the lowest evaluation price first; on equal evaluation prices the
 * earlier submission (its last version) wins. Non-compliant quotes get no rank.
 */
export function rankQuotes<T extends { evaluated: Evaluated; submittedAt: Date }>(quotes: readonly T[]): Map<T, number> {
  const ranked = quotes
    .filter((q) => q.evaluated.compliant)
    .sort((a, b) => a.evaluated.evaluationFen - b.evaluated.evaluationFen || a.submittedAt.getTime() - b.submittedAt.getTime());
  return new Map(ranked.map((q, i) => [q, i + 1]));
}
