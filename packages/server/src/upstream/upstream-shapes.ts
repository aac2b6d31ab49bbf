import {
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

/**
 * Reports a value of a Chargebee enum the kit does not know (Growth is early access and adds
 * values): `field` is e.g. `processing_type`.
 */
export type OnUnknownValue = (field: string, value: string) => void;

/**
 * The personalized offers, checked. An option whose `processing_type` the kit does not know is
 * left out (reported through `onUnknown`) and the offer keeps its other options; an offer left
 * with none is left out too. A body not shaped as documented is `502 upstream_error`.
 */
export function parsePersonalizedOffers(
  body: unknown,
  onUnknown: OnUnknownValue = () => {},
): UpstreamOffers {
  if (!isRecord(body) || !Array.isArray(body.personalized_offers)) {
    throw malformedUpstream('personalized_offers is not a list');
  }
  const offers = body.personalized_offers.flatMap((offer): UpstreamOffer[] => {
    if (!isRecord(offer) || !isString(offer.id) || !isString(offer.offer_id)) {
      throw malformedUpstream('an offer has no id');
    }
    const content = isRecord(offer.content) ? offer.content : {};
    if (!Array.isArray(offer.options)) throw malformedUpstream('an offer has no options');
    const options = offer.options.flatMap((option): OfferOption[] => {
      if (!isRecord(option) || !isString(option.id) || !isString(option.processing_type)) {
        throw malformedUpstream('an option has no id or no processing_type');
      }
      if (!isProcessingType(option.processing_type)) {
        onUnknown('processing_type', option.processing_type);
        return [];
      }
      return [
        {
          id: option.id,
          label: isString(option.label) ? option.label : '',
          processing_type: option.processing_type,
          processing_layout: optionalString(option.processing_layout),
          redirect_url: optionalString(option.redirect_url),
        },
      ];
    });
    // Nothing left to accept: not a prompt worth showing.
    if (options.length === 0 && offer.options.length > 0) return [];
    return [
      {
        id: offer.id,
        offer_id: offer.offer_id,
        content: {
          title: isString(content.title) ? content.title : '',
          description: isString(content.description) ? content.description : '',
        },
        options,
      },
    ];
  });
  const expiresAt = body.expires_at;
  return {
    offers,
    expires_at: typeof expiresAt === 'number' && Number.isFinite(expiresAt) ? expiresAt : null,
    brand: isRecord(body.brand) ? (body.brand as Brand) : null,
  };
}

/**
 * A Chargebee `offer_fulfillment` in the contract's shape (its error message dropped). Any status
 * string is kept: one the kit does not know is not final, and the browser keeps polling.
 */
export function parseFulfillment(value: unknown, grant: FulfillmentGrant | null): Fulfillment {
  if (
    !isRecord(value) ||
    !isString(value.id) ||
    !isString(value.personalized_offer_id) ||
    !isString(value.option_id) ||
    !isProcessingType(value.processing_type) ||
    !isString(value.status)
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

/**
 * The hosted page with the fields Chargebee.js's `openCheckout` reads (id, url, type, state,
 * embed, created_at, expires_at); `null` when it has no id or url. Its `content` is not passed on.
 */
export function parseHostedPage(value: unknown): HostedPage | null {
  if (!isRecord(value) || !isString(value.id) || !isString(value.url)) return null;
  const page: HostedPage = { id: value.id, url: value.url };
  if (isString(value.type)) page.type = value.type;
  if (isString(value.state)) page.state = value.state;
  if (typeof value.embed === 'boolean') page.embed = value.embed;
  if (typeof value.created_at === 'number') page.created_at = value.created_at;
  if (typeof value.expires_at === 'number') page.expires_at = value.expires_at;
  return page;
}

/** The fulfillment id of a create answer, read before anything else so it is never lost. */
export function fulfillmentIdOf(body: unknown): string | null {
  const value = fulfillmentOf(body);
  return isRecord(value) && isString(value.id) && value.id !== '' ? value.id : null;
}

export function fulfillmentOf(body: unknown): unknown {
  return isRecord(body) ? body.offer_fulfillment : undefined;
}

export function hostedPageOf(body: unknown): unknown {
  return isRecord(body) ? body.hosted_page : undefined;
}
