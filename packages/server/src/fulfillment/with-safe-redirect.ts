import type { Fulfillment } from '@upsell-kit/core';
import type { HandlerContext } from '../handler/context';

/**
 * The fulfillment with a `redirect_url` the browser may follow (`allowedRedirectHosts`, or the
 * host `request` was sent to), else `null` (logged once per host).
 */
export function withSafeRedirect(
  ctx: Pick<HandlerContext, 'navigation'>,
  fulfillment: Fulfillment,
  request?: Request,
): Fulfillment {
  if (fulfillment.redirect_url === null) return fulfillment;
  return {
    ...fulfillment,
    redirect_url: ctx.navigation.redirect(
      fulfillment.redirect_url,
      'fulfillment redirect_url',
      { fulfillmentId: fulfillment.id },
      request,
    ),
  };
}
