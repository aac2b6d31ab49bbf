import type { Identity } from '@upsell-kit/core';
import type { UpstreamPriority } from '../upstream/upstream-priority';

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
  | 'upstream_shed'
  | 'upstream_paused'
  | 'event_queued'
  | 'event_delivered'
  | 'event_dropped'
  | 'outcome_unknown'
  | 'request_timeout';

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
 * - `request_timeout`: a request body did not arrive within the Node or Express adapter's
 *   `bodyTimeoutMs` (a slow or hostile client): answered `408`, its connection closed
 *   (`identity` is `null`: the body never got to `identify`).
 *
 * Chargebee's API limit (decisions of this instance; `identity` is `null`):
 * - `upstream_shed`: a call was not made (`operation`, `priority`, `retryAfter`) because the budget
 *   was short (`reason: 'budget'`), one identity had used its share of it (`reason: 'fairness'`,
 *   with its `identityHash`), or Chargebee asked the fleet to back off (`reason: 'paused'`).
 * - `upstream_paused`: Chargebee answered 429 (or 503 with `Retry-After`) to `operation`: every
 *   non-critical call of the fleet waits `retryAfter` seconds.
 * - `event_queued` / `event_delivered` / `event_dropped`: an offer event (`eventType`) found no
 *   room and was queued, was later sent from the queue, or was dropped (`reason`, below).
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
   * For `failed`: Chargebee's error code or the reason given to the Update API; for
   * `upstream_shed`: `budget`, `fairness` or `paused`; for `upstream_paused`: what Chargebee
   * answered; for `event_dropped`: `queue_full` (the identity's place in the queue, or the queue,
   * is full), `fairness` (a view past the identity's share), `refused` (by Chargebee),
   * `not_enabled` or `expired`; for `outcome_unknown`: why the outcome is unknown.
   */
  reason?: string;
  /**
   * For `upstream_shed` with reason `fairness` and `event_dropped` with reason `queue_full` or
   * `fairness`: a short, non-reversible hash of the identity concerned (never the identity), to
   * tell one noisy customer from many.
   * @example '3f2a9c0d5e1b7a64'
   */
  identityHash?: string;
  /** For `offer_fetched`: whether the offer came from the cache (or a shared fetch), not a call of its own. */
  cached?: boolean;
  /** For `upstream_shed` / `upstream_paused`: the Chargebee operation, e.g. `personalized_offers`. */
  operation?: string;
  /** For `upstream_shed`: the priority of the call not made. */
  priority?: UpstreamPriority;
  /** For `upstream_shed` / `upstream_paused`: seconds until such a call may be made again. */
  retryAfter?: number;
  /** For `event_queued` / `event_delivered` / `event_dropped`: the offer event's type. */
  eventType?: 'viewed' | 'dismissed';
}

/** @deprecated Renamed {@link UpsellServerEvent} (the browser's events are React's own type). */
export type UpsellEvent = UpsellServerEvent;
/** @deprecated Renamed {@link UpsellServerEventType}. */
export type UpsellEventType = UpsellServerEventType;
