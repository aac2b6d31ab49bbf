/**
 * A store call that failed or did not answer within its deadline (see `storeTimeoutMs`). The
 * handler answers accepts (and status reads it can not check) with `503 store_unavailable` and
 * keeps offers and events working on per-instance state; {@link isStoreUnavailable} tells it apart from other errors.
 *
 * @example
 * try { await store.get(key) } catch (error) { if (isStoreUnavailable(error)) useLocalState() }
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  /** The store method that failed: `get`, `set`, `setIfAbsent`, `delete` or `increment`. */
  declare readonly operation: string;
  /**
   * `timeout` when the deadline ran out, `error` when the store rejected or threw, `skipped` when
   * the call was not sent because a recent one ran out of time (see `withStoreDeadline`).
   */
  declare readonly reason: 'timeout' | 'error' | 'skipped';

  constructor(
    operation: string,
    reason: 'timeout' | 'error' | 'skipped',
    options: { cause?: unknown } = {},
  ) {
    super(
      reason === 'timeout'
        ? `The store did not answer ${operation} in time.`
        : reason === 'skipped'
          ? `The store was not asked ${operation}: it did not answer in time moments ago.`
          : `The store failed on ${operation}.`,
      { cause: options.cause },
    );
    this.operation = operation;
    this.reason = reason;
  }
}

/**
 * Whether `error` means the store is unavailable (failed or too slow), so that the caller should
 * fall back to per-instance state or answer `503 store_unavailable`, rather than a `500`.
 *
 * @example if (isStoreUnavailable(error)) return localCount(key);
 */
export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return error instanceof StoreUnavailableError;
}
