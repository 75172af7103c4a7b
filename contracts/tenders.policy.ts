// Tender rule constants and score arithmetic, free of node imports: the server and the storefront share them.

import { bp } from './rates.ts';

export { bp };

/** Points as exact hundredths: "45.5" → 4550. */
export const centi = (points: string) => bp(points) / 100;
/** Hundredths back to points text: 4550 → "45.50". */
export const points = (c: number) => `${Math.trunc(c / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;

/** 综合评分法 price weight bounds (财政部令第87号第五十五条): goods 30–60%, services 10–30%. Works follow goods here (*verify*). */
export const priceWeightBounds = { goods: ['0.30', '0.60'], services: ['0.10', '0.30'], works: ['0.30', '0.60'] } as const;

/**
 * 优先采购 of certified energy-saving and environmental-label products (财库〔2019〕9号; the preference
 * itself is set by the tender documents): a 综合评分法 lot may add up to this many points to the total of a
 * bid with a valid certificate, a 最低评标价法 lot may deduct up to this rate from its evaluation price.
 * The ceilings keep the price competition meaningful (*verify* against the local rules in force).
 */
export const greenBonusPointsMax = '10';
export const greenDeductionRateMax = '0.10';
