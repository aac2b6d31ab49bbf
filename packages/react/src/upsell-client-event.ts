import type { OfferAnalyticsEvent } from '@upsell-kit/core';

/**
 * An analytics event of a prompt in the browser, as `onEvent` receives it (the core's
 * `OfferAnalyticsEvent`): viewed, dismissed, accepted, completed, failed, already_accepted. Not
 * the server's `UpsellServerEvent`.
 * @example <UpsellProvider onEvent={(event: UpsellClientEvent) => analytics.track(event.type, event)}>
 */
export type UpsellClientEvent = OfferAnalyticsEvent;

/**
 * @deprecated Renamed {@link UpsellClientEvent} (the server's events are `UpsellServerEvent`);
 * this alias goes in the next major release.
 */
export type UpsellEvent = UpsellClientEvent;
