/**
 * The contract's closed lists and limits, in one place: the wire types, the request schemas, the
 * browser client's response checks, the server's upstream checks and the simulator's wire types
 * all derive from these (`docs/http-api.md` is their prose).
 */

/**
 * How Chargebee fulfills an option once it is accepted.
 * @example PROCESSING_TYPES.includes(option.processing_type)
 */
export const PROCESSING_TYPES = [
  'billing_update',
  'checkout',
  'url_redirect',
  'webhook',
  'email',
] as const;

/**
 * The layouts Chargebee documents for a checkout or redirect (others may appear: the wire type
 * stays open).
 * @example PROCESSING_LAYOUTS.includes(option.processing_layout)
 */
export const PROCESSING_LAYOUTS = ['in_app', 'full_page'] as const;

/**
 * A fulfillment's statuses, as Chargebee reports them; the last two are final.
 * @example FULFILLMENT_STATUSES.includes(fulfillment.status)
 */
export const FULFILLMENT_STATUSES = ['in_progress', 'completed', 'failed'] as const;

/**
 * The offer events the browser may record (accepts are recorded by the fulfillment itself).
 * @example OFFER_EVENT_TYPES.includes(body.type)
 */
export const OFFER_EVENT_TYPES = ['viewed', 'dismissed'] as const;

/**
 * The longest `context.url` (and `referrer_url`) the server accepts: `LIMITS.url`, on its own so
 * that a browser bundle that only truncates the page's URL carries no other limit.
 * @example (location.origin + location.pathname).slice(0, URL_LIMIT)
 */
export const URL_LIMIT = 250;

/**
 * Limits of the contract, exported so that clients, servers and docs quote the same numbers.
 * @example value.slice(0, LIMITS.url)
 */
export const LIMITS = {
  customKeys: 32,
  customKeyPattern: /^[A-Za-z_][A-Za-z0-9_]{0,63}$/,
  customString: 255,
  url: URL_LIMIT,
  locale: 50,
  timezone: 64,
  token: 2048,
  optionId: 100,
  /** A prompt's `placement_id`: letters, digits and `_ . : -`, 1 to 64 characters. */
  placementIdPattern: /^[A-Za-z0-9_.:-]{1,64}$/,
} as const;

/**
 * Whether `value` is one of {@link PROCESSING_TYPES}.
 * @example if (!isProcessingType(body.processing_type)) throw malformed();
 */
export function isProcessingType(value: unknown): value is (typeof PROCESSING_TYPES)[number] {
  return (PROCESSING_TYPES as readonly unknown[]).includes(value);
}

/**
 * Whether `value` is one of {@link FULFILLMENT_STATUSES}.
 * @example if (isFulfillmentStatus(body.status)) …
 */
export function isFulfillmentStatus(
  value: unknown,
): value is (typeof FULFILLMENT_STATUSES)[number] {
  return (FULFILLMENT_STATUSES as readonly unknown[]).includes(value);
}
