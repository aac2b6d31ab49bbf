/**
 * Where the handler keeps the little state it needs: fulfillment claims and records (so that an
 * offer is accepted upstream exactly once, across instances) and rate-limit counters.
 *
 * Values are strings (the handler stores JSON). Every method may be sync or async. Implementations
 * must make `setIfAbsent` and `increment` atomic across every instance that shares the store.
 *
 * @example
 * const upsell = createUpsellHandler({ ...options, store: createRedisStore(new Redis(url)) });
 */
export interface UpsellStore {
  /** The value under `key`, or `null` when absent or expired. */
  get(key: string): Promise<string | null>;
  /** Stores `value` under `key` for `ttlMs` milliseconds, replacing any value. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /**
   * Stores `value` under `key` for `ttlMs` milliseconds only when `key` holds nothing.
   * @returns `true` when this call stored the value (the caller won the claim).
   */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Removes `key`. */
  delete(key: string): Promise<void>;
  /**
   * Adds 1 to the counter under `key` (0 when absent) and returns the new count. The counter
   * expires `ttlMs` after the increment that created it (a fixed window).
   */
  increment(key: string, ttlMs: number): Promise<number>;
}
