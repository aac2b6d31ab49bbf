import type { Identity } from '@upsell-kit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRedisStore } from '../redis';
import { listenSimulator } from '../test-support/listen-simulator';
import { redisForFile } from '../test-support/redis-process';
import { createUpsellHandler, type UpsellHandler } from './create-upsell-handler';
import type { UpsellServerEvent } from './upsell-server-event';

// One customer cannot spend everyone's Chargebee budget (issue #24): two handler instances
// sharing a real redis-server and the simulator on a real port (limited like a test site, 150
// in any 60 s). Call counts are asserted; the second attack runs on a fake clock (Date only).

const redisServer = redisForFile();
const { sim, url: simUrl } = listenSimulator();

const handlers: UpsellHandler[] = [];
afterEach(() => {
  for (const upsell of handlers.splice(0)) upsell.close();
  vi.useRealTimers();
});

const APP = 'https://app.example.com/api/upsell';
const ATTACKER: Identity = { customerId: 'cus_attacker', subscriptionId: 'sub_attacker' };

function fleet(options: { customFields?: string[] } = {}) {
  sim.setApiLimit({ requestsPerMinute: 150 });
  const prefix = `fair:${Date.now()}:${Math.random().toString(36).slice(2)}:`;
  const events: UpsellServerEvent[] = [];
  const logs: unknown[][] = [];
  let who: Identity = ATTACKER;
  const make = () => {
    const upsell = createUpsellHandler({
      chargebee: {
        site: 'upsell-kit-test',
        apiKey: 'test_simulator_key',
        baseUrl: simUrl(),
        timeoutMs: 3_000,
      },
      identify: () => who,
      secret: 'shared-secret-between-instances-0123456789',
      store: createRedisStore(redisServer.client(), { prefix }),
      limits: { offers: false, events: false, fulfillments: false, fulfillmentReads: false },
      upstreamBudget: { requestsPerMinute: 100 },
      onEvent: (event) => void events.push(event),
      logger: {
        info: (...line: unknown[]) => void logs.push(line),
        warn: (...line: unknown[]) => void logs.push(line),
        error: (...line: unknown[]) => void logs.push(line),
      },
      ...options,
    });
    handlers.push(upsell);
    return upsell;
  };
  const instances = [make(), make()];
  const load = (index: number, as: Identity, custom: Record<string, unknown>) => {
    who = as;
    return instances[index % 2]!(
      new Request(`${APP}/offers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ custom }),
      }),
    );
  };
  const send = (index: number, as: Identity, path: string, init: RequestInit = {}) => {
    who = as;
    return instances[index % 2]!(new Request(`${APP}${path}`, init));
  };
  const post = (index: number, as: Identity, path: string, body: unknown) =>
    send(index, as, path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return { instances, load, events, logs, send, post };
}

interface OfferBody {
  offers: { id: string; token: string; options: { id: string }[] }[];
}

/** Every upstream call the simulator received for `customerId`'s offers and events. */
const callsOf = (customerId: string, path: string) =>
  sim.inspect
    .requests()
    .filter(
      (request) =>
        request.path === path && JSON.stringify(request.body).includes(`"${customerId}"`),
    );

/** Nothing an attacker sees or a log line says names the attacker. */
function expectHashedOnly(events: UpsellServerEvent[], logs: unknown[][]) {
  const fair = events.filter((event) => event.reason === 'fairness');
  expect(fair.length).toBeGreaterThan(0);
  for (const event of fair) expect(event.identityHash).toMatch(/^[0-9a-f]{16}$/);
  expect(JSON.stringify(fair)).not.toContain('cus_attacker');
  expect(JSON.stringify(logs)).not.toContain('cus_attacker');
}

const offerCalls = () =>
  sim.inspect.requests().filter((request) => request.path === '/api/v2/personalized_offers');

describe('one identity varying `custom` to miss the cache, and sending events', () => {
  it('gets its share of the budget (5 of 100 a minute), everyone else is served', async () => {
    const { instances, load, events, logs, post } = fleet();
    const attacker: number[] = [];
    const tokens: { id: string; token: string }[] = [];
    for (let i = 0; i < 40; i++) {
      const response = await load(i, ATTACKER, { storage_used_percent: 85, nonce: i });
      attacker.push(response.status);
      if (response.status === 200) tokens.push(((await response.json()) as OfferBody).offers[0]!);
    }
    expect(attacker.filter((status) => status === 200)).toHaveLength(5);
    expect(attacker.filter((status) => status === 503)).toHaveLength(35);
    expect(offerCalls()).toHaveLength(5);
    // Its events: 10 views and 3 dismissals of each offer it got, on both instances.
    for (const [i, { token }] of tokens.entries()) {
      for (let n = 0; n < 10; n++)
        await post(i + n, ATTACKER, '/events', { token, type: 'viewed' });
      for (let n = 0; n < 3; n++)
        await post(i + n, ATTACKER, '/events', { token, type: 'dismissed' });
    }
    await Promise.all(instances.map((upsell) => upsell.drainEvents()));
    const attackerEvents = sim.inspect
      .events()
      .filter((event) => tokens.some((offer) => offer.id === event.personalized_offer_id));
    // Within its shares: 5 views and 3 dismissals a minute (the other 2 wait their turn).
    expect(attackerEvents.filter((event) => event.type === 'viewed').length).toBeLessThanOrEqual(5);
    expect(attackerEvents.filter((event) => event.type === 'dismissed')).toHaveLength(3);

    const others: number[] = [];
    for (let i = 0; i < 30; i++) {
      const customer = { customerId: `cus_${i}`, subscriptionId: `sub_${i}` };
      others.push((await load(i, customer, { storage_used_percent: 85 })).status);
    }
    expect(others.every((status) => status === 200)).toBe(true);

    const stats = await Promise.all(instances.map((upsell) => upsell.stats()));
    expect(stats[0]!.shedForFairness.offers + stats[1]!.shedForFairness.offers).toBe(35);
    const shed = events.filter((event) => event.type === 'upstream_shed');
    expect(shed.filter((event) => event.priority === 'offers')).toHaveLength(35);
    for (const event of shed) expect(event).toMatchObject({ reason: 'fairness', identity: null });
    expectHashedOnly(events, logs);
    expect(sim.inspect.apiUsage().refused).toBe(0);
  });

  it('with customFields declared, undeclared keys are dropped: one call, then the cache', async () => {
    const { load } = fleet({ customFields: ['storage_used_percent'] });
    for (let i = 0; i < 40; i++) {
      expect((await load(i, ATTACKER, { storage_used_percent: 85, nonce: i })).status).toBe(200);
    }
    const calls = offerCalls();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toMatchObject({ custom: { storage_used_percent: 85 } });
    expect(JSON.stringify(calls[0]!.body)).not.toContain('nonce');
  });
});

describe('one identity pacing offer fetches and reading its own fulfillment for a minute', () => {
  it("stays within its shares; another customer's accepts all complete; 0 upstream 429s", async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const { instances, load, events, logs, post, send } = fleet();
    const start = Date.now();
    // A checkout it never completes: its fulfillment stays in_progress, worth reading forever.
    const first = (await (await load(0, ATTACKER, { seats_used_percent: 95 })).json()) as OfferBody;
    const offer = first.offers[0]!;
    const accepted = await post(0, ATTACKER, '/fulfillments', {
      token: offer.token,
      option_id: offer.options[0]!.id,
    });
    expect(accepted.status).toBe(201);
    const { fulfillment } = (await accepted.json()) as { fulfillment: { id: string } };
    const poll = (index: number, as: Identity, id: string, token: string) =>
      send(index, as, `/fulfillments/${id}?token=${encodeURIComponent(token)}`);

    const others: { loads: number[]; accepts: number[]; completed: number } = {
      loads: [],
      accepts: [],
      completed: 0,
    };
    for (let second = 0; second < 60; second++) {
      // The attacker, every second: two page loads that miss the cache, five reads per instance.
      for (let n = 0; n < 2; n++) {
        await load(second + n, ATTACKER, { storage_used_percent: 85, nonce: second * 2 + n });
      }
      for (let n = 0; n < 10; n++) {
        expect((await poll(n, ATTACKER, fulfillment.id, offer.token)).status).toBe(200);
      }
      if (second >= 40 && second < 50) {
        // After 40 s, two customers a second load the page, accept, and poll until completed.
        for (let k = 0; k < 2; k++) {
          const who = { customerId: `cus_${second}_${k}`, subscriptionId: `sub_${second}_${k}` };
          const response = await load(k, who, { storage_used_percent: 85 });
          others.loads.push(response.status);
          if (response.status !== 200) continue;
          const theirs = ((await response.json()) as OfferBody).offers[0]!;
          const created = await post(k + 1, who, '/fulfillments', {
            token: theirs.token,
            option_id: theirs.options[0]!.id,
          });
          others.accepts.push(created.status);
          if (created.status !== 201) continue;
          const { fulfillment: own } = (await created.json()) as { fulfillment: { id: string } };
          for (let tick = 0; tick < 10; tick++) {
            vi.setSystemTime(Date.now() + 1_000);
            const read = await poll(tick, who, own.id, theirs.token);
            const status = ((await read.json()) as { fulfillment?: { status: string } }).fulfillment
              ?.status;
            if (status === 'completed') {
              others.completed++;
              break;
            }
          }
        }
      }
      vi.setSystemTime(Date.now() + 1_000);
    }

    expect(others.loads).toEqual(Array(20).fill(200));
    expect(others.accepts).toEqual(Array(20).fill(201));
    expect(others.completed).toBe(20);
    // The attacker's calls: its offer-fetch share (5 in any 60 s), one create, and its
    // status-read share (10 in any 60 s) of one fulfillment it reads 600 times.
    const minutes = Math.ceil((Date.now() - start) / 60_000); // the loop's and the polls' seconds
    expect(callsOf('cus_attacker', '/api/v2/personalized_offers').length).toBeLessThanOrEqual(
      1 + 5 * minutes,
    );
    const reads = sim.inspect
      .requests()
      .filter((request) => request.path === `/api/v2/offer_fulfillments/${fulfillment.id}`);
    expect(reads.length).toBeLessThanOrEqual(10 * minutes);
    const stats = await Promise.all(instances.map((upsell) => upsell.stats()));
    const shedFor = (priority: 'offers' | 'status') =>
      stats[0]!.shedForFairness[priority] + stats[1]!.shedForFairness[priority];
    expect(shedFor('offers')).toBeGreaterThan(100);
    expect(shedFor('status')).toBeGreaterThan(0);
    expectHashedOnly(events, logs);
    expect(sim.inspect.apiUsage()).toMatchObject({ refused: 0 });
    expect(sim.inspect.apiUsage().peakCallsPerMinute).toBeLessThanOrEqual(100);
  }, 60_000);
});
