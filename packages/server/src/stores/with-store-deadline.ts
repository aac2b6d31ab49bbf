import { withDeadline } from '../http/with-deadline';
import { OPTIONAL_STORE_METHODS, type UpsellStore } from './upsell-store';
import { StoreUnavailableError } from './store-unavailable-error';

/**
 * Options of {@link withStoreDeadline}.
 * @example withStoreDeadline(store, { timeoutMs: 500 })
 */
export interface StoreDeadlineOptions {
  /**
   * Milliseconds each store call may take before it fails with {@link StoreUnavailableError}.
   * @default 1000
   */
  timeoutMs?: number;
}

/** The default deadline of a store call: far above a healthy Redis, far below a request's patience. */
export const DEFAULT_STORE_TIMEOUT_MS = 1_000;

const MAX_TIMER_MS = 2 ** 31 - 1;

const METHODS = ['get', 'set', 'setIfAbsent', 'delete', 'increment'] as const;

/**
 * Wraps an {@link UpsellStore} so that every call settles within a deadline: a call that throws,
 * rejects or does not answer in time rejects with {@link StoreUnavailableError} (its cause
 * attached). A late answer is dropped; a late rejection is swallowed rather than left unhandled.
 * The handler wraps its `store` with this; a Redis client that queues commands while
 * disconnected (ioredis's default) would otherwise hold a request for as long as it retries.
 *
 * @example
 * const store = withStoreDeadline(createRedisStore(redis), { timeoutMs: 500 });
 */
export function withStoreDeadline(
  store: UpsellStore,
  options: StoreDeadlineOptions = {},
): UpsellStore {
  const timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  if (!(timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)) {
    throw new RangeError(
      'withStoreDeadline: timeoutMs must be a positive number of milliseconds, at most 2147483647.',
    );
  }
  const call = <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    // A sync throw and a rejection alike become StoreUnavailableError; so does a rejection that
    // arrives after the deadline, which must not surface as an unhandled rejection.
    const settled = Promise.resolve()
      .then(run)
      .catch((cause: unknown) => {
        throw new StoreUnavailableError(operation, 'error', { cause });
      });
    settled.catch(() => {});
    return withDeadline(settled, timeoutMs, () => {
      throw new StoreUnavailableError(operation, 'timeout');
    });
  };

  const wrapped = {} as UpsellStore;
  for (const method of METHODS) {
    // Bound per method so that a store written as a class keeps its `this`.
    const original = store[method] as (...args: unknown[]) => Promise<unknown>;
    if (typeof original !== 'function') {
      throw new TypeError(`withStoreDeadline: the store has no ${method}() method.`);
    }
    (wrapped as unknown as Record<string, unknown>)[method] = (...args: unknown[]) =>
      call(method, () => original.apply(store, args));
  }
  // The primitives of the API-limit work: wrapped when the store has them, left absent otherwise.
  for (const method of OPTIONAL_STORE_METHODS) {
    const original = store[method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (typeof original !== 'function') continue;
    (wrapped as unknown as Record<string, unknown>)[method] = (...args: unknown[]) =>
      call(method, () => original.apply(store, args));
  }
  return wrapped;
}
