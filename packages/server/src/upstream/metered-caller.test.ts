import { UpsellError } from '@upsell-kit/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../stores/create-memory-store';
import { upstreamParts, type UpstreamPartsOptions } from '../test-support/upstream-parts';

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

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  for (const parts of opened.splice(0)) parts.close();
  vi.useRealTimers();
});

describe('createMeteredCaller', () => {
  it('sheds an offer fetch at once with 503 upstream_unavailable and Retry-After, without a call', async () => {
    const g = partsOf({ requestsPerMinute: 4 });
    const run = vi.fn(async () => 'ok');
    // 4 less the reserves (critical, status reads: 1 each) and the dismissal floor (1): 1 offer fetch.
    await g.caller.call('personalized_offers', 'offers', run);
    const shed = await g.caller
      .call('personalized_offers', 'offers', run)
      .catch((error: unknown) => error);
    expect(shed).toBeInstanceOf(UpsellError);
    expect(shed).toMatchObject({ code: 'upstream_unavailable', status: 503, retryAfter: 62 });
    expect(run).toHaveBeenCalledTimes(1);
    expect(g.decisions).toContainEqual({
      type: 'upstream_shed',
      operation: 'personalized_offers',
      priority: 'offers',
      reason: 'budget',
      retryAfter: 62,
    });
    // The critical reserve is still there.
    await g.caller.call('offer_fulfillments.create', 'critical', run);
    expect(run).toHaveBeenCalledTimes(2);
    const stats = await g.stats();
    expect(stats.shed.offers).toBe(1);
    expect(stats.upstreamCalls).toEqual({
      critical: 1,
      status: 0,
      dismissed: 0,
      offers: 1,
      viewed: 0,
    });
    expect(stats.budget).toMatchObject({
      requestsPerMinute: 4,
      usedLastMinute: 2,
      fleetWide: true,
    });
    expect(g.logger.warn).toHaveBeenCalledTimes(1);
    expect(g.logger.warn.mock.calls[0]?.[0]).toMatch(/upstreamBudget\.requestsPerMinute/);
  });

  it('warns at most once a minute while it sheds', async () => {
    const g = partsOf({ requestsPerMinute: 1 });
    const run = async () => 'ok';
    for (let i = 0; i < 10; i++)
      await g.caller.call('personalized_offers', 'offers', run).catch(() => undefined);
    expect(g.logger.warn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(61_000);
    for (let i = 0; i < 10; i++)
      await g.caller.call('personalized_offers', 'viewed', run).catch(() => undefined);
    expect(g.logger.warn).toHaveBeenCalledTimes(2);
  });

  it('a 429 pauses every non-critical call of the fleet for Retry-After, not critical ones', async () => {
    const store = createMemoryStore();
    const one = partsOf({ store });
    const two = partsOf({ store });
    const failed = await one.caller
      .call('personalized_offers', 'offers', async () => {
        throw rateLimited('30');
      })
      .catch((error: unknown) => error);
    expect(failed).toMatchObject({ code: 'upstream_unavailable', retryAfter: 30 });
    const run = vi.fn(async () => 'ok');
    await expect(two.caller.call('personalized_offers', 'offers', run)).rejects.toMatchObject({
      code: 'upstream_unavailable',
      retryAfter: 30,
    });
    expect(run).not.toHaveBeenCalled();
    await two.caller.call('offer_fulfillments.create', 'critical', run);
    expect(run).toHaveBeenCalledTimes(1);
    expect(one.decisions).toContainEqual(
      expect.objectContaining({ type: 'upstream_paused', retryAfter: 30 }),
    );
    expect((await one.stats()).upstreamRateLimited).toBe(1);
    expect((await two.stats()).paused.offers).toBe(1);
    vi.advanceTimersByTime(30_001);
    await two.caller.call('personalized_offers', 'offers', run);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('does not pause the fleet for a lock_timeout 429', async () => {
    const g = partsOf();
    await g.caller
      .call('offer_fulfillments.create', 'critical', async () => {
        throw { ...rateLimited('5'), api_error_code: 'lock_timeout' };
      })
      .catch(() => undefined);
    expect((await g.stats()).budget.pausedForMs).toBe(0);
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
    const g = partsOf({ requestsPerMinute: 1, telemetry: { meter, tracer } });
    await g.caller.call('offer_fulfillments.create', 'critical', async () => 'ok');
    await g.caller.call('personalized_offers', 'offers', async () => 'ok').catch(() => undefined);
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

  it("counts a grant against the identity's share while it has room, and never refuses it for fairness", async () => {
    const g = partsOf({ perIdentity: { critical: 2 } });
    await g.caller.call('offer_fulfillments.create', 'critical', async () => 'ok', 'cust');
    await g.caller.reserve('fulfiller', 'critical', 'cust');
    // Its share is used: a create is refused for fairness, a grant still gets its room.
    await expect(
      g.caller.call('offer_fulfillments.create', 'critical', async () => 'ok', 'cust'),
    ).rejects.toMatchObject({ code: 'upstream_unavailable' });
    await expect(g.caller.reserve('fulfiller', 'critical', 'cust')).resolves.toBeUndefined();
    const stats = await g.stats();
    expect(stats.upstreamCalls.critical).toBe(3);
    expect(stats.shedForFairness.critical).toBe(1);
  });
});
