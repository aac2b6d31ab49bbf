import { upstreamFailureOf } from './call-upstream';

/**
 * How long Chargebee asked the kit to back off (ms), when it refused the call because of load:
 * a 429 (0 without `Retry-After`), or a 503 with `Retry-After`. `undefined` for any other
 * failure, a `lock_timeout` 429 included (one resource busy, not the site over its limit).
 */
export function backOffOf(error: unknown): number | undefined {
  const failure = upstreamFailureOf(error);
  if (!failure?.definite) return undefined;
  const status = failure.upstreamStatus;
  if (failure.apiErrorCode === 'lock_timeout') return undefined;
  if (status === 429) return (failure.error.retryAfter ?? 0) * 1000;
  if (status === 503 && failure.error.retryAfter !== undefined)
    return failure.error.retryAfter * 1000;
  return undefined;
}
