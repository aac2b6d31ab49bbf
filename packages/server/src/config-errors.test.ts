import Chargebee from 'chargebee';
import { describe, expect, it } from 'vitest';
import { createUpsellHandler } from './handler/create-upsell-handler';

// Configuration mistakes fail at creation with the option's name, not per request.

const identify = () => ({ customerId: 'cus_acme' });
const secret = 'config-test-secret-0123456789abcdef0123';

describe('createUpsellHandler configuration errors', () => {
  it.each([
    ['site unset (env variable missing)', { site: undefined, apiKey: 'key' }, /chargebee\.site/],
    ['site empty', { site: '  ', apiKey: 'key' }, /chargebee\.site/],
    [
      'apiKey unset (env variable missing)',
      { site: 'acme-test', apiKey: undefined },
      /chargebee\.apiKey/,
    ],
    ['apiKey empty', { site: 'acme-test', apiKey: '' }, /chargebee\.apiKey/],
    ['both unset', { site: undefined, apiKey: undefined }, /chargebee\.site/],
  ])('%s → a TypeError naming the option', (_name, chargebee, message) => {
    expect(() => createUpsellHandler({ chargebee: chargebee as never, identify, secret })).toThrow(
      message,
    );
  });

  it('accepts a ready SDK instance', () => {
    const chargebee = new Chargebee({ site: 'acme-test', apiKey: 'key' });
    expect(typeof createUpsellHandler({ chargebee, identify, secret })).toBe('function');
  });
});
