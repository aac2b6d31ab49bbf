/**
 * A fulfillment create whose outcome this server could not learn (Chargebee did not answer in
 * time, the connection broke, the answer was malformed): the fulfillment may exist at Chargebee,
 * and for a server-fulfilled option its reward may still be owed. Find them with
 * `upsell.listUnknownOutcomes()` and settle each with `upsell.resolveUnknownOutcome(...)`.
 *
 * @example
 * for (const outcome of await upsell.listUnknownOutcomes()) console.log(outcome.personalizedOfferId);
 */
export interface UnknownOutcome {
  /** The personalized offer that was being accepted (one fulfillment per personalized offer). */
  personalizedOfferId: string;
  /** Its base offer. */
  offerId: string;
  /** The option being accepted. */
  optionId: string;
  /** The option's processing type, as the offer token recorded it. */
  processingType: string;
  /** The customer who accepted. */
  customerId: string;
  /** Their subscription, `null` when the identity had none. */
  subscriptionId: string | null;
  /**
   * Why the outcome is unknown: `timeout` (no answer in time), `connection` (the connection
   * broke), `upstream_error` (a 5xx after which Chargebee may have acted) or `malformed_response`.
   */
  reason: 'timeout' | 'connection' | 'upstream_error' | 'malformed_response';
  /** When it happened (Unix seconds). */
  at: number;
}

/**
 * How an {@link UnknownOutcome} was settled, given to `upsell.resolveUnknownOutcome`:
 * - `{ status: 'completed', fulfillmentId }`: the fulfillment exists and its reward was granted;
 *   the handler marks it `completed` at Chargebee (`completeFulfillment`).
 * - `{ status: 'failed', fulfillmentId, reason }`: it exists and could not be fulfilled; the
 *   handler marks it `failed` (`failFulfillment`).
 * - `{ status: 'not_created' }`: Chargebee has no fulfillment for the offer; the customer may
 *   accept it again at once.
 *
 * @example { status: 'completed', fulfillmentId: 'ful_123' }
 */
export type UnknownOutcomeResolution =
  | { status: 'completed'; fulfillmentId: string }
  | { status: 'failed'; fulfillmentId: string; reason: string }
  | { status: 'not_created' };
