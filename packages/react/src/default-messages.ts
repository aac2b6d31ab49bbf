import type { FulfillmentGrant } from '@upsell-kit/core';

/** Every built-in string of the kit. Override any of them through `UpsellProvider`'s `messages`. */
export interface UpsellMessages {
  /** The accessible name of the dismiss button. @default 'Dismiss' */
  dismiss: string;
  /** The modal's text action that closes it without accepting (a dismissal). @default 'Not now' */
  notNow: string;
  /** Replaces the options once the offer was applied or already accepted; closes. @default 'Done' */
  done: string;
  /** Beside `retry` after a failure, and while a fulfillment is still processing. @default 'Close' */
  close: string;
  /** After a failed fulfillment: fetches the offer again (Chargebee may offer another try). @default 'Try again' */
  retry: string;
  /**
   * Read after the offer's links that open in a new tab (screen readers only).
   * @default '(opens in a new tab)'
   */
  newTab: string;
  /** Announced while an option is being accepted and fulfilled. @default 'Processing…' */
  processing: string;
  /** Announced when the fulfillment completed (without a grant). @default 'Done! Your plan has been updated.' */
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
   * Names of the units a promotional grant can add, by Chargebee `unit_id`, in the plural forms of
   * `Intl.PluralRules` for the provider's `locale` (`other` is the fallback form).
   * @default {}
   * @example { ai_credits: { one: 'AI credit', other: 'AI credits' } }
   */
  units: Record<string, UpsellUnitLabel>;
  /**
   * Announced instead of `success` when the server granted credits. `unit` is the grant's unit
   * from `units` in the plural form for its amount, or `''` when `units` has no name for it (the
   * raw `unit_id` is never shown).
   * @default (grant, unit) => unit ? `Done! ${grant.amount} ${unit} added to your account.` : 'Done! Your credits have been added to your account.'
   * @example (grant, unit) => `${grant.amount} ${unit || 'Credits'} gutgeschrieben.`
   */
  grant: (grant: FulfillmentGrant, unit: string) => string;
}

/**
 * A unit's name in the plural forms of `Intl.PluralRules` (`zero`, `one`, `two`, `few`, `many`);
 * `other` is used for any form not given.
 * @example { one: 'AI credit', other: 'AI credits' }
 */
export type UpsellUnitLabel = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/**
 * The English defaults.
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
  },
  units: {},
  grant: (grant, unit) =>
    unit
      ? `Done! ${grant.amount} ${unit} added to your account.`
      : 'Done! Your credits have been added to your account.',
};
