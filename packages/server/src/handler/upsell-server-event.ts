import type { Identity } from '@upsell-kit/core';

/**
 * The kinds of {@link UpsellServerEvent}. `completed` and `failed` are Chargebee's final statuses.
 * @example if (event.type === 'accepted') metrics.increment('upsell.accepted');
 */
export type UpsellServerEventType =
  | 'offer_fetched'
  | 'viewed'
  | 'dismissed'
  | 'accepted'
  | 'completed'
  | 'failed'
  | 'outcome_unknown';

/**
 * A server-side analytics event, passed to the `onEvent` option.
 *
 * - `offer_fetched`: an offer was handed to the browser (one event per offer).
 * - `viewed` / `dismissed`: the browser recorded a display or a dismissal.
 * - `accepted`: a fulfillment was created (once per personalized offer).
 * - `completed` / `failed`: the fulfillment reached that status, as this server learned it
 *   (through a fulfiller, `completeFulfillment` / `failFulfillment`, or a status read); once per
 *   fulfillment and store.
 * - `outcome_unknown`: a fulfillment create got no usable answer (timeout, broken connection,
 *   5xx, malformed body), so the fulfillment may exist at Chargebee with its reward not granted.
 *   It is recorded: find it with `upsell.listUnknownOutcomes()` and settle it with
 *   `upsell.resolveUnknownOutcome(...)`. `reason` is `timeout`, `connection`, `upstream_error` or
 *   `malformed_response`.
 *
 * @example
 * onEvent: (event) => analytics.track(`upsell.${event.type}`, { offer: event.offerId })
 */
export interface UpsellServerEvent {
  type: UpsellServerEventType;
  /** Who it concerns; `null` for `completeFulfillment` / `failFulfillment`, which have no request. */
  identity: Identity | null;
  /** The personalized offer id. */
  personalizedOfferId?: string;
  /** The base offer id. */
  offerId?: string;
  /** The accepted option. */
  optionId?: string;
  /** The fulfillment, from `accepted` on. */
  fulfillmentId?: string;
  /**
   * For `failed`: Chargebee's error code or the reason given to the Update API. For
   * `outcome_unknown`: why the outcome is unknown.
   */
  reason?: string;
}

/** @deprecated Renamed {@link UpsellServerEvent} (the browser's events are React's own type). */
export type UpsellEvent = UpsellServerEvent;
/** @deprecated Renamed {@link UpsellServerEventType}. */
export type UpsellEventType = UpsellServerEventType;
