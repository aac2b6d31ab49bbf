import type { HandlerContext } from './context';
import { isProduction } from './resolve-secret';

/**
 * Forgets everything the handler remembers, in its store and on this instance: cached offers,
 * dismissed offers it hides, fulfillment records (so an offer accepted before can be accepted
 * again), rate-limit and budget windows, queued events and pauses. For development and tests,
 * together with the simulator's reset (`POST /__simulator/reset`, `sim.reset()`): refuses to run
 * with `NODE_ENV=production`, and needs a store with `clear()` (both built-in stores have it).
 */
export async function resetState(
  ctx: Pick<HandlerContext, 'store' | 'storeFallback' | 'pause' | 'uncertainClaims' | 'creating'>,
): Promise<void> {
  if (isProduction()) {
    throw new Error(
      'upsell.reset() forgets every dismissal and accept the server remembers: it is for development and tests, and does not run with NODE_ENV=production.',
    );
  }
  if (typeof ctx.store.clear !== 'function') {
    throw new TypeError(
      'upsell.reset(): the store has no clear() method. createMemoryStore() and createRedisStore() have one; add clear() to your store to use reset().',
    );
  }
  await ctx.store.clear();
  await ctx.storeFallback.local.clear?.();
  ctx.uncertainClaims.clear();
  ctx.creating.clear();
  await ctx.pause.lift();
}
