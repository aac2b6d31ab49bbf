import type { OfferStatusMessages } from '@upsell-kit/core';

/**
 * Every built-in string of the kit: the status messages of `@upsell-kit/core`
 * (`OfferStatusMessages`: processing, success, alreadyAccepted, stillProcessing, failure, error,
 * grant) and the dismiss button's name. Override any of them through `UpsellProvider`'s
 * `messages`.
 */
export interface UpsellMessages extends OfferStatusMessages {
  /** The accessible name of the dismiss button. @default 'Dismiss' */
  dismiss: string;
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
    unsafe_redirect: 'The checkout could not be opened from this page.',
  },
  grant: (grant) => `${grant.amount} ${grant.unit_id} added to your account.`,
};
