import { bp } from './rates.ts';
import { smePolicy } from './tenders.policy.ts';

/**
 * Whether a supplier is treated as a small or micro enterprise in a procurement, and on what legal basis.
 *
 * One answer for every place that decides: the price deduction at a tender's opening and a quotation's
 * close, the lots reserved for small/micro bidders, the declaration check at submission, the dashboards'
 * small/micro share and the open data's party scale. Reading the size class alone is wrong: prison
 * enterprises and disability welfare units are registered with whatever size they have, and the policy
 * treats them as small/micro all the same.
 *
 * smeStandingOf answers for a supplier from its registered facts; priceTreatmentOf answers for a bid or
 * quote in a procurement (reserved or not, its rates, a consortium or subcontract share) with the legal
 * basis. The size class is the one registered: the platform holds one per supplier (in its own industry),
 * not one per industry a procurement names (财库〔2020〕46号第四条).
 */

export const smeTreatmentKinds = ['prison_enterprise', 'disability_welfare'] as const;
export type SmeTreatmentKind = (typeof smeTreatmentKinds)[number];

export type SmeBasis = 'size_class' | SmeTreatmentKind;

export interface SmeStanding {
  /** Treated as small or micro: the deduction and small/micro-only lots apply. */
  smallOrMicro: boolean;
  /** An SME at all (medium, small, micro, or treated as small/micro): lots reserved for SMEs admit it. */
  sme: boolean;
  basis: SmeBasis | null;
  /** The rule, as a reader would look it up. */
  legalBasis: string | null;
}

export const smeShareKinds = ['consortium', 'subcontract'] as const;
export type SmeShareKind = (typeof smeShareKinds)[number];

export const smeLegalBasis: Record<SmeBasis | SmeShareKind, string> = {
  size_class: '《政府采购促进中小企业发展管理办法》（财库〔2020〕46号）第二条，按工信部联企业〔2011〕300号划型',
  prison_enterprise: '《关于政府采购支持监狱企业发展有关问题的通知》（财库〔2014〕68号）：监狱企业视同小型、微型企业',
  disability_welfare: '《关于促进残疾人就业政府采购政策的通知》（财库〔2017〕141号）：残疾人福利性单位视同小型、微型企业',
  consortium:
    '《政府采购促进中小企业发展管理办法》（财库〔2020〕46号）第九条：联合体协议约定小微企业合同份额达到规定比例的，对联合体报价给予价格扣除（比例见财库〔2022〕19号）',
  subcontract:
    '《政府采购促进中小企业发展管理办法》（财库〔2020〕46号）第九条：分包意向协议约定小微企业合同份额达到规定比例的，对供应商报价给予价格扣除（比例见财库〔2022〕19号）',
};

export function smeStandingOf(org: { sizeClass: string | null; smeTreatment: string | null }): SmeStanding {
  const treatment = smeTreatmentKinds.find((k) => k === org.smeTreatment);
  if (treatment) return { smallOrMicro: true, sme: true, basis: treatment, legalBasis: smeLegalBasis[treatment] };
  const smallOrMicro = org.sizeClass === 'small' || org.sizeClass === 'micro';
  const sme = smallOrMicro || org.sizeClass === 'medium';
  return { smallOrMicro, sme, basis: sme ? 'size_class' : null, legalBasis: sme ? smeLegalBasis.size_class : null };
}

/**
 * The open data's party scale (OCDS partyScale extension: micro, sme, large) from the same standing: a
 * prison enterprise or disability welfare unit is published as sme whatever size it registered, so the
 * small/micro spend a reader adds up from the feed is the dashboard's. Null when nothing is registered.
 */
export function partyScaleOf(org: { sizeClass: string | null; smeTreatment: string | null }): 'micro' | 'sme' | 'large' | null {
  if (org.sizeClass === 'micro') return 'micro';
  if (smeStandingOf(org).sme) return 'sme';
  return org.sizeClass === 'large' ? 'large' : null;
}

/**
 * A bidder's 中小企业声明函 must be borne out by its registered facts. Where it claims the small/micro price
 * deduction, a medium or large enterprise that is neither a prison enterprise nor a disability welfare unit
 * may not make it. In a lot reserved for SMEs (专门面向中小企业, not only small/micro) the declaration is how a
 * bid responds to the reservation, and a medium enterprise makes it as what it is (财库〔2020〕46号第十一条:
 * its statement names it 中型; a reserved lot takes no price deduction, priceTreatmentOf).
 * Returns the reason to refuse it with, or null.
 */
export function smeDeclarationProblem(
  org: { sizeClass: string | null; smeTreatment: string | null },
  declared: boolean,
  opts: { smeReservedLot?: boolean } = {},
): string | null {
  if (!declared || smeStandingOf(org).smallOrMicro) return null;
  if (opts.smeReservedLot && smeStandingOf(org).sme) return null;
  const size = org.sizeClass === 'medium' ? '中型' : org.sizeClass === 'large' ? '大型' : '未登记规模的';
  return `贵单位登记为${size}企业，且不是监狱企业或残疾人福利性单位，不能声明为小微企业（财库〔2020〕46号第十一条、第二十条）`;
}

/** A consortium member or subcontractor as registered when the bid was sealed, with its contract share. */
export interface SmeShareMember {
  sizeClass: string | null;
  smeTreatment: string | null;
  /** Its share of the contract amount, in 1/10,000. */
  shareBp: number;
  /** In a direct control or management relationship with the bidder: its share does not count. */
  related: boolean;
}

export interface SmeShare {
  kind: SmeShareKind;
  members: readonly SmeShareMember[];
}

/** The contract share (1/10,000) held by small/micro members that are not related to the bidder (财库〔2020〕46号第九条). */
export const smallMicroShareBp = (share: SmeShare) =>
  share.members.filter((m) => !m.related && smeStandingOf(m).smallOrMicro).reduce((sum, m) => sum + m.shareBp, 0);

/** Whether the small/micro members' share reaches what the policy names (smePolicy.consortiumShareMin). */
export const smeShareQualifies = (share: SmeShare) => smallMicroShareBp(share) >= bp(smePolicy.consortiumShareMin);

export interface PriceTreatment {
  /** The deduction from the price, for evaluation only (exact decimal; '0' when none). */
  deductionRate: string;
  basis: SmeBasis | SmeShareKind | null;
  legalBasis: string | null;
}

/**
 * The small/micro price deduction a bid or quote gets in a procurement: none where the procurement is
 * reserved for SMEs (the reservation is the preference); the procurement's small/micro rate for a bidder
 * that declared itself small/micro and is treated as such (smeStandingOf; a consortium when every member
 * is); otherwise the consortium rate
 * where the procurement accepts consortia or subcontracting and the small/micro members hold the share.
 */
export function priceTreatmentOf(
  bid: { sizeClass: string | null; smeTreatment: string | null; smeDeclared: boolean; smeShare?: SmeShare | null },
  procurement: { smeReserved: boolean; smeDeductionRate: string; consortiumDeductionRate?: string | null },
): PriceTreatment {
  const none: PriceTreatment = { deductionRate: '0', basis: null, legalBasis: null };
  if (procurement.smeReserved) return none;
  const standing = smeStandingOf(bid);
  const share = bid.smeShare;
  // A consortium is the bidder: small/micro only when every member is (财库〔2020〕46号第九条).
  const allSmallMicro = share?.kind !== 'consortium' || share.members.every((m) => smeStandingOf(m).smallOrMicro);
  if (standing.smallOrMicro && allSmallMicro && bid.smeDeclared)
    return { deductionRate: procurement.smeDeductionRate, basis: standing.basis, legalBasis: standing.legalBasis };
  if (share && procurement.consortiumDeductionRate && smeShareQualifies(share))
    return { deductionRate: procurement.consortiumDeductionRate, basis: share.kind, legalBasis: smeLegalBasis[share.kind] };
  return none;
}
