import { createSimulator } from '@upsell-kit/chargebee-simulator';
import type { Identity } from '@upsell-kit/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUpsellHandler } from './create-upsell-handler';
import type { UpsellServerEvent } from './upsell-server-event';
import type { UpsellHandlerOptions } from './upsell-handler-options';

// Chargebee's API limit end to end on one instance: the offer cache and its invalidation, the
// budget by priority, the 429 back-off, the event queue and its dedupe, coalesced status reads.
// Against the simulator through MSW; call counts are asserted, never times.

const sim = createSimulator();
const server = setupServer(...sim.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => sim.reset());
afterAll(() => server.close());

const ALICE: Identity = {
  customerId: 'cus_acme',
  subscriptionId: 'sub_acme',
  externalUserId: 'alice',
};
const BOB: Identity = { customerId: 'cus_acme', subscriptionId: 'sub_acme', externalUserId: 'bob' };
const APP = 'https://app.example.com/api/upsell';
const HIGH = { storage_used_percent: 85 };

const handlers: { close(): void }[] = [];
afterEach(() => {
  for (const upsell of handlers.splice(0)) upsell.close();
  vi.useRealTimers();
});

function setup(overrides: Partial<UpsellHandlerOptions> = {}) {
  let who: Identity = ALICE;
  const events: UpsellServerEvent[] = [];
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const upsell = createUpsellHandler({
    chargebee: { site: 'upsell-kit-test', apiKey: 'test_simulator_key' },
    identify: () => who,
    secret: 'api-limit-test-secret-0123456789abcdef012345',
    onEvent: (event) => void events.push(event),
    logger,
    limits: { offers: false, events: false, fulfillments: false, fulfillmentReads: false },
    ...overrides,
  });
  handlers.push(upsell);
  return { upsell, events, logger, as: (identity: Identity) => void (who = identity) };
}

const post = (path: string, body: unknown) =>
  new Request(`${APP}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Mozilla/5.0 (X11; Linux) Chrome/140',
    },
    body: JSON.stringify(body),
  });

interface Offers {
  offers: { id: string; offer_id: string; token: string; options: { id: string }[] }[];
}

async function offers(
  upsell: (request: Request) => Promise<Response>,
  custom: Record<string, number> = HIGH,
) {
  const response = await upsell(post('/offers', { custom, context: { locale: 'en-US' } }));
  expect(response.status).toBe(200);
  return (await response.json()) as Offers;
}

const calls = (path: string) =>
  sim.inspect.requests().filter((request) => request.path === `/api/v2/${path}`).length;

describe('the offer cache', () => {
  it('serves a reloading page from one Chargebee call, with tokens that work', async () => {
    const { upsell, events } = setup();
    const first = await offers(upsell);
    for (let i = 0; i < 9; i++)
      expect((await offers(upsell)).offers[0]?.id).toBe(first.offers[0]?.id);
    expect(calls('personalized_offers')).toBe(1);
    const again = await offers(upsell);
    const viewed = await upsell(post('/events', { token: again.offers[0]!.token, type: 'viewed' }));
    expect(viewed.status).toBe(204);
    const fetched = events.filter((event) => event.type === 'offer_fetched');
    expect(fetched.map((event) => event.cached)).toEqual([false, ...Array(10).fill(true)]);
    expect((await upsell.stats()).offerCache).toMatchObject({ hits: 10, misses: 1 });
  });

  it('never shows an offer again from the cache after the user dismissed it', async () => {
    const { upsell } = setup();
    const shown = await offers(upsell);
    const dismissed = await upsell(
      post('/events', { token: shown.offers[0]!.token, type: 'dismissed' }),
    );
    expect(dismissed.status).toBe(204);
    expect((await offers(upsell)).offers).toEqual([]);
    expect(calls('personalized_offers')).toBe(2);
  });

  it('keeps a dismissed offer hidden while its dismissal waits in the queue', async () => {
    const { upsell } = setup();
    const shown = await offers(upsell);
    await upsell.pause('events', 60_000, 'test: events held');
    await upsell(post('/events', { token: shown.offers[0]!.token, type: 'dismissed' }));
    expect(sim.inspect.events()).toHaveLength(0);
    // Chargebee has not heard of the dismissal and offers it again: the handler leaves it out.
    expect((await offers(upsell)).offers).toEqual([]);
    expect(calls('personalized_offers')).toBe(2);
    expect((await upsell.stats()).offerCache.suppressed).toBe(1);
  });

  it('never shows an offer again from the cache after it was accepted', async () => {
    const { upsell } = setup();
    const shown = await offers(upsell);
    const accepted = await upsell(
      post('/fulfillments', {
        token: shown.offers[0]!.token,
        option_id: shown.offers[0]!.options[0]!.id,
      }),
    );
    expect(accepted.status).toBe(201);
    await offers(upsell);
    expect(calls('personalized_offers')).toBe(2);
  });

  it("a colleague's cached offer, accepted first by someone else, ends in 409: one fulfillment", async () => {
    const { upsell, as } = setup();
    const alices = await offers(upsell);
    as(BOB);
    const bobs = await offers(upsell);
    as(ALICE);
    const first = await upsell(
      post('/fulfillments', { token: alices.offers[0]!.token, option_id: 'add_100gb_storage' }),
    );
    expect(first.status).toBe(201);
    // Bob's next page load asks Chargebee again (his cached answer was cleared with Alice's accept).
    as(BOB);
    await offers(upsell);
    expect(calls('personalized_offers')).toBe(3);
    const second = await upsell(
      post('/fulfillments', { token: bobs.offers[0]!.token, option_id: 'add_100gb_storage' }),
    );
    expect(second.status).toBe(409);
    expect(sim.inspect.fulfillments()).toHaveLength(1);
  });

  it('shares one call between identical concurrent page loads', async () => {
    const { upsell } = setup();
    sim.faults.set('personalized_offers', { latencyMs: 50 });
    const answers = await Promise.all(Array.from({ length: 10 }, () => offers(upsell)));
    expect(new Set(answers.map((answer) => answer.offers[0]?.id)).size).toBe(1);
    expect(calls('personalized_offers')).toBe(1);
    expect((await upsell.stats()).offerCache).toMatchObject({ misses: 1, coalesced: 9 });
  });

  it('is off with offerCache: false', async () => {
    const { upsell } = setup({ offerCache: false });
    await offers(upsell);
    await offers(upsell);
    expect(calls('personalized_offers')).toBe(2);
  });
});

describe('the budget', () => {
  it('sheds page loads past their share at once with 503 and Retry-After, and an accept still goes through', async () => {
    const { upsell, as, events, logger } = setup({ upstreamBudget: { requestsPerMinute: 8 } });
    const statuses: number[] = [];
    let kept: Offers | undefined;
    for (let i = 0; i < 12; i++) {
      as({ customerId: `cus_${i}`, subscriptionId: `sub_${i}` });
      const response = await upsell(post('/offers', { custom: HIGH }));
      statuses.push(response.status);
      if (response.status === 200 && !kept) kept = (await response.json()) as Offers;
      if (response.status === 503) {
        expect(response.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
          'upstream_unavailable',
        );
      }
    }
    // 8 less the unused floors (critical, status reads, dismissals: 1 each) → 5 page loads reach
    // Chargebee; the rest are answered without a call.
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(calls('personalized_offers')).toBe(5);
    expect(events.filter((event) => event.type === 'upstream_shed')).toHaveLength(7);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(String(logger.warn.mock.calls[0]?.[0])).toContain('upstreamBudget.requestsPerMinute');

    as({ customerId: 'cus_0', subscriptionId: 'sub_0' });
    const accepted = await upsell(
      post('/fulfillments', {
        token: kept!.offers[0]!.token,
        option_id: kept!.offers[0]!.options[0]!.id,
      }),
    );
    expect(accepted.status).toBe(201);
    const stats = await upsell.stats();
    expect(stats.shed.offers).toBe(7);
    expect(stats.upstreamCalls.critical).toBeGreaterThanOrEqual(1);
    expect(stats.budget.usedLastMinute).toBeLessThanOrEqual(8);
  });

  it('queues views the budget has no room for and answers 204', async () => {
    // 6 less the unused floors (critical, status reads, dismissals: 1 each) → 3 offer fetches.
    const { upsell, as } = setup({ upstreamBudget: { requestsPerMinute: 6 } });
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) {
      as({ customerId: `cus_${i}`, subscriptionId: `sub_${i}` });
      tokens.push((await offers(upsell)).offers[0]!.token);
    }
    // 3 offer fetches in the last 15 s project 12 a minute: no room for a view now.
    for (const [i, token] of tokens.entries()) {
      as({ customerId: `cus_${i}`, subscriptionId: `sub_${i}` });
      expect((await upsell(post('/events', { token, type: 'viewed' }))).status).toBe(204);
    }
    expect(sim.inspect.events()).toHaveLength(0);
    expect((await upsell.stats()).events).toMatchObject({ queued: 3, queuedNow: 3 });
  });
});

describe("one identity's share of the accepts' reserve", () => {
  it('refuses a create past it with 503 before any call (no unknown outcome); another customer accepts', async () => {
    const { upsell, as, events } = setup({
      upstreamBudget: { requestsPerMinute: 100, perIdentity: { critical: 1 } },
    });
    const storage = await offers(upsell);
    const seats = await offers(upsell, { seats_used_percent: 95 });
    const accept = (list: Offers) =>
      upsell(
        post('/fulfillments', {
          token: list.offers[0]!.token,
          option_id: list.offers[0]!.options[0]!.id,
        }),
      );
    expect((await accept(storage)).status).toBe(201);
    const refused = await accept(seats);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(calls('offer_fulfillments')).toBe(1);
    // Nothing was sent, so nothing may exist at Chargebee: no unknown outcome, no blocked offer.
    expect(await upsell.listUnknownOutcomes()).toEqual([]);
    const shed = events.filter((event) => event.type === 'upstream_shed');
    expect(shed).toEqual([
      expect.objectContaining({
        operation: 'offer_fulfillments.create',
        priority: 'critical',
        reason: 'fairness',
        identity: null,
      }),
    ]);
    expect(JSON.stringify(shed)).not.toContain('cus_acme');
    expect((await upsell.stats()).shedForFairness.critical).toBe(1);

    as({ customerId: 'cus_other', subscriptionId: 'sub_other' });
    expect((await accept(await offers(upsell))).status).toBe(201);

    // A minute later the share is back, and the claim was released: the accept goes through.
    as(ALICE);
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 62_001);
    expect((await accept(seats)).status).toBe(201);
    expect(calls('offer_fulfillments')).toBe(3);
  });
});

describe('back-off on 429', () => {
  it('pauses every non-critical call for Retry-After instead of calling again, never an accept', async () => {
    const { upsell, as, events } = setup();
    const kept = await offers(upsell);
    as({ customerId: 'cus_other', subscriptionId: 'sub_other' });
    sim.faults.set('personalized_offers', { status: 429, retryAfter: 30, times: 1 });
    const refused = await upsell(post('/offers', { custom: HIGH }));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    as({ customerId: 'cus_third', subscriptionId: 'sub_third' });
    const paused = await upsell(post('/offers', { custom: HIGH }));
    expect(paused.status).toBe(503);
    expect(Number(paused.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    expect(calls('personalized_offers')).toBe(2);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'upstream_paused', operation: 'personalized_offers' }),
    );

    as(ALICE);
    const accepted = await upsell(
      post('/fulfillments', {
        token: kept.offers[0]!.token,
        option_id: kept.offers[0]!.options[0]!.id,
      }),
    );
    expect(accepted.status).toBe(201);
    const stats = await upsell.stats();
    expect(stats.upstreamRateLimited).toBe(1);
    expect(stats.paused.offers).toBe(1);
  });
});

describe('offer events', () => {
  it('sends one viewed for 120 of one personalized offer', async () => {
    const { upsell, events } = setup();
    const {
      offers: [offer],
    } = await offers(upsell);
    for (let i = 0; i < 120; i++) {
      expect((await upsell(post('/events', { token: offer!.token, type: 'viewed' }))).status).toBe(
        204,
      );
    }
    expect(sim.inspect.events()).toHaveLength(1);
    expect(events.filter((event) => event.type === 'viewed')).toHaveLength(1);
    expect((await upsell.stats()).events).toMatchObject({ sent: 1, deduplicated: 119 });
  });

  it('delivers queued events oldest first, dismissals before views, once the pause is over', async () => {
    const { upsell, as } = setup();
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) {
      as({ customerId: `cus_${i}`, subscriptionId: `sub_${i}` });
      tokens.push((await offers(upsell)).offers[0]!.token);
    }
    await upsell.pause('events', 200, 'test: events held');
    as({ customerId: 'cus_0', subscriptionId: 'sub_0' });
    await upsell(post('/events', { token: tokens[0], type: 'viewed' }));
    as({ customerId: 'cus_1', subscriptionId: 'sub_1' });
    await upsell(post('/events', { token: tokens[1], type: 'dismissed' }));
    as({ customerId: 'cus_2', subscriptionId: 'sub_2' });
    await upsell(post('/events', { token: tokens[2], type: 'viewed' }));
    expect(sim.inspect.events()).toHaveLength(0);
    // Wait on the state: the pause ends, then a drain sends all three.
    for (let attempt = 0; attempt < 100 && sim.inspect.events().length < 3; attempt++) {
      await upsell.drainEvents();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(sim.inspect.events().map((event) => event.type)).toEqual([
      'dismissed',
      'viewed',
      'viewed',
    ]);
    expect((await upsell.stats()).events).toMatchObject({ queued: 3, delivered: 3, queuedNow: 0 });
  });
});

describe('fulfillment status reads', () => {
  it('share one Chargebee call when they arrive together', async () => {
    const { upsell } = setup();
    const {
      offers: [offer],
    } = await offers(upsell);
    const created = await upsell(
      post('/fulfillments', { token: offer!.token, option_id: offer!.options[0]!.id }),
    );
    const { fulfillment } = (await created.json()) as { fulfillment: { id: string } };
    // Past the 2 s in which the create's answer is the fleet's status read.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 2_100);
    const before = sim.inspect.requests().filter((request) => request.method === 'GET').length;
    sim.faults.set('offer_fulfillments.retrieve', { latencyMs: 50 });
    const reads = await Promise.all(
      Array.from({ length: 5 }, () =>
        upsell(
          new Request(
            `${APP}/fulfillments/${fulfillment.id}?token=${encodeURIComponent(offer!.token)}`,
          ),
        ),
      ),
    );
    expect(reads.map((read) => read.status)).toEqual([200, 200, 200, 200, 200]);
    expect(
      sim.inspect.requests().filter((request) => request.method === 'GET').length - before,
    ).toBe(1);
  });
});
