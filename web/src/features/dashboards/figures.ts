import { formatMoney } from '../../app/format.ts';

// Shared arithmetic of the dashboards: shares, percentages and yuan for chart axes. Amounts arrive in
// integer fen; charts plot yuan (exact to the fen for any amount the platform handles) and tables show ¥.

/** A share, or null when there is nothing to divide by (shown as —, never as 0%). */
export const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export const percent = (value: number | null, digits = 1): string => (value === null ? '—' : `${(value * 100).toFixed(digits)}%`);

/** A policy threshold sent as a decimal string ("0.3"), or as a percentage ("30"). */
export function policyShare(raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n)) return 0;
  return n > 1 ? n / 100 : n;
}

export const fenToYuan = (fen: number) => fen / 100;

/** A yuan value from a chart back to ¥ with separators. */
export const yuanLabel = (yuan: unknown) => (typeof yuan === 'number' ? formatMoney(Math.round(yuan * 100)) : '—');

/** Axis ticks in 万元 (ten thousand yuan), the unit public finance reports use. */
export const wanTick = (yuan: number) => (yuan / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 });

export const palette = ['#1f4e9c', '#3f8fd2', '#2fa37a', '#e0a02c', '#7a5cc2', '#c8553d', '#5b7089', '#16a3b5'];
export const alarm = '#cf1322';
export const good = '#2fa37a';
