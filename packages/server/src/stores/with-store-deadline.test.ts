import { once } from 'node:events';
import { connect, createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRedis, type RedisProcess } from '../test-support/redis-process';
import { createMemoryStore } from './create-memory-store';
import { createRedisStore } from './create-redis-store';
import type { UpsellStore } from './upsell-store';
import { isStoreUnavailable, StoreUnavailableError } from './store-unavailable-error';
import { STORE_PROBE_KEY, withStoreDeadline } from './with-store-deadline';

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
      probeMs: 100,
    });
    await store.set('k', 'v', 60_000);
    redis.pause();
    try {
      const error = await rejection(store.get('k'));
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(error).toMatchObject({ operation: 'get', reason: 'timeout' });
      expect(isStoreUnavailable(error)).toBe(true);
      // The next call is not sent to wait out the deadline again.
      expect(await rejection(store.get('k'))).toMatchObject({ reason: 'skipped' });
    } finally {
      redis.resume();
    }
    // A probe in the background finds it answering again.
    await expect.poll(() => store.get('k').catch(() => 'down'), { timeout: 10_000 }).toBe('v');
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
    // Errors come fast: they leave the store in use.
    expect(await store.increment('n', 1_000)).toBe(1);
    expect(await rejection(store.delete('a'))).toMatchObject({ reason: 'timeout' });
    // Rejecting after the deadline must not surface as an unhandled rejection (Vitest fails on one).
    rejectLate(new Error('late'));
    expect(await rejection(store.increment('n', 1_000))).toMatchObject({ reason: 'skipped' });
  });

  it('takes an answer that arrived while the event loop was busy: a late timer is not a slow store', async () => {
    // A store that answers over a real socket, as Redis does: its reply is read in the event
    // loop's poll phase, after the timers that are due.
    let replied: () => void = () => {};
    const server = createServer((socket) =>
      socket.on('data', () => socket.write('answer', () => replied())).on('error', () => {}),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    await once(client, 'connect');
    try {
      const answering: UpsellStore = {
        ...createMemoryStore(),
        get: () =>
          new Promise((resolve) => {
            client.once('data', (data) => resolve(String(data)));
            client.write('get');
          }),
      };
      const store = withStoreDeadline(answering, { timeoutMs: 100, probeMs: 2_000 });
      // The reply is sent, but not read yet: it waits in the socket, as a reply does while the
      // event loop is busy elsewhere.
      client.pause();
      const sent = new Promise<void>((resolve) => (replied = resolve));
      const pending = store.get('a');
      await sent;
      // Busy past the deadline (a synchronous stall: a busy CPU, a long render): when it ends,
      // the deadline is due and the reply is ready to be read.
      const until = Date.now() + 300;
      while (Date.now() < until) {
        // stalled
      }
      client.resume();
      await expect(pending).resolves.toBe('answer');
      // No outage was declared: the next call goes to the store.
      await expect(store.get('b')).resolves.toBe('answer');
    } finally {
      client.destroy();
      server.close();
    }
  });

  it('after a call ran out of time, sends nothing for probeMs, then one probe at a time in the background until one answers (fake clock)', async () => {
    vi.useFakeTimers();
    try {
      const memory = createMemoryStore();
      let silent = true;
      const sent: string[] = [];
      const hang = () => new Promise<never>(() => {});
      const flaky: UpsellStore = {
        ...memory,
        get: (key) => (sent.push(`get ${key}`), silent ? hang() : memory.get(key)),
        set: (key, value, ttl) => (sent.push(`set ${key}`), memory.set(key, value, ttl)),
      };
      const store = withStoreDeadline(flaky, { timeoutMs: 1_000, probeMs: 2_000, now: Date.now });
      const first = rejection(store.get('a'));
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await first).toMatchObject({ reason: 'timeout' });
      // Paused: rejected at once, nothing sent, no timer to wait out.
      expect(await rejection(store.set('a', '1', 60_000))).toMatchObject({
        operation: 'set',
        reason: 'skipped',
      });
      expect(sent).toEqual(['get a']);

      await vi.advanceTimersByTimeAsync(2_000);
      // Due: this call starts the probe and is itself rejected at once; so is the next one.
      expect(await rejection(store.get('a'))).toMatchObject({ reason: 'skipped' });
      expect(await rejection(store.get('a'))).toMatchObject({ reason: 'skipped' });
      expect(sent).toEqual(['get a', `get ${STORE_PROBE_KEY}`]);
      await vi.advanceTimersByTimeAsync(1_000); // the probe runs out of time too
      await vi.advanceTimersByTimeAsync(1_999);
      expect(await rejection(store.get('a'))).toMatchObject({ reason: 'skipped' });
      expect(sent).toHaveLength(2);

      silent = false;
      await vi.advanceTimersByTimeAsync(1);
      expect(await rejection(store.get('a'))).toMatchObject({ reason: 'skipped' });
      await vi.advanceTimersByTimeAsync(0); // the probe answers
      await store.set('a', '1', 60_000);
      expect(await store.get('a')).toBe('1');
      expect(sent).toEqual([
        'get a',
        `get ${STORE_PROBE_KEY}`,
        `get ${STORE_PROBE_KEY}`,
        'set a',
        'get a',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a nonsensical deadline', () => {
    expect(() => withStoreDeadline(createMemoryStore(), { timeoutMs: 0 })).toThrow(RangeError);
    expect(() => withStoreDeadline(createMemoryStore(), { timeoutMs: Number.NaN })).toThrow(
      RangeError,
    );
    expect(() => withStoreDeadline(createMemoryStore(), { probeMs: -1 })).toThrow(RangeError);
  });
});
