import type { Identity } from '@upsell-kit/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRedisStore } from '../redis';
import { listenSimulator } from '../test-support/listen-simulator';
import { redisForFile } from '../test-support/redis-process';
import { createUpsellHandler, type UpsellHandler } from './create-upsell-handler';
import type { UpsellHandlerOptions } from './upsell-handler-options';

// A dismissal flood (issue #25, item 1): 100 accounts × 100 dismissals through two handler
// instances sharing a real redis-server, the simulator on a real port limited like a test site
// (150 calls in any 60 s). The clock is faked (Date only: Redis, sockets and timers run for
// real), so a minute of the budget passes in a step. Counts are asserted, never times.

const redisServer = redisForFile();
const { sim, url: simUrl } = listenSimulator();

const handlers: UpsellHandler[] = [];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  sim.setApiLimit({ requestsPerMinute: 150 });
});
afterEach(() => {
  for (const upsell of handlers.splice(0)) upsell.close();
  vi.useRealTimers();
});

const APP = 'https://app.example.com/api/upsell';
const STORAGE = { storage_used_percent: 85 };
const SEATS = { seats_used_percent: 95 };
const LEGIT: Identity = { customerId: 'cus_legit', subscriptionId: 'sub_legit' };
const attacker = (i: number): Identity => ({
  customerId: `cus_flood_${i}`,
  subscriptionId: `sub_flood_${i}`,
});
const customer = (i: number): Identity => ({ customerId: `cus_${i}`, subscriptionId: `sub_${i}` });

interface Offer {
  id: string;
  offer_id: string;
  token: string;
}

function fleet(options: Partial<UpsellHandlerOptions> = {}) {
  const prefix = `flood:${Math.random().toString(36).slice(2)}:`;
  // Who sends a request: a header, so that concurrent requests each keep their own.
  const identify = (request: Request): Identity | null =>
    JSON.parse(request.headers.get('x-test-identity') ?? 'null') as Identity | null;
  const make = () => {
    const upsell = createUpsellHandler({
      chargebee: {
        site: 'upsell-kit-test',
        apiKey: 'test_simulator_key',
        baseUrl: simUrl(),
        timeoutMs: 3_000,
      },
      identify,
      secret: 'shared-secret-between-instances-0123456789',
      store: createRedisStore(redisServer.client(), { prefix }),
      limits: { offers: false, events: false, fulfillments: false, fulfillmentReads: false },
      upstreamBudget: { requestsPerMinute: 140 },
      logger: { info() {}, warn() {}, error() {} },
      ...options,
    });
    handlers.push(upsell);
    return upsell;
  };
  const instances = [make(), make()];
  let turn = 0;
  const send = (as: Identity, path: string, body: unknown) =>
    instances[turn++ % 2]!(
      new Request(`${APP}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-identity': JSON.stringify(as) },
        body: JSON.stringify(body),
      }),
    );
  return {
    instances,
    /** A page load: its status, and the offer shown (if any). */
    async load(as: Identity, custom: Record<string, number> = STORAGE) {
      const response = await send(as, '/offers', { custom });
      if (response.status !== 200) return { status: response.status, offer: undefined };
      const { offers } = (await response.json()) as { offers: Offer[] };
      return { status: 200, offer: offers[0] };
    },
    event: async (as: Identity, offer: Offer, type: 'viewed' | 'dismissed') =>
      (await send(as, '/events', { token: offer.token, type })).status,
    drain: () => Promise.all(instances.map((upsell) => upsell.drainEvents(100))),
  };
}

const dismissalsOf = (offer: Offer) =>
  sim.inspect
    .events()
    .filter((event) => event.type === 'dismissed' && event.personalized_offer_id === offer.id);
const minutePasses = () => vi.setSystemTime(Date.now() + 62_000);

/** Runs `work` for each of `items`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, work: (item: T) => Promise<unknown>) {
  for (let start = 0; start < items.length; start += width) {
    await Promise.all(items.slice(start, start + width).map(work));
  }
}

describe('a flood of dismissals: 100 accounts × 100 dismissals of their offer', () => {
  it('one effective dismissal each; a legitimate one still reaches Chargebee within a minute; page loads are served; the dismissed offer never shows again', async () => {
    const f = fleet();
    const floods: { who: Identity; offer: Offer }[] = [];
    for (let i = 0; i < 100; i++) {
      const { offer } = await f.load(attacker(i));
      floods.push({ who: attacker(i), offer: offer! });
    }
    const legit = (await f.load(LEGIT)).offer!;
    minutePasses();

    const statuses: number[] = [];
    await inBatches(floods, 10, async ({ who, offer }) => {
      for (let n = 0; n < 100; n++) statuses.push(await f.event(who, offer, 'dismissed'));
    });
    expect(statuses).toHaveLength(10_000);
    expect(new Set(statuses)).toEqual(new Set([204]));
    const stats = await Promise.all(f.instances.map((upsell) => upsell.stats()));
    const sum = (pick: (s: (typeof stats)[number]) => number) =>
      stats.reduce((total, s) => total + pick(s), 0);
    // One effective dismissal per account and offer: 9,900 repeats cost nothing.
    expect(sum((s) => s.events.deduplicated)).toBe(9_900);
    expect(sum((s) => s.events.sent + s.events.queued)).toBe(100);
    expect(stats[0]!.events.queuedNow).toBeLessThanOrEqual(100);

    // The legitimate dismissal: 204, and its offer is gone at once, on both instances.
    expect(await f.event(LEGIT, legit, 'dismissed')).toBe(204);
    for (let load = 0; load < 4; load++) {
      expect((await f.load(LEGIT)).offer?.offer_id).not.toBe(legit.offer_id);
    }
    // Other customers' page loads are served meanwhile: the flood left page loads their floor.
    const pageLoads: number[] = [];
    for (let i = 0; i < 12; i++) pageLoads.push((await f.load(customer(i))).status);
    expect(pageLoads.filter((status) => status === 200).length).toBeGreaterThanOrEqual(12);

    // Within one minute of the budget, the drain has sent it (identities take turns).
    minutePasses();
    await f.drain();
    expect(dismissalsOf(legit)).toHaveLength(1);
    for (const { offer } of floods) expect(dismissalsOf(offer)).toHaveLength(1);
    // Chargebee knows it now: the offer stays away, however often the customer reloads.
    for (let minute = 0; minute < 3; minute++) {
      minutePasses();
      expect((await f.load(LEGIT)).offer?.offer_id).not.toBe(legit.offer_id);
    }
    expect(sim.inspect.apiUsage()).toMatchObject({ refused: 0 });
    expect(sim.inspect.apiUsage().peakCallsPerMinute).toBeLessThanOrEqual(140);
  }, 60_000);

  it('a full queue never refuses a legitimate dismissal: every customer keeps a place', async () => {
    const f = fleet({ eventQueue: { maxLength: 50 } });
    const floods: { who: Identity; offers: Offer[] }[] = [];
    for (let i = 0; i < 60; i++) {
      // Two offers each (two contexts): 120 page loads, over two minutes of the budget.
      if (i === 30) minutePasses();
      const storage = (await f.load(attacker(i))).offer!;
      const seats = (await f.load(attacker(i), SEATS)).offer!;
      floods.push({ who: attacker(i), offers: [storage, seats] });
    }
    const legit = (await f.load(LEGIT)).offer!;
    minutePasses();
    // Events held (as after a 429): every dismissal waits in the queue.
    await f.instances[0]!.pause('events', 30_000, 'test: events held');
    const statuses: number[] = [];
    await inBatches(floods, 10, async ({ who, offers }) => {
      for (let n = 0; n < 20; n++) {
        for (const offer of offers) statuses.push(await f.event(who, offer, 'dismissed'));
      }
    });
    // Each account's first dismissal found a place; the queue (50) took second ones until full.
    expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(0);
    expect(await f.event(LEGIT, legit, 'dismissed')).toBe(204);
    expect((await f.load(LEGIT)).offer?.offer_id).not.toBe(legit.offer_id);

    await f.instances[0]!.resume();
    for (let round = 0; round < 20 && dismissalsOf(legit).length === 0; round++) {
      await f.drain();
    }
    expect(dismissalsOf(legit)).toHaveLength(1);
    // Sent in its turn, not after every second dismissal of the flood.
    const order = sim.inspect.events().map((event) => event.personalized_offer_id);
    expect(order.indexOf(legit.id)).toBeLessThanOrEqual(61);
    expect(sim.inspect.apiUsage()).toMatchObject({ refused: 0 });
  }, 60_000);
});
