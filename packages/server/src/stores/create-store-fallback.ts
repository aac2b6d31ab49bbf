import { createMemoryStore } from './create-memory-store';
import { OPTIONAL_STORE_METHODS, type UpsellStore } from './upsell-store';
import type { UpsellLogger } from '../http/upsell-logger';
import { isStoreUnavailable } from './store-unavailable-error';

/**
 * The handler's answer to a store outage for what may degrade to per-instance state (rate-limit
 * counters, the upstream budget, "once" markers): run against the shared store, and on
 * {@link isStoreUnavailable} run against a per-instance memory store instead. The outage is logged
 * once when it starts and once when the shared store answers again, never per request.
 *
 * @example
 * const count = await fallback.run('rate limit', (store) => store.increment(key, ttl));
 */
export interface StoreFallback {
  /**
   * Runs `work` on the shared store; when that store is unavailable, logs the outage (once) and
   * runs `work` again on the per-instance store. Any other error passes through. During an
   * outage the shared store is tried again only every `probeMs`, so that requests meanwhile do
   * not each wait out its deadline.
   */
  run<T>(what: string, work: (store: UpsellStore) => Promise<T>): Promise<T>;
  /** Notes an outage seen elsewhere (an accept answered `503 store_unavailable`), logged once. */
  noticeOutage(what: string, error: unknown): void;
  /** Notes a shared-store call that worked elsewhere: ends an outage (logged once). */
  noticeRecovery(): void;
  /** Whether the last shared-store call this instance made failed as unavailable. */
  readonly degraded: boolean;
  /** Whether to skip the shared store now: in an outage, and the next probe is not due yet. */
  readonly skipping: boolean;
  /** The per-instance store that stands in during an outage. */
  readonly local: UpsellStore;
  /**
   * The same fallback as a store: each call runs on the shared store, or on the per-instance one
   * during an outage. It has the optional primitives the shared store has (sliding windows, lists),
   * so the API-limit work (budget, offer cache, event queue) keeps working per instance.
   */
  readonly store: UpsellStore;
}

/** Options of {@link createStoreFallback}. */
export interface StoreFallbackOptions {
  /** The per-instance store. @default createMemoryStore({ maxEntries: 10000 }) */
  local?: UpsellStore;
  /** Milliseconds between tries of the shared store during an outage. @default 2000 */
  probeMs?: number;
  /** The clock, for tests. @default Date.now */
  now?: () => number;
}

/**
 * Creates a {@link StoreFallback} over `shared` (already bounded by `withStoreDeadline`).
 *
 * @example const fallback = createStoreFallback(store, logger);
 */
export function createStoreFallback(
  shared: UpsellStore,
  logger: UpsellLogger,
  options: StoreFallbackOptions = {},
): StoreFallback {
  const local = options.local ?? createMemoryStore({ maxEntries: 10_000 });
  const probeMs = options.probeMs ?? 2_000;
  const now = options.now ?? Date.now;
  let degraded = false;
  let probeAt = 0;
  const noticeOutage = (what: string, error: unknown) => {
    probeAt = now() + probeMs;
    if (degraded) return;
    degraded = true;
    logger.error(
      'upsell-kit: the store is unavailable; rate limits count per instance and accepts answer 503 store_unavailable until it answers again',
      {
        during: what,
        operation: (error as { operation?: string }).operation,
        reason: (error as { reason?: string }).reason,
      },
    );
  };
  const noticeRecovery = () => {
    if (!degraded) return;
    degraded = false;
    logger.info('upsell-kit: the store answers again; shared state is back in use');
  };
  const skipping = () => degraded && now() < probeAt;
  const run = async <T>(what: string, work: (store: UpsellStore) => Promise<T>): Promise<T> => {
    if (skipping()) return work(local);
    try {
      const result = await work(shared);
      noticeRecovery();
      return result;
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      noticeOutage(what, error);
      return work(local);
    }
  };
  const store = {} as Record<string, unknown>;
  for (const method of STORE_METHODS) {
    if (typeof shared[method] !== 'function') continue;
    store[method] = (...args: unknown[]) =>
      run(method, (target) =>
        (target[method] as (...a: unknown[]) => Promise<unknown>).apply(target, args),
      );
  }
  return {
    run,
    noticeOutage,
    noticeRecovery,
    get degraded() {
      return degraded;
    },
    get skipping() {
      return skipping();
    },
    local,
    store: store as unknown as UpsellStore,
  };
}

const STORE_METHODS = [
  'get',
  'set',
  'setIfAbsent',
  'delete',
  'increment',
  ...OPTIONAL_STORE_METHODS,
] as const;
