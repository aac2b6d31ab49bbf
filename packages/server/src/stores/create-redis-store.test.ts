import { describe, expect, it } from 'vitest';
import { listenSimulator } from '../test-support/listen-simulator';
import { redisForFile } from '../test-support/redis-process';
import { createMemoryStore } from './create-memory-store';
import { createUpsellHandler } from '../handler/create-upsell-handler';
import { createRedisStore } from './create-redis-store';
import type { UpsellStore } from './upsell-store';

// A real redis-server, started here on a free port and stopped after: the store contract for
// Redis and memory alike, and exactly-once accepts across two handler instances.

const redisServer = redisForFile();

const stores: [string, () => UpsellStore][] = [
  [
    'createRedisStore',
    () =>
      createRedisStore(redisServer.client(), {
        prefix: `t${Math.random().toString(36).slice(2)}:`,
      }),
  ],
  ['createMemoryStore', () => createMemoryStore()],
];

it("createRedisStore's clear() removes its own prefix's keys only", async () => {
  const raw = redisServer.client();
  await raw.set('other-app:key', 'kept');
  await raw.set('t[x]*:key', 'kept too');
  const store = createRedisStore(raw, { prefix: 't[x]:' });
  await store.set('a', '1', 10_000);
  await store.set('{budget}:b', '1', 10_000);
  await store.clear!();
  expect(await store.get('a')).toBeNull();
  expect(await store.get('{budget}:b')).toBeNull();
  expect(await raw.get('other-app:key')).toBe('kept');
  expect(await raw.get('t[x]*:key')).toBe('kept too');
});

describe.each(stores)('%s', (_name, make) => {
  it('clear() forgets every kind of entry it holds (for upsell.reset())', async () => {
    const store = make();
    await store.set('record', '1', 10_000);
    await store.set('cache:offers:x', '1', 10_000);
    await store.increment('counter', 10_000);
    await store.listPush!('queue', 'event', { maxLength: 10 });
    const hit = { limit: 1, windowMs: 60_000, now: Date.now() };
    expect((await store.slidingWindow!('window', hit)).allowed).toBe(true);
    expect((await store.slidingWindow!('window', hit)).allowed).toBe(false);
    await store.clear!();
    expect(await store.get('record')).toBeNull();
    expect(await store.get('cache:offers:x')).toBeNull();
    expect(await store.increment('counter', 10_000)).toBe(1);
    expect(await store.listLength!('queue')).toBe(0);
    expect((await store.slidingWindow!('window', hit)).allowed).toBe(true);
  });

  it('gets, sets, replaces and deletes', async () => {
    const store = make();
    expect(await store.get('a')).toBeNull();
    await store.set('a', '1', 10_000);
    expect(await store.get('a')).toBe('1');
    await store.set('a', '2', 10_000);
    expect(await store.get('a')).toBe('2');
    await store.delete('a');
    expect(await store.get('a')).toBeNull();
  });

  it('setIfAbsent lets exactly one of many concurrent callers win', async () => {
    const store = make();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.setIfAbsent('claim', String(i), 10_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await store.get('claim')).toBe(String(winner));
  });

  it('increments atomically and expires the window', async () => {
    const store = make();
    const counts = await Promise.all(
      Array.from({ length: 30 }, () => store.increment('count', 150)),
    );
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await store.increment('count', 1_000)).toBe(1);
  });

  it('expires values after their TTL', async () => {
    const store = make();
    await store.set('short', 'x', 500);
    expect(await store.setIfAbsent('short', 'y', 500)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await store.get('short')).toBeNull();
    expect(await store.setIfAbsent('short', 'y', 10_000)).toBe(true);
  });
});

describe('createRedisStore', () => {
  it('namespaces keys with the prefix', async () => {
    const redis = redisServer.client();
    const store = createRedisStore(redis, { prefix: 'app1:' });
    await store.set('fulfillment:po_1', 'v', 10_000);
    expect(await redis.get('app1:fulfillment:po_1')).toBe('v');
    expect(await createRedisStore(redis).get('fulfillment:po_1')).toBeNull();
    expect(await redis.pttl('app1:fulfillment:po_1')).toBeGreaterThan(0);
  });
});

describe('two handler instances sharing one Redis', () => {
  const { sim, url: simUrl } = listenSimulator();

  function instance(prefix: string) {
    return createUpsellHandler({
      chargebee: {
        site: 'upsell-kit-test',
        apiKey: 'test_simulator_key',
        baseUrl: simUrl(),
        timeoutMs: 3_000,
      },
      identify: () => ({
        customerId: 'cus_acme',
        subscriptionId: 'sub_acme',
        externalUserId: 'alice',
      }),
      // The same secret on every instance: a token issued by one is valid on the other.
      secret: 'shared-secret-between-instances-0123456789',
      store: createRedisStore(redisServer.client(), { prefix }),
      limits: { fulfillments: false },
      logger: { info() {}, warn() {}, error() {} },
    });
  }

  it('20 concurrent accepts spread over both → one upstream create, one 201, nineteen 200', async () => {
    const prefix = `two:${Date.now()}:`;
    const a = instance(prefix);
    const b = instance(prefix);
    const fetched = await a(
      new Request('https://app.example.com/api/upsell/offers', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ custom: { storage_used_percent: 85 } }),
      }),
    );
    const { offers } = (await fetched.json()) as {
      offers: { token: string; options: { id: string }[] }[];
    };
    const body = JSON.stringify({ token: offers[0]!.token, option_id: offers[0]!.options[0]!.id });
    // Slow creates widen the race window.
    sim.faults.set('offer_fulfillments.create', { latencyMs: 200 });

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b)(
          new Request('https://app.example.com/api/upsell/fulfillments', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          }),
        ),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(19);
    const ids = new Set(
      await Promise.all(
        responses.map(
          async (r) => ((await r.json()) as { fulfillment: { id: string } }).fulfillment.id,
        ),
      ),
    );
    expect(ids.size).toBe(1);
    expect(sim.inspect.fulfillments()).toHaveLength(1);
    expect(
      sim.inspect
        .requests()
        .filter((r) => r.method === 'POST' && r.path === '/api/v2/offer_fulfillments'),
    ).toHaveLength(1);
  });

  it('rate limits count per identity across instances', async () => {
    const prefix = `rl:${Date.now()}:`;
    const make = () =>
      createUpsellHandler({
        chargebee: { site: 'upsell-kit-test', apiKey: 'test_simulator_key', baseUrl: simUrl() },
        identify: () => ({
          customerId: 'cus_acme',
          subscriptionId: 'sub_acme',
          externalUserId: 'bob',
        }),
        secret: 'shared-secret-between-instances-0123456789',
        store: createRedisStore(redisServer.client(), { prefix }),
        limits: { offers: 3 },
        logger: { info() {}, warn() {}, error() {} },
      });
    const [a, b] = [make(), make()];
    const statuses: number[] = [];
    for (const upsell of [a, b, a, b]) {
      const response = await upsell(
        new Request('https://app.example.com/api/upsell/offers', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }),
      );
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
