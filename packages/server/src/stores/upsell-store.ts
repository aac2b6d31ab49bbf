import type { BudgetAdmissionRequest, BudgetAdmissionResult } from './budget-admission';
import type { SlidingWindowRequest, SlidingWindowResult } from './sliding-window';
import type { ListPushOptions } from './store-list';

/**
 * Where the handler keeps the little state it needs: fulfillment claims and records (so that an
 * offer is accepted upstream exactly once, across instances) and rate-limit counters.
 *
 * Values are strings (the handler stores JSON). Every method may be sync or async. Implementations
 * must make `setIfAbsent` and `increment` atomic across every instance that shares the store.
 * Keys under `cache:` hold data the handler can fetch again (cached offers): a store may evict
 * them before anything else.
 *
 * The optional methods ({@link OPTIONAL_STORE_METHODS}) let the fleet share more:
 * `budgetAdmission` (the Chargebee API budget), `slidingWindow` (per-identity limits over sliding
 * windows) and `listPush` / `listPop` / `listLength` (the durable queue of offer events). Without
 * them the handler falls back to per-instance memory (budget, queue) or fixed windows
 * (per-identity limits), and logs it once. Both built-in stores have them.
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
  /**
   * Atomically drops the hits under `key` older than `request.windowMs`, then records one more at
   * `request.now` when fewer than `request.limit` remain. A `limit` of 0 only counts.
   */
  slidingWindow?(key: string, request: SlidingWindowRequest): Promise<SlidingWindowResult>;
  /**
   * Admits one Chargebee call under the budget's rule (floors for critical calls and dismissals,
   * views around the offer-fetch demand, an identity's share), atomically across the fleet, over
   * keys that start with `key` (one Redis Cluster hash slot: `key` carries a hash tag).
   */
  budgetAdmission?(key: string, request: BudgetAdmissionRequest): Promise<BudgetAdmissionResult>;
  /**
   * Appends `value` to the list under `key`, in its `group` (at the group's head with `front`);
   * `false` when the list already holds `maxLength` values (a group's first value excepted) or
   * the group `groupLimit`. Lists do not expire. A store may ignore the groups (one plain list):
   * the queue then stays correct, only not fair between groups.
   */
  listPush?(key: string, value: string, options: ListPushOptions): Promise<boolean>;
  /**
   * Removes and returns the oldest value of the group whose turn it is, groups taking turns
   * (atomically: one caller gets each value).
   */
  listPop?(key: string): Promise<string | null>;
  /** How many values the list holds, every group together. */
  listLength?(key: string): Promise<number>;
  /**
   * Removes every key of this store (only its own: a Redis store's `prefix`), for `upsell.reset()`
   * in development and tests. The handler never calls it by itself.
   */
  clear?(): Promise<void>;
}

/**
 * The optional methods of {@link UpsellStore}, the one list the store wrappers (deadline,
 * outage fallback) pass through when the store has them.
 */
export const OPTIONAL_STORE_METHODS = [
  'slidingWindow',
  'budgetAdmission',
  'listPush',
  'listPop',
  'listLength',
  'clear',
] as const satisfies readonly (keyof UpsellStore)[];
