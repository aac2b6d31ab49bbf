/**
 * Options of `toNodeHandler` and `toExpressMiddleware`.
 * @example toNodeHandler(upsell, { bodyTimeoutMs: 5_000 })
 */
export interface NodeAdapterOptions {
  /**
   * Milliseconds from a request's headers to the last byte of its body. A body still arriving
   * then (a client that sends it a byte at a time, or never ends it) is answered
   * `408 request_timeout` and its connection closed, so slow clients can not hold sockets and
   * memory; each is reported to `onEvent` (`request_timeout`) and the first one logged. It does
   * not cover the headers, nor a body another middleware reads first (`express.json()` before the
   * middleware): set the server's `headersTimeout` and `requestTimeout` for those (see the
   * README).
   * @default 10000
   */
  bodyTimeoutMs?: number;
}

/** The default request-body deadline: a few KiB need far less, even on a poor mobile link. */
const DEFAULT_BODY_TIMEOUT_MS = 10_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The body deadline of an adapter's options; throws on a nonsensical one, naming the adapter. */
export function bodyTimeoutOf(options: NodeAdapterOptions | undefined, adapter: string): number {
  const ms = options?.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  if (!(ms > 0 && ms <= MAX_TIMER_MS)) {
    throw new RangeError(
      `${adapter}: bodyTimeoutMs must be a positive number of milliseconds, at most 2147483647.`,
    );
  }
  return ms;
}
