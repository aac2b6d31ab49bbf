import type { FulfillmentCreateResponse } from '@upsell-kit/core';
import type { HandlerContext } from '../handler/context';
import { fail } from '../http/responses';
import { withSafeRedirect } from './with-safe-redirect';

/**
 * An accept's answer as the browser may have it: a checkout page only from the site's Chargebee
 * hosts (or `allowedRedirectHosts`), a `redirect_url` only to `allowedRedirectHosts` or the app.
 * When the refused URL is the page the browser has to open next (the checkout page, or the
 * redirect of a `url_redirect` option) while the fulfillment is not final, the accept is refused
 * `502 unsafe_redirect`: the prompt shows its error instead of waiting on a page it never opened.
 * The record keeps what Chargebee sent, so the same rule answers every retry.
 */
export function safeAcceptResponse(
  ctx: Pick<HandlerContext, 'navigation'>,
  response: FulfillmentCreateResponse,
  request: Request,
): FulfillmentCreateResponse {
  const { fulfillment, hosted_page: page } = response;
  const ids = {
    personalizedOfferId: fulfillment.personalized_offer_id,
    fulfillmentId: fulfillment.id,
  };
  const hostedPage = page && ctx.navigation.checkoutPage(page.url, ids) !== null ? page : null;
  const safe = withSafeRedirect(ctx, fulfillment, request);
  const settled = fulfillment.status === 'completed' || fulfillment.status === 'failed';
  const nowhere =
    (page !== null && hostedPage === null) ||
    (fulfillment.processing_type === 'url_redirect' &&
      fulfillment.redirect_url !== null &&
      safe.redirect_url === null);
  if (nowhere && !settled) {
    throw fail(
      'unsafe_redirect',
      'Chargebee sent a page for this offer on a host this server does not allow.',
    );
  }
  return { fulfillment: safe, hosted_page: hostedPage };
}
