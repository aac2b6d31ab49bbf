import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpsellClient } from './client';
import { UpsellError } from './errors';
import { offersQueryKey } from './offers-query-key';
import { offersQueryOptions } from './offers-query-options';
import type { OffersQueryState } from './offers-query-options';
import type { OffersRequest, OffersResponse } from './types';

// The query policy without a query library: the options are plain functions of the query's state
// and the clock (faked), and the request goes to a client stub that records what it was sent.

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  vi.stubGlobal('location', { origin: 'https://app.example.com', pathname: '/billing/usage' });
  vi.stubGlobal('navigator', { language: 'fr-FR' });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const answer: OffersResponse = { offers: [], expires_at: null, brand: null };

function recordingClient() {
  const sent: OffersRequest[] = [];
  const client = {
    getOffers: async (body: OffersRequest) => {
      sent.push(body);
      return answer;
    },
  } as unknown as UpsellClient;
  return { client, sent };
}

const withData = (expiresAt: number | null | undefined): OffersQueryState => ({
  state: { data: expiresAt === undefined ? undefined : { ...answer, expires_at: expiresAt } },
});
const inSeconds = (s: number) => NOW / 1000 + s;

describe('offersQueryOptions: the key', () => {
  it("is ['upsell-offers', scope, custom, context], the prefix offersQueryKey(scope)", () => {
    const { client } = recordingClient();
    const { queryKey } = offersQueryOptions(client, {
      scope: '/api/upsell',
      custom: { seats: 3 },
      context: { locale: 'de-DE' },
    });
    expect(queryKey).toEqual(['upsell-offers', '/api/upsell', { seats: 3 }, { locale: 'de-DE' }]);
    expect(queryKey.slice(0, 2)).toEqual(offersQueryKey('/api/upsell'));
  });

  it("the context's locale, else the app's; none at all leaves it undefined (hashed out)", () => {
    const { client } = recordingClient();
    const key = (context: { locale?: string } | undefined, locale?: string) =>
      offersQueryOptions(client, { scope: 's', context, locale }).queryKey[3];
    expect(key({ locale: 'de-DE' }, 'ja-JP')).toEqual({ locale: 'de-DE' });
    expect(key({}, 'ja-JP')).toEqual({ locale: 'ja-JP' });
    expect(key(undefined, 'ja-JP')).toEqual({ locale: 'ja-JP' });
    expect(key(undefined)).toEqual({ locale: undefined });
    expect(offersQueryOptions(client, { scope: 's' }).queryKey[2]).toEqual({});
  });
});

describe('offersQueryOptions: the placement', () => {
  it("is the key's last member and the request's placement_id; none leaves both as they were", async () => {
    const { client, sent } = recordingClient();
    const placed = offersQueryOptions(client, { scope: 's', placementId: 'dashboard-storage' });
    expect(placed.queryKey).toEqual([
      'upsell-offers',
      's',
      {},
      { locale: undefined },
      'dashboard-storage',
    ]);
    await placed.queryFn();
    expect(sent[0]?.placement_id).toBe('dashboard-storage');
    const plain = offersQueryOptions(client, { scope: 's' });
    expect(plain.queryKey).toHaveLength(4);
    await plain.queryFn();
    expect(sent[1]).not.toHaveProperty('placement_id');
  });
});

describe('offersQueryOptions: the request', () => {
  it('adds the browser context when sent: timezone, the page without its query, the language', async () => {
    const { client, sent } = recordingClient();
    const options = offersQueryOptions(client, { scope: 's', custom: { seats: 3 } });
    // Nothing is read or sent while the options are built (a render).
    expect(sent).toEqual([]);
    await expect(options.queryFn()).resolves.toBe(answer);
    expect(sent).toEqual([
      {
        custom: { seats: 3 },
        context: {
          timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          url: 'https://app.example.com/billing/usage',
          locale: 'fr-FR',
        },
      },
    ]);
  });

  it("the app's context wins over the browser's; a long page URL is cut to the contract's 250", async () => {
    vi.stubGlobal('location', {
      origin: 'https://app.example.com',
      pathname: `/${'a'.repeat(300)}`,
    });
    const { client, sent } = recordingClient();
    await offersQueryOptions(client, {
      scope: 's',
      context: { timezone: 'Asia/Tokyo', referrer_url: 'https://ref.example/' },
      locale: 'ja-JP',
    }).queryFn();
    expect(sent[0]?.context).toEqual({
      timezone: 'Asia/Tokyo',
      url: `https://app.example.com/${'a'.repeat(226)}`,
      referrer_url: 'https://ref.example/',
      locale: 'ja-JP',
    });
    expect(sent[0]?.context?.url).toHaveLength(250);
  });

  it('warns in development about a custom field the server would reject, with the fix', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { client } = recordingClient();
    await offersQueryOptions(client, {
      scope: 's',
      custom: { 'bad-key': 1, long: 'x'.repeat(300), nan: Number.NaN, ok: true },
    }).queryFn();
    expect(warn.mock.calls.map(([message]) => String(message))).toEqual([
      expect.stringContaining('custom key "bad-key" will be rejected'),
      expect.stringContaining('custom.long will be rejected'),
      expect.stringContaining('custom.nan will be rejected'),
    ]);
  });
});

describe('offersQueryOptions: freshness', () => {
  it('fresh until expires_at; 60 s without one, or before any answer', () => {
    const { staleTime } = offersQueryOptions(recordingClient().client, { scope: 's' });
    expect(staleTime(withData(inSeconds(600)))).toBe(600_000);
    expect(staleTime(withData(inSeconds(-5)))).toBe(0);
    expect(staleTime(withData(null))).toBe(60_000);
    expect(staleTime(withData(undefined))).toBe(60_000);
  });

  it('refetched at expires_at while shown, at least 30 s apart, never past the timer limit', () => {
    const { refetchInterval } = offersQueryOptions(recordingClient().client, { scope: 's' });
    expect(refetchInterval(withData(inSeconds(600)))).toBe(600_000);
    // A browser clock ahead of the server's: the offer looks expired, the server is not hammered.
    expect(refetchInterval(withData(inSeconds(-100)))).toBe(30_000);
    expect(refetchInterval(withData(inSeconds(10)))).toBe(30_000);
    // Beyond 2^31 - 1 ms setTimeout would fire at once.
    expect(refetchInterval(withData(inSeconds(60 * 86_400)))).toBe(2 ** 31 - 1);
    expect(refetchInterval(withData(null))).toBe(false);
    expect(refetchInterval(withData(undefined))).toBe(false);
  });
});

describe('offersQueryOptions: retry', () => {
  it.each([
    ['network_error', 0],
    ['upstream_unavailable', 503],
    ['upstream_timeout', 504],
  ] as const)('%s: retried once', (code, status) => {
    const { retry } = offersQueryOptions(recordingClient().client, { scope: 's' });
    const error = new UpsellError(code, 'Unavailable.', { status });
    expect(retry(0, error)).toBe(true);
    expect(retry(1, error)).toBe(false);
  });

  it.each([
    ['unauthenticated', 401],
    ['rate_limited', 429],
    ['internal_error', 500],
    ['store_unavailable', 503],
  ] as const)('%s: not retried', (code, status) => {
    const { retry } = offersQueryOptions(recordingClient().client, { scope: 's' });
    expect(retry(0, new UpsellError(code, 'No.', { status }))).toBe(false);
  });

  it('an error that is not the contract’s: not retried', () => {
    const { retry } = offersQueryOptions(recordingClient().client, { scope: 's' });
    expect(retry(0, new Error('boom'))).toBe(false);
  });
});
