import type { Identity } from '@upsell-kit/core';
import { fail } from '../../http/responses';
import type { HandlerContext, RateLimits } from '../context';

const MINUTE_MS = 60_000;

/**
 * Counts one request of `identity` against `bucket` over a sliding 60 s window in the store (its
 * `slidingWindow`; a fixed one-minute window with stores without it); past the limit, `429
 * rate_limited` with `Retry-After` until a request would be admitted again.
 */
export async function rateLimit(
  ctx: Pick<HandlerContext, 'rateLimits' | 'store'>,
  bucket: keyof RateLimits,
  identity: Identity,
): Promise<void> {
  const limit = ctx.rateLimits[bucket];
  if (limit === false) return;
  const now = Date.now();
  const user = identity.externalUserId ?? identity.email ?? '';
  if (ctx.store.slidingWindow) {
    const key = `rate:${bucket}:${JSON.stringify([identity.customerId, user])}`;
    const result = await ctx.store.slidingWindow(key, { limit, windowMs: MINUTE_MS, now });
    if (result.allowed) return;
    throw fail(
      'rate_limited',
      'Too many requests. Try again later.',
      Math.max(1, Math.ceil(result.retryAfterMs / 1000)),
    );
  }
  const windowStart = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  // JSON keeps the two ids apart whatever they contain (encodeURIComponent throws on a lone
  // surrogate, which would turn an odd identity into a 500).
  const key = `rate:${bucket}:${windowStart}:${JSON.stringify([identity.customerId, user])}`;
  const count = await ctx.store.increment(key, MINUTE_MS + 1_000);
  if (count > limit) {
    const retryAfter = Math.max(1, Math.ceil((windowStart + MINUTE_MS - now) / 1000));
    throw fail('rate_limited', 'Too many requests. Try again later.', retryAfter);
  }
}
