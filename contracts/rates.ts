// Decimal rates as the API writes them ("0.10", "0.125"): exact arithmetic, never through floating point.

/** Decimal text to units of 1/10,000, exactly. */
export const bp = (rate: string) => {
  const [whole = '0', frac = ''] = rate.split('.');
  return Number(whole) * 10_000 + Number((frac + '0000').slice(0, 4));
};

/** A percentage as typed (30, 12.5) → the API's decimal text ("0.30", "0.125"), exactly to 1/100 of a percent. */
export function rateOfPercent(percent: number): string {
  const units = Math.round(percent * 100);
  if (units >= 10_000) return '1.00';
  const frac = String(units).padStart(4, '0').replace(/0+$/, '');
  return `0.${frac.padEnd(2, '0')}`;
}

/** The API's decimal text → a percentage for display ("0.30" → 30). */
export const percentOfRate = (rate: string) => bp(rate) / 100;
