import type { Identity } from '@upsell-kit/core';
import { fail } from '../../http/responses';
import type { OfferTokenClaims } from '../../tokens/offer-token';
import type { HandlerContext } from '../context';

/**
 * The claims of an offer token signed by this handler for this customer (`403 forbidden`
 * otherwise), unexpired up to `graceSeconds` past its expiry (`410 offer_expired` beyond).
 */
export async function verifyToken(
  ctx: Pick<HandlerContext, 'signer'>,
  token: string,
  identity: Identity,
  graceSeconds: number,
): Promise<OfferTokenClaims> {
  const claims = await ctx.signer.verify(token);
  if (
    !claims ||
    claims.customerId !== identity.customerId ||
    claims.subscriptionId !== (identity.subscriptionId ?? null)
  ) {
    throw fail('forbidden', 'The offer token is not valid for this customer.');
  }
  if (Date.now() / 1000 > claims.expiresAt + graceSeconds) {
    throw fail('offer_expired', 'The offer has expired. Fetch offers again.');
  }
  return claims;
}
