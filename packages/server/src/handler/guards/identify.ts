import type { Identity } from '@upsell-kit/core';
import { fail } from '../../http/responses';
import { checkIdentity } from '../../upstream/check-identity';
import type { HandlerContext } from '../context';

/**
 * The signed-in customer, from the `identify` option: `401 unauthenticated` without one. The
 * identity is checked against Chargebee's limits: a `customerId` or `subscriptionId` Chargebee
 * would refuse is the app's bug, so it surfaces as a logged `500` (`IdentityConfigurationError`);
 * an optional field Chargebee would refuse is dropped with a warning (once per field and reason),
 * so the user still gets offers.
 */
export async function identifyRequest(
  ctx: Pick<HandlerContext, 'identify' | 'warnOnce'>,
  request: Request,
): Promise<Identity> {
  const identity = await ctx.identify(request);
  if (identity === null || identity === undefined) {
    throw fail('unauthenticated', 'Sign in to see offers.');
  }
  const checked = checkIdentity(identity);
  for (const { field, reason } of checked.dropped) {
    ctx.warnOnce(
      `identity:${field}:${reason}`,
      `upsell-kit: identify() returned a ${field} that Chargebee would refuse (${reason}); it is left out of the calls to Chargebee.`,
      { field, reason },
    );
  }
  return checked.identity;
}
