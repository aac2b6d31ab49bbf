import { describe, expect, it } from 'vitest';
import { redisForFile } from '../test-support/redis-process';
import { createMemoryStore } from './create-memory-store';

import { createRedisStore } from '../redis';
import { createRedisPrimitives } from './redis-primitives';
import type { UpsellStore } from './upsell-store';

// A real redis-server, started here on a free port and stopped after: the sliding-window and
// list primitives on Redis and memory alike, atomic between two clients.

const redisServer = redisForFile();
const stores: [string, () => Required<UpsellStore>][] = [
  [
    'createRedisStore',
    () =>
      createRedisStore(redisServer.client(), {
        prefix: `t${Math.random().toString(36).slice(2)}:`,
      }),
  ],
  ['createMemoryStore', () => createMemoryStore()],
];

describe.each(stores)('%s', (_name, make) => {
  it('a sliding window admits exactly the limit between concurrent callers', async () => {
    const store = make();
    const now = 1_700_000_000_000;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.slidingWindow('w', { limit: 20, windowMs: 60_000, now: now + i }),
      ),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(20);
    const refused = await store.slidingWindow('w', { limit: 20, windowMs: 60_000, now: now + 100 });
    expect(refused.allowed).toBe(false);
    expect(refused.count).toBe(20);
    // The oldest admitted hit (at `now` + the first admitted offset) leaves the window first.
    const firstAdmitted = results.findIndex((result) => result.allowed);
    expect(refused.retryAfterMs).toBe(firstAdmitted + 60_000 - 100);
    const later = await store.slidingWindow('w', {
      limit: 20,
      windowMs: 60_000,
      now: now + 60_000 + 49,
    });
    expect(later.allowed).toBe(true);
  });

  it('a limit of 0 counts the window without adding to it', async () => {
    const store = make();
    await store.slidingWindow('w', { limit: 5, windowMs: 1_000, now: 10 });
    await store.slidingWindow('w', { limit: 5, windowMs: 1_000, now: 20 });
    expect(await store.slidingWindow('w', { limit: 0, windowMs: 1_000, now: 30 })).toMatchObject({
      allowed: false,
      count: 2,
    });
    expect((await store.slidingWindow('w', { limit: 0, windowMs: 1_000, now: 1_015 })).count).toBe(
      1,
    );
  });

  it('lists pop oldest first, refuse a push when full, and take an item back at the head', async () => {
    const store = make();
    expect(await store.listPush('q', 'a', { maxLength: 2 })).toBe(true);
    expect(await store.listPush('q', 'b', { maxLength: 2 })).toBe(true);
    expect(await store.listPush('q', 'c', { maxLength: 2 })).toBe(false);
    expect(await store.listLength('q')).toBe(2);
    expect(await store.listPop('q')).toBe('a');
    expect(await store.listPush('q', 'a', { maxLength: 2, front: true })).toBe(true);
    expect(await store.listPop('q')).toBe('a');
    expect(await store.listPop('q')).toBe('b');
    expect(await store.listPop('q')).toBeNull();
    expect(await store.listLength('q')).toBe(0);
  });

  it('grouped lists pop the groups in turn, cap each group and keep a place for a new one', async () => {
    const store = make();
    const push = (value: string, group: string, more: { front?: boolean } = {}) =>
      store.listPush('q', value, { maxLength: 4, group, groupLimit: 3, ...more });
    // One group floods: three values, then its cap.
    for (const value of ['a1', 'a2', 'a3']) expect(await push(value, 'a')).toBe(true);
    expect(await push('a4', 'a')).toBe(false);
    expect(await push('b1', 'b')).toBe(true);
    // The list is full (4): a group holding a value is refused, a group holding none is not.
    expect(await push('b2', 'b')).toBe(false);
    expect(await push('c1', 'c')).toBe(true);
    expect(await store.listLength('q')).toBe(5);
    // The groups take turns: b and c do not wait behind all of a.
    expect(await store.listPop('q')).toBe('a1');
    expect(await store.listPop('q')).toBe('b1');
    // Put back at the head: its group goes first again.
    expect(await push('b1', 'b', { front: true })).toBe(true);
    expect(await store.listPop('q')).toBe('b1');
    const rest: (string | null)[] = [];
    for (let pop = 0; pop < 5; pop++) rest.push(await store.listPop('q'));
    expect(rest).toEqual(['c1', 'a2', 'a3', null, null]);
    expect(await store.listLength('q')).toBe(0);
  });

  it('concurrent pops never return one item twice', async () => {
    const store = make();
    for (let i = 0; i < 100; i++) await store.listPush('q', String(i), { maxLength: 1_000 });
    const popped = await Promise.all(Array.from({ length: 120 }, () => store.listPop('q')));
    const items = popped.filter((item) => item !== null);
    expect(items).toHaveLength(100);
    expect(new Set(items).size).toBe(100);
  });
});

describe('createRedisPrimitives between two clients', () => {
  it('share one window: two instances never admit more than the limit between them', async () => {
    const prefix = `t${Math.random().toString(36).slice(2)}:`;
    const one = createRedisPrimitives(redisServer.client(), prefix);
    const two = createRedisPrimitives(redisServer.client(), prefix);
    const now = 1_700_000_000_000;
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        (i % 2 ? one : two).slidingWindow('budget', { limit: 25, windowMs: 60_000, now: now + i }),
      ),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(25);
  });
});

describe('createMemoryStore', () => {
  it('keeps cache: entries apart: a flood of them never evicts a claim', async () => {
    const store = createMemoryStore({ maxEntries: 2, maxCacheEntries: 3 });
    expect(await store.setIfAbsent('fulfillment:po_1', '{"state":"pending"}', 60_000)).toBe(true);
    for (let i = 0; i < 50; i++) await store.set(`cache:offers:${i}`, 'x', 60_000);
    expect(await store.get('fulfillment:po_1')).toBe('{"state":"pending"}');
    expect(await store.get('cache:offers:49')).toBe('x');
    expect(await store.get('cache:offers:0')).toBeNull();
  });
});
