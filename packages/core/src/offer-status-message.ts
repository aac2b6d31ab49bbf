import type { UpsellError } from './errors';
import type { OfferState } from './lifecycle';
import type { OfferStatusMessages, OfferUnitLabel } from './offer-status-messages';
import type { FulfillmentGrant } from './types';

/**
 * The message for a code, else the default. Strings only: a code is Chargebee's free text, and
 * `constructor` or `__proto__` must not pick up Object.prototype's members (a function or an
 * object as the status text).
 */
function byCode(table: { default: string } & Record<string, string>, code: string | undefined) {
  const text: unknown = code && table[code];
  return typeof text === 'string' && text ? text : table.default;
}

/**
 * The grant's unit in words, in the plural form its amount takes in `locale` (`Intl.PluralRules`),
 * or `''` when `units` has no name for it. Own properties only: a `unit_id` is the server's free
 * text, and `constructor` must not pick up Object.prototype's members.
 */
function unitLabel(
  units: Record<string, OfferUnitLabel> | undefined,
  { unit_id: unitId, amount }: FulfillmentGrant,
  locale: string | undefined,
): string {
  const label = units && Object.hasOwn(units, unitId) ? units[unitId] : undefined;
  if (!label || typeof label.other !== 'string') return '';
  let form: Intl.LDMLPluralRule = 'other';
  try {
    form = new Intl.PluralRules(locale).select(Number(amount));
  } catch {
    // An invalid locale tag: the `other` form.
  }
  return label[form] ?? label.other;
}

/**
 * The text a prompt's `role="status"` region announces for a lifecycle state: '' while there is
 * nothing to say (idle, loading, empty, ready, dismissed). Never Chargebee's own text: failures
 * and errors are looked up by code, with the table's `default` for any other.
 *
 * A promotional grant's success says what was granted, in `locale`'s plural form of its unit.
 *
 * @example offerStatusMessage(controller.getSnapshot(), messages, 'en-US') // 'Processing…'
 */
export function offerStatusMessage(
  { status, stillProcessing, fulfillment, error }: OfferState,
  messages: OfferStatusMessages,
  locale?: string,
): string {
  const grant = fulfillment?.grant;
  return status === 'accepting' || status === 'fulfilling'
    ? stillProcessing
      ? messages.stillProcessing
      : messages.processing
    : status === 'completed'
      ? grant
        ? messages.grant(grant, unitLabel(messages.units, grant, locale))
        : messages.success
      : status === 'failed'
        ? byCode(messages.failure, fulfillment?.error?.code)
        : status === 'already_accepted'
          ? messages.alreadyAccepted
          : status === 'error'
            ? byCode(messages.error, (error as UpsellError | null)?.code)
            : '';
}
