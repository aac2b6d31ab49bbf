import type { OfferStatusMessages, OfferUnitLabel } from '@upsell-kit/core';

/**
 * Every built-in string of the kit: the status messages of `@upsell-kit/core`
 * (`OfferStatusMessages`: processing, success, alreadyAccepted, stillProcessing, failure, error,
 * units, grant) and the prompts' own: the dismiss button's name and the next-step actions. Override any of them through `UpsellProvider`'s
 * `messages`.
 */
export interface UpsellMessages extends OfferStatusMessages {
  /** The accessible name of the dismiss button. @default 'Dismiss' */
  dismiss: string;
  /** The modal's text action that closes it without accepting (a dismissal). @default 'Not now' */
  notNow: string;
  /** Replaces the options once the offer was applied or already accepted; closes. @default 'Done' */
  done: string;
  /** Beside `retry` after a failure, and while a fulfillment is still processing. @default 'Close' */
  close: string;
  /**
   * After a failed fulfillment: fetches the offer again (Chargebee may personalize it anew).
   * @default 'Try again'
   */
  retry: string;
  /**
   * Read after the offer's links, which open in a new tab (screen readers only).
   * @default '(opens in a new tab)'
   */
  newTab: string;
}

/**
 * A unit's name in the plural forms of `Intl.PluralRules`, for `messages.units` (core's
 * `OfferUnitLabel`).
 * @example { one: 'AI credit', other: 'AI credits' }
 */
export type UpsellUnitLabel = OfferUnitLabel;

/**
 * A complete message set for one language: every string of {@link defaultMessages}, and a text for
 * every failure and error code it words, so that a missing one fails type checking (the English
 * defaults are checked against it too). The bundled locales (`@upsell-kit/react/locales/de`, …)
 * are typed so; use it for a language of your own, and pass that as `UpsellProvider`'s `messages`.
 *
 * @example
 * export const it: UpsellLocaleMessages = {
 *   dismiss: 'Nascondi',
 *   // … every other message …
 * };
 */
export type UpsellLocaleMessages = Omit<UpsellMessages, 'failure' | 'error'> & {
  failure: Record<
    | 'default'
    | 'billing_update_failed'
    | 'checkout_abandoned'
    | 'external_fulfillment_failed'
    | 'fulfillment_expired',
    string
  >;
  error: Record<
    | 'default'
    | 'network_error'
    | 'offer_expired'
    | 'rate_limited'
    | 'unauthenticated'
    | 'unsafe_redirect',
    string
  >;
};

/**
 * The English defaults. Bundled translations are opt-in imports: `@upsell-kit/react/locales/de`,
 * `/fr`, `/es` and `/ja`.
 *
 * @example
 * <UpsellProvider messages={{ dismiss: 'Schließen', failure: { default: 'Fehlgeschlagen.' } }}>
 */
export const defaultMessages: UpsellMessages = {
  dismiss: 'Dismiss',
  notNow: 'Not now',
  done: 'Done',
  close: 'Close',
  retry: 'Try again',
  newTab: '(opens in a new tab)',
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
  units: {},
  grant: (grant, unit) =>
    unit
      ? `Done! ${grant.amount} ${unit} added to your account.`
      : 'Done! Your credits have been added to your account.',
} satisfies UpsellLocaleMessages;
