import { describe, expect, it } from 'vitest';
import { formatAmount, parseAmount } from './decimal';

describe('decimal amounts', () => {
  it('parses and formats exactly, up to 25 integer and 10 fraction digits', () => {
    const max = '9999999999999999999999999.9999999999';
    expect(formatAmount(parseAmount(max) as bigint)).toBe(max);
    expect(formatAmount(parseAmount('50') as bigint)).toBe('50');
    expect(formatAmount(parseAmount('12.50') as bigint)).toBe('12.5');
    expect(formatAmount((parseAmount('0.1') as bigint) + (parseAmount('0.2') as bigint))).toBe(
      '0.3',
    );
  });

  it('rejects anything else', () => {
    for (const bad of [
      '',
      '1e3',
      '-1',
      '1.',
      '.5',
      '1.12345678901',
      '12345678901234567890123456',
      'abc',
      ' 1',
    ]) {
      expect(parseAmount(bad), bad).toBeNull();
    }
  });
});
