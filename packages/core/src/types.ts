/**
 * Wire types of the browser ⇄ server contract (`shared/contract/http-api.md`).
 * Snake_case members are on the wire; they are kept as they are so that a payload can be logged,
 * stored or compared with Chargebee's own docs without translation.
 */

import type {
  FULFILLMENT_STATUSES,
  OFFER_EVENT_TYPES,
  PROCESSING_LAYOUTS,
  PROCESSING_TYPES,
} from './contract';

/** How Chargebee fulfills an option once it is accepted. */
export type ProcessingType = (typeof PROCESSING_TYPES)[number];

/** Where a checkout or redirect should open, as Chargebee configures it. */
export type ProcessingLayout = (typeof PROCESSING_LAYOUTS)[number] | (string & {});

/**
 * A fulfillment's status, as Chargebee reports it. Chargebee Growth is early access and may add
 * statuses: any other value is not final (the kit keeps polling, as for `in_progress`).
 */
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number] | (string & {});

/** Offer events the browser may record. Accepts are recorded by the fulfillment itself. */
export type OfferEventType = (typeof OFFER_EVENT_TYPES)[number];

/** A value of the usage context: what a play's audience rules compare against. */
export type CustomValue = number | boolean | string;

/** The usage context sent with an offer request, e.g. `{ storage_used_percent: 82 }`. */
export type CustomFields = Record<string, CustomValue>;

/** Where the offer is requested from; forwarded to Chargebee as `request_context`. */
export interface RequestContext {
  /** The page the prompt is shown on (≤ 250 characters). */
  url?: string;
  /** The page's referrer (≤ 250 characters). */
  referrer_url?: string;
  /** A BCP 47 locale such as `en-US` (≤ 50 characters). */
  locale?: string;
  /** An IANA time zone such as `Europe/Berlin` (≤ 64 characters). */
  timezone?: string;
}

/** `POST /offers` request body. */
export interface OffersRequest {
  custom?: CustomFields;
  context?: RequestContext;
  /**
   * Where the prompt sits in the app (`dashboard-storage`): the server's frequency caps count and
   * hold per placement. Matches `LIMITS.placementIdPattern`.
   */
  placement_id?: string;
}

/** One button of an offer. */
export interface OfferOption {
  id: string;
  label: string;
  processing_type: ProcessingType;
  processing_layout?: ProcessingLayout | null;
  redirect_url?: string | null;
}

/** A personalized offer as the server hands it to the browser. */
export interface Offer {
  /** The personalized offer id (fresh for every offer request). */
  id: string;
  /** The base offer id configured in Chargebee. */
  offer_id: string;
  /** Opaque, signed proof that this offer was issued to the signed-in customer. */
  token: string;
  /** HTML from Chargebee: sanitize before rendering (`sanitizeOfferHtml`). */
  content: { title: string; description: string };
  options: OfferOption[];
}

/** Chargebee's brand object, passed through as it is. */
export interface Brand {
  id?: string;
  name?: string;
  [key: string]: unknown;
}

/** `POST /offers` response body. */
export interface OffersResponse {
  /** Empty when the customer is not eligible (or capped). At most one offer today. */
  offers: Offer[];
  /** Unix seconds: the offers may be shown until then; fetch again after. */
  expires_at: number | null;
  brand: Brand | null;
  /** Only from a server with `debug: true` outside production: why the answer is what it is. */
  debug?: OffersDebug;
}

/** A frequency cap as the server applied it. */
export interface FrequencyCapInfo {
  /** `app`: every display of the identity; `placement`: this placement's. */
  scope: 'app' | 'placement';
  /** Displays allowed per window. */
  max: number;
  /** The window in milliseconds. */
  per_ms: number;
  /** Seconds until a display is allowed again, when known. */
  retry_after?: number;
}

/** An option the server left out because the kit does not know its processing type. */
export interface DroppedOption {
  offer_id: string;
  option_id: string;
  processing_type: string;
}

/**
 * The `debug` member of an offers answer (development only, see the server's `debug` option): the
 * reasons only the server knows, for the browser's "why no offer?" panel.
 */
export interface OffersDebug {
  /** The placement the request named, if any. */
  placement_id?: string;
  /** Set when a frequency cap held the offers back: no Chargebee call was made. */
  capped?: FrequencyCapInfo;
  /** Whether the answer came from the server's offer cache. */
  cached?: boolean;
  /** Options left out as unknown (an offer left with none is left out too). */
  dropped_options?: DroppedOption[];
}

/**
 * The `debug` member of an error answer (development only): what stands behind a `503
 * upstream_unavailable` — `shed` (the server's Chargebee budget was short), `paused` (Chargebee
 * answered 429, or the operator paused calls), `upstream` (Chargebee itself was unavailable).
 */
export interface ErrorDebug {
  reason: 'shed' | 'paused' | 'upstream';
}

/** `POST /events` request body. */
export interface EventRequest {
  token: string;
  type: OfferEventType;
}

/** `POST /fulfillments` request body. */
export interface FulfillmentRequest {
  token: string;
  option_id: string;
}

/** Credits granted by the server while fulfilling an option. */
export interface FulfillmentGrant {
  unit_id: string;
  /** A decimal string, as Chargebee keeps amounts. */
  amount: string;
  /** Unix seconds. */
  expires_at: number;
}

/** Chargebee's fulfillment error codes; others may appear, so the type stays open. */
export type FulfillmentErrorCode =
  | 'billing_update_failed'
  | 'checkout_abandoned'
  | 'external_fulfillment_failed'
  | 'internal_error'
  | 'fulfillment_expired'
  | (string & {});

/** An offer fulfillment: the record of an accepted option. */
export interface Fulfillment {
  id: string;
  personalized_offer_id: string;
  option_id: string;
  processing_type: ProcessingType;
  status: FulfillmentStatus;
  redirect_url: string | null;
  /** Chargebee's error code only: its message is never passed on. */
  error: { code: FulfillmentErrorCode } | null;
  /** Set when the server fulfilled the option with a promotional grant. */
  grant: FulfillmentGrant | null;
}

/**
 * A Chargebee hosted page (checkout options only), with the fields Chargebee sent: what
 * Chargebee.js's `openCheckout({ hostedPage: () => Promise.resolve(page) })` takes.
 */
export interface HostedPage {
  id: string;
  url: string;
  /** Chargebee's page type, e.g. `checkout_existing`. */
  type?: string;
  /** `created` until used; `succeeded`, `cancelled`, … afterwards. */
  state?: string;
  /** Whether Chargebee built the page for embedding. */
  embed?: boolean;
  /** Unix seconds. */
  created_at?: number;
  /** Unix seconds: the link works until then (3 hours after creation). */
  expires_at?: number;
}

/** `POST /fulfillments` response body (201 created, 200 existing). */
export interface FulfillmentCreateResponse {
  fulfillment: Fulfillment;
  hosted_page: HostedPage | null;
}

/** `GET /fulfillments/{id}` response body. */
export interface FulfillmentResponse {
  fulfillment: Fulfillment;
}

/**
 * Who is signed in, as the server's `identify(request)` resolves it. Never sent by the browser.
 */
export interface Identity {
  customerId: string;
  subscriptionId?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  roles?: string[];
  externalUserId?: string;
}
