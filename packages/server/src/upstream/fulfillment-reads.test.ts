import type { Fulfillment } from '@upsell-kit/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../stores/create-memory-store';
import { createRedisStore } from '../stores/create-redis-store';
import type { UpsellStore } from '../stores/upsell-store';
import { redisForFile } from '../test-support/redis-process';
import { upstreamParts, type UpstreamPartsOptions } from '../test-support/upstream-parts';

// Status reads of accepts in flight, with a fake clock, against the memory store and a real
// redis-server (the windows follow the clock passed in; Redis only expires what is stale).

const NOW = 1_700_000_000_000;
const redisServer = redisForFile();

const stores: [string, () => UpsellStore][] = [
  ['memory', () => createMemoryStore()],
  [
    'Redis',
    () =>
      createRedisStore(redisServer.client(), {
        prefix: `reads:${Math.random().toString(36).slice(2)}:`,
      }),
  ],
];

const opened: { close(): void }[] = [];
function partsOf(overrides: Partial<UpstreamPartsOptions> = {}) {
  const g = upstreamParts(overrides);
  opened.push(g);
  return g;
}

const status = (value: string, id = 'ful_1'): Fulfillment => ({
  id,
  personalized_offer_id: 'po_1',
  option_id: 'opt_1',
  processing_type: 'billing_update',
  status: value as Fulfillment['status'],
  redirect_url: null,
  error: null,
  grant: null,
});

/** A read of fulfillment `id` whose Chargebee call answers `answer` (counted in `fetch`). */
function reader(answer: () => string, id = 'ful_1') {
  const fetch = vi.fn(async () => answer());
  return {
    fetch,
    read: (g: ReturnType<typeof partsOf>, identity?: string) =>
      g.fulfillmentReads.read(id, {
        identity,
        fetch,
        parse: (body) => status(String(body), id),
      }),
  };
}

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
  });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  for (const parts of opened.splice(0)) parts.close();
  vi.useRealTimers();
});

describe.each(stores)('fulfillment status reads (%s)', (_name, makeStore) => {
  it('share one call on an instance and answer from a 1 s cache', async () => {
    const g = partsOf({ store: makeStore() });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fetch = vi.fn(async () => {
      await gate;
      return 'in_progress';
    });
    const read = () =>
      g.fulfillmentReads.read('ful_1', { fetch, parse: (body) => status(String(body)) });
    const reads = Array.from({ length: 5 }, read);
    await vi.advanceTimersByTimeAsync(0);
    release();
    expect((await Promise.all(reads)).map((f) => f.status)).toEqual(Array(5).fill('in_progress'));
    expect((await read()).status).toBe('in_progress');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect((await g.stats()).fulfillmentReads).toMatchObject({ cached: 1, coalesced: 4 });
  });

  it('make at most one Chargebee read per fulfillment every 2 s, fleet-wide; the others answer the last known status', async () => {
    const store = makeStore();
    const a = partsOf({ store });
    const b = partsOf({ store });
    let upstream = 'in_progress';
    const chargebee = reader(() => upstream);
    expect((await chargebee.read(a)).status).toBe('in_progress');
    expect(chargebee.fetch).toHaveBeenCalledTimes(1);
    upstream = 'completed';
    // Another instance, 1.5 s later: within the interval, so the status instance A read.
    vi.advanceTimersByTime(1_500);
    expect((await chargebee.read(b)).status).toBe('in_progress');
    expect(chargebee.fetch).toHaveBeenCalledTimes(1);
    expect((await b.stats()).fulfillmentReads.lastKnown).toBe(1);
    // Past it: a read of its own, and what it learned is what A answers too.
    vi.advanceTimersByTime(600);
    expect((await chargebee.read(b)).status).toBe('completed');
    vi.advanceTimersByTime(1_100);
    expect((await chargebee.read(a)).status).toBe('completed');
    expect(chargebee.fetch).toHaveBeenCalledTimes(2);
  });

  it('never read a final status again', async () => {
    const store = makeStore();
    const g = partsOf({ store });
    const chargebee = reader(() => 'completed');
    expect((await chargebee.read(g)).status).toBe('completed');
    for (let poll = 0; poll < 10; poll++) {
      vi.advanceTimersByTime(5_000);
      expect((await chargebee.read(g)).status).toBe('completed');
      expect((await chargebee.read(partsOf({ store }))).status).toBe('completed');
    }
    expect(chargebee.fetch).toHaveBeenCalledTimes(1);
  });

  it("count the create's answer as the fleet's read: polls within 2 s answer it", async () => {
    const store = makeStore();
    const g = partsOf({ store });
    const chargebee = reader(() => 'completed');
    await g.fulfillmentReads.remember(status('in_progress'));
    vi.advanceTimersByTime(1_100);
    expect((await chargebee.read(partsOf({ store }))).status).toBe('in_progress');
    expect(chargebee.fetch).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect((await chargebee.read(g)).status).toBe('completed');
    expect(chargebee.fetch).toHaveBeenCalledTimes(1);
  });

  it("keep one identity's reads within its share: past it, the last known status", async () => {
    const store = makeStore();
    const g = partsOf({ store, perIdentity: { status: 3 } });
    const chargebee = reader(() => 'in_progress');
    await g.fulfillmentReads.remember(status('in_progress'));
    for (let poll = 0; poll < 10; poll++) {
      vi.advanceTimersByTime(2_100);
      expect((await chargebee.read(g, 'attacker')).status).toBe('in_progress');
    }
    expect(chargebee.fetch).toHaveBeenCalledTimes(3);
    const stats = await g.stats();
    expect(stats.shedForFairness.status).toBe(7);
    expect(stats.fulfillmentReads.lastKnown).toBe(7);
    expect(g.decisions).toContainEqual(
      expect.objectContaining({
        type: 'upstream_shed',
        priority: 'status',
        reason: 'fairness',
        identityHash: 'attacker',
      }),
    );
    // Another customer's reads are unaffected.
    const other = partsOf({ store, perIdentity: { status: 3 } });
    const theirs = reader(() => 'completed', 'ful_2');
    expect((await theirs.read(other, 'someone')).status).toBe('completed');
  });

  it('answer the last known status when the budget has no room; 503 when nothing is known', async () => {
    const store = makeStore();
    // 10 a minute: status reads may use all but the creates' reserve (1).
    const g = partsOf({ store, requestsPerMinute: 10 });
    for (let call = 0; call < 9; call++) {
      await g.caller.call('personalized_offers', 'status', async () => 'ok');
    }
    const chargebee = reader(() => 'completed');
    await expect(chargebee.read(g)).rejects.toMatchObject({
      code: 'upstream_unavailable',
      retryAfter: 62,
    });
    await g.fulfillmentReads.remember(status('in_progress'));
    vi.advanceTimersByTime(2_100);
    expect((await chargebee.read(g)).status).toBe('in_progress');
    expect(chargebee.fetch).not.toHaveBeenCalled();
    // The creates' reserve is still there for an accept.
    expect(await g.caller.call('offer_fulfillments.create', 'critical', async () => 'ok')).toBe(
      'ok',
    );
  });
});
