/**
 * Whether a supplier is treated as a small or micro enterprise in a procurement, and on what legal basis.
 *
 * One answer for every place that decides: the price deduction at a tender's opening and a quotation's
 * close, the lots reserved for small/micro bidders, the declaration check at submission, the dashboards'
 * small/micro share and the open data's party scale. Reading the size class alone is wrong: prison
 * enterprises and disability welfare units are registered with whatever size they have, and the policy
 * treats them as small/micro all the same.
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

export const smeLegalBasis: Record<SmeBasis, string> = {
  size_class: '《政府采购促进中小企业发展管理办法》（财库〔2020〕46号）第二条，按工信部联企业〔2011〕300号划型',
  prison_enterprise: '《关于政府采购支持监狱企业发展有关问题的通知》（财库〔2014〕68号）：监狱企业视同小型、微型企业',
  disability_welfare: '《关于促进残疾人就业政府采购政策的通知》（财库〔2017〕141号）：残疾人福利性单位视同小型、微型企业',
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
 * A bidder's small/micro declaration (小微企业声明) must be borne out by its registered facts: a medium or
 * large enterprise that is neither a prison enterprise nor a disability welfare unit may not make it.
 * Returns the reason to refuse it with, or null.
 */
export function smeDeclarationProblem(org: { sizeClass: string | null; smeTreatment: string | null }, declared: boolean): string | null {
  if (!declared || smeStandingOf(org).smallOrMicro) return null;
  const size = org.sizeClass === 'medium' ? '中型' : org.sizeClass === 'large' ? '大型' : '未登记规模的';
  return `贵单位登记为${size}企业，且不是监狱企业或残疾人福利性单位，不能声明为小微企业（财库〔2020〕46号第十一条、第二十条）`;
}
