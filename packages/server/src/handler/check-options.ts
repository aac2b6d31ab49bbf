import { DEFAULT_STORE_TIMEOUT_MS } from '../stores/with-store-deadline';
import {
  DEFAULT_TIMEOUT_MS,
  type ChargebeeConnectionOptions,
} from '../upstream/chargebee-connection-options';
import { DEFAULT_RESERVES, type BudgetShares } from '../upstream/call-budget';
import { PRIORITIES, type UpstreamPriority } from '../upstream/upstream-priority';
import type { RateLimits } from './context';
import { checkFrequencyCaps, type CheckedFrequencyCaps } from './frequency-caps';
import type { UpsellHandlerOptions } from './upsell-handler-options';

/** setTimeout fires at once above 2^31 - 1 ms (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Every option of `createUpsellHandler` that is a plain value, checked and with its default
 * applied. What needs building (the SDK instance, the store, the logger) stays with the caller.
 */
export interface CheckedOptions {
  /** The connection options, checked; `undefined` for a ready SDK instance. */
  connection: ChargebeeConnectionOptions | undefined;
  basePath: string;
  allowedOrigins: ReadonlySet<string>;
  bodyLimit: number;
  rateLimits: RateLimits;
  storeTimeoutMs: number;
  timeouts: { upstreamMs: number; deadlineMs: number; fulfillMs: number };
  /** `upstreamBudget.requestsPerMinute`, `false` when the budget is off. */
  requestsPerMinute: number | false;
  /** `upstreamBudget.reserves`, as shares. */
  reserves: BudgetShares;
  /** `upstreamBudget.perIdentity`, with its defaults (empty when the budget is off). */
  perIdentity: Partial<Record<UpstreamPriority, number>>;
  /** `customFields`: the `custom` keys sent to Chargebee (and keyed in the cache); `null`: all. */
  customFields: ReadonlySet<string> | null;
  /** `offerCache.maxAgeMs`, `0` when the cache is off. */
  offerCacheMaxAgeMs: number;
  eventQueue: { maxLength: number; perIdentity: number; viewedDedupeMs: number };
  /** The `frequency` option, `undefined` without a cap. */
  frequencyCaps: CheckedFrequencyCaps | undefined;
  /** `debug: true`, outside production only. */
  debug: boolean;
}

/** A positive safe integer, or `fallback` when `value` is undefined. */
function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  const result = value ?? fallback;
  if (!Number.isSafeInteger(result) || result < 1) {
    throw new RangeError(`createUpsellHandler: ${name} must be a positive integer.`);
  }
  return result;
}

function limitOf(
  value: number | false | undefined,
  fallback: number,
  name: string,
): number | false {
  if (value === false) return false;
  const limit = value ?? fallback;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(
      `createUpsellHandler: limits.${name} must be a positive integer or false.`,
    );
  }
  return limit;
}

function timerMs(value: number, name: string): number {
  if (!(value > 0 && value <= MAX_TIMER_MS)) {
    throw new RangeError(
      `createUpsellHandler: ${name} must be a positive number of milliseconds, at most 2147483647.`,
    );
  }
  return value;
}

function shareOf(value: number | undefined, fallback: number, name: string): number {
  const share = value ?? fallback;
  if (!(typeof share === 'number' && share >= 0 && share < 1)) {
    throw new RangeError(`createUpsellHandler: ${name} must be a share of the budget, 0 ≤ n < 1.`);
  }
  return share;
}

function reservesOf(reserves: Partial<BudgetShares> | undefined): BudgetShares {
  const result = { ...DEFAULT_RESERVES };
  for (const name of ['critical', 'status', 'dismissed', 'offers'] as const) {
    result[name] = shareOf(
      reserves?.[name],
      DEFAULT_RESERVES[name],
      `upstreamBudget.reserves.${name}`,
    );
  }
  if (result.critical + result.status + result.dismissed + result.offers >= 1) {
    throw new RangeError(
      'createUpsellHandler: upstreamBudget.reserves must leave room to share (critical + status + dismissed + offers < 1).',
    );
  }
  return result;
}

function perIdentityOf(
  requestsPerMinute: number | false,
  budget: UpsellHandlerOptions['upstreamBudget'],
): Partial<Record<UpstreamPriority, number>> {
  if (requestsPerMinute === false || budget === false) return {};
  const share = (part: number, least: number) =>
    Math.max(least, Math.ceil(requestsPerMinute * part));
  const defaults: Record<UpstreamPriority, number> = {
    critical: share(0.1, 6),
    status: share(0.1, 6),
    dismissed: share(0.03, 2),
    offers: share(0.05, 3),
    viewed: share(0.05, 3),
  };
  const given = budget?.perIdentity ?? {};
  const result: Partial<Record<UpstreamPriority, number>> = {};
  for (const priority of PRIORITIES) {
    result[priority] = positiveInteger(
      given[priority],
      defaults[priority],
      `upstreamBudget.perIdentity.${priority}`,
    );
  }
  return result;
}

function customFieldsOf(fields: readonly string[] | undefined): ReadonlySet<string> | null {
  if (fields === undefined) return null;
  if (!Array.isArray(fields) || fields.some((field) => typeof field !== 'string' || field === '')) {
    throw new TypeError(
      'createUpsellHandler: customFields must be an array of custom field names.',
    );
  }
  return new Set(fields);
}

function normalizeBasePath(path: string | undefined): string {
  const base = (path ?? '/api/upsell').trim();
  if (base === '' || base === '/') return '';
  return `/${base.replace(/^\/+|\/+$/g, '')}`;
}

/**
 * True for connection options, false for a ready SDK instance. Decided by the shape of an SDK
 * instance, not by `apiKey`: `{ site: process.env.CHARGEBEE_SITE, apiKey: process.env.CHARGEBEE_API_KEY }`
 * with the variables unset must fail at creation naming the option, not per request as a
 * broken "instance".
 */
function isConnectionOptions(value: object): boolean {
  const sdk = value as Partial<Record<'personalizedOffer' | 'offerFulfillment', unknown>>;
  // Another copy of the SDK (a second install) is not an instanceof ours but has its resources.
  return !(typeof sdk.personalizedOffer === 'object' && typeof sdk.offerFulfillment === 'object');
}

/** Checks `{ site, apiKey, … }` and applies the timeout's default. */
function checkConnectionOptions(
  options: ChargebeeConnectionOptions,
): ChargebeeConnectionOptions & { timeoutMs: number } {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError('createUpsellHandler: chargebee.timeoutMs must be a positive number.');
  }
  if (typeof options.site !== 'string' || options.site.trim() === '') {
    throw new TypeError(
      'createUpsellHandler: chargebee.site is required (e.g. "acme-test" for https://acme-test.chargebee.com): is CHARGEBEE_SITE set?',
    );
  }
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw new TypeError(
      'createUpsellHandler: chargebee.apiKey is required (a full-access API key, server-side only): is CHARGEBEE_API_KEY set?',
    );
  }
  if (options.transport !== undefined && typeof options.transport !== 'function') {
    throw new TypeError(
      'createUpsellHandler: chargebee.transport must be a function (e.g. createKeepAliveTransport()).',
    );
  }
  return { ...options, timeoutMs };
}

/**
 * Checks the options of `createUpsellHandler` that are plain values and applies their defaults.
 * Pure: no logging, no I/O. Throws a `TypeError` / `RangeError` naming the option that cannot work.
 *
 * @example const checked = checkOptions(options); // checked.rateLimits.offers === 60
 */
export function checkOptions(options: UpsellHandlerOptions): CheckedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createUpsellHandler: options are required.');
  }
  if (typeof options.identify !== 'function') {
    throw new TypeError(
      'createUpsellHandler: `identify(request)` is required: it resolves the signed-in customer.',
    );
  }
  if (!options.chargebee) {
    throw new TypeError(
      'createUpsellHandler: `chargebee` is required: `{ site, apiKey }` or a Chargebee instance.',
    );
  }
  const connection = isConnectionOptions(options.chargebee)
    ? checkConnectionOptions(options.chargebee as ChargebeeConnectionOptions)
    : undefined;
  const upstreamMs = connection?.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const allowedOrigins = new Set(
    (options.allowedOrigins ?? []).map((origin) => {
      try {
        return new URL(origin).origin;
      } catch {
        throw new TypeError(`createUpsellHandler: allowedOrigins has an invalid origin: ${origin}`);
      }
    }),
  );
  const limits = options.limits ?? {};
  const bodyLimit = limits.bodyBytes ?? 8192;
  if (!Number.isSafeInteger(bodyLimit) || bodyLimit < 64) {
    throw new RangeError('createUpsellHandler: limits.bodyBytes must be an integer ≥ 64.');
  }
  const budget = options.upstreamBudget;
  const cache = options.offerCache;
  return {
    frequencyCaps: checkFrequencyCaps(options.frequency),
    // Runtime-neutral (edge runtimes have no `process`): read through globalThis.
    debug:
      options.debug === true &&
      (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
        ?.NODE_ENV !== 'production',
    connection,
    basePath: normalizeBasePath(options.basePath),
    allowedOrigins,
    bodyLimit,
    rateLimits: {
      offers: limitOf(limits.offers, 60, 'offers'),
      events: limitOf(limits.events, 120, 'events'),
      fulfillments: limitOf(limits.fulfillments, 20, 'fulfillments'),
      fulfillmentReads: limitOf(limits.fulfillmentReads, 120, 'fulfillmentReads'),
    },
    storeTimeoutMs: timerMs(options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS, 'storeTimeoutMs'),
    timeouts: {
      upstreamMs,
      // Our own client times out by itself; the deadline is the backstop for ready instances.
      deadlineMs: upstreamMs + 1_000,
      fulfillMs: timerMs(options.fulfillTimeoutMs ?? 15_000, 'fulfillTimeoutMs'),
    },
    requestsPerMinute:
      budget === false
        ? false
        : positiveInteger(budget?.requestsPerMinute, 100, 'upstreamBudget.requestsPerMinute'),
    reserves: reservesOf(budget === false ? undefined : budget?.reserves),
    perIdentity: perIdentityOf(
      budget === false ? false : (budget?.requestsPerMinute ?? 100),
      budget,
    ),
    customFields: customFieldsOf(options.customFields),
    offerCacheMaxAgeMs:
      cache === false ? 0 : positiveInteger(cache?.maxAgeMs, 60_000, 'offerCache.maxAgeMs'),
    eventQueue: {
      maxLength: positiveInteger(options.eventQueue?.maxLength, 10_000, 'eventQueue.maxLength'),
      perIdentity: positiveInteger(options.eventQueue?.perIdentity, 20, 'eventQueue.perIdentity'),
      viewedDedupeMs: positiveInteger(
        options.eventQueue?.viewedDedupeMs,
        5_000,
        'eventQueue.viewedDedupeMs',
      ),
    },
  };
}
