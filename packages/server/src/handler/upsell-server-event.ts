import type { Identity } from '@upsell-kit/core';

/**
 * The kinds of {@link UpsellServerEvent}. `completed` and `failed` are Chargebee's final statuses.
 * @example if (event.type === 'accepted') metrics.increment('upsell.accepted');
 */
export type UpsellServerEventType =
  'offer_fetched' | 'viewed' | 'dismissed' | 'accepted' | 'completed' | 'failed';

/**
 * A server-side analytics event, passed to the `onEvent` option.
 *
 * - `offer_fetched`: an offer was handed to the browser (one event per offer).
 * - `viewed` / `dismissed`: the browser recorded a display or a dismissal.
 * - `accepted`: a fulfillment was created (once per personalized offer).
 * - `completed` / `failed`: the fulfillment reached that status, as this server learned it
 *   (through a fulfiller, `completeFulfillment` / `failFulfillment`, or a status read); once per
 *   fulfillment and store.
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
  /** For `failed`: Chargebee's error code or the reason given to the Update API. */
  reason?: string;
}

/** @deprecated Renamed {@link UpsellServerEvent} (the browser's events are React's own type). */
export type UpsellEvent = UpsellServerEvent;
/** @deprecated Renamed {@link UpsellServerEventType}. */
export type UpsellEventType = UpsellServerEventType;
