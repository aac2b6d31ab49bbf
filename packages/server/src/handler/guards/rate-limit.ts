import type { Identity } from '@upsell-kit/core';
import { fail } from '../../http/responses';
import type { HandlerContext, RateLimits } from '../context';

const MINUTE_MS = 60_000;

/**
 * Counts one request of `identity` against `bucket` over a sliding 60 s window in the store (its
 * `slidingWindow`; a fixed one-minute window with stores without it), in per-instance memory while
 * the store is unavailable; past the limit, `429 rate_limited` with `Retry-After` until a request
 * would be admitted again.
 */
export async function rateLimit(
  ctx: Pick<HandlerContext, 'rateLimits' | 'storeFallback'>,
  bucket: keyof RateLimits,
  identity: Identity,
): Promise<void> {
  const limit = ctx.rateLimits[bucket];
  if (limit === false) return;
  const now = Date.now();
  const user = identity.externalUserId ?? identity.email ?? '';
  // JSON keeps the two ids apart whatever they contain (encodeURIComponent throws on a lone
  // surrogate, which would turn an odd identity into a 500).
  const who = JSON.stringify([identity.customerId, user]);
  // Per instance during a store outage: offers and events keep working, still limited.
  const retryAfter = await ctx.storeFallback.run('rate limit', async (store) => {
    if (store.slidingWindow) {
      const result = await store.slidingWindow(`rate:${bucket}:${who}`, {
        limit,
        windowMs: MINUTE_MS,
        now,
      });
      return result.allowed ? 0 : Math.max(1, Math.ceil(result.retryAfterMs / 1000));
    }
    const windowStart = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const count = await store.increment(`rate:${bucket}:${windowStart}:${who}`, MINUTE_MS + 1_000);
    return count > limit ? Math.max(1, Math.ceil((windowStart + MINUTE_MS - now) / 1000)) : 0;
  });
  if (retryAfter > 0) throw fail('rate_limited', 'Too many requests. Try again later.', retryAfter);
}
