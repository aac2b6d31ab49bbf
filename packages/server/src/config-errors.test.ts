import Chargebee from 'chargebee';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

describe('a missing secret in production', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('throws at creation', () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(() =>
      createUpsellHandler({ chargebee: { site: 'acme-test', apiKey: 'key' }, identify }),
    ).toThrow(/secret.*required in production/);
  });

  it('during `next build` is checked on the first request instead: 500, logged once', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('NEXT_PHASE', 'phase-production-build');
    const errors: string[] = [];
    const upsell = createUpsellHandler({
      chargebee: { site: 'acme-test', apiKey: 'key' },
      identify,
      logger: { info() {}, warn() {}, error: (message) => void errors.push(message) },
    });
    const post = () =>
      upsell(
        new Request('https://app.example.com/api/upsell/offers', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }),
      );
    for (let i = 0; i < 2; i++) {
      const response = await post();
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({ error: { code: 'internal_error' } });
    }
    expect(errors.filter((message) => message.includes('`secret` is required'))).toHaveLength(1);
  });
});
