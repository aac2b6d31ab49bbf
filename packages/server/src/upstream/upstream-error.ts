import { UpsellError } from '@upsell-kit/core';
import { UpstreamTimeoutError } from './upstream-timeout-error';

/**
 * What went wrong talking to Chargebee, in one shape. Every SDK failure goes through
 * {@link normalizeUpstreamError}; nothing else in the server inspects SDK errors.
 */
export interface UpstreamFailure {
  /** The contract error to answer with. */
  error: UpsellError;
  /** Chargebee's HTTP status when it answered, `undefined` when it did not (timeout, network). */
  upstreamStatus: number | undefined;
  /** Chargebee's `api_error_code`, when it sent one. */
  apiErrorCode: string | undefined;
  /**
   * True when Chargebee certainly did not act on the request (it answered with an error). False
   * when it may have (timeout, reset connection): a create may have happened.
   */
  definite: boolean;
  /** Server-side detail for the log: never sent to a browser. */
  detail: Record<string, unknown>;
}

const MESSAGES = {
  upstream_error: 'Chargebee answered with an unexpected error.',
  upstream_unavailable: 'Chargebee is unavailable right now. Try again later.',
  upstream_timeout: 'Chargebee did not answer in time.',
  internal_error: 'Something went wrong on the server.',
} as const;

type Headers_ = Record<string, unknown> | null | undefined;

function header(headers: Headers_, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && typeof value === 'string') return value;
  }
  return undefined;
}

/** `Retry-After` in whole seconds (delta-seconds or an HTTP date), when present and sane. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed), 86_400);
  // An HTTP date names its day and month; bare numbers like "-5" are not dates.
  if (!/^[A-Za-z]{3}, /.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, Math.ceil((date - now) / 1000)), 86_400);
}

function byStatus(status: number, headers: Headers_) {
  const retryAfter = parseRetryAfter(header(headers, 'retry-after'));
  if (status === 429 || status === 503) {
    return new UpsellError('upstream_unavailable', MESSAGES.upstream_unavailable, {
      retryAfter,
    });
  }
  if (status === 504) {
    return new UpsellError('upstream_timeout', MESSAGES.upstream_timeout);
  }
  return new UpsellError('upstream_error', MESSAGES.upstream_error);
}

/** Any non-null object (Errors and arrays too): a thrown value is read field by field. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Maps anything the SDK (or `fetch` below it) can throw to the contract:
 *
 * - API errors, which the SDK rejects as plain objects (the parsed body plus `http_status_code`
 *   and `headers`): 429 and 503 → `503 upstream_unavailable` with `Retry-After`; 504 →
 *   `504 upstream_timeout`; anything else → `502 upstream_error`.
 * - `ChargebeeError` (non-JSON bodies, the SDK's own client timeout `type: 'timeout'`): by its
 *   status / type likewise.
 * - Our client's timeout, and `AbortError` / `TimeoutError` → `504 upstream_timeout`.
 * - `TypeError: fetch failed` (refused or reset connection, DNS) → `503 upstream_unavailable`:
 *   Chargebee could not be reached, which is worth retrying later.
 * - Anything else (a thrown bug, SDK argument validation) → `500 internal_error`.
 */
export function normalizeUpstreamError(thrown: unknown): UpstreamFailure {
  if (thrown instanceof UpsellError) {
    return {
      error: thrown,
      upstreamStatus: undefined,
      apiErrorCode: undefined,
      definite: false,
      detail: { error: thrown.message },
    };
  }

  // Client-side timeouts: ours, the SDK's own (`type: 'timeout'`), or an abort signal.
  if (
    thrown instanceof UpstreamTimeoutError ||
    (isObject(thrown) && thrown.type === 'timeout') ||
    (isObject(thrown) && (thrown.name === 'AbortError' || thrown.name === 'TimeoutError'))
  ) {
    return {
      error: new UpsellError('upstream_timeout', MESSAGES.upstream_timeout),
      upstreamStatus: undefined,
      apiErrorCode: undefined,
      definite: false,
      detail: { kind: 'timeout', message: errorMessage(thrown) },
    };
  }

  // A network failure: undici's `TypeError: fetch failed` (its cause names the reset / refusal).
  if (thrown instanceof TypeError) {
    const cause = (thrown as { cause?: unknown }).cause;
    return {
      error: new UpsellError('upstream_unavailable', MESSAGES.upstream_unavailable),
      upstreamStatus: undefined,
      apiErrorCode: undefined,
      definite: false,
      detail: {
        kind: 'network',
        message: thrown.message,
        cause: isObject(cause) ? { code: cause.code, message: errorMessage(cause) } : undefined,
      },
    };
  }

  // API errors (plain objects) and ChargebeeError (an Error with the same fields).
  if (isObject(thrown) && typeof thrown.http_status_code === 'number') {
    const status = thrown.http_status_code;
    const apiErrorCode =
      typeof thrown.api_error_code === 'string' ? thrown.api_error_code : undefined;
    const headers = isObject(thrown.headers) ? thrown.headers : undefined;
    // The SDK reports a non-JSON body as a ChargebeeError with a made-up 500 (or 503 / 504):
    // possibly a gateway in front of Chargebee, so whether the request got through is unknown.
    const isSdkError = thrown instanceof Error;
    // A JSON 4xx, 429 or 503 is Chargebee refusing the request; after a 500 / 502 / 504 it may
    // still have acted on it.
    const definite = !isSdkError && (status < 500 || status === 503);
    return {
      error: byStatus(status, headers),
      upstreamStatus: isSdkError ? undefined : status,
      apiErrorCode,
      definite,
      detail: {
        kind: isSdkError ? 'sdk_error' : 'api_error',
        status,
        apiErrorCode,
        type: typeof thrown.type === 'string' ? thrown.type : undefined,
        message: typeof thrown.message === 'string' ? thrown.message : undefined,
        param: typeof thrown.param === 'string' ? thrown.param : undefined,
      },
    };
  }

  return {
    error: new UpsellError('internal_error', MESSAGES.internal_error),
    upstreamStatus: undefined,
    apiErrorCode: undefined,
    definite: false,
    detail: {
      kind: 'unexpected',
      message: errorMessage(thrown),
      stack: thrown instanceof Error ? thrown.stack : undefined,
    },
  };
}

function errorMessage(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (isObject(value) && typeof value.message === 'string') return value.message;
  return String(value);
}

/** The message an upstream response that is not shaped as documented gets. */
export function malformedUpstream(what: string): UpsellError {
  return new UpsellError('upstream_error', MESSAGES.upstream_error, {
    cause: new Error(`Malformed Chargebee response: ${what}`),
  });
}
