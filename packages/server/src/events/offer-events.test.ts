import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRedisStore } from '../stores/create-redis-store';
import { redisForFile } from '../test-support/redis-process';
import { upstreamParts, type UpstreamPartsOptions } from '../test-support/upstream-parts';

const redisServer = redisForFile();

const NOW = 1_700_000_000_000;

const rateLimited = (retryAfter: string) => ({
  message: 'Sorry, we are experiencing high load.',
  api_error_code: 'api_request_limit_exceeded',
  http_status_code: 429,
  headers: { 'retry-after': retryAfter },
});

const opened: { close(): void }[] = [];
function partsOf(overrides: Partial<UpstreamPartsOptions> = {}) {
  const g = upstreamParts(overrides);
  opened.push(g);
  return g;
}

const event = (type: 'viewed' | 'dismissed', id: string) => ({
  type,
  personalizedOfferId: id,
  offerId: 'base_1',
  expiresAt: NOW / 1000 + 3600,
});

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  for (const parts of opened.splice(0)) parts.close();
  vi.useRealTimers();
});

describe('createOfferEvents', () => {
  it('queues an event the budget has no room for, answers at once, and delivers it later', async () => {
    const g = partsOf({ requestsPerMinute: 10 });
    // 6 calls fill the viewed share (60 %) of 10.
    for (let i = 0; i < 6; i++)
      await g.caller.call('personalized_offers', 'offers', async () => 'ok');
    expect(await g.events.record(event('viewed', 'po_1'))).toBe('queued');
    expect(await g.events.record(event('dismissed', 'po_2'))).toBe('sent');
    expect(g.send).toHaveBeenCalledTimes(1);
    expect(g.decisions).toContainEqual(
      expect.objectContaining({ type: 'event_queued', eventType: 'viewed' }),
    );
    expect(await g.events.drain()).toBe(0);
    vi.advanceTimersByTime(60_001);
    expect(await g.events.drain()).toBe(1);
    expect(g.send).toHaveBeenCalledTimes(2);
    expect(g.send.mock.calls[1]?.[0]).toMatchObject({
      type: 'viewed',
      personalizedOfferId: 'po_1',
    });
    const stats = await g.stats();
    expect(stats.events).toMatchObject({ sent: 1, queued: 1, delivered: 1, queuedNow: 0 });
  });

  it('drains on its timer, without a request', async () => {
    const g = partsOf({ requestsPerMinute: 1 });
    await g.caller.call('personalized_offers', 'critical', async () => 'ok');
    expect(await g.events.record(event('dismissed', 'po_1'))).toBe('queued');
    await vi.advanceTimersByTimeAsync(65_000);
    expect(g.send).toHaveBeenCalledTimes(1);
  });

  it('queues an event Chargebee refused with 429 and pauses', async () => {
    const g = partsOf();
    g.send.mockRejectedValueOnce(rateLimited('10'));
    expect(await g.events.record(event('dismissed', 'po_1'))).toBe('queued');
    expect(await g.events.drain()).toBe(0);
    vi.advanceTimersByTime(10_001);
    expect(await g.events.drain()).toBe(1);
    expect(g.send).toHaveBeenCalledTimes(2);
  });

  it('coalesces only true duplicates: one viewed per personalized offer within 5 s', async () => {
    const g = partsOf();
    const outcomes = [];
    for (let i = 0; i < 120; i++) outcomes.push(await g.events.record(event('viewed', 'po_1')));
    expect(outcomes.filter((outcome) => outcome === 'sent')).toHaveLength(1);
    expect(g.send).toHaveBeenCalledTimes(1);
    expect((await g.stats()).events.deduplicated).toBe(119);
    // A display 5 s later is a display of its own: Chargebee asks for a view per display.
    vi.advanceTimersByTime(5_001);
    expect(await g.events.record(event('viewed', 'po_1'))).toBe('sent');
  });

  it("keeps the views' dedupe window on the handler's clock with a real Redis (not its TTLs)", async () => {
    const store = createRedisStore(redisServer.client(), {
      prefix: `dedupe:${Math.random().toString(36).slice(2)}:`,
    });
    const g = partsOf({ store });
    expect(await g.events.record(event('viewed', 'po_1'))).toBe('sent');
    expect(await g.events.record(event('viewed', 'po_1'))).toBe('deduplicated');
    // 5 s on the handler's clock (a fake one here, the bench's warped one there), milliseconds
    // for Redis: a display of its own all the same.
    vi.setSystemTime(Date.now() + 5_001);
    expect(await g.events.record(event('viewed', 'po_1'))).toBe('sent');
    // One effective dismissal holds on Redis too.
    expect(await g.events.record(event('dismissed', 'po_1'))).toBe('sent');
    expect(await g.events.record(event('dismissed', 'po_1'))).toBe('deduplicated');
  });

  it('takes one effective dismissal per personalized offer: the repeats cost no call, no place, no second hide', async () => {
    const g = partsOf();
    const hide = vi.fn(async () => {});
    const outcomes = [];
    for (let i = 0; i < 100; i++) {
      outcomes.push(await g.events.record(event('dismissed', 'po_1'), hide));
    }
    expect(outcomes.filter((outcome) => outcome === 'sent')).toHaveLength(1);
    expect(hide).toHaveBeenCalledTimes(1);
    expect(g.send).toHaveBeenCalledTimes(1);
    expect((await g.stats()).events).toMatchObject({ sent: 1, deduplicated: 99, queuedNow: 0 });
    // Another personalized offer is a dismissal of its own.
    expect(await g.events.record(event('dismissed', 'po_2'), hide)).toBe('sent');
    expect(hide).toHaveBeenCalledTimes(2);
  });

  it('forgets a dismissal whose hide failed, so that its retry is taken', async () => {
    const g = partsOf();
    const failing = vi.fn(async () => {
      throw new Error('store down');
    });
    await expect(g.events.record(event('dismissed', 'po_1'), failing)).rejects.toThrow(
      'store down',
    );
    expect(g.send).not.toHaveBeenCalled();
    expect(await g.events.record(event('dismissed', 'po_1'), async () => {})).toBe('sent');
  });

  it('refuses an event with 503 when the queue is full', async () => {
    const g = partsOf({ requestsPerMinute: 1, maxLength: 1 });
    await g.caller.call('offer_fulfillments.create', 'critical', async () => 'ok');
    expect(await g.events.record(event('dismissed', 'po_1'))).toBe('queued');
    await expect(g.events.record(event('dismissed', 'po_2'))).rejects.toMatchObject({
      code: 'upstream_unavailable',
    });
    expect((await g.stats()).events.dropped).toBe(1);
  });

  it('counts and reports a queued view dropped because its offer expired', async () => {
    const adds: [number, Record<string, unknown> | undefined][] = [];
    const meter = {
      createCounter: (name: string) => ({
        add: (value: number, attributes?: Record<string, string | number | boolean>) =>
          void (name === 'upsell.events' && adds.push([value, attributes])),
      }),
    };
    const g = partsOf({ requestsPerMinute: 10, telemetry: { meter } });
    for (let i = 0; i < 6; i++)
      await g.caller.call('personalized_offers', 'offers', async () => 'ok');
    const soon = { ...event('viewed', 'po_1'), expiresAt: NOW / 1000 + 30 };
    expect(await g.events.record(soon)).toBe('queued');
    vi.advanceTimersByTime(31_000);
    expect(await g.events.drain()).toBe(0);
    expect(g.send).not.toHaveBeenCalled();
    expect((await g.stats()).events).toMatchObject({
      queued: 1,
      expired: 1,
      dropped: 1,
      queuedNow: 0,
    });
    expect(g.decisions).toContainEqual(
      expect.objectContaining({ type: 'event_dropped', eventType: 'viewed', reason: 'expired' }),
    );
    expect(adds).toContainEqual([1, { action: 'dropped', type: 'viewed', reason: 'expired' }]);
  });
});
