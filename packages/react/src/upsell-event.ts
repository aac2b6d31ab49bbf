import type { UpsellError } from '@upsell-kit/core';

/** An analytics event of a prompt, as `onEvent` receives it. */
export interface UpsellEvent {
  /** What happened. `accepted` fires when the user chose an option, before the server answered. */
  type: 'viewed' | 'dismissed' | 'accepted' | 'completed' | 'failed' | 'already_accepted';
  /** The personalized offer id. */
  personalizedOfferId: string;
  /** The base offer id configured in Chargebee. */
  offerId: string;
  /** The option, for accept outcomes. */
  optionId?: string;
  /** The fulfillment, once it exists. */
  fulfillmentId?: string;
  /** Chargebee's fulfillment error code or the contract's error code, for `failed`. */
  errorCode?: string;
}

/** Called with every error of a prompt (fetch, event, accept, polling). */
export type UpsellErrorHandler = (error: UpsellError | Error) => void;
