import * as v from 'valibot';
import { LIMITS, OFFER_EVENT_TYPES } from './contract';
import type { EventRequest, FulfillmentRequest, OffersRequest } from './types';

/**
 * Runtime schemas of the contract (valibot), one source of truth for the server's request
 * validation and for tests of both sides. Request schemas are strict: an unknown member anywhere
 * is an error, so that a browser can never smuggle `customer_id` or similar through.
 */

// A lone surrogate (`"\ud800"`) is valid JSON but not well-formed Unicode; Chargebee would
// mangle it, so the contract rejects it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a string holds no lone surrogate. */
export function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Identity fields the browser may never name, not even as usage context: the server takes who is
 * signed in from `identify(request)` alone.
 */
export const IDENTITY_KEYS: ReadonlySet<string> = new Set([
  'customer_id',
  'subscription_id',
  'external_user_id',
  'user_id',
  'email',
  'first_name',
  'last_name',
  'roles',
]);

/** A plain JSON object with no key that could pollute a prototype when copied. */
function isSafeRecord(input: unknown): input is Record<string, unknown> {
  return (
    typeof input === 'object' &&
    input !== null &&
    !Array.isArray(input) &&
    !Object.keys(input).some((key) => FORBIDDEN_KEYS.has(key) || IDENTITY_KEYS.has(key))
  );
}

/**
 * Valibot's object schemas accept arrays (`typeof [] === 'object'`); the contract wants JSON
 * objects, so request objects are checked for that first.
 */
function jsonObject<TOutput>(
  schema: v.GenericSchema<unknown, TOutput>,
): v.GenericSchema<unknown, TOutput> {
  return v.pipe(
    v.unknown(),
    v.check(
      (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
      'must be a JSON object',
    ),
    schema,
  );
}

const text = (max: number) =>
  v.pipe(
    v.string(),
    v.maxLength(max, `must be at most ${max} characters`),
    v.check(isWellFormed, 'must be well-formed Unicode'),
  );

const id = (max: number) => v.pipe(text(max), v.minLength(1, 'must not be empty'));

export { LIMITS } from './contract';

/** The usage context: ≤ 32 keys named like identifiers, values finite numbers, booleans or short strings. */
export const customFieldsSchema = v.pipe(
  v.custom<Record<string, unknown>>(
    isSafeRecord,
    'must be a JSON object without reserved or identity keys (customer_id, email, …)',
  ),
  v.record(
    v.pipe(
      v.string(),
      v.regex(LIMITS.customKeyPattern, 'keys must match ^[A-Za-z_][A-Za-z0-9_]{0,63}$'),
    ),
    v.union(
      [v.pipe(v.number(), v.finite()), v.boolean(), text(LIMITS.customString)],
      'values must be finite numbers, booleans or strings of at most 255 characters',
    ),
  ),
  v.maxEntries(LIMITS.customKeys, `must have at most ${LIMITS.customKeys} keys`),
);

/** The request context forwarded to Chargebee as `request_context`. */
export const requestContextSchema = jsonObject(
  v.strictObject({
    url: v.optional(text(LIMITS.url)),
    referrer_url: v.optional(text(LIMITS.url)),
    locale: v.optional(text(LIMITS.locale)),
    timezone: v.optional(text(LIMITS.timezone)),
  }),
);

/** `POST /offers` request body. */
export const offersRequestSchema = jsonObject(
  v.strictObject({
    custom: v.optional(customFieldsSchema),
    context: v.optional(requestContextSchema),
    placement_id: v.optional(
      v.pipe(
        v.string(),
        v.regex(
          LIMITS.placementIdPattern,
          'placement_id must be 1 to 64 letters, digits, "_", ".", ":" or "-"',
        ),
      ),
    ),
  }),
) satisfies v.GenericSchema<unknown, OffersRequest>;

/** `POST /events` request body. */
export const eventRequestSchema = jsonObject(
  v.strictObject({
    token: id(LIMITS.token),
    type: v.picklist(OFFER_EVENT_TYPES, 'type must be "viewed" or "dismissed"'),
  }),
) satisfies v.GenericSchema<unknown, EventRequest>;

/** `POST /fulfillments` request body. */
export const fulfillmentRequestSchema = jsonObject(
  v.strictObject({
    token: id(LIMITS.token),
    option_id: id(LIMITS.optionId),
  }),
) satisfies v.GenericSchema<unknown, FulfillmentRequest>;

/** The error envelope. */
export const errorBodySchema = v.object({
  error: v.object({ code: v.string(), message: v.string() }),
  debug: v.optional(v.object({ reason: v.picklist(['shed', 'paused', 'upstream']) })),
});
