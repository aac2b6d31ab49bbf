import { createMemoryStore } from './create-memory-store';
import type { UpsellStore } from './upsell-store';
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
   * runs `work` again on the per-instance store. Any other error passes through.
   */
  run<T>(what: string, work: (store: UpsellStore) => Promise<T>): Promise<T>;
  /** Notes an outage seen elsewhere (an accept answered `503 store_unavailable`), logged once. */
  noticeOutage(what: string, error: unknown): void;
  /** Whether the last shared-store call this instance made failed as unavailable. */
  readonly degraded: boolean;
  /** The per-instance store that stands in during an outage. */
  readonly local: UpsellStore;
}

/**
 * Creates a {@link StoreFallback} over `shared` (already bounded by `withStoreDeadline`).
 *
 * @example const fallback = createStoreFallback(store, logger);
 */
export function createStoreFallback(
  shared: UpsellStore,
  logger: UpsellLogger,
  local: UpsellStore = createMemoryStore({ maxEntries: 10_000 }),
): StoreFallback {
  let degraded = false;
  const noticeOutage = (what: string, error: unknown) => {
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
  const recovered = () => {
    if (!degraded) return;
    degraded = false;
    logger.info('upsell-kit: the store answers again; shared state is back in use');
  };
  return {
    async run(what, work) {
      try {
        const result = await work(shared);
        recovered();
        return result;
      } catch (error) {
        if (!isStoreUnavailable(error)) throw error;
        noticeOutage(what, error);
        return work(local);
      }
    },
    noticeOutage,
    get degraded() {
      return degraded;
    },
    local,
  };
}
