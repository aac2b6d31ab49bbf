import type { ErrorDebug } from './types';

/** Every error code of the contract, with the HTTP status it travels with. */
export const ERROR_STATUS = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  cross_site_request: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  offer_already_accepted: 409,
  offer_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  upstream_error: 502,
  upstream_unavailable: 503,
  upstream_timeout: 504,
  // After upstream_unavailable: a 503 without the envelope still reads as upstream_unavailable.
  store_unavailable: 503,
  // After upstream_error, for the same reason: a bare 502 reads as upstream_error.
  unsafe_redirect: 502,
} as const;

/** A machine-readable error code of the contract. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * The error envelope: `{ "error": { "code", "message" } }`, and `debug` from a server with
 * `debug: true` outside production.
 */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
  debug?: ErrorDebug;
}

/** Type guard for a contract error code. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}

/**
 * An error of the contract, thrown by the client and by server internals alike.
 *
 * @example
 * try { await client.createFulfillment({ token, option_id }) }
 * catch (e) { if (e instanceof UpsellError && e.code === 'offer_already_accepted') … }
 */
export class UpsellError extends Error {
  override readonly name = 'UpsellError';
  // `declare`: set in the constructor only, so no field initializers are emitted for them.
  /** The HTTP status (0 when no response arrived: a network failure). */
  declare readonly status: number;
  /** The contract's error code, or `network_error` when no response arrived. */
  declare readonly code: ErrorCode | 'network_error';
  /** Seconds to wait before retrying, from `Retry-After`, when the server sent one. */
  declare readonly retryAfter: number | undefined;
  /** The answer's `debug` member (a server with `debug: true` outside production), if any. */
  declare readonly debug: ErrorDebug | undefined;

  constructor(
    code: ErrorCode | 'network_error',
    message: string,
    options: { status?: number; retryAfter?: number; cause?: unknown; debug?: ErrorDebug } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = options.status ?? (code === 'network_error' ? 0 : ERROR_STATUS[code]);
    this.retryAfter = options.retryAfter;
    this.debug = options.debug;
  }

  /** The envelope to send for this error. */
  toBody(): ErrorBody {
    return {
      error: {
        code: this.code === 'network_error' ? 'internal_error' : this.code,
        message: this.message,
      },
      ...(this.debug && { debug: this.debug }),
    };
  }
}
