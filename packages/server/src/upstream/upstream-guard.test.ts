import { UpsellError } from '@upsell-kit/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../stores/create-memory-store';
import type { QueuedEvent } from '../events/event-queue';
import { createUpstreamGuard, type GuardEvent, type UpstreamGuardOptions } from './upstream-guard';

const NOW = 1_700_000_000_000;

const rateLimited = (retryAfter: string) => ({
  message: 'Sorry, we are experiencing high load.',
  api_error_code: 'api_request_limit_exceeded',
  http_status_code: 429,
  headers: { 'retry-after': retryAfter },
});

function guardOf(overrides: Partial<UpstreamGuardOptions> = {}) {
  const events: GuardEvent[] = [];
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const sendEvent = vi.fn(async (_event: QueuedEvent) => ({}));
  const guard = createUpstreamGuard({
    store: createMemoryStore(),
    logger,
    now: Date.now,
    deadlineMs: 11_000,
    budget: { requestsPerMinute: 100 },
    offerCache: undefined,
    eventQueue: undefined,
    telemetry: undefined,
    emit: (event) => events.push(event),
    sendEvent,
    ...overrides,
  });
  return { guard, events, logger, sendEvent };
}

const event = (type: 'viewed' | 'dismissed', id: string) => ({
  type,
  personalizedOfferId: id,
  offerId: 'base_1',
  expiresAt: NOW / 1000 + 3600,
});

const guards: { close(): void }[] = [];
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  for (const guard of guards.splice(0)) guard.close();
  vi.useRealTimers();
});

describe('createUpstreamGuard', () => {
  it('sheds an offer fetch at once with 503 upstream_unavailable and Retry-After, without a call', async () => {
    const { guard, events, logger } = guardOf({ budget: { requestsPerMinute: 4 } });
    guards.push(guard);
    const run = vi.fn(async () => 'ok');
    for (let i = 0; i < 3; i++) await guard.call('personalized_offers', 'offers', run);
    const shed = await guard
      .call('personalized_offers', 'offers', run)
      .catch((error: unknown) => error);
    expect(shed).toBeInstanceOf(UpsellError);
    expect(shed).toMatchObject({ code: 'upstream_unavailable', status: 503, retryAfter: 60 });
    expect(run).toHaveBeenCalledTimes(3);
    expect(events).toContainEqual({
      type: 'upstream_shed',
      operation: 'personalized_offers',
      priority: 'offers',
      reason: 'budget',
      retryAfter: 60,
    });
    // The one critical slot left is still there.
    await guard.call('offer_fulfillments.create', 'critical', run);
    expect(run).toHaveBeenCalledTimes(4);
    const stats = await guard.stats();
    expect(stats.shed.offers).toBe(1);
    expect(stats.upstreamCalls).toEqual({ critical: 1, dismissed: 0, offers: 3, viewed: 0 });
    expect(stats.budget).toMatchObject({
      requestsPerMinute: 4,
      usedLastMinute: 4,
      fleetWide: true,
    });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]?.[0]).toMatch(/upstreamBudget\.requestsPerMinute/);
  });

  it('warns at most once a minute while it sheds', async () => {
    const { guard, logger } = guardOf({ budget: { requestsPerMinute: 1 } });
    guards.push(guard);
    const run = async () => 'ok';
    for (let i = 0; i < 10; i++)
      await guard.call('personalized_offers', 'offers', run).catch(() => undefined);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(61_000);
    for (let i = 0; i < 10; i++)
      await guard.call('personalized_offers', 'viewed', run).catch(() => undefined);
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('a 429 pauses every non-critical call of the fleet for Retry-After, not critical ones', async () => {
    const store = createMemoryStore();
    const one = guardOf({ store });
    const two = guardOf({ store });
    guards.push(one.guard, two.guard);
    const failed = await one.guard
      .call('personalized_offers', 'offers', async () => {
        throw rateLimited('30');
      })
      .catch((error: unknown) => error);
    expect(failed).toMatchObject({ code: 'upstream_unavailable', retryAfter: 30 });
    const run = vi.fn(async () => 'ok');
    await expect(two.guard.call('personalized_offers', 'offers', run)).rejects.toMatchObject({
      code: 'upstream_unavailable',
      retryAfter: 30,
    });
    expect(run).not.toHaveBeenCalled();
    await two.guard.call('offer_fulfillments.create', 'critical', run);
    expect(run).toHaveBeenCalledTimes(1);
    expect(one.events).toContainEqual(
      expect.objectContaining({ type: 'upstream_paused', retryAfter: 30 }),
    );
    expect((await one.guard.stats()).upstreamRateLimited).toBe(1);
    expect((await two.guard.stats()).paused.offers).toBe(1);
    vi.advanceTimersByTime(30_001);
    await two.guard.call('personalized_offers', 'offers', run);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('does not pause the fleet for a lock_timeout 429', async () => {
    const { guard } = guardOf();
    guards.push(guard);
    await guard
      .call('offer_fulfillments.create', 'critical', async () => {
        throw { ...rateLimited('5'), api_error_code: 'lock_timeout' };
      })
      .catch(() => undefined);
    expect((await guard.stats()).budget.pausedForMs).toBe(0);
  });

  it('queues an event the budget has no room for, answers at once, and delivers it later', async () => {
    const { guard, sendEvent, events } = guardOf({ budget: { requestsPerMinute: 10 } });
    guards.push(guard);
    // 6 calls fill the viewed share (60 %) of 10.
    for (let i = 0; i < 6; i++) await guard.call('personalized_offers', 'offers', async () => 'ok');
    expect(await guard.recordEvent(event('viewed', 'po_1'))).toBe('queued');
    expect(await guard.recordEvent(event('dismissed', 'po_2'))).toBe('sent');
    expect(sendEvent).toHaveBeenCalledTimes(1);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'event_queued', eventType: 'viewed' }),
    );
    expect(await guard.drainEvents()).toBe(0);
    vi.advanceTimersByTime(60_001);
    expect(await guard.drainEvents()).toBe(1);
    expect(sendEvent).toHaveBeenCalledTimes(2);
    expect(sendEvent.mock.calls[1]?.[0]).toMatchObject({
      type: 'viewed',
      personalizedOfferId: 'po_1',
    });
    const stats = await guard.stats();
    expect(stats.events).toMatchObject({ sent: 1, queued: 1, delivered: 1, queuedNow: 0 });
  });

  it('drains on its timer, without a request', async () => {
    const { guard, sendEvent } = guardOf({ budget: { requestsPerMinute: 1 } });
    guards.push(guard);
    await guard.call('personalized_offers', 'critical', async () => 'ok');
    expect(await guard.recordEvent(event('dismissed', 'po_1'))).toBe('queued');
    await vi.advanceTimersByTimeAsync(65_000);
    expect(sendEvent).toHaveBeenCalledTimes(1);
  });

  it('queues an event Chargebee refused with 429 and pauses', async () => {
    const { guard, sendEvent } = guardOf();
    guards.push(guard);
    sendEvent.mockRejectedValueOnce(rateLimited('10'));
    expect(await guard.recordEvent(event('dismissed', 'po_1'))).toBe('queued');
    expect(await guard.drainEvents()).toBe(0);
    vi.advanceTimersByTime(10_001);
    expect(await guard.drainEvents()).toBe(1);
    expect(sendEvent).toHaveBeenCalledTimes(2);
  });

  it('sends one viewed per personalized offer within the dedupe window', async () => {
    const { guard, sendEvent } = guardOf();
    guards.push(guard);
    const outcomes = [];
    for (let i = 0; i < 120; i++) outcomes.push(await guard.recordEvent(event('viewed', 'po_1')));
    expect(outcomes.filter((outcome) => outcome === 'sent')).toHaveLength(1);
    expect(sendEvent).toHaveBeenCalledTimes(1);
    expect((await guard.stats()).events.deduplicated).toBe(119);
    vi.advanceTimersByTime(60_001);
    expect(await guard.recordEvent(event('viewed', 'po_1'))).toBe('sent');
    // Dismissals are never deduplicated.
    expect(await guard.recordEvent(event('dismissed', 'po_1'))).toBe('sent');
    expect(await guard.recordEvent(event('dismissed', 'po_1'))).toBe('sent');
  });

  it('refuses an event with 503 when the queue is full', async () => {
    const { guard } = guardOf({ budget: { requestsPerMinute: 1 }, eventQueue: { maxLength: 1 } });
    guards.push(guard);
    await guard.call('offer_fulfillments.create', 'critical', async () => 'ok');
    expect(await guard.recordEvent(event('dismissed', 'po_1'))).toBe('queued');
    await expect(guard.recordEvent(event('dismissed', 'po_2'))).rejects.toMatchObject({
      code: 'upstream_unavailable',
    });
    expect((await guard.stats()).events.dropped).toBe(1);
  });

  it('coalesces reads of one fulfillment and answers from a 1 s cache', async () => {
    const { guard } = guardOf();
    guards.push(guard);
    let release: (value: string) => void = () => {};
    const read = vi.fn(() => new Promise<string>((resolve) => (release = resolve)));
    const reads = Array.from({ length: 5 }, () => guard.readFulfillment('ful_1', read));
    await vi.advanceTimersByTimeAsync(0);
    release('in_progress');
    expect(await Promise.all(reads)).toEqual(Array(5).fill('in_progress'));
    expect(await guard.readFulfillment('ful_1', read)).toBe('in_progress');
    expect(read).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_001);
    const next = guard.readFulfillment('ful_1', async () => 'completed');
    expect(await next).toBe('completed');
    expect((await guard.stats()).fulfillmentReads).toEqual({ cached: 1, coalesced: 4 });
  });

  it('counts calls and sheds with an OpenTelemetry-shaped meter, and spans each call', async () => {
    const adds: [string, number, Record<string, unknown> | undefined][] = [];
    const spans: { name: string; ended: boolean; status?: number }[] = [];
    const meter = {
      createCounter: (name: string) => ({
        add: (value: number, attributes?: Record<string, string | number | boolean>) =>
          adds.push([name, value, attributes]),
      }),
    };
    const tracer = {
      startSpan: (name: string) => {
        const span = { name, ended: false, status: undefined as number | undefined };
        spans.push(span);
        return {
          setAttribute: () => undefined,
          setStatus: (status: { code: number }) => (span.status = status.code),
          end: () => (span.ended = true),
        };
      },
    };
    const { guard } = guardOf({ budget: { requestsPerMinute: 1 }, telemetry: { meter, tracer } });
    guards.push(guard);
    await guard.call('offer_fulfillments.create', 'critical', async () => 'ok');
    await guard.call('personalized_offers', 'offers', async () => 'ok').catch(() => undefined);
    expect(adds).toContainEqual([
      'upsell.upstream.calls',
      1,
      { operation: 'offer_fulfillments.create', priority: 'critical', outcome: 'ok' },
    ]);
    expect(adds).toContainEqual([
      'upsell.upstream.shed',
      1,
      { operation: 'personalized_offers', priority: 'offers', reason: 'budget' },
    ]);
    expect(spans).toEqual([
      { name: 'chargebee offer_fulfillments.create', ended: true, status: undefined },
    ]);
  });
});
