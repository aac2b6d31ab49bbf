import type Chargebee from 'chargebee';
import { createUpstreamGuard } from '../upstream/upstream-guard';
import type { UpstreamPriority } from '../upstream/upstream-priority';
import {
  createChargebeeClient,
  DEFAULT_TIMEOUT_MS,
  isConnectionOptions,
} from '../upstream/chargebee-client';
import { createRedactingLogger } from '../http/redact';
import type { UpsellLogger } from '../http/upsell-logger';
import { createUnknownOutcomeLedger } from '../fulfillment/create-unknown-outcome-ledger';
import { RECORD_TTL_MS } from '../fulfillment/record';
import { checkTrustProxy } from '../http/request-hosts';
import { fail } from '../http/responses';
import { createNavigationCheck } from '../navigation/create-navigation-check';
import { createMemoryStore } from '../stores/create-memory-store';
import { createStoreFallback } from '../stores/create-store-fallback';
import { DEFAULT_STORE_TIMEOUT_MS, withStoreDeadline } from '../stores/with-store-deadline';
import { createOfferTokenSigner, type OfferTokenSigner } from '../tokens/offer-token';
import type { HandlerContext } from './context';
import { isOfferEventsRefusal } from '../upstream/offer-events-refused';
import { isPaused, pauseCalls } from '../upstream/pause-calls';
import { normalizeUpstreamError } from '../upstream/upstream-error';
import type { UpsellServerEvent } from './upsell-server-event';
import type { UpsellHandlerOptions } from './upsell-handler-options';

const MAX_TIMER_MS = 2 ** 31 - 1;

// One random development secret per process: handlers re-created by hot reloading keep
// accepting the tokens the page already holds.
let developmentSecret: string | undefined;

function isProduction(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  return env?.NODE_ENV === 'production';
}

/** `next build` evaluates route modules to collect page data; no request is served then. */
function isNextBuild(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  return env?.NEXT_PHASE === 'phase-production-build';
}

const MISSING_SECRET =
  'createUpsellHandler: `secret` is required in production. Set it to a random string of at least 32 bytes, the same on every instance (e.g. `openssl rand -base64 32`).';

/** The secret; `undefined` only in production during `next build` (checked per request then). */
function resolveSecret(
  secret: string | undefined,
  log: (message: string) => void,
): string | undefined {
  if (secret === undefined || secret === '') {
    // During `next build` the module is loaded but serves nothing: the check moves to the
    // first request, so that a build need not see the runtime secret.
    if (isProduction() && isNextBuild()) return undefined;
    if (isProduction()) throw new Error(MISSING_SECRET);
    if (developmentSecret === undefined) {
      log(
        'upsell-kit: no `secret` given, so offer tokens are signed with a random one that changes on every restart and differs between instances. Set `secret` (≥ 32 bytes) before going to production.',
      );
      const bytes = crypto.getRandomValues(new Uint8Array(32));
      developmentSecret = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
    }
    return developmentSecret;
  }
  if (typeof secret !== 'string' || new TextEncoder().encode(secret).length < 32) {
    const message =
      'createUpsellHandler: `secret` must be at least 32 bytes (e.g. `openssl rand -base64 32`).';
    if (isProduction()) throw new Error(message);
    log(`upsell-kit: ${message} A short secret is accepted outside production only.`);
  }
  return secret;
}

function normalizeBasePath(path: string | undefined): string {
  const base = (path ?? '/api/upsell').trim();
  if (base === '' || base === '/') return '';
  return `/${base.replace(/^\/+|\/+$/g, '')}`;
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

function createEmit(
  onEvent: UpsellHandlerOptions['onEvent'],
  logger: UpsellLogger,
): (event: UpsellServerEvent) => void {
  return (event) => {
    if (!onEvent) return;
    try {
      const result = onEvent(event);
      if (result && typeof (result as Promise<void>).then === 'function') {
        (result as Promise<void>).then(undefined, (error: unknown) =>
          logger.error('upsell-kit: onEvent failed', { event: event.type, error }),
        );
      }
    } catch (error) {
      logger.error('upsell-kit: onEvent failed', { event: event.type, error });
    }
  };
}

/** The priority of an operation whose caller named none. */
function priorityOf(operation: string): UpstreamPriority {
  if (operation === 'personalized_offers') return 'offers';
  if (operation === 'offer_events') return 'viewed';
  return 'critical';
}

/**
 * Checks the options and resolves them into the {@link HandlerContext} (defaults applied, the
 * Chargebee client built, the logger redacting). Throws on options that cannot work.
 */
export function resolveOptions(options: UpsellHandlerOptions): HandlerContext {
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

  const connection = isConnectionOptions(options.chargebee) ? options.chargebee : undefined;
  const chargebee: Chargebee = connection
    ? createChargebeeClient(connection)
    : (options.chargebee as Chargebee);
  const upstreamMs = connection?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Our own client times out by itself; the deadline is the backstop for ready instances.
  const deadlineMs = upstreamMs + 1_000;
  // A ready instance keeps its key in a private field: read it anyway, since a key that is not
  // redacted may reach a log line (the SDK quotes request options in some errors).
  const apiKey =
    connection?.apiKey ?? (chargebee as unknown as { _env?: { apiKey?: unknown } })._env?.apiKey;
  const logger = createRedactingLogger(
    options.logger ?? console,
    typeof apiKey === 'string' ? [apiKey] : [],
  );
  const secret = resolveSecret(options.secret, (message) => logger.warn(message));
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
  const rateLimits = {
    offers: limitOf(limits.offers, 60, 'offers'),
    events: limitOf(limits.events, 120, 'events'),
    fulfillments: limitOf(limits.fulfillments, 20, 'fulfillments'),
    fulfillmentReads: limitOf(limits.fulfillmentReads, 120, 'fulfillmentReads'),
  };
  const storeTimeoutMs = options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  if (!(storeTimeoutMs > 0 && storeTimeoutMs <= MAX_TIMER_MS)) {
    throw new RangeError(
      'createUpsellHandler: storeTimeoutMs must be a positive number of milliseconds, at most 2147483647.',
    );
  }
  // Every store call bounded: a store that hangs (a paused Redis, a client queueing while
  // disconnected) fails as StoreUnavailableError instead of holding the request.
  const store = withStoreDeadline(options.store ?? createMemoryStore(), {
    timeoutMs: storeTimeoutMs,
  });
  let signer: OfferTokenSigner;
  let assertConfigured = () => {};
  if (secret === undefined) {
    let logged = false;
    assertConfigured = () => {
      if (!logged) {
        logged = true;
        logger.error(
          `upsell-kit: ${MISSING_SECRET} The handler was created during \`next build\`, so the check ran on the first request; every request answers 500 until the runtime has the secret.`,
        );
      }
      throw fail('internal_error', 'The upsell server is not configured.');
    };
    const refuse = async (): Promise<never> => {
      assertConfigured();
      throw new Error('unreachable');
    };
    signer = { sign: refuse, verify: refuse };
  } else {
    signer = createOfferTokenSigner(secret);
  }
  const fulfillMs = options.fulfillTimeoutMs ?? 15_000;
  // setTimeout fires at once above 2^31 - 1 ms (about 24.8 days).
  if (!(fulfillMs > 0 && fulfillMs <= MAX_TIMER_MS)) {
    throw new RangeError(
      'createUpsellHandler: fulfillTimeoutMs must be a positive number of milliseconds, at most 2147483647.',
    );
  }

  const trustProxy = checkTrustProxy(options.trustProxy);
  const emit = createEmit(options.onEvent, logger);
  const warnOnce = createWarnOnce(logger);
  const storeFallback = createStoreFallback(store, logger);
  const guard = createUpstreamGuard({
    // Per instance during a store outage (logged once): offers and events keep working.
    store: storeFallback.store,
    logger,
    now: Date.now,
    deadlineMs,
    budget: options.upstreamBudget,
    offerCache: options.offerCache,
    eventQueue: options.eventQueue,
    telemetry: options.telemetry,
    emit: (event) => emit({ ...event, identity: null }),
    sendEvent: async (event) => {
      // Offer events are "not enabled for live sites by default": once Chargebee refuses them so,
      // they are paused fleet-wide (through the store) and dropped quietly; the UI still gets 204.
      if (await isPaused(store, 'offer_events')) return undefined;
      try {
        return await chargebee.offerEvent.offerEvents({
          personalized_offer_id: event.personalizedOfferId,
          type: event.type,
        });
      } catch (error) {
        const failure = normalizeUpstreamError(error);
        if (!isOfferEventsRefusal(failure)) throw error;
        await pauseCalls(store, 'offer_events', OFFER_EVENTS_PAUSE_MS);
        warnOnce(
          'offer_events_refused',
          'upsell-kit: Chargebee refused offer events: they are "not enabled for live sites by default". Ask Chargebee support to enable offer events (Chargebee Growth) for this site. Events are paused for 30 minutes at a time meanwhile; prompts work as usual.',
          { status: failure.upstreamStatus, apiErrorCode: failure.apiErrorCode },
        );
        return undefined;
      }
    },
  });

  return {
    chargebee,
    upstream: (operation, run, priority) =>
      guard.call(operation, priority ?? priorityOf(operation), run),
    guard,
    store,
    storeFallback,
    unknownOutcomes: createUnknownOutcomeLedger(store, { ttlMs: RECORD_TTL_MS }),
    uncertainClaims: new Map(),
    logger,
    signer,
    assertConfigured,
    trustProxy,
    navigation: createNavigationCheck({
      chargebee,
      baseUrl: connection?.baseUrl,
      allowedRedirectHosts: options.allowedRedirectHosts,
      trustProxy,
      logger,
    }),
    basePath: normalizeBasePath(options.basePath),
    bodyLimit,
    allowedOrigins,
    rateLimits,
    timeouts: { upstreamMs, deadlineMs, fulfillMs },
    identify: options.identify,
    custom: options.custom,
    fulfillers: options.fulfill ?? {},
    listening: Boolean(options.onEvent),
    emit,
    warnOnce,
    creating: new Map(),
  };
}

/** How long offer events stay paused after Chargebee refused them as not enabled for the site. */
const OFFER_EVENTS_PAUSE_MS = 30 * 60_000;

/**
 * At most this many distinct keys are warned about: past it, new ones are not logged, so that
 * neither memory nor the log grows with what requests can vary (e.g. refused origins).
 */
const WARN_ONCE_KEYS = 200;

function createWarnOnce(logger: UpsellLogger): HandlerContext['warnOnce'] {
  const seen = new Set<string>();
  return (key, message, detail) => {
    if (seen.has(key) || seen.size >= WARN_ONCE_KEYS) return;
    seen.add(key);
    logger.warn(message, detail);
  };
}
