import {
  isFulfillmentStatus,
  isProcessingType,
  type Brand,
  type Fulfillment,
  type FulfillmentGrant,
  type HostedPage,
  type OfferOption,
} from '@upsell-kit/core';
import { malformedUpstream } from './upstream-error';

/**
 * Chargebee's answers, checked before use: a body that is not shaped as documented becomes
 * `502 upstream_error` instead of a crash or a half-filled response.
 */

/** A JSON object (not an array): the shape of every documented Chargebee body. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (value: unknown): value is string => typeof value === 'string';
const optionalString = (value: unknown): string | null => (isString(value) ? value : null);

/** An offer as Chargebee returned it, before the server adds its token. */
interface UpstreamOffer {
  id: string;
  offer_id: string;
  content: { title: string; description: string };
  options: OfferOption[];
}

export interface UpstreamOffers {
  offers: UpstreamOffer[];
  expires_at: number | null;
  brand: Brand | null;
}

export function parsePersonalizedOffers(body: unknown): UpstreamOffers {
  if (!isRecord(body) || !Array.isArray(body.personalized_offers)) {
    throw malformedUpstream('personalized_offers is not a list');
  }
  const offers = body.personalized_offers.map((offer): UpstreamOffer => {
    if (!isRecord(offer) || !isString(offer.id) || !isString(offer.offer_id)) {
      throw malformedUpstream('an offer has no id');
    }
    const content = isRecord(offer.content) ? offer.content : {};
    if (!Array.isArray(offer.options)) throw malformedUpstream('an offer has no options');
    return {
      id: offer.id,
      offer_id: offer.offer_id,
      content: {
        title: isString(content.title) ? content.title : '',
        description: isString(content.description) ? content.description : '',
      },
      options: offer.options.map((option): OfferOption => {
        if (
          !isRecord(option) ||
          !isString(option.id) ||
          !isProcessingType(option.processing_type)
        ) {
          throw malformedUpstream('an option has no id or an unknown processing_type');
        }
        return {
          id: option.id,
          label: isString(option.label) ? option.label : '',
          processing_type: option.processing_type,
          processing_layout: optionalString(option.processing_layout),
          redirect_url: optionalString(option.redirect_url),
        };
      }),
    };
  });
  const expiresAt = body.expires_at;
  return {
    offers,
    expires_at: typeof expiresAt === 'number' && Number.isFinite(expiresAt) ? expiresAt : null,
    brand: isRecord(body.brand) ? (body.brand as Brand) : null,
  };
}

/** A Chargebee `offer_fulfillment` in the contract's shape (its error message dropped). */
export function parseFulfillment(value: unknown, grant: FulfillmentGrant | null): Fulfillment {
  if (
    !isRecord(value) ||
    !isString(value.id) ||
    !isString(value.personalized_offer_id) ||
    !isString(value.option_id) ||
    !isProcessingType(value.processing_type) ||
    !isString(value.status) ||
    !isFulfillmentStatus(value.status)
  ) {
    throw malformedUpstream('offer_fulfillment is not shaped as documented');
  }
  const error =
    isRecord(value.error) && isString(value.error.code) ? { code: value.error.code } : null;
  return {
    id: value.id,
    personalized_offer_id: value.personalized_offer_id,
    option_id: value.option_id,
    processing_type: value.processing_type,
    status: value.status,
    redirect_url: optionalString(value.redirect_url),
    error,
    grant,
  };
}

export function parseHostedPage(value: unknown): HostedPage | null {
  if (!isRecord(value) || !isString(value.id) || !isString(value.url)) return null;
  return { id: value.id, url: value.url };
}

export function fulfillmentOf(body: unknown): unknown {
  return isRecord(body) ? body.offer_fulfillment : undefined;
}

export function hostedPageOf(body: unknown): unknown {
  return isRecord(body) ? body.hosted_page : undefined;
}
