import type { OfferAnalyticsEvent, UpsellError } from '@upsell-kit/core';

/** An analytics event of a prompt, as `onEvent` receives it (the core's `OfferAnalyticsEvent`). */
export type UpsellEvent = OfferAnalyticsEvent;

/** Called with every error of a prompt (fetch, event, accept, polling). */
export type UpsellErrorHandler = (error: UpsellError | Error) => void;
