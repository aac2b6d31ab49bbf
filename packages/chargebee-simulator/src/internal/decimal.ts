const SCALE = 10n ** 10n;
const AMOUNT = /^(\d{1,25})(?:\.(\d{1,10}))?$/;

/** Parses Chargebee's decimal amount (≤ 25 integer and ≤ 10 fraction digits) into units of 1e-10. */
export function parseAmount(text: string): bigint | null {
  const m = AMOUNT.exec(text);
  if (!m) return null;
  const int = m[1] ?? '0';
  const frac = (m[2] ?? '').padEnd(10, '0');
  return BigInt(int) * SCALE + BigInt(frac);
}

/** Formats units of 1e-10 as a minimal decimal string (`50`, `12.5`). */
export function formatAmount(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const int = abs / SCALE;
  const frac = (abs % SCALE).toString().padStart(10, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}
