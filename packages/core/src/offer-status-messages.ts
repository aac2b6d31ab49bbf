import type { FulfillmentGrant } from './types';

/**
 * The strings {@link offerStatusMessage} picks from: what a prompt's status region announces.
 * `@upsell-kit/react`'s `UpsellMessages` extends it (adding the dismiss button's name) and holds
 * the English defaults.
 */
export interface OfferStatusMessages {
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
   * @example { default: 'Das hat nicht geklappt.', billing_update_failed: 'Zahlung abgelehnt.' }
   */
  failure: { default: string } & Record<string, string>;
  /**
   * Announced when a request failed, by the contract's error code (or `network_error`); `default`
   * for any other.
   * @example { default: 'Bitte später erneut versuchen.', offer_expired: 'Angebot abgelaufen.' }
   */
  error: { default: string } & Record<string, string>;
  /**
   * Names of the units a promotional grant can add, by Chargebee `unit_id`, in the plural forms of
   * `Intl.PluralRules` for the prompt's locale (`other` is the fallback form).
   * @default {}
   * @example { ai_credits: { one: 'AI credit', other: 'AI credits' } }
   */
  units: Record<string, OfferUnitLabel>;
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
export type OfferUnitLabel = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
