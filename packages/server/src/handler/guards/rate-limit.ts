import type { Identity } from '@upsell-kit/core';
import { fail } from '../../http/responses';
import type { HandlerContext, RateLimits } from '../context';

const MINUTE_MS = 60_000;

/**
 * Counts one request of `identity` against `bucket` in a fixed one-minute window in the store;
 * past the limit, `429 rate_limited` with `Retry-After` until the window ends.
 */
export async function rateLimit(
  ctx: Pick<HandlerContext, 'rateLimits' | 'store'>,
  bucket: keyof RateLimits,
  identity: Identity,
): Promise<void> {
  const limit = ctx.rateLimits[bucket];
  if (limit === false) return;
  const now = Date.now();
  const windowStart = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  const user = identity.externalUserId ?? identity.email ?? '';
  // JSON keeps the two ids apart whatever they contain (encodeURIComponent throws on a lone
  // surrogate, which would turn an odd identity into a 500).
  const key = `rate:${bucket}:${windowStart}:${JSON.stringify([identity.customerId, user])}`;
  const count = await ctx.store.increment(key, MINUTE_MS + 1_000);
  if (count > limit) {
    const retryAfter = Math.max(1, Math.ceil((windowStart + MINUTE_MS - now) / 1000));
    throw fail('rate_limited', 'Too many requests. Try again later.', retryAfter);
  }
}
