import type { UpsellError } from './errors';
import type { OfferState } from './lifecycle';
import type { OfferStatusMessages } from './offer-status-messages';

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
 * The text a prompt's `role="status"` region announces for a lifecycle state: '' while there is
 * nothing to say (idle, loading, empty, ready, dismissed). Never Chargebee's own text: failures
 * and errors are looked up by code, with the table's `default` for any other.
 *
 * @example offerStatusMessage(controller.getSnapshot(), messages) // 'Processing…'
 */
export function offerStatusMessage(
  { status, stillProcessing, fulfillment, error }: OfferState,
  messages: OfferStatusMessages,
): string {
  const grant = fulfillment?.grant;
  return status === 'accepting' || status === 'fulfilling'
    ? stillProcessing
      ? messages.stillProcessing
      : messages.processing
    : status === 'completed'
      ? grant
        ? `${messages.success} ${messages.grant(grant)}`
        : messages.success
      : status === 'failed'
        ? byCode(messages.failure, fulfillment?.error?.code)
        : status === 'already_accepted'
          ? messages.alreadyAccepted
          : status === 'error'
            ? byCode(messages.error, (error as UpsellError | null)?.code)
            : '';
}
