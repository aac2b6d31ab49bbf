import type { Identity } from '@upsell-kit/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../stores/create-memory-store';
import type { UpstreamOffers } from './upstream-shapes';
import { canonicalJson, createOfferCache, deviceClassOf } from './offer-cache';

const identity: Identity = { customerId: 'cus_1', subscriptionId: 'sub_1', externalUserId: 'u1' };
const colleague: Identity = { customerId: 'cus_1', subscriptionId: 'sub_1', externalUserId: 'u2' };

const answer = (id: string, expiresAt: number | null = null): UpstreamOffers => ({
  offers: [{ id, offer_id: 'base_1', content: { title: 'Go Pro' } as never, options: [] }],
  expires_at: expiresAt,
  brand: null,
});

const params = (userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140') => ({
  customer_id: 'cus_1',
  subscription_id: 'sub_1',
  external_user_id: 'u1',
  custom: { storage_used_percent: 82 },
  request_context: { locale: 'en-US', user_agent: userAgent },
});

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_700_000_000_000);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createOfferCache', () => {
  it('serves the same params from the cache until maxAgeMs', async () => {
    const cache = createOfferCache({ store: createMemoryStore(), maxAgeMs: 60_000, now: Date.now });
    const upstream = vi.fn(async () => answer('po_1'));
    expect((await cache.fetch(identity, params(), upstream)).source).toBe('miss');
    const again = await cache.fetch(identity, params(), upstream);
    expect(again.source).toBe('hit');
    expect(again.offers.result.offers[0]?.id).toBe('po_1');
    vi.advanceTimersByTime(60_001);
    expect((await cache.fetch(identity, params(), upstream)).source).toBe('miss');
    expect(upstream).toHaveBeenCalledTimes(2);
  });

  it('never serves an offer past its own expires_at', async () => {
    const cache = createOfferCache({ store: createMemoryStore(), maxAgeMs: 60_000, now: Date.now });
    const expiresAt = Math.floor(Date.now() / 1000) + 10;
    const upstream = vi.fn(async () => answer('po_1', expiresAt));
    await cache.fetch(identity, params(), upstream);
    vi.advanceTimersByTime(9_000);
    expect((await cache.fetch(identity, params(), upstream)).source).toBe('hit');
    vi.advanceTimersByTime(1_001);
    expect((await cache.fetch(identity, params(), upstream)).source).toBe('miss');
  });

  it('keys by what is sent: other usage, another user or device class miss; another browser build hits', async () => {
    const cache = createOfferCache({ store: createMemoryStore(), maxAgeMs: 60_000, now: Date.now });
    const upstream = vi.fn(async () => answer('po_1'));
    await cache.fetch(identity, params(), upstream);
    expect(
      (await cache.fetch(identity, params('Mozilla/5.0 (X11; Linux x86_64) Chrome/141'), upstream))
        .source,
    ).toBe('hit');
    expect(
      (
        await cache.fetch(
          identity,
          params('Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Mobile'),
          upstream,
        )
      ).source,
    ).toBe('miss');
    expect(
      (await cache.fetch(identity, { ...params(), custom: { storage_used_percent: 90 } }, upstream))
        .source,
    ).toBe('miss');
    expect(
      (await cache.fetch(colleague, { ...params(), external_user_id: 'u2' }, upstream)).source,
    ).toBe('miss');
    expect(upstream).toHaveBeenCalledTimes(4);
  });

  it('an invalidation of the subscription misses every cached answer of it, a colleague’s too', async () => {
    const store = createMemoryStore();
    const one = createOfferCache({ store, maxAgeMs: 60_000, now: Date.now });
    const two = createOfferCache({ store, maxAgeMs: 60_000, now: Date.now });
    const upstream = vi.fn(async () => answer('po_1'));
    const colleagueParams = { ...params(), external_user_id: 'u2' };
    await one.fetch(identity, params(), upstream);
    await one.fetch(colleague, colleagueParams, upstream);
    await two.invalidate(colleague);
    expect((await one.fetch(identity, params(), upstream)).source).toBe('miss');
    expect((await two.fetch(colleague, colleagueParams, upstream)).source).toBe('miss');
    // Another subscription of the same customer keeps its cache.
    const other = { customerId: 'cus_1', subscriptionId: 'sub_2' };
    await one.fetch(other, { ...params(), subscription_id: 'sub_2' }, upstream);
    await one.invalidate(identity);
    expect(
      (await one.fetch(other, { ...params(), subscription_id: 'sub_2' }, upstream)).source,
    ).toBe('hit');
  });

  it('a fetch in flight during an invalidation does not serve its stale answer afterwards', async () => {
    const store = createMemoryStore();
    const cache = createOfferCache({ store, maxAgeMs: 60_000, now: Date.now });
    let release: (value: UpstreamOffers) => void = () => {};
    const slow = cache.fetch(
      identity,
      params(),
      () => new Promise((resolve) => (release = resolve)),
    );
    await vi.advanceTimersByTimeAsync(0);
    await cache.invalidate(identity);
    release(answer('po_old'));
    await slow;
    const upstream = vi.fn(async () => answer('po_new'));
    const after = await cache.fetch(identity, params(), upstream);
    expect(after.source).toBe('miss');
    expect(after.offers.result.offers[0]?.id).toBe('po_new');
  });

  it('hides a dismissed base offer until the time given', async () => {
    const cache = createOfferCache({ store: createMemoryStore(), maxAgeMs: 60_000, now: Date.now });
    await cache.invalidate(identity, { offerId: 'base_1', untilMs: Date.now() + 30_000 });
    const first = await cache.fetch(identity, params(), async () => answer('po_1'));
    expect([...first.hidden]).toEqual(['base_1']);
    vi.advanceTimersByTime(30_001);
    expect((await cache.fetch(identity, params(), async () => answer('po_1'))).hidden.size).toBe(0);
  });

  it('shares one upstream call between identical concurrent fetches on one instance', async () => {
    const cache = createOfferCache({ store: createMemoryStore(), maxAgeMs: 60_000, now: Date.now });
    let release: (value: UpstreamOffers) => void = () => {};
    const upstream = vi.fn(() => new Promise<UpstreamOffers>((resolve) => (release = resolve)));
    const fetches = Array.from({ length: 10 }, () => cache.fetch(identity, params(), upstream));
    await vi.advanceTimersByTimeAsync(0);
    release(answer('po_1'));
    const results = await Promise.all(fetches);
    expect(upstream).toHaveBeenCalledTimes(1);
    expect(results.filter((result) => result.source === 'miss')).toHaveLength(1);
    expect(results.filter((result) => result.source === 'coalesced')).toHaveLength(9);
  });

  it('shares one upstream call across instances through the store lock', async () => {
    const store = createMemoryStore();
    const one = createOfferCache({ store, maxAgeMs: 60_000, now: Date.now });
    const two = createOfferCache({ store, maxAgeMs: 60_000, now: Date.now });
    let release: (value: UpstreamOffers) => void = () => {};
    const upstream = vi.fn(() => new Promise<UpstreamOffers>((resolve) => (release = resolve)));
    const first = one.fetch(identity, params(), upstream);
    await vi.advanceTimersByTimeAsync(0);
    const second = two.fetch(identity, params(), upstream);
    await vi.advanceTimersByTimeAsync(60);
    release(answer('po_1'));
    await vi.advanceTimersByTimeAsync(60);
    expect((await first).source).toBe('miss');
    expect((await second).source).toBe('coalesced');
    expect(upstream).toHaveBeenCalledTimes(1);
  });

  it('fetches itself when the lock holder fails', async () => {
    const store = createMemoryStore();
    const one = createOfferCache({ store, maxAgeMs: 60_000, now: Date.now });
    const two = createOfferCache({ store, maxAgeMs: 60_000, now: Date.now });
    let fail: (error: Error) => void = () => {};
    const failing = one.fetch(
      identity,
      params(),
      () => new Promise((_, reject) => (fail = reject)),
    );
    failing.catch(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    const upstream = vi.fn(async () => answer('po_1'));
    const second = two.fetch(identity, params(), upstream);
    fail(new Error('upstream_unavailable'));
    await vi.advanceTimersByTimeAsync(1_100);
    expect((await second).source).toBe('miss');
    expect(upstream).toHaveBeenCalledTimes(1);
  });
});

describe('canonicalJson / deviceClassOf', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 1, e: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"e":2,"f":1}]},"b":1}',
    );
  });
  it('classifies user agents coarsely', () => {
    expect(deviceClassOf('Mozilla/5.0 (iPad; CPU OS 17_0)')).toBe('tablet');
    expect(deviceClassOf('Mozilla/5.0 (Linux; Android 14) Mobile Safari')).toBe('mobile');
    expect(deviceClassOf('Mozilla/5.0 (Macintosh) Safari/605')).toBe('desktop');
    expect(deviceClassOf(null)).toBe('none');
  });
});

describe('createOfferCache when the store fails', () => {
  it('answers from Chargebee without the cache, and reports it once a minute', async () => {
    const broken = {
      ...createMemoryStore(),
      get: async () => {
        throw new Error('connection refused');
      },
    };
    const onStoreError = vi.fn();
    const cache = createOfferCache({
      store: broken,
      maxAgeMs: 60_000,
      now: Date.now,
      onStoreError,
    });
    const upstream = vi.fn(async () => answer('po_1'));
    expect((await cache.fetch(identity, params(), upstream)).source).toBe('miss');
    expect((await cache.fetch(identity, params(), upstream)).offers.result.offers[0]?.id).toBe(
      'po_1',
    );
    expect(upstream).toHaveBeenCalledTimes(2);
    expect(onStoreError).toHaveBeenCalledTimes(1);
  });
});
