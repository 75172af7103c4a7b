/**
 * The policy findings' words, shared by the server (which records them with a Chinese `message` for
 * zh-CN and API readers) and the storefront (which words each from its `code`, `variant` and `params` in
 * the page's language). Every code the cart and checkout can produce is listed here; a unit test
 * (test/unit/order-findings.test.ts) holds the server's literals and both catalogues to this list.
 */
export const findingCodes = [
  'band_direct',
  'band_quotation',
  'band_tender',
  'over_standard',
  'green_mandatory',
  'green_priority',
  'split_purchase',
  'new_energy_share',
  'surplus_available',
  'supplier_ineligible',
  'stock',
  'approval_threshold',
  'replacement_required',
  'replacement',
  'replacement_early',
  'replacement_new',
] as const;
export type FindingCode = (typeof findingCodes)[number];

/** Where one code words several cases, the case (`params.variant`): the text key is `code_variant`. */
export const findingVariants = {
  stock: ['inactive', 'region', 'short'],
  supplier_ineligible: ['exclusion', 'major_violation', 'inactive', 'not_supplier'],
  band_quotation: ['won'],
  split_purchase: ['same_checkout'],
} as const satisfies Partial<Record<FindingCode, readonly string[]>>;

/** Every text key a finding can be worded by (the catalogues' `orders.findingText.<key>`). */
export const findingTextKeys: readonly string[] = findingCodes.flatMap((code) => [
  code,
  ...((findingVariants as Partial<Record<FindingCode, readonly string[]>>)[code] ?? []).map((v) => `${code}_${v}`),
]);

/**
 * The documents a finding cites by name (the catalogues' `orders.findingBasis.<doc>`); a rule read from
 * the policy table is cited as the table states it (`params.rule`, set by `params.setBy`).
 */
export const findingBasisDocs = [
  'mallRules',
  'allocationStandard',
  'greenMandatory',
  'greenPriority',
  'procurementLaw22',
  'splitRule',
  'minYears',
  'surplusFirst',
  'quotationRules',
  'unitThreshold',
] as const;
export type FindingBasisDoc = (typeof findingBasisDocs)[number];

/** The policy-table values a finding cites (`params.policy`), named in the catalogues' `orders.findingBasis.policies`. */
export const findingPolicies = [
  'directOrderLimit',
  'decentralizedLimit',
  'splitWindow',
  'newEnergyVehicleShare',
  'earlyReplacement',
] as const;
export type FindingPolicy = (typeof findingPolicies)[number];

/**
 * A finding's facts, to word it in any language: amounts in fen (`…Fen`), counts, names as recorded,
 * the category code ('' for none, e.g. an exclusion's open end), `variant` (see findingVariants), `doc` (the cited document, FindingBasisDoc),
 * `policy`, `rule`, `setBy` and `ruleRegion` (a policy-table value cited: which, its text, the level that set
 * it and that region's code, '' national).
 */
export type FindingParams = Record<string, string | number>;

/** The catalogue key a finding is worded by, or null for a code this storefront does not know (its message is shown). */
export function findingTextKey(f: { code: string; params?: FindingParams | undefined }): string | null {
  const variant = f.params?.variant;
  const key = typeof variant === 'string' && variant ? `${f.code}_${variant}` : f.code;
  return findingTextKeys.includes(key) ? key : null;
}
