import { describe, expect, it } from 'vitest';
import { checkOptions } from './check-options';

const identify = () => null;
const connection = { site: 'acme-test', apiKey: 'key' };

describe('checkOptions', () => {
  it('applies every default', () => {
    const checked = checkOptions({ chargebee: connection, identify });
    expect(checked).toMatchObject({
      basePath: '/api/upsell',
      bodyLimit: 8192,
      rateLimits: { offers: 60, events: 120, fulfillments: 20, fulfillmentReads: 120 },
      storeTimeoutMs: 1_000,
      timeouts: { upstreamMs: 10_000, deadlineMs: 11_000, fulfillMs: 15_000 },
      requestsPerMinute: 100,
      reserves: { critical: 0.1, status: 0.1, dismissed: 0.05, offers: 0.1 },
      offerCacheMaxAgeMs: 60_000,
      eventQueue: { maxLength: 10_000, perIdentity: 20, viewedDedupeMs: 5_000 },
    });
    expect(checked.connection).toMatchObject({ ...connection, timeoutMs: 10_000 });
  });

  it('names the option that cannot work', () => {
    const check = (options: object) => () =>
      checkOptions({ chargebee: connection, identify, ...options });
    expect(check({ chargebee: { site: '', apiKey: 'k' } })).toThrow(/chargebee\.site/);
    expect(check({ chargebee: { site: 's', apiKey: '' } })).toThrow(/chargebee\.apiKey/);
    expect(check({ chargebee: { site: 's', apiKey: 'k', timeoutMs: 0 } })).toThrow(
      /chargebee\.timeoutMs/,
    );
    expect(check({ upstreamBudget: { requestsPerMinute: 0 } })).toThrow(
      /upstreamBudget\.requestsPerMinute/,
    );
    expect(check({ upstreamBudget: { reserves: { critical: 1 } } })).toThrow(
      /upstreamBudget\.reserves\.critical/,
    );
    expect(check({ upstreamBudget: { reserves: { critical: 0.6, dismissed: 0.4 } } })).toThrow(
      /upstreamBudget\.reserves/,
    );
    expect(check({ upstreamBudget: { reserves: { status: -0.1 } } })).toThrow(
      /upstreamBudget\.reserves\.status/,
    );
    expect(check({ offerCache: { maxAgeMs: 1.5 } })).toThrow(/offerCache\.maxAgeMs/);
    expect(check({ eventQueue: { maxLength: -1 } })).toThrow(/eventQueue\.maxLength/);
    expect(check({ eventQueue: { perIdentity: 0 } })).toThrow(/eventQueue\.perIdentity/);
    expect(check({ limits: { offers: 0 } })).toThrow(/limits\.offers/);
    expect(check({ limits: { bodyBytes: 10 } })).toThrow(/limits\.bodyBytes/);
    expect(check({ storeTimeoutMs: 2 ** 31 })).toThrow(/storeTimeoutMs/);
    expect(check({ fulfillTimeoutMs: 0 })).toThrow(/fulfillTimeoutMs/);
    expect(check({ allowedOrigins: ['not a url'] })).toThrow(/allowedOrigins/);
  });

  it('turns the budget and the cache off with false', () => {
    const checked = checkOptions({
      chargebee: connection,
      identify,
      upstreamBudget: false,
      offerCache: false,
      basePath: '/',
    });
    expect(checked).toMatchObject({
      requestsPerMinute: false,
      offerCacheMaxAgeMs: 0,
      basePath: '',
    });
  });
});
