import { afterEach, describe, expect, it } from 'vitest';
import { listenSimulator } from '../test-support/listen-simulator';
import { redisForFile } from '../test-support/redis-process';

import type { Identity } from '@upsell-kit/core';
import { createRedisStore } from '../redis';
import { createUpsellHandler, type UpsellHandler } from './create-upsell-handler';

// Chargebee's API limit across a fleet: two handler instances sharing a real redis-server (started
// here on a free port and stopped after) and the simulator on a real port. The budget is never
// exceeded across both, an invalidation is seen by both, the queue is drained once, and it
// survives a restart. Call counts are asserted, never times.

const redisServer = redisForFile();

const { sim, url: simUrl } = listenSimulator();

const handlers: UpsellHandler[] = [];
afterEach(() => {
  for (const upsell of handlers.splice(0)) upsell.close();
});

const APP = 'https://app.example.com/api/upsell';
const HIGH = { storage_used_percent: 85 };

/** One instance of the app: its own Redis connection, the fleet's prefix and secret. */
function instance(prefix: string, identify: () => Identity, requestsPerMinute = 100) {
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
    upstreamBudget: { requestsPerMinute },
    logger: { info() {}, warn() {}, error() {} },
  });
  handlers.push(upsell);
  return upsell;
}

const post = (path: string, body: unknown) =>
  new Request(`${APP}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

interface Offers {
  offers: { id: string; token: string; options: { id: string }[] }[];
}

const calls = (path: string) =>
  sim.inspect.requests().filter((request) => request.path === `/api/v2/${path}`).length;

const fresh = (name: string) => `${name}:${Date.now()}:${Math.random().toString(36).slice(2)}:`;

/** Drains both instances until `done()` or 100 rounds: a wait on state, not on a clock. */
async function drainUntil(instances: UpsellHandler[], done: () => boolean) {
  for (let round = 0; round < 100 && !done(); round++) {
    await Promise.all(instances.map((upsell) => upsell.drainEvents()));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('two instances sharing one Redis', () => {
  it('never exceed the budget between them', async () => {
    const prefix = fresh('budget');
    let who: Identity = { customerId: 'cus_0' };
    const a = instance(prefix, () => who, 12);
    const b = instance(prefix, () => who, 12);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      who = { customerId: `cus_${i}`, subscriptionId: `sub_${i}` };
      statuses.push((await (i % 2 ? a : b)(post('/offers', { custom: HIGH }))).status);
    }
    // Page loads may use 12 less the unused floors (critical 2, status reads 2, dismissals 1) →
    // 7, whichever instance serves them.
    expect(calls('personalized_offers')).toBe(7);
    expect(statuses.filter((status) => status === 200)).toHaveLength(7);
    expect(statuses.filter((status) => status === 503)).toHaveLength(33);
    const [statsA, statsB] = await Promise.all([a.stats(), b.stats()]);
    expect(statsA.budget).toMatchObject({ fleetWide: true, usedLastMinute: 7 });
    expect(statsA.upstreamCalls.offers + statsB.upstreamCalls.offers).toBe(7);
    expect(statsA.shed.offers + statsB.shed.offers).toBe(33);
  });

  it('share the cache, and a dismissal on one clears it for both', async () => {
    const prefix = fresh('cache');
    const alice = () => ({
      customerId: 'cus_acme',
      subscriptionId: 'sub_acme',
      externalUserId: 'alice',
    });
    const a = instance(prefix, alice);
    const b = instance(prefix, alice);
    const shown = (await (await a(post('/offers', { custom: HIGH }))).json()) as Offers;
    const fromB = (await (await b(post('/offers', { custom: HIGH }))).json()) as Offers;
    expect(fromB.offers[0]?.id).toBe(shown.offers[0]?.id);
    expect(calls('personalized_offers')).toBe(1);
    expect(
      (await b(post('/events', { token: fromB.offers[0]!.token, type: 'dismissed' }))).status,
    ).toBe(204);
    const afterwards = (await (await a(post('/offers', { custom: HIGH }))).json()) as Offers;
    expect(afterwards.offers).toEqual([]);
    expect(calls('personalized_offers')).toBe(2);
  });

  it('an accept on one clears the cache of the other; a colleague then gets 409, one fulfillment', async () => {
    const prefix = fresh('accept');
    const alice = () => ({
      customerId: 'cus_acme',
      subscriptionId: 'sub_acme',
      externalUserId: 'alice',
    });
    const bob = () => ({
      customerId: 'cus_acme',
      subscriptionId: 'sub_acme',
      externalUserId: 'bob',
    });
    const a = instance(prefix, alice);
    const b = instance(prefix, bob);
    const alices = (await (await a(post('/offers', { custom: HIGH }))).json()) as Offers;
    const bobs = (await (await b(post('/offers', { custom: HIGH }))).json()) as Offers;
    const accepted = await a(
      post('/fulfillments', {
        token: alices.offers[0]!.token,
        option_id: alices.offers[0]!.options[0]!.id,
      }),
    );
    expect(accepted.status).toBe(201);
    await b(post('/offers', { custom: HIGH }));
    expect(calls('personalized_offers')).toBe(3);
    const second = await b(
      post('/fulfillments', {
        token: bobs.offers[0]!.token,
        option_id: bobs.offers[0]!.options[0]!.id,
      }),
    );
    expect(second.status).toBe(409);
    expect(sim.inspect.fulfillments()).toHaveLength(1);
  });

  it('drain the queue once between them: every event reaches Chargebee exactly once', async () => {
    const prefix = fresh('queue');
    let who: Identity = { customerId: 'cus_0' };
    const a = instance(prefix, () => who);
    const b = instance(prefix, () => who);
    const tokens: [Identity, string][] = [];
    for (let i = 0; i < 10; i++) {
      who = { customerId: `cus_${i}`, subscriptionId: `sub_${i}` };
      const { offers } = (await (await a(post('/offers', { custom: HIGH }))).json()) as Offers;
      tokens.push([who, offers[0]!.token]);
    }
    await a.pause('events', 300, 'test: events held');
    for (const [i, [identity, token]] of tokens.entries()) {
      who = identity;
      const type = i % 2 ? 'viewed' : 'dismissed';
      expect((await (i % 3 ? a : b)(post('/events', { token, type }))).status).toBe(204);
    }
    expect(sim.inspect.events()).toHaveLength(0);
    expect((await b.stats()).events.queuedNow).toBe(10);
    await drainUntil([a, b], () => sim.inspect.events().length >= 10);
    const delivered = sim.inspect.events();
    expect(delivered).toHaveLength(10);
    expect(new Set(delivered.map((event) => event.personalized_offer_id)).size).toBe(10);
    const [statsA, statsB] = await Promise.all([a.stats(), b.stats()]);
    expect(statsA.events.delivered + statsB.events.delivered).toBe(10);
    expect(statsA.events.queuedNow).toBe(0);
  });

  it('keep queued events through a restart: a new instance delivers them', async () => {
    const prefix = fresh('restart');
    const carol = () => ({ customerId: 'cus_carol', subscriptionId: 'sub_carol' });
    const before = instance(prefix, carol);
    const { offers } = (await (await before(post('/offers', { custom: HIGH }))).json()) as Offers;
    await before.pause('events', 300, 'test: events held');
    expect(
      (await before(post('/events', { token: offers[0]!.token, type: 'dismissed' }))).status,
    ).toBe(204);
    before.close();
    expect(sim.inspect.events()).toHaveLength(0);

    const after = instance(prefix, carol);
    expect((await after.stats()).events.queuedNow).toBe(1);
    await drainUntil([after], () => sim.inspect.events().length >= 1);
    expect(sim.inspect.events().map((event) => event.type)).toEqual(['dismissed']);
  });

  it('share a 429 back-off: the other instance makes no call while paused', async () => {
    const prefix = fresh('pause');
    let who: Identity = { customerId: 'cus_0' };
    const a = instance(prefix, () => who);
    const b = instance(prefix, () => who);
    sim.faults.set('personalized_offers', { status: 429, retryAfter: 20, times: 1 });
    expect((await a(post('/offers', { custom: HIGH }))).status).toBe(503);
    who = { customerId: 'cus_1' };
    const paused = await b(post('/offers', { custom: HIGH }));
    expect(paused.status).toBe(503);
    expect(Number(paused.headers.get('retry-after'))).toBeGreaterThanOrEqual(19);
    expect(calls('personalized_offers')).toBe(1);
    expect((await b.stats()).paused.offers).toBe(1);
  });
});
