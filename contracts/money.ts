// Money maths shared by the server and the storefront: amounts are integer fen, never floating-point yuan.

/** The one money format for messages: integer fen → ¥1,234.56, exact (no floating-point division). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** Integer fen → "¥1,234.56"; exact for any integer, never through floating-point division. */
export function formatMoney(fen: number | bigint | string): string {
  const value = typeof fen === 'bigint' ? fen : BigInt(typeof fen === 'number' ? Math.round(fen) : fen);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}¥${yuan}.${cents}`;
}

/** What a yuan amount may look like when typed: digits, at most two decimals ("1234", "1234.5", "1,234.56"). */
export const yuanPattern = /^\d{1,9}(\.\d{0,2})?$/;

/**
 * A typed yuan amount → integer fen, exactly: the string is split at the decimal point and never goes
 * through floating point ("0.29" is 29 fen, not 28.999…). Thousands separators and "¥" are allowed;
 * anything else (letters, a third decimal) gives null.
 */
export function parseYuan(input: string | null | undefined): number | null {
  if (input == null) return null;
  const text = String(input)
    .trim()
    .replace(/^[¥￥]/, '')
    .replaceAll(',', '')
    .replaceAll('，', '');
  if (!yuanPattern.test(text)) return null;
  const [whole = '0', frac = ''] = text.split('.');
  return Number(BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0') || '0'));
}

/** Integer fen → the yuan string a form shows for editing, "1234.50" (no separators, no sign). */
export function fenToYuanInput(fen: number): string {
  const value = BigInt(Math.round(fen));
  return `${value / 100n}.${(value % 100n).toString().padStart(2, '0')}`;
}
