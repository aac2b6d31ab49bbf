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
  /**
   * Milliseconds the store is left alone after a call ran out of time: calls meanwhile reject at
   * once (reason `skipped`) instead of each waiting out the deadline again. After that, the next
   * call sends one probe (a `get`) in the background and still rejects at once; the first probe
   * that answers ends the pause. So no request waits out the deadline twice, and during an outage
   * only the calls already under way when it began wait at all.
   * @default 2000
   */
  probeMs?: number;
  /** The clock, for tests. @default Date.now */
  now?: () => number;
}

/** The default deadline of a store call: far above a healthy Redis, far below a request's patience. */
export const DEFAULT_STORE_TIMEOUT_MS = 1_000;

const MAX_TIMER_MS = 2 ** 31 - 1;

/** The key the breaker reads to learn that the store answers again (never written). */
export const STORE_PROBE_KEY = 'upsell-kit:store-probe';

/**
 * Runs `next` after the I/O that is ready now: a 0 ms timer set from a timer's callback runs in
 * the event loop's next turn, after its poll for I/O (and within the same advance of fake timers).
 */
const afterIo = (next: () => void): void => void setTimeout(next, 0);
/** A deadline timer this much later than asked fired on a busy event loop. */
const LATE_TIMER_MS = 20;

const METHODS = ['get', 'set', 'setIfAbsent', 'delete', 'increment'] as const;

/**
 * Wraps an {@link UpsellStore} so that every call settles within a deadline: a call that throws,
 * rejects or does not answer in time rejects with {@link StoreUnavailableError} (its cause
 * attached). A late answer is dropped; a late rejection is swallowed rather than left unhandled.
 * The handler wraps its `store` with this; a Redis client that queues commands while
 * disconnected (ioredis's default) would otherwise hold a request for as long as it retries.
 * After a call ran out of time, calls reject at once for `probeMs` and until a probe in the
 * background finds the store answering again (a request that makes several calls waits out the
 * deadline at most once).
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
  const probeMs = options.probeMs ?? 2_000;
  if (!(probeMs > 0 && probeMs <= MAX_TIMER_MS)) {
    throw new RangeError(
      'withStoreDeadline: probeMs must be a positive number of milliseconds, at most 2147483647.',
    );
  }
  const now = options.now ?? Date.now;
  /** Until when (epoch ms) calls are not sent; `0` while the store answers. */
  let pausedUntil = 0;
  let probing = false;

  const bounded = <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    // A sync throw and a rejection alike become StoreUnavailableError; so does a rejection that
    // arrives after the deadline, which must not surface as an unhandled rejection.
    const settled = Promise.resolve()
      .then(run)
      .catch((cause: unknown) => {
        throw new StoreUnavailableError(operation, 'error', { cause });
      });
    let done = false;
    settled.then(
      () => (done = true),
      () => (done = true),
    );
    const startedAt = now();
    const timedOut = () => {
      // Only silence pauses the store: an error came fast, and the next call may well work.
      pausedUntil = now() + probeMs;
      return new StoreUnavailableError(operation, 'timeout');
    };
    return withDeadline(settled, timeoutMs, () => {
      if (now() - startedAt <= timeoutMs + LATE_TIMER_MS) throw timedOut();
      // The timer fired late: the event loop was busy, which says nothing of the store. Answers
      // already received get their turn first; only silence is a timeout.
      return new Promise<never>((_, reject) => {
        afterIo(() => {
          if (!done) reject(timedOut());
        });
      });
    });
  };
  const probe = () => {
    probing = true;
    bounded('get', () => store.get(STORE_PROBE_KEY)).then(
      () => {
        pausedUntil = 0;
        probing = false;
      },
      () => {
        pausedUntil = now() + probeMs;
        probing = false;
      },
    );
  };
  const call = <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    if (pausedUntil !== 0) {
      if (!probing && now() >= pausedUntil) probe();
      return Promise.reject(new StoreUnavailableError(operation, 'skipped'));
    }
    return bounded(operation, run);
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
