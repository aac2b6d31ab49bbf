import { eventRequestSchema } from '@upsell-kit/core';
import { noContent } from '../../http/responses';
import { upstreamFailureOf } from '../../upstream/call-upstream';
import { isOfferEventsRefusal } from '../../upstream/offer-events-refused';
import { isPaused, pauseCalls } from '../../upstream/pause-calls';
import type { HandlerContext } from '../context';
import { identifyRequest } from '../guards/identify';
import { readBody } from '../guards/parse-body';
import { rateLimit } from '../guards/rate-limit';
import { verifyToken } from '../guards/verify-token';

/** How long offer events stay paused after Chargebee refused them as not enabled for the site. */
export const OFFER_EVENTS_PAUSE_MS = 30 * 60_000;

/**
 * `POST /events`: records a `viewed` / `dismissed` of a token's offer with Chargebee. When
 * Chargebee refuses offer events as not enabled for the site (live sites: not by default), the
 * server warns once, pauses them fleet-wide for {@link OFFER_EVENTS_PAUSE_MS} and still answers
 * `204`: analytics never affect the UI.
 */
export function postEvents(ctx: HandlerContext): (request: Request) => Promise<Response> {
  return async (request) => {
    const body = await readBody(request, ctx.bodyLimit, eventRequestSchema);
    const identity = await identifyRequest(ctx, request);
    const claims = await verifyToken(ctx, body.token, identity, 0);
    await rateLimit(ctx, 'events', identity);
    if (!(await isPaused(ctx.store, 'offer_events'))) {
      try {
        await ctx.upstream('offer_events', () =>
          ctx.chargebee.offerEvent.offerEvents({
            personalized_offer_id: claims.personalizedOfferId,
            type: body.type,
          }),
        );
      } catch (error) {
        const failure = upstreamFailureOf(error);
        if (!failure || !isOfferEventsRefusal(failure)) throw error;
        await pauseCalls(ctx.store, 'offer_events', OFFER_EVENTS_PAUSE_MS);
        ctx.warnOnce(
          'offer_events_refused',
          'upsell-kit: Chargebee refused offer events: they are "not enabled for live sites by default". Ask Chargebee support to enable offer events (Chargebee Growth) for this site. Events are paused for 30 minutes at a time meanwhile; prompts work as usual.',
          { status: failure.upstreamStatus, apiErrorCode: failure.apiErrorCode },
        );
      }
    }
    ctx.emit({
      type: body.type,
      identity,
      personalizedOfferId: claims.personalizedOfferId,
      offerId: claims.offerId,
    });
    return noContent();
  };
}
