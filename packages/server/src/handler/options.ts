import type Chargebee from 'chargebee';
import { createOfferEvents, type OfferEventDecision } from '../events/offer-events';
import { createOfferEventSender } from '../events/send-offer-event';
import { createUnknownOutcomeLedger } from '../fulfillment/create-unknown-outcome-ledger';
import { RECORD_TTL_MS } from '../fulfillment/record';
import { createRedactingLogger } from '../http/redact';
import { checkTrustProxy } from '../http/request-hosts';
import { fail } from '../http/responses';
import { createNavigationCheck } from '../navigation/create-navigation-check';
import { createMemoryStore } from '../stores/create-memory-store';
import { createStoreFallback } from '../stores/create-store-fallback';
import { withStoreDeadline } from '../stores/with-store-deadline';
import { createOfferTokenSigner, type OfferTokenSigner } from '../tokens/offer-token';
import { createCallBudget } from '../upstream/call-budget';
import { createChargebeeClient } from '../upstream/chargebee-client';
import { createConfigurationErrors } from '../upstream/configuration-errors';
import { createFleetPause } from '../upstream/fleet-pause';
import { createFulfillmentReads } from '../upstream/fulfillment-reads';
import { createMeteredCaller, type CallerEvent } from '../upstream/metered-caller';
import { createOfferCache } from '../upstream/offer-cache';
import { priorityOf } from '../upstream/upstream-priority';
import { checkOptions } from './check-options';
import type { HandlerContext } from './context';
import { createEmit } from './create-emit';
import { createWarnOnce } from './create-warn-once';
import { MISSING_SECRET, resolveSecret } from './resolve-secret';
import type { UpsellHandlerOptions } from './upsell-handler-options';

/**
 * The composition root: checks the options (`checkOptions`), then builds the parts of the
 * {@link HandlerContext} and wires them together (the Chargebee client, the redacting logger, the
 * bounded store, the call budget and its fleet-wide pause, the metered caller, the offer cache,
 * offer events, fulfillment reads). Throws on options that cannot work.
 */
export function resolveOptions(options: UpsellHandlerOptions): HandlerContext {
  const checked = checkOptions(options);
  const { connection, timeouts } = checked;
  const chargebee: Chargebee = connection
    ? createChargebeeClient(connection)
    : (options.chargebee as Chargebee);
  // A ready instance keeps its key in a private field: read it anyway, since a key that is not
  // redacted may reach a log line (the SDK quotes request options in some errors).
  const env = (chargebee as unknown as { _env?: { apiKey?: unknown; site?: unknown } })._env;
  const apiKey = connection?.apiKey ?? env?.apiKey;
  const site = connection?.site ?? (typeof env?.site === 'string' ? env.site : undefined);
  const logger = createRedactingLogger(
    options.logger ?? console,
    typeof apiKey === 'string' ? [apiKey] : [],
  );
  const secret = resolveSecret(options.secret, (message) => logger.warn(message));
  // Every store call bounded: a store that hangs (a paused Redis, a client queueing while
  // disconnected) fails as StoreUnavailableError instead of holding the request.
  const store = withStoreDeadline(options.store ?? createMemoryStore(), {
    timeoutMs: checked.storeTimeoutMs,
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

  const trustProxy = checkTrustProxy(options.trustProxy);
  const emit = createEmit(options.onEvent, logger);
  const warnOnce = createWarnOnce(logger);
  const storeFallback = createStoreFallback(store, logger);
  // Per instance during a store outage (logged once): offers and events keep working.
  const degradable = storeFallback.store;
  // Read through `Date` at each call (not a reference taken now), so that a clock replaced later
  // (a test's fake timers) is the one every part follows.
  const now = () => Date.now();
  const telemetry = options.telemetry;
  // The budget's and the queue's decisions concern no one request: `identity` is null.
  const decided = (event: CallerEvent | OfferEventDecision) => emit({ ...event, identity: null });
  const pause = createFleetPause({ store: degradable, now, logger });
  const budget = createCallBudget({
    store: degradable,
    pause,
    requestsPerMinute: checked.requestsPerMinute,
    reserves: checked.reserves,
    perIdentity: checked.perIdentity,
    now,
    logger,
  });
  const caller = createMeteredCaller({
    budget,
    pause,
    logger,
    now,
    deadlineMs: timeouts.deadlineMs,
    telemetry,
    emit: decided,
    configurationErrors: createConfigurationErrors({ logger, site, now }),
  });
  const offers = createOfferCache({
    store: degradable,
    maxAgeMs: checked.offerCacheMaxAgeMs,
    now,
    telemetry,
    onStoreError: (error) =>
      logger.error('upsell-kit: the store failed; offers are fetched without the cache meanwhile', {
        error,
      }),
  });
  const events = createOfferEvents({
    store: degradable,
    caller,
    logger,
    now,
    ...checked.eventQueue,
    telemetry,
    emit: decided,
    send: createOfferEventSender({ chargebee, pause, warnOnce }),
  });

  return {
    chargebee,
    site,
    upstream: (operation, run, priority, identity) =>
      caller.call(operation, priority ?? priorityOf(operation), run, identity),
    caller,
    budget,
    pause,
    offers,
    events,
    fulfillmentReads: createFulfillmentReads({ store: degradable, caller, now }),
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
    basePath: checked.basePath,
    bodyLimit: checked.bodyLimit,
    allowedOrigins: checked.allowedOrigins,
    rateLimits: checked.rateLimits,
    frequencyCaps: checked.frequencyCaps,
    debug: checked.debug,
    timeouts,
    identify: options.identify,
    custom: options.custom,
    customFields: checked.customFields,
    fulfillers: options.fulfill ?? {},
    listening: Boolean(options.onEvent),
    emit,
    warnOnce,
    creating: new Map(),
  };
}
