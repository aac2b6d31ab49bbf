import {
  offersRequestSchema,
  type CustomFields,
  type DroppedOption,
  type OffersResponse,
} from '@upsell-kit/core';
import { cut } from '../../http/cut';
import { jsonResponse } from '../../http/responses';
import { identityHashOf } from '../../upstream/identity-hash-of';
import { parsePersonalizedOffers, type UpstreamOffers } from '../../upstream/upstream-shapes';
import type { HandlerContext } from '../context';
import { identifyRequest } from '../guards/identify';
import { readBody } from '../guards/parse-body';
import { rateLimit } from '../guards/rate-limit';
import { frequencyCapHolding } from '../frequency-caps';
import { droppedOptionsOf, rememberDropped, withUnavailableReason } from '../offers-debug';

/**
 * `POST /offers`: asks Chargebee for the customer's personalized offers (through the offer cache (`ctx.offers`):
 * the same params within `offerCache.maxAgeMs` cost no call) and hands each to the browser with a
 * signed offer token (the only state an accept or event needs), signed per answer.
 */
export function postOffers(ctx: HandlerContext): (request: Request) => Promise<Response> {
  return async (request) => {
    const body = await readBody(request, ctx.bodyLimit, offersRequestSchema);
    const identity = await identifyRequest(ctx, request);
    await rateLimit(ctx, 'offers', identity);
    const placementId = body.placement_id;
    // Capped: no offer, no Chargebee call (and so no `viewed` to follow).
    const capped = await frequencyCapHolding(ctx, identity, placementId, { withRetry: ctx.debug });
    if (capped) {
      const none: OffersResponse = { offers: [], expires_at: null, brand: null };
      if (ctx.debug) none.debug = { ...(placementId && { placement_id: placementId }), capped };
      return jsonResponse(200, none);
    }

    let custom: CustomFields = body.custom ?? {};
    if (ctx.custom) custom = await ctx.custom(request, identity, { ...custom });
    const declared = ctx.customFields;
    // Undeclared keys never reach Chargebee nor the cache key (see `customFields`).
    if (declared)
      custom = Object.fromEntries(Object.entries(custom).filter(([key]) => declared.has(key)));
    const who = identityHashOf(identity);
    const userAgent = request.headers.get('user-agent');
    const requestContext = {
      ...body.context,
      ...(userAgent ? { user_agent: cut(userAgent, 255) } : {}),
    };
    const params = {
      customer_id: identity.customerId,
      ...(identity.subscriptionId ? { subscription_id: identity.subscriptionId } : {}),
      ...(identity.firstName ? { first_name: identity.firstName } : {}),
      ...(identity.lastName ? { last_name: identity.lastName } : {}),
      ...(identity.email ? { email: identity.email } : {}),
      ...(identity.roles?.length ? { roles: identity.roles } : {}),
      ...(identity.externalUserId ? { external_user_id: identity.externalUserId } : {}),
      custom,
      request_context: requestContext,
    };
    let dropped: DroppedOption[] | undefined;
    const fetchOffers = async () => {
      const answer = await ctx.upstream(
        'personalized_offers',
        () => ctx.chargebee.personalizedOffer.personalizedOffers(params),
        'offers',
        who,
      );
      if (ctx.debug) dropped = rememberDropped(ctx, params, droppedOptionsOf(answer));
      return parsePersonalizedOffers(answer, (field, value) =>
        ctx.warnOnce(
          `unknown:${field}:${value}`,
          `upsell-kit: Chargebee sent a ${field} the kit does not know (${JSON.stringify(value)}); options with it are not shown. Update @upsell-kit/server.`,
          { field, value },
        ),
      );
    };
    const found = await ctx.offers.fetch(identity, params, fetchOffers).catch(async (error) => {
      throw ctx.debug ? await withUnavailableReason(ctx, error) : error;
    });
    const result: UpstreamOffers = found.offers.result;
    const fetchedAt = found.offers.fetchedAt;
    const cached = found.source !== 'miss';
    ctx.events.scheduleDrain();
    // An offer without expires_at still gets a bounded token (counted from the fetch, so that a
    // cached answer never outlives it).
    const tokenExpiry = result.expires_at ?? Math.floor(fetchedAt / 1000) + 3600;
    const offers = await Promise.all(
      result.offers.map(async (offer) => ({
        id: offer.id,
        offer_id: offer.offer_id,
        token: await ctx.signer.sign({
          personalizedOfferId: offer.id,
          offerId: offer.offer_id,
          options: offer.options.map((option) => ({
            id: option.id,
            processingType: option.processing_type,
          })),
          customerId: identity.customerId,
          subscriptionId: identity.subscriptionId ?? null,
          expiresAt: tokenExpiry,
          ...(placementId && { placementId }),
        }),
        content: offer.content,
        options: offer.options.map((option) => ({
          ...option,
          redirect_url: ctx.navigation.redirect(
            option.redirect_url ?? null,
            'option redirect_url',
            { personalizedOfferId: offer.id, optionId: option.id },
            request,
          ),
        })),
      })),
    );
    for (const offer of offers) {
      ctx.emit({
        type: 'offer_fetched',
        identity,
        personalizedOfferId: offer.id,
        offerId: offer.offer_id,
        cached,
      });
    }
    const response: OffersResponse = { offers, expires_at: result.expires_at, brand: result.brand };
    if (ctx.debug) {
      const options = dropped ?? rememberDropped(ctx, params);
      response.debug = {
        ...(placementId && { placement_id: placementId }),
        cached,
        ...(options.length > 0 && { dropped_options: options }),
      };
    }
    return jsonResponse(200, response);
  };
}
