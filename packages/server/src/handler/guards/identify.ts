import type { Identity } from '@upsell-kit/core';
import { fail } from '../../http/responses';
import type { HandlerContext } from '../context';

/**
 * The signed-in customer, from the `identify` option: `401 unauthenticated` without one. An
 * identity without a `customerId` is the app's bug, so it surfaces as a logged `500`.
 */
export async function identifyRequest(
  ctx: Pick<HandlerContext, 'identify'>,
  request: Request,
): Promise<Identity> {
  const identity = await ctx.identify(request);
  if (identity === null || identity === undefined) {
    throw fail('unauthenticated', 'Sign in to see offers.');
  }
  if (typeof identity.customerId !== 'string' || identity.customerId === '') {
    throw new TypeError('identify() returned an identity without a customerId.');
  }
  return identity;
}
