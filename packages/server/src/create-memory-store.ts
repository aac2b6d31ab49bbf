import type { UpsellStore } from './store';

/**
 * Options of {@link createMemoryStore}.
 * @example createMemoryStore({ maxEntries: 50_000 })
 */
export interface MemoryStoreOptions {
  /**
   * The most entries kept; the least recently used ones are evicted beyond it, so that a flood
   * of identities can not grow the process without bound.
   * @default 10000
   */
  maxEntries?: number;
  /** The clock, for tests. @default Date.now */
  now?: () => number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * An in-process {@link UpsellStore}: bounded (LRU) and with TTLs. Right for one instance; use
 * `createRedisStore` from `@upsell-kit/server/redis` when several instances serve the same app.
 *
 * @example
 * createUpsellHandler({ ...options, store: createMemoryStore({ maxEntries: 50_000 }) });
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): UpsellStore {
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError('createMemoryStore: maxEntries must be a positive integer.');
  }
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<string, Entry>();

  const read = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    entries.delete(key);
    entries.set(key, entry);
    return entry;
  };

  const write = (key: string, value: string, ttlMs: number): void => {
    entries.delete(key);
    entries.set(key, { value, expiresAt: now() + Math.max(1, ttlMs) });
    if (entries.size > maxEntries) evict();
  };

  const evict = (): void => {
    const time = now();
    for (const [key, entry] of entries) {
      if (entry.expiresAt <= time) entries.delete(key);
    }
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
  };

  return {
    async get(key) {
      return read(key)?.value ?? null;
    },
    async set(key, value, ttlMs) {
      write(key, value, ttlMs);
    },
    async setIfAbsent(key, value, ttlMs) {
      if (read(key)) return false;
      write(key, value, ttlMs);
      return true;
    },
    async delete(key) {
      entries.delete(key);
    },
    async increment(key, ttlMs) {
      const entry = read(key);
      if (!entry) {
        write(key, '1', ttlMs);
        return 1;
      }
      const count = (Number.parseInt(entry.value, 10) || 0) + 1;
      entry.value = String(count);
      return count;
    },
  };
}
