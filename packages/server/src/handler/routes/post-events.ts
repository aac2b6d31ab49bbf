import { eventRequestSchema } from '@upsell-kit/core';
import { noContent } from '../../http/responses';
import type { HandlerContext } from '../context';
import { identifyRequest } from '../guards/identify';
import { readBody } from '../guards/parse-body';
import { rateLimit } from '../guards/rate-limit';
import { verifyToken } from '../guards/verify-token';

/** `POST /events`: records a `viewed` / `dismissed` of a token's offer with Chargebee. */
export function postEvents(ctx: HandlerContext): (request: Request) => Promise<Response> {
  return async (request) => {
    const body = await readBody(request, ctx.bodyLimit, eventRequestSchema);
    const identity = await identifyRequest(ctx, request);
    const claims = await verifyToken(ctx, body.token, identity, 0);
    await rateLimit(ctx, 'events', identity);
    await ctx.upstream('offer_events', () =>
      ctx.chargebee.offerEvent.offerEvents({
        personalized_offer_id: claims.personalizedOfferId,
        type: body.type,
      }),
    );
    ctx.emit({
      type: body.type,
      identity,
      personalizedOfferId: claims.personalizedOfferId,
      offerId: claims.offerId,
    });
    return noContent();
  };
}
