import { createMemoryBudgetAdmission } from './budget-admission';
import { createMemorySlidingWindow } from './sliding-window';
import { createMemoryLists } from './store-list';
import type { UpsellStore } from './upsell-store';

/**
 * Options of {@link createMemoryStore}.
 * @example createMemoryStore({ maxEntries: 50_000, maxCounters: 100_000 })
 */
export interface MemoryStoreOptions {
  /**
   * The most claims and records kept (entries written with `set` or `setIfAbsent`, such as the
   * handler's fulfillment claims); the least recently used ones are evicted beyond it. Rate-limit
   * counters are bounded apart (`maxCounters`), so they never evict these.
   * @default 10000
   */
  maxEntries?: number;
  /**
   * The most rate-limit counters kept (entries written with `increment`); the least recently used
   * counters are evicted beyond it, so that a flood of identities can not grow the process without
   * bound and can only push out other counters, never a fulfillment claim or record. The store
   * holds at most `maxEntries + maxCounters` entries.
   * @default maxEntries
   */
  maxCounters?: number;
  /**
   * The most `cache:` entries kept (cached offers, the dedupe marks of `viewed` events): data the
   * handler can fetch again, so they are bounded apart and evicted first, never pushing out a
   * claim, a record or a counter.
   * @default 1000
   */
  maxCacheEntries?: number;
  /** The clock, for tests. @default Date.now */
  now?: () => number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * Entries with one capacity. A Map iterates in insertion order: re-inserting on use keeps the least
 * recently used first. Two long-lived iterators walk it so that no write scans the whole Map (a
 * fresh iterator would skip every hole that deletions left at the front):
 * `oldest` yields the entries to evict, `sweeper` checks a few entries per write for expiry.
 */
interface Pool {
  readonly entries: Map<string, Entry>;
  readonly max: number;
  oldest: Iterator<string> | undefined;
  sweeper: Iterator<[string, Entry]> | undefined;
}

/**
 * Entries the sweeper checks per write. Above 1, it outpaces the one entry a write adds, so every
 * expired entry is found within a bounded number of writes, at constant cost per write.
 */
const SWEEP_STEPS = 4;

const positiveInteger = (name: string, value: number): number => {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`createMemoryStore: ${name} must be a positive integer.`);
  }
  return value;
};

const createPool = (max: number): Pool => ({
  entries: new Map(),
  max,
  oldest: undefined,
  sweeper: undefined,
});

/** The live entry under `key`, now the most recently used; drops it when it has expired. */
const touch = (pool: Pool, key: string, time: number): Entry | undefined => {
  const entry = pool.entries.get(key);
  if (!entry) return undefined;
  pool.entries.delete(key);
  if (entry.expiresAt <= time) return undefined;
  pool.entries.set(key, entry);
  return entry;
};

/** Checks the next few entries of the pool's rolling pass and removes the expired ones. */
const sweep = (pool: Pool, time: number): void => {
  for (let step = 0; step < SWEEP_STEPS; step++) {
    pool.sweeper ??= pool.entries.entries();
    const next = pool.sweeper.next();
    if (next.done) {
      // A finished Map iterator stays finished: the next write starts a new pass.
      pool.sweeper = undefined;
      return;
    }
    const [key, entry] = next.value;
    if (entry.expiresAt <= time) pool.entries.delete(key);
  }
};

/** Removes the least recently used entry. */
const evictOldest = (pool: Pool): void => {
  // Every entry `oldest` yielded was removed and new ones go to the end, so its next entry is
  // the first one of the Map.
  let next = pool.oldest?.next();
  if (!next || next.done) {
    pool.oldest = pool.entries.keys();
    next = pool.oldest.next();
  }
  if (!next.done) pool.entries.delete(next.value);
};

const write = (pool: Pool, key: string, value: string, ttlMs: number, time: number): void => {
  pool.entries.delete(key);
  pool.entries.set(key, { value, expiresAt: time + Math.max(1, ttlMs) });
  sweep(pool, time);
  while (pool.entries.size > pool.max) evictOldest(pool);
};

/**
 * An in-process {@link UpsellStore}: bounded (LRU) and with TTLs. Right for one instance; use
 * `createRedisStore` from `@upsell-kit/server/redis` when several instances serve the same app.
 *
 * Rate-limit counters (written with `increment`) and claims and records (written with `set` and
 * `setIfAbsent`) have separate capacities, so heavy traffic can not evict a fulfillment claim
 * before its TTL; `cache:` entries have a third capacity. Sliding windows (at most `maxCounters`
 * keys) and lists (bounded by each push's `maxLength`) complete the optional methods. Each write costs constant time: it evicts at most the oldest entries over
 * capacity and checks a few entries for expiry; reads drop the expired entry they meet.
 *
 * @example
 * createUpsellHandler({ ...options, store: createMemoryStore({ maxEntries: 50_000 }) });
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): Required<UpsellStore> {
  const maxEntries = positiveInteger('maxEntries', options.maxEntries ?? 10_000);
  const maxCounters = positiveInteger('maxCounters', options.maxCounters ?? maxEntries);
  const now = options.now ?? Date.now;
  const maxCacheEntries = positiveInteger('maxCacheEntries', options.maxCacheEntries ?? 1_000);
  const records = createPool(maxEntries);
  const counters = createPool(maxCounters);
  const cache = createPool(maxCacheEntries);
  // Replaced whole by `clear`, so the store's methods reach them through these bindings.
  let windows = createMemorySlidingWindow({ maxKeys: maxCounters });
  let budget = createMemoryBudgetAdmission({ maxIdentities: maxCounters });
  let lists = createMemoryLists();

  // A key lives in at most one pool: writes move it to the pool of their kind.
  const read = (key: string, time: number): Entry | undefined =>
    touch(records, key, time) ?? touch(counters, key, time) ?? touch(cache, key, time);

  const writeRecord = (key: string, value: string, ttlMs: number, time: number): void => {
    counters.entries.delete(key);
    if (key.startsWith('cache:')) {
      records.entries.delete(key);
      write(cache, key, value, ttlMs, time);
      return;
    }
    cache.entries.delete(key);
    write(records, key, value, ttlMs, time);
  };

  return {
    async get(key) {
      return read(key, now())?.value ?? null;
    },
    async set(key, value, ttlMs) {
      writeRecord(key, value, ttlMs, now());
    },
    async setIfAbsent(key, value, ttlMs) {
      const time = now();
      if (read(key, time)) return false;
      writeRecord(key, value, ttlMs, time);
      return true;
    },
    async delete(key) {
      records.entries.delete(key);
      counters.entries.delete(key);
      cache.entries.delete(key);
    },
    async increment(key, ttlMs) {
      const time = now();
      const entry = read(key, time);
      if (!entry) {
        write(counters, key, '1', ttlMs, time);
        return 1;
      }
      const count = (Number.parseInt(entry.value, 10) || 0) + 1;
      entry.value = String(count);
      return count;
    },
    slidingWindow: (key, request) => windows(key, request),
    budgetAdmission: (key, request) => budget(key, request),
    listPush: (key, value, pushOptions) => lists.push(key, value, pushOptions),
    listPop: (key) => lists.pop(key),
    listLength: (key) => lists.length(key),
    async clear() {
      for (const pool of [records, counters, cache]) {
        pool.entries.clear();
        pool.oldest = undefined;
        pool.sweeper = undefined;
      }
      windows = createMemorySlidingWindow({ maxKeys: maxCounters });
      budget = createMemoryBudgetAdmission({ maxIdentities: maxCounters });
      lists = createMemoryLists();
    },
  };
}
