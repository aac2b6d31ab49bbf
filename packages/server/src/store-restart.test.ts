import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listenSimulator } from './test-support/listen-simulator';
import { startRedis, type RedisProcess } from './test-support/redis-process';
import { createUpsellHandler, type UpsellHandler } from './handler/create-upsell-handler';
import { createRedisStore } from './stores/create-redis-store';

// Redis restarts empty (no persistence) while a checkout accept is being retried: two instances
// share a real redis-server, which the test kills and starts again, with the README's client
// options, and the simulator on a real port as Chargebee.

const APP = 'https://app.example.com/api/upsell';

const { sim, url: simUrl } = listenSimulator();
let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(() => redis.close());

function instance(prefix: string): { upsell: UpsellHandler; client: Redis } {
  // The server README's options: fail fast, no offline queue.
  const client = redis.client({
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    commandTimeout: 500,
  });
  const upsell = createUpsellHandler({
    secret: 'store-restart-test-secret-0123456789abcdef',
    identify: () => ({ customerId: 'cus_acme', subscriptionId: 'sub_acme', externalUserId: 'al' }),
    store: createRedisStore(client, { prefix }),
    storeTimeoutMs: 300,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    chargebee: {
      site: 'upsell-kit-test',
      apiKey: 'test_simulator_key',
      baseUrl: simUrl(),
      timeoutMs: 2_000,
    },
  });
  return { upsell, client };
}

const post = (path: string, body: unknown) =>
  new Request(`${APP}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

interface Accepted {
  fulfillment: { id: string };
  hosted_page: { url: string } | null;
}

const creates = () =>
  sim.inspect
    .requests()
    .filter((r) => r.method === 'POST' && r.path === '/api/v2/offer_fulfillments');

describe('Redis restarted empty between an accept and its retries', () => {
  it('the creating instance answers its retries with the fulfillment and its checkout page, and the other instance learns it', async () => {
    const prefix = `restart${Math.random()}:`;
    const a = instance(prefix);
    const b = instance(prefix);
    const ready = () =>
      vi.waitFor(
        () => {
          expect(a.client.status).toBe('ready');
          expect(b.client.status).toBe('ready');
        },
        { timeout: 10_000, interval: 50 },
      );
    await ready();
    const offers = await a.upsell(post('/offers', { custom: { seats_used_percent: 95 } }));
    const { offers: list } = (await offers.json()) as {
      offers: { token: string; options: { id: string; processing_type: string }[] }[];
    };
    const { token, options } = list[0]!;
    expect(options[0]!.processing_type).toBe('checkout');
    const accept = (upsell: UpsellHandler) =>
      upsell(post('/fulfillments', { token, option_id: options[0]!.id }));

    const created = await accept(a.upsell);
    expect(created.status).toBe(201);
    const first = (await created.json()) as Accepted;
    expect(first.hosted_page?.url).toMatch(/\/hosted_pages\//);

    await redis.stop();
    await redis.start();
    // Both clients reconnect by themselves; wait for that rather than count an outage.
    await ready();

    // B holds no record: it creates again, and Chargebee refuses (the offer is accepted).
    const refused = await accept(b.upsell);
    expect(refused.status).toBe(409);
    expect(creates()).toHaveLength(2);

    // A created it: its own record wins over the refusal B stored, checkout page included.
    for (let round = 0; round < 3; round++) {
      const again = await accept(a.upsell);
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({
        fulfillment: { id: first.fulfillment.id },
        hosted_page: { url: first.hosted_page!.url },
      });
    }
    // A wrote its record back: B now answers with it too, and nothing more went upstream.
    const learned = await accept(b.upsell);
    expect(learned.status).toBe(200);
    expect(await learned.json()).toMatchObject({
      fulfillment: { id: first.fulfillment.id },
      hosted_page: { url: first.hosted_page!.url },
    });
    expect(creates()).toHaveLength(2);
  }, 40_000);

  it('a status read where no record names the fulfillment is 503 (polling goes on), never a final 404', async () => {
    const prefix = `restart-read${Math.random()}:`;
    const a = instance(prefix);
    const b = instance(prefix);
    const ready = () =>
      vi.waitFor(
        () => {
          expect(a.client.status).toBe('ready');
          expect(b.client.status).toBe('ready');
        },
        { timeout: 10_000, interval: 50 },
      );
    await ready();
    const offers = await a.upsell(post('/offers', { custom: { storage_used_percent: 95 } }));
    const { offers: list } = (await offers.json()) as {
      offers: { token: string; options: { id: string }[] }[];
    };
    const { token, options } = list[0]!;
    const created = await a.upsell(post('/fulfillments', { token, option_id: options[0]!.id }));
    expect(created.status).toBe(201);
    const { fulfillment } = (await created.json()) as Accepted;
    const read = (upsell: UpsellHandler, id = fulfillment.id) =>
      upsell(new Request(`${APP}/fulfillments/${id}?token=${encodeURIComponent(token)}`));
    const retrieves = () =>
      sim.inspect
        .requests()
        .filter((r) => r.method === 'GET' && r.path.startsWith('/api/v2/offer_fulfillments/'));

    await redis.stop();
    await redis.start();
    await ready();

    // B holds no record of the offer: it can not vouch for any id, so it says "try again".
    const lost = await read(b.upsell);
    expect(lost.status).toBe(503);
    expect(lost.headers.get('retry-after')).toBe('5');
    expect(((await lost.json()) as { error: { code: string } }).error.code).toBe(
      'store_unavailable',
    );
    // Nor after its own create was refused (the offer is accepted): still not a final answer.
    expect(
      (await b.upsell(post('/fulfillments', { token, option_id: options[0]!.id }))).status,
    ).toBe(409);
    expect((await read(b.upsell)).status).toBe(503);
    expect(retrieves()).toHaveLength(0);

    // A polled: its own record answers and goes back to the store; B then answers too.
    expect((await read(a.upsell)).status).toBe(200);
    expect((await read(b.upsell)).status).toBe(200);
    // A guess for the offer, now that its record names a fulfillment, is the constant 404.
    expect((await read(b.upsell, 'ful_guess')).status).toBe(404);
  }, 40_000);
});
