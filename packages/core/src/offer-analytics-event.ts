/**
 * An analytics event of one offer prompt, as an {@link OfferController} reports it (and
 * `@upsell-kit/react`'s `onEvent` receives it, as `UpsellClientEvent`).
 */
export interface OfferAnalyticsEvent {
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
