import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '../test-support/redis-process';
import { createMemoryStore } from './create-memory-store';
import { createRedisStore } from './create-redis-store';
import type { UpsellStore } from './upsell-store';
import { isStoreUnavailable, StoreUnavailableError } from './store-unavailable-error';
import { withStoreDeadline } from './with-store-deadline';

// A real redis-server that the tests stop, pause and restart, behind a client configured as the
// README once showed (`new Redis(url)`: offline queue on, 20 retries per command) and one that
// fails fast. Either way every call settles within the deadline.

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(() => redis.close());

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('withStoreDeadline', () => {
  it('passes answers through while the store is healthy', async () => {
    const store = withStoreDeadline(createRedisStore(redis.client(), { prefix: 'ok:' }));
    expect(await store.setIfAbsent('a', '1', 10_000)).toBe(true);
    expect(await store.setIfAbsent('a', '2', 10_000)).toBe(false);
    expect(await store.get('a')).toBe('1');
    expect(await store.increment('n', 10_000)).toBe(1);
    await store.delete('a');
    expect(await store.get('a')).toBeNull();
  });

  it('fails a call on a paused Redis with a timeout instead of hanging, and recovers on resume', async () => {
    const store = withStoreDeadline(createRedisStore(redis.client(), { prefix: 'pause:' }), {
      timeoutMs: 300,
    });
    await store.set('k', 'v', 60_000);
    redis.pause();
    try {
      const error = await rejection(store.get('k'));
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(error).toMatchObject({ operation: 'get', reason: 'timeout' });
      expect(isStoreUnavailable(error)).toBe(true);
    } finally {
      redis.resume();
    }
    expect(await store.get('k')).toBe('v');
  });

  it('fails every call on a stopped Redis (default ioredis options), and works after a restart', async () => {
    const store = withStoreDeadline(createRedisStore(redis.client(), { prefix: 'stop:' }), {
      timeoutMs: 300,
    });
    await store.set('k', 'v', 60_000);
    await redis.stop();
    try {
      for (const call of [
        () => store.get('k'),
        () => store.set('k', 'w', 1_000),
        () => store.setIfAbsent('c', '1', 1_000),
        () => store.increment('n', 1_000),
        () => store.delete('k'),
      ]) {
        expect(isStoreUnavailable(await rejection(call()))).toBe(true);
      }
    } finally {
      await redis.start();
    }
    // A fresh server (no persistence): the store answers again, from empty.
    await expect.poll(() => store.get('k').catch(() => 'down'), { timeout: 10_000 }).toBeNull();
  });

  it('rejects at once, with the cause, on a fail-fast client and a stopped Redis', async () => {
    const client = redis.client({ enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const store = withStoreDeadline(createRedisStore(client, { prefix: 'fast:' }), {
      timeoutMs: 60_000,
    });
    // Without the offline queue a command fails until the connection is ready.
    if (client.status !== 'ready') await once(client, 'ready');
    await store.get('warm');
    await redis.stop();
    try {
      const error = await rejection(store.get('k'));
      expect(error).toMatchObject({ operation: 'get', reason: 'error' });
      expect((error as Error).cause).toBeInstanceOf(Error);
    } finally {
      await redis.start();
    }
  });

  it('turns sync throws and rejections into StoreUnavailableError and swallows late rejections', async () => {
    const memory = createMemoryStore();
    let rejectLate: (error: Error) => void = () => {};
    const broken: UpsellStore = {
      ...memory,
      get: () => {
        throw new Error('sync');
      },
      set: () => Promise.reject(new Error('async')),
      delete: () => new Promise((_, reject) => (rejectLate = reject)),
    };
    const store = withStoreDeadline(broken, { timeoutMs: 50 });
    expect(await rejection(store.get('a'))).toMatchObject({ operation: 'get', reason: 'error' });
    expect(await rejection(store.set('a', '1', 1))).toMatchObject({ reason: 'error' });
    expect(await rejection(store.delete('a'))).toMatchObject({ reason: 'timeout' });
    // Rejecting after the deadline must not surface as an unhandled rejection (Vitest fails on one).
    rejectLate(new Error('late'));
    expect(await store.increment('n', 1_000)).toBe(1);
  });

  it('refuses a nonsensical deadline', () => {
    expect(() => withStoreDeadline(createMemoryStore(), { timeoutMs: 0 })).toThrow(RangeError);
    expect(() => withStoreDeadline(createMemoryStore(), { timeoutMs: Number.NaN })).toThrow(
      RangeError,
    );
  });
});
