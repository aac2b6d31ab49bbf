import { eventRequestSchema } from '@upsell-kit/core';
import { noContent } from '../../http/responses';
import { identityHashOf } from '../../upstream/identity-hash-of';
import type { HandlerContext } from '../context';
import { identifyRequest } from '../guards/identify';
import { readBody } from '../guards/parse-body';
import { rateLimit } from '../guards/rate-limit';
import { verifyToken } from '../guards/verify-token';
import { countDisplay } from '../frequency-caps';

/**
 * `POST /events`: records a `viewed` / `dismissed` of a token's offer with Chargebee: sent now
 * when the budget has room, else queued (still `204`). One effective dismissal per personalized
 * offer: the first clears the cached offers of the subscription on every instance and hides the
 * base offer until its offer expires, then goes to Chargebee (dismissals before views); repeats
 * are answered `204` without a call, a place in the queue or another invalidation.
 */
export function postEvents(ctx: HandlerContext): (request: Request) => Promise<Response> {
  return async (request) => {
    const body = await readBody(request, ctx.bodyLimit, eventRequestSchema);
    const identity = await identifyRequest(ctx, request);
    const claims = await verifyToken(ctx, body.token, identity, 0);
    await rateLimit(ctx, 'events', identity);
    const hide =
      body.type === 'dismissed'
        ? () =>
            ctx.offers.invalidate(identity, {
              offerId: claims.offerId,
              untilMs: claims.expiresAt * 1000,
            })
        : undefined;
    const outcome = await ctx.events.record(
      {
        type: body.type,
        personalizedOfferId: claims.personalizedOfferId,
        offerId: claims.offerId,
        expiresAt: claims.expiresAt,
        identity: identityHashOf(identity),
      },
      hide,
    );
    ctx.events.scheduleDrain();
    // A display is known to have happened here (not at the fetch): each one counts against the
    // frequency caps, even one Chargebee hears of once (another tab showing the same offer).
    if (body.type === 'viewed') await countDisplay(ctx, identity, claims.placementId);
    if (outcome === 'deduplicated') return noContent();
    ctx.emit({
      type: body.type,
      identity,
      personalizedOfferId: claims.personalizedOfferId,
      offerId: claims.offerId,
    });
    return noContent();
  };
}
