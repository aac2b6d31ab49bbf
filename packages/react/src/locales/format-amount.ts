/**
 * A grant's amount (Chargebee's decimal string) as `locale` writes numbers: `1000` is `1.000` in
 * German and `1 000` in French. Given as a string, every digit is kept (Intl.NumberFormat formats
 * decimal strings exactly); anything that is not a number is returned as it came.
 *
 * @example formatAmount('1000', 'de') // '1.000'
 */
export function formatAmount(amount: string, locale: string): string {
  const value = amount.trim();
  if (value === '' || !Number.isFinite(Number(value))) return amount;
  try {
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 20 }).format(
      value as `${number}`,
    );
  } catch {
    return amount;
  }
}
