import { describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../stores/create-memory-store';
import type { UpsellStore } from '../stores/upsell-store';
import { createMemoryLists } from '../stores/store-list';
import { createRedisStore } from '../stores/create-redis-store';
import { redisForFile } from '../test-support/redis-process';
import { createEventQueue, type QueuedEvent } from './event-queue';

/** A store with only the required methods, as a custom store may be. */
const withoutOptionalMethods = (store: UpsellStore): UpsellStore => ({
  get: (key) => store.get(key),
  set: (key, value, ttlMs) => store.set(key, value, ttlMs),
  setIfAbsent: (key, value, ttlMs) => store.setIfAbsent(key, value, ttlMs),
  delete: (key) => store.delete(key),
  increment: (key, ttlMs) => store.increment(key, ttlMs),
});

const logger = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });
const NOW = 1_700_000_000_000;

/** A memory store with list methods, as `createMemoryStore` has. */
function listStore() {
  const lists = createMemoryLists();
  return Object.assign(createMemoryStore(), {
    listPush: lists.push,
    listPop: lists.pop,
    listLength: lists.length,
  });
}

const event = (
  type: QueuedEvent['type'],
  id: string,
  expiresAt = NOW / 1000 + 3600,
  identity?: string,
): QueuedEvent => ({
  type,
  personalizedOfferId: id,
  offerId: 'base_1',
  expiresAt,
  queuedAt: NOW,
  ...(identity ? { identity } : {}),
});

const redisServer = redisForFile();
const stores: [string, () => UpsellStore][] = [
  ['memory', listStore],
  [
    'Redis',
    () =>
      createRedisStore(redisServer.client(), {
        prefix: `queue:${Math.random().toString(36).slice(2)}:`,
      }),
  ],
];

describe.each(stores)('the queue between identities (%s)', (_name, makeStore) => {
  const later = NOW / 1000 + 3600;

  it("keeps each identity to its place: one customer's flood neither fills the queue nor delays another", async () => {
    const store = makeStore();
    const queue = createEventQueue({
      store,
      maxLength: 30,
      perIdentity: 20,
      now: () => NOW,
      logger: logger(),
    });
    const accepted: boolean[] = [];
    for (let i = 0; i < 100; i++) {
      accepted.push(await queue.enqueue(event('dismissed', `a${i}`, later, 'attacker')));
    }
    expect(accepted.filter(Boolean)).toHaveLength(20);
    for (let i = 0; i < 10; i++) {
      expect(await queue.enqueue(event('dismissed', `b${i}`, later, `other${i}`))).toBe(true);
    }
    // Full (30), yet a customer with nothing waiting still gets a place.
    expect(await queue.enqueue(event('dismissed', 'x1', later, 'other0'))).toBe(false);
    expect(await queue.enqueue(event('dismissed', 'legit', later, 'legit'))).toBe(true);
    expect(await queue.length()).toBe(31);
    // Identities take turns: the legitimate dismissal is among the first dozen sent, not after
    // the attacker's twenty.
    const sent: string[] = [];
    await queue.drain(async (queued) => {
      sent.push(queued.personalizedOfferId);
      return 'delivered';
    }, 12);
    expect(sent).toContain('legit');
    expect(sent.filter((id) => id.startsWith('a'))).toHaveLength(1);
  });

  it("sends a deferred identity's event after everyone else's, and takes it again in its turn", async () => {
    const store = makeStore();
    const queue = createEventQueue({ store, maxLength: 100, now: () => NOW, logger: logger() });
    await queue.enqueue(event('viewed', 'a1', later, 'a'));
    await queue.enqueue(event('viewed', 'a2', later, 'a'));
    await queue.enqueue(event('viewed', 'b1', later, 'b'));
    const seen: string[] = [];
    await queue.drain(async (queued) => {
      seen.push(queued.personalizedOfferId);
      return queued.personalizedOfferId === 'a1' && seen.length === 1 ? 'deferred' : 'delivered';
    }, 10);
    expect(seen).toEqual(['a1', 'b1', 'a2', 'a1']);
    expect(await queue.length()).toBe(0);
  });
});

describe('createEventQueue', () => {
  it('delivers dismissals first, then views, oldest first', async () => {
    const queue = createEventQueue({
      store: listStore(),
      maxLength: 100,
      now: () => NOW,
      logger: logger(),
    });
    await queue.enqueue(event('viewed', 'v1'));
    await queue.enqueue(event('dismissed', 'd1'));
    await queue.enqueue(event('viewed', 'v2'));
    await queue.enqueue(event('dismissed', 'd2'));
    const sent: string[] = [];
    const result = await queue.drain(async (queued) => {
      sent.push(queued.personalizedOfferId);
      return 'delivered';
    }, 10);
    expect(sent).toEqual(['d1', 'd2', 'v1', 'v2']);
    expect(result.delivered).toBe(4);
    expect(await queue.length()).toBe(0);
  });

  it('puts an event back at the head and stops when there is no room', async () => {
    const queue = createEventQueue({
      store: listStore(),
      maxLength: 100,
      now: () => NOW,
      logger: logger(),
    });
    await queue.enqueue(event('dismissed', 'd1'));
    await queue.enqueue(event('dismissed', 'd2'));
    await queue.enqueue(event('viewed', 'v1'));
    const deliver = vi.fn(async () => 'retry' as const);
    expect((await queue.drain(deliver, 10)).delivered).toBe(0);
    expect(deliver).toHaveBeenCalledTimes(1);
    const sent: string[] = [];
    await queue.drain(async (queued) => {
      sent.push(queued.personalizedOfferId);
      return 'delivered';
    }, 10);
    expect(sent).toEqual(['d1', 'd2', 'v1']);
  });

  it('drops events whose offer expired without sending them', async () => {
    const queue = createEventQueue({
      store: listStore(),
      maxLength: 100,
      now: () => NOW,
      logger: logger(),
    });
    await queue.enqueue(event('viewed', 'old', NOW / 1000 - 1));
    await queue.enqueue(event('viewed', 'new'));
    const deliver = vi.fn(async () => 'delivered' as const);
    expect(await queue.drain(deliver, 10)).toEqual({
      delivered: 1,
      expired: 1,
      refused: 0,
      unknown: 0,
    });
    expect(deliver).toHaveBeenCalledTimes(1);
  });

  it('refuses a push onto a full queue', async () => {
    const queue = createEventQueue({
      store: listStore(),
      maxLength: 2,
      now: () => NOW,
      logger: logger(),
    });
    expect(await queue.enqueue(event('viewed', 'a'))).toBe(true);
    expect(await queue.enqueue(event('viewed', 'b'))).toBe(true);
    expect(await queue.enqueue(event('viewed', 'c'))).toBe(false);
  });

  it('never hands one event to two concurrent drains', async () => {
    const store = listStore();
    const one = createEventQueue({ store, maxLength: 100, now: () => NOW, logger: logger() });
    const two = createEventQueue({ store, maxLength: 100, now: () => NOW, logger: logger() });
    for (let i = 0; i < 50; i++) await one.enqueue(event('viewed', `v${i}`));
    const sent: string[] = [];
    const deliver = async (queued: QueuedEvent) => {
      sent.push(queued.personalizedOfferId);
      await Promise.resolve();
      return 'delivered' as const;
    };
    await Promise.all([one.drain(deliver, 100), two.drain(deliver, 100)]);
    expect(sent).toHaveLength(50);
    expect(new Set(sent).size).toBe(50);
  });

  it('stops after max events', async () => {
    const queue = createEventQueue({
      store: listStore(),
      maxLength: 100,
      now: () => NOW,
      logger: logger(),
    });
    for (let i = 0; i < 5; i++) await queue.enqueue(event('viewed', `v${i}`));
    expect((await queue.drain(async () => 'delivered', 3)).delivered).toBe(3);
    expect(await queue.length()).toBe(2);
  });

  it('queues in process memory, with one warning, for a store without lists', async () => {
    const log = logger();
    const queue = createEventQueue({
      store: withoutOptionalMethods(createMemoryStore()),
      maxLength: 100,
      now: () => NOW,
      logger: log,
    });
    expect(queue.durable).toBe(false);
    await queue.enqueue(event('viewed', 'a'));
    await queue.enqueue(event('viewed', 'b'));
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(await queue.length()).toBe(2);
  });
});
