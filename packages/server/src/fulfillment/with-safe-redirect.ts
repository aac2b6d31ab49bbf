import type { Fulfillment } from '@upsell-kit/core';
import type { HandlerContext } from '../handler/context';
import { safeUpstreamUrl } from '../upstream/safe-upstream-url';

/** The fulfillment with a `redirect_url` the browser may follow, else `null` (logged). */
export function withSafeRedirect(
  ctx: Pick<HandlerContext, 'urlAllowed' | 'logger'>,
  fulfillment: Fulfillment,
): Fulfillment {
  if (fulfillment.redirect_url === null) return fulfillment;
  return {
    ...fulfillment,
    redirect_url: safeUpstreamUrl(ctx, fulfillment.redirect_url, 'fulfillment redirect_url', {
      fulfillmentId: fulfillment.id,
    }),
  };
}
