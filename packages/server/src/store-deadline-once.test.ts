import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listenSimulator } from './test-support/listen-simulator';
import { startRedis, type RedisProcess } from './test-support/redis-process';
import { createUpsellHandler } from './handler/create-upsell-handler';
import { createRedisStore } from './stores/create-redis-store';
import type { UpsellStore } from './stores/upsell-store';
import { STORE_PROBE_KEY } from './stores/with-store-deadline';

// A paused Redis (SIGSTOP: connected, silent) behind ioredis's defaults: every command that
// reaches it waits out the handler's store deadline. Counting the commands each request sends
// there counts the deadlines it waits out; at most one per request, and none once the instance
// knows the store is out.

const APP = 'https://app.example.com/api/upsell';

const { url: simUrl } = listenSimulator();
let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(() => redis.close());

/**
 * The store with every call the handler sends to it noted (except the breaker's own probe), and
 * how many are still waiting for Redis.
 */
function counting(store: Required<UpsellStore>) {
  const calls: string[] = [];
  let pending = 0;
  const wrapped = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(store)) {
    wrapped[name] = (...args: unknown[]) => {
      if (args[0] !== STORE_PROBE_KEY) calls.push(`${name} ${String(args[0])}`);
      pending++;
      return (method as (...a: unknown[]) => Promise<unknown>)(...args).finally(() => pending--);
    };
  }
  return { store: wrapped as unknown as UpsellStore, calls, pending: () => pending };
}

const post = (path: string, body: unknown) =>
  new Request(`${APP}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('Redis paused', () => {
  it('no request waits out the store deadline twice, and once it is known to be out none waits', async () => {
    const { store, calls, pending } = counting(
      createRedisStore(redis.client(), { prefix: `once${Math.random()}:` }),
    );
    const upsell = createUpsellHandler({
      secret: 'store-deadline-test-secret-0123456789abcdef',
      identify: () => ({ customerId: 'cus_acme', subscriptionId: 'sub_acme' }),
      store,
      storeTimeoutMs: 300,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      chargebee: { site: 'upsell-kit-test', apiKey: 'test_simulator_key', baseUrl: simUrl() },
    });
    const response = await upsell(post('/offers', { custom: { storage_used_percent: 85 } }));
    const { offers } = (await response.json()) as {
      offers: { token: string; options: { id: string }[] }[];
    };
    const { token, options } = offers[0]!;

    // What the offers request started in the background (the event queue's drain) is done.
    await vi.waitFor(() => expect(pending()).toBe(0));
    redis.pause();
    try {
      calls.length = 0;
      expect((await upsell(post('/events', { token, type: 'viewed' }))).status).toBe(204);
      expect(calls).toHaveLength(1);

      // Past the 2 s after which the shared store is tried again.
      await new Promise((resolve) => setTimeout(resolve, 2_200));
      calls.length = 0;
      expect((await upsell(post('/events', { token, type: 'dismissed' }))).status).toBe(204);
      expect(calls).toEqual([]);
      const accepted = await upsell(post('/fulfillments', { token, option_id: options[0]!.id }));
      expect(accepted.status).toBe(503);
      expect(calls).toEqual([]);
    } finally {
      redis.resume();
    }
    upsell.close();
  }, 30_000);
});
