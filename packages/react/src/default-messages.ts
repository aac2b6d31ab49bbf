import type { FulfillmentGrant } from '@upsell-kit/core';

/** Every built-in string of the kit. Override any of them through `UpsellProvider`'s `messages`. */
export interface UpsellMessages {
  /** The accessible name of the dismiss button. @default 'Dismiss' */
  dismiss: string;
  /** Announced while an option is being accepted and fulfilled. @default 'Processing…' */
  processing: string;
  /** Announced when the fulfillment completed. @default 'Done! Your plan has been updated.' */
  success: string;
  /** Announced on 409. @default 'This offer has already been accepted.' */
  alreadyAccepted: string;
  /**
   * Announced when polling gave up while the fulfillment was still in progress.
   * @default 'Still processing. This can take a few minutes; you can keep working.'
   */
  stillProcessing: string;
  /**
   * Announced when a fulfillment failed, by Chargebee's `error.code` (Chargebee's own text is never
   * shown); `default` for any other code.
   * @default see `defaultMessages.failure`
   * @example { default: 'Das hat nicht geklappt.', billing_update_failed: 'Zahlung abgelehnt.' }
   */
  failure: { default: string } & Record<string, string>;
  /**
   * Announced when a request failed, by the contract's error code (or `network_error`); `default`
   * for any other.
   * @default see `defaultMessages.error`
   * @example { default: 'Bitte später erneut versuchen.', offer_expired: 'Angebot abgelaufen.' }
   */
  error: { default: string } & Record<string, string>;
  /**
   * Appended to `success` when the server granted credits.
   * @default (grant) => `${grant.amount} ${grant.unit_id} added to your account.`
   */
  grant: (grant: FulfillmentGrant) => string;
}

/**
 * The English defaults.
 *
 * @example
 * <UpsellProvider messages={{ dismiss: 'Schließen', failure: { default: 'Fehlgeschlagen.' } }}>
 */
export const defaultMessages: UpsellMessages = {
  dismiss: 'Dismiss',
  processing: 'Processing…',
  success: 'Done! Your plan has been updated.',
  alreadyAccepted: 'This offer has already been accepted.',
  stillProcessing: 'Still processing. This can take a few minutes; you can keep working.',
  failure: {
    default: 'We could not complete this upgrade. You have not been charged.',
    billing_update_failed:
      'We could not update your subscription. Please check your payment method.',
    checkout_abandoned: 'The checkout was not completed.',
    external_fulfillment_failed: 'We could not apply this offer. Please contact support.',
    fulfillment_expired: 'This offer expired before it could be applied.',
  },
  error: {
    default: 'Something went wrong. Please try again later.',
    network_error: 'You seem to be offline. Please try again.',
    offer_expired: 'This offer has expired.',
    rate_limited: 'Too many attempts. Please wait a moment and try again.',
    unauthenticated: 'Please sign in again to accept this offer.',
  },
  grant: (grant) => `${grant.amount} ${grant.unit_id} added to your account.`,
};
