import {
  UpsellError,
  eventRequestSchema,
  fulfillmentRequestSchema,
  isWellFormed,
  LIMITS,
  offersRequestSchema,
  type CustomFields,
  type Fulfillment,
  type FulfillmentCreateResponse,
  type FulfillmentGrant,
  type Identity,
  type OffersResponse,
} from '@upsell-kit/core';
import type Chargebee from 'chargebee';
import type { GrantBlock } from 'chargebee';
import * as v from 'valibot';
import { callUpstream, upstreamFailureOf } from '../upstream/call-upstream';
import {
  createChargebeeClient,
  DEFAULT_TIMEOUT_MS,
  isConnectionOptions,
} from '../upstream/chargebee-client';
import { createMemoryStore } from '../stores/create-memory-store';
import type { Fulfiller, FulfillerResult } from '../fulfillment/fulfiller';
import {
  grantPromotionalCredits as grantWith,
  type PromotionalGrantInput,
} from '../grants/grant-promotional-credits';
import { createOfferTokenSigner, type OfferTokenClaims } from '../tokens/offer-token';
import { readJsonBody } from '../http/read-json-body';
import { createRedactingLogger } from '../http/redact';
import { errorResponse, fail, jsonResponse, noContent } from '../http/responses';
import type { UpsellStore } from '../stores/upsell-store';
import type { UpsellEvent } from './upsell-event';
import type { UpsellHandlerOptions } from './upsell-handler-options';
import {
  fulfillmentOf,
  hostedPageOf,
  parseFulfillment,
  parseHostedPage,
  parsePersonalizedOffers,
} from '../upstream/upstream-shapes';

/**
 * The one Fetch handler, plus the server-side operations bound to its Chargebee instance.
 *
 * @example
 * const upsell = createUpsellHandler(options);
 * const response = await upsell(new Request('https://app.example.com/api/upsell/offers', init));
 */
export interface UpsellHandler {
  /**
   * Serves the HTTP contract for one request. Never throws: every failure is a JSON error.
   * `context.routePath` (for adapters that know the path below the mount point) overrides
   * matching the URL against `basePath`.
   */
  (request: Request, context?: { routePath?: string }): Promise<Response>;
  /** Marks a webhook / email / url_redirect fulfillment `completed` (Chargebee's Update API). */
  completeFulfillment(fulfillmentId: string): Promise<Fulfillment>;
  /** Marks a webhook / email / url_redirect fulfillment `failed` with a reason (≤ 100 characters). */
  failFulfillment(fulfillmentId: string, reason: string): Promise<Fulfillment>;
  /** `grantPromotionalCredits` with this handler's Chargebee instance and logger. */
  grantPromotionalCredits(input: PromotionalGrantInput): Promise<GrantBlock[]>;
  /** The mount path the handler matches request URLs against. */
  readonly basePath: string;
  /** The request body limit in bytes (adapters cap their streams with it). */
  readonly bodyLimit: number;
}

const MINUTE_MS = 60_000;
const READ_GRACE_SECONDS = 24 * 60 * 60;
/** Fulfillments fail upstream after 7 days without an update: keep records a little longer. */
const RECORD_TTL_MS = 8 * 24 * 60 * 60 * 1000;
/** How long an accept whose outcome is unknown (timeout) blocks further creates. */
const UNKNOWN_TTL_MS = 30_000;
/** How long Chargebee's refusal of a create (accepted elsewhere) answers further accepts. */
const REFUSED_TTL_MS = 5 * 60_000;
const SERVER_FULFILLED = new Set(['webhook', 'email', 'url_redirect']);
const FULFILLMENT_ID = /^[A-Za-z0-9_-]{1,100}$/;
/** What a fulfiller's deadline resolves to. */
const FULFILL_TIMEOUT = Symbol('fulfill timeout');
const MAX_TIMER_MS = 2 ** 31 - 1;

type FulfillmentRecord =
  | { state: 'pending' }
  | { state: 'unknown' }
  | { state: 'refused' }
  | { state: 'done'; id: string; grant: FulfillmentGrant | null };

// One random development secret per process: handlers re-created by hot reloading keep
// accepting the tokens the page already holds.
let developmentSecret: string | undefined;

function isProduction(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  return env?.NODE_ENV === 'production';
}

function resolveSecret(secret: string | undefined, log: (message: string) => void): string {
  if (secret === undefined || secret === '') {
    if (isProduction()) {
      throw new Error(
        'createUpsellHandler: `secret` is required in production. Set it to a random string of at least 32 bytes, the same on every instance (e.g. `openssl rand -base64 32`).',
      );
    }
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

/** The first validation issue as a short sentence (capped, since it may quote the input). */
function describeIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'The request body is invalid.';
  const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
  if (issue.kind === 'schema' && issue.expected === 'never' && path) {
    return `Unknown member "${path.slice(0, 80)}" in the request body.`;
  }
  const message = `Invalid request body${path ? ` at "${path.slice(0, 80)}"` : ''}: ${issue.message}`;
  return message.length > 200 ? `${message.slice(0, 197)}…` : message;
}

function parseBody<T>(schema: v.GenericSchema<unknown, T>, body: unknown): T {
  const result = v.safeParse(schema, body);
  if (!result.success) throw fail('invalid_request', describeIssue(result.issues));
  return result.output;
}

const alreadyAccepted = () =>
  fail('offer_already_accepted', 'This offer has already been accepted.');

/** Cuts to at most `max` UTF-16 units without leaving half a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const sliced = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(sliced) ? sliced.slice(0, -1) : sliced;
}

/**
 * Creates the upsell handler: the whole HTTP contract (`POST /offers`, `POST /events`,
 * `POST /fulfillments`, `GET /fulfillments/{id}`) as one Fetch-standard function that runs on
 * Node, edge runtimes and in a browser. Mount it with `@upsell-kit/server/next`, `/express` or
 * `/node`.
 *
 * @example
 * import { createUpsellHandler } from '@upsell-kit/server';
 *
 * export const upsell = createUpsellHandler({
 *   chargebee: { site: process.env.CHARGEBEE_SITE!, apiKey: process.env.CHARGEBEE_API_KEY! },
 *   secret: process.env.UPSELL_SECRET,
 *   identify: async (request) => {
 *     const session = await getSession(request);
 *     return session ? { customerId: session.customerId, subscriptionId: session.subscriptionId } : null;
 *   },
 * });
 */
export function createUpsellHandler(options: UpsellHandlerOptions): UpsellHandler {
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
  const timeoutMs = connection?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Our own client times out by itself; the deadline is the backstop for ready instances.
  const deadlineMs = timeoutMs + 1_000;
  const apiKey =
    connection?.apiKey ?? (chargebee as unknown as { _env?: { apiKey?: unknown } })._env?.apiKey;
  const logger = createRedactingLogger(
    options.logger ?? console,
    typeof apiKey === 'string' ? [apiKey] : [],
  );
  const secret = resolveSecret(options.secret, (message) => logger.warn(message));
  const signer = createOfferTokenSigner(secret);
  const store: UpsellStore = options.store ?? createMemoryStore();
  const basePath = normalizeBasePath(options.basePath);
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
  const fulfillers = options.fulfill ?? {};
  const fulfillTimeoutMs = options.fulfillTimeoutMs ?? 15_000;
  // setTimeout fires at once above 2^31 - 1 ms (about 24.8 days).
  if (!(fulfillTimeoutMs > 0 && fulfillTimeoutMs <= MAX_TIMER_MS)) {
    throw new RangeError(
      'createUpsellHandler: fulfillTimeoutMs must be a positive number of milliseconds, at most 2147483647.',
    );
  }
  /** Fulfillment creates in flight on this instance, by record key (`null`: the create failed). */
  const creating = new Map<string, Promise<Fulfillment | null>>();
  const upstream = <T>(operation: string, run: () => Promise<T>) =>
    callUpstream(operation, run, { logger, deadlineMs });

  // ---- helpers -------------------------------------------------------------------------------

  const emit = (event: UpsellEvent): void => {
    if (!options.onEvent) return;
    try {
      const result = options.onEvent(event);
      if (result && typeof (result as Promise<void>).then === 'function') {
        (result as Promise<void>).then(undefined, (error: unknown) =>
          logger.error('upsell-kit: onEvent failed', { event: event.type, error }),
        );
      }
    } catch (error) {
      logger.error('upsell-kit: onEvent failed', { event: event.type, error });
    }
  };

  /** Emits `fulfilled` / `failed` once per fulfillment (and store), however it was learned. */
  const observeFinal = async (fulfillment: Fulfillment, identity: Identity | null) => {
    if (fulfillment.status === 'in_progress' || !options.onEvent) return;
    const first = await store.setIfAbsent(`final:${fulfillment.id}`, '1', RECORD_TTL_MS);
    if (!first) return;
    emit({
      type: fulfillment.status === 'completed' ? 'fulfilled' : 'failed',
      identity,
      personalizedOfferId: fulfillment.personalized_offer_id,
      optionId: fulfillment.option_id,
      fulfillmentId: fulfillment.id,
      ...(fulfillment.error ? { reason: fulfillment.error.code } : {}),
    });
  };

  const checkCrossSite = (request: Request): void => {
    const contentType = request.headers.get('content-type') ?? '';
    const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      throw fail('unsupported_media_type', 'The request body must be application/json.');
    }
    if (request.headers.get('sec-fetch-site')?.trim().toLowerCase() === 'cross-site') {
      throw fail('cross_site_request', 'Cross-site requests are not allowed.');
    }
    const origin = request.headers.get('origin');
    if (origin !== null && !allowedOrigins.has(origin) && !isOwnOrigin(origin, request)) {
      throw fail('cross_site_request', 'Requests from this origin are not allowed.');
    }
  };

  const identify = async (request: Request): Promise<Identity> => {
    const identity = await options.identify(request);
    if (identity === null || identity === undefined) {
      throw fail('unauthenticated', 'Sign in to see offers.');
    }
    if (typeof identity.customerId !== 'string' || identity.customerId === '') {
      throw new TypeError('identify() returned an identity without a customerId.');
    }
    return identity;
  };

  const verifyToken = async (
    token: string,
    identity: Identity,
    graceSeconds: number,
  ): Promise<OfferTokenClaims> => {
    const claims = await signer.verify(token);
    if (
      !claims ||
      claims.customerId !== identity.customerId ||
      claims.subscriptionId !== (identity.subscriptionId ?? null)
    ) {
      throw fail('forbidden', 'The offer token is not valid for this customer.');
    }
    if (Date.now() / 1000 > claims.expiresAt + graceSeconds) {
      throw fail('offer_expired', 'The offer has expired. Fetch offers again.');
    }
    return claims;
  };

  const rateLimit = async (bucket: keyof typeof rateLimits, identity: Identity): Promise<void> => {
    const limit = rateLimits[bucket];
    if (limit === false) return;
    const now = Date.now();
    const windowStart = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const user = identity.externalUserId ?? identity.email ?? '';
    // JSON keeps the two ids apart whatever they contain (encodeURIComponent throws on a lone
    // surrogate, which would turn an odd identity into a 500).
    const key = `rate:${bucket}:${windowStart}:${JSON.stringify([identity.customerId, user])}`;
    const count = await store.increment(key, MINUTE_MS + 1_000);
    if (count > limit) {
      const retryAfter = Math.max(1, Math.ceil((windowStart + MINUTE_MS - now) / 1000));
      throw fail('rate_limited', 'Too many requests. Try again later.', retryAfter);
    }
  };

  const readRecord = async (key: string): Promise<FulfillmentRecord | null> => {
    const raw = await store.get(key);
    if (raw === null) return null;
    try {
      return JSON.parse(raw) as FulfillmentRecord;
    } catch {
      return null;
    }
  };

  const retrieveFulfillment = async (id: string, grant: FulfillmentGrant | null) => {
    const body = await upstream('offer_fulfillments.retrieve', () =>
      chargebee.offerFulfillment.offerFulfillmentsGet(id),
    );
    return parseFulfillment(fulfillmentOf(body), grant);
  };

  const updateFulfillment = async (
    id: string,
    outcome: { status: 'completed' } | { status: 'failed'; reason: string },
    grant: FulfillmentGrant | null,
  ) => {
    const body = await upstream('offer_fulfillments.update', () =>
      chargebee.offerFulfillment.offerFulfillmentsUpdate(
        id,
        outcome.status === 'completed'
          ? { id, status: 'completed' }
          : { id, status: 'failed', failure_reason: cut(outcome.reason, 100) },
      ),
    );
    return parseFulfillment(fulfillmentOf(body), grant);
  };

  const findFulfiller = (optionId: string, offerId: string): Fulfiller | undefined => {
    if (Object.hasOwn(fulfillers, optionId)) return fulfillers[optionId];
    if (Object.hasOwn(fulfillers, offerId)) return fulfillers[offerId];
    return undefined;
  };

  /** A fulfiller's outcome, checked: anything but a well-formed result counts as `failed`. */
  const outcomeOf = (result: unknown, fulfillmentId: string): FulfillerResult => {
    const outcome = result as FulfillerResult | null;
    if (
      typeof outcome !== 'object' ||
      outcome === null ||
      (outcome.status !== 'completed' && outcome.status !== 'failed')
    ) {
      logger.error(
        'upsell-kit: a fulfiller must resolve to { status: "completed" } or { status: "failed", reason }',
        { fulfillmentId },
      );
      return { status: 'failed', reason: 'The server could not fulfill the offer.' };
    }
    if (
      outcome.status === 'failed' &&
      (typeof outcome.reason !== 'string' || !outcome.reason.trim())
    ) {
      return { status: 'failed', reason: 'The server could not fulfill the offer.' };
    }
    return outcome;
  };

  /**
   * Records a fulfiller's outcome (its grant, for status reads) and reports it through the Update
   * API. Never rejects: a failure is logged, and the fulfillment stays `in_progress` for the
   * merchant to complete later.
   */
  const reportOutcome = async (
    outcome: FulfillerResult,
    fulfillment: Fulfillment,
    identity: Identity,
    recordKey: string,
  ): Promise<Fulfillment> => {
    const grant = outcome.status === 'completed' ? (outcome.grant ?? null) : null;
    if (grant) {
      // Status reads show the grant from this record; Chargebee is told either way.
      await Promise.resolve()
        .then(() =>
          store.set(
            recordKey,
            JSON.stringify({ state: 'done', id: fulfillment.id, grant }),
            RECORD_TTL_MS,
          ),
        )
        .catch((error: unknown) =>
          logger.error('upsell-kit: could not store the grant of a fulfillment', {
            fulfillmentId: fulfillment.id,
            error,
          }),
        );
    }
    try {
      const updated = await updateFulfillment(
        fulfillment.id,
        outcome.status === 'completed'
          ? { status: 'completed' }
          : { status: 'failed', reason: outcome.reason },
        grant,
      );
      await observeFinal(updated, identity);
      return updated;
    } catch (error) {
      // The grant (if any) stands; the fulfillment stays in_progress and the merchant can call
      // completeFulfillment later. An upstream failure is already logged with its detail.
      logger.error('upsell-kit: could not report the fulfiller outcome to Chargebee', {
        fulfillmentId: fulfillment.id,
        outcome: outcome.status,
        code: error instanceof UpsellError ? error.code : undefined,
      });
      return { ...fulfillment, grant };
    }
  };

  /**
   * Runs a fulfiller and reports its outcome through the Update API. An accept waits for it up to
   * `fulfillTimeoutMs`; past that it is answered with the fulfillment still `in_progress`, and the
   * outcome is reported when it arrives (a grant that lands late still completes the fulfillment).
   */
  const runFulfiller = async (
    fulfiller: Fulfiller,
    fulfillment: Fulfillment,
    claims: OfferTokenClaims,
    identity: Identity,
    request: Request,
    recordKey: string,
  ): Promise<Fulfillment> => {
    const outcome = Promise.resolve()
      .then(() => fulfiller({ fulfillment, offerId: claims.offerId, identity, chargebee, request }))
      .then(
        (result) => outcomeOf(result, fulfillment.id),
        (error: unknown): FulfillerResult => {
          logger.error('upsell-kit: fulfiller failed', {
            fulfillmentId: fulfillment.id,
            error,
            upstream: upstreamFailureOf(error)?.detail,
          });
          return { status: 'failed', reason: 'The server could not fulfill the offer.' };
        },
      );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const result = await Promise.race([
      outcome,
      new Promise<typeof FULFILL_TIMEOUT>((resolve) => {
        timer = setTimeout(() => resolve(FULFILL_TIMEOUT), fulfillTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (result !== FULFILL_TIMEOUT) return reportOutcome(result, fulfillment, identity, recordKey);
    logger.error(
      'upsell-kit: a fulfiller did not finish within fulfillTimeoutMs; the accept is answered with the fulfillment in_progress, and the outcome is reported to Chargebee when it arrives',
      { fulfillmentId: fulfillment.id, fulfillTimeoutMs },
    );
    void outcome.then(async (late) => {
      const final = await reportOutcome(late, fulfillment, identity, recordKey);
      logger.info('upsell-kit: a late fulfiller outcome was reported', {
        fulfillmentId: fulfillment.id,
        status: final.status,
      });
    });
    return fulfillment;
  };

  // ---- routes --------------------------------------------------------------------------------

  const postOffers = async (request: Request): Promise<Response> => {
    const body = parseBody(offersRequestSchema, await readJsonBody(request, bodyLimit));
    const identity = await identify(request);
    await rateLimit('offers', identity);

    let custom: CustomFields = body.custom ?? {};
    if (options.custom) custom = await options.custom(request, identity, { ...custom });
    const userAgent = request.headers.get('user-agent');
    const requestContext = {
      ...body.context,
      ...(userAgent ? { user_agent: cut(userAgent, 255) } : {}),
    };
    const params = {
      customer_id: identity.customerId,
      ...(identity.subscriptionId ? { subscription_id: identity.subscriptionId } : {}),
      ...(identity.firstName ? { first_name: identity.firstName } : {}),
      ...(identity.lastName ? { last_name: identity.lastName } : {}),
      ...(identity.email ? { email: identity.email } : {}),
      ...(identity.roles?.length ? { roles: identity.roles } : {}),
      ...(identity.externalUserId ? { external_user_id: identity.externalUserId } : {}),
      custom,
      request_context: requestContext,
    };
    const result = parsePersonalizedOffers(
      await upstream('personalized_offers', () =>
        chargebee.personalizedOffer.personalizedOffers(params),
      ),
    );
    // An offer without expires_at still gets a bounded token.
    const tokenExpiry = result.expires_at ?? Math.floor(Date.now() / 1000) + 3600;
    const offers = await Promise.all(
      result.offers.map(async (offer) => ({
        id: offer.id,
        offer_id: offer.offer_id,
        token: await signer.sign({
          personalizedOfferId: offer.id,
          offerId: offer.offer_id,
          options: offer.options.map((option) => ({
            id: option.id,
            processingType: option.processing_type,
          })),
          customerId: identity.customerId,
          subscriptionId: identity.subscriptionId ?? null,
          expiresAt: tokenExpiry,
        }),
        content: offer.content,
        options: offer.options,
      })),
    );
    for (const offer of offers) {
      emit({
        type: 'offer_fetched',
        identity,
        personalizedOfferId: offer.id,
        offerId: offer.offer_id,
      });
    }
    const response: OffersResponse = { offers, expires_at: result.expires_at, brand: result.brand };
    return jsonResponse(200, response);
  };

  const postEvents = async (request: Request): Promise<Response> => {
    const body = parseBody(eventRequestSchema, await readJsonBody(request, bodyLimit));
    const identity = await identify(request);
    const claims = await verifyToken(body.token, identity, 0);
    await rateLimit('events', identity);
    await upstream('offer_events', () =>
      chargebee.offerEvent.offerEvents({
        personalized_offer_id: claims.personalizedOfferId,
        type: body.type,
      }),
    );
    emit({
      type: body.type,
      identity,
      personalizedOfferId: claims.personalizedOfferId,
      offerId: claims.offerId,
    });
    return noContent();
  };

  const existingFulfillment = async (
    record: Extract<FulfillmentRecord, { state: 'done' }>,
    identity: Identity,
  ): Promise<Response> => {
    const fulfillment = await retrieveFulfillment(record.id, record.grant);
    await observeFinal(fulfillment, identity);
    const response: FulfillmentCreateResponse = { fulfillment, hosted_page: null };
    return jsonResponse(200, response);
  };

  const postFulfillments = async (request: Request): Promise<Response> => {
    const body = parseBody(fulfillmentRequestSchema, await readJsonBody(request, bodyLimit));
    const identity = await identify(request);
    const claims = await verifyToken(body.token, identity, 0);
    if (!claims.options.some((option) => option.id === body.option_id)) {
      throw fail('invalid_request', 'option_id is not an option of this offer.');
    }
    await rateLimit('fulfillments', identity);

    const key = `fulfillment:${claims.personalizedOfferId}`;
    const waitUntil = Date.now() + timeoutMs + 2_000;
    const busy = (retryAfter: number) =>
      fail(
        'upstream_unavailable',
        'The offer is being accepted. Try again in a moment.',
        retryAfter,
      );
    // Exactly one upstream create per personalized offer: the store's set-if-absent decides who
    // creates; everyone else waits for the record and answers from it, never with a create of
    // their own. A claim released without a record (the create failed) ends the wait at once.
    let sawClaim = false;
    for (let attempt = 0; ; attempt++) {
      // A create in flight on this instance: its answer is the freshest status there is, so
      // waiting for it saves Chargebee a retrieve per waiter (a double click, a burst of retries).
      const inFlight = creating.get(key);
      if (inFlight) {
        // Bounded like the polling below: a fulfiller that hangs holds up its own request only.
        let timer: ReturnType<typeof setTimeout> | undefined;
        const created = await Promise.race([
          inFlight,
          new Promise<undefined>((resolve) => {
            timer = setTimeout(() => resolve(undefined), Math.max(0, waitUntil - Date.now()));
          }),
        ]).finally(() => clearTimeout(timer));
        if (created === undefined) throw busy(1);
        if (created) return jsonResponse(200, { fulfillment: created, hosted_page: null });
        sawClaim = true;
        continue;
      }
      const record = await readRecord(key);
      if (record?.state === 'done') return existingFulfillment(record, identity);
      if (record?.state === 'refused') throw alreadyAccepted();
      if (record?.state === 'unknown') throw busy(Math.ceil(UNKNOWN_TTL_MS / 1000));
      if (record === null) {
        if (sawClaim) throw busy(1);
        const claimed = await store.setIfAbsent(
          key,
          JSON.stringify({ state: 'pending' }),
          timeoutMs * 2 + 30_000,
        );
        if (claimed) {
          let settle: (created: Fulfillment | null) => void = () => {};
          creating.set(key, new Promise((resolve) => (settle = resolve)));
          try {
            const created = await createFulfillment(request, body.option_id, claims, identity, key);
            settle(created.fulfillment);
            return jsonResponse(201, created);
          } catch (error) {
            settle(null);
            throw error;
          } finally {
            creating.delete(key);
          }
        }
      }
      sawClaim = true;
      if (Date.now() > waitUntil || attempt >= 200) throw busy(1);
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(25 * 2 ** Math.min(attempt, 3), 200)),
      );
    }
  };

  const createFulfillment = async (
    request: Request,
    optionId: string,
    claims: OfferTokenClaims,
    identity: Identity,
    key: string,
  ): Promise<FulfillmentCreateResponse> => {
    let body: unknown;
    try {
      body = await upstream('offer_fulfillments.create', () =>
        chargebee.offerFulfillment.offerFulfillments({
          personalized_offer_id: claims.personalizedOfferId,
          option_id: optionId,
        }),
      );
    } catch (error) {
      const failure = upstreamFailureOf(error);
      if (failure?.definite) {
        const status = failure.upstreamStatus ?? 0;
        // Chargebee refuses a second fulfillment of an offer with a 4xx whose exact code is not
        // documented; its message is not an API. Auth and rate-limit answers are not refusals.
        if (status >= 400 && status < 500 && ![401, 403, 429].includes(status)) {
          // Remembered for a while, so that concurrent and repeated accepts answer 409 without
          // asking Chargebee again.
          await store.set(key, JSON.stringify({ state: 'refused' }), REFUSED_TTL_MS);
          throw alreadyAccepted();
        }
        await store.delete(key);
      } else {
        // Chargebee may have created it: block further creates for a while rather than guess.
        await store.set(key, JSON.stringify({ state: 'unknown' }), UNKNOWN_TTL_MS);
      }
      throw error;
    }

    let fulfillment: Fulfillment;
    try {
      fulfillment = parseFulfillment(fulfillmentOf(body), null);
    } catch (error) {
      await store.set(key, JSON.stringify({ state: 'unknown' }), UNKNOWN_TTL_MS);
      logger.error('upsell-kit: malformed offer_fulfillments.create response', { error });
      throw error;
    }
    await store.set(
      key,
      JSON.stringify({ state: 'done', id: fulfillment.id, grant: null }),
      RECORD_TTL_MS,
    );
    const hostedPage = parseHostedPage(hostedPageOf(body));
    emit({
      type: 'accepted',
      identity,
      personalizedOfferId: claims.personalizedOfferId,
      offerId: claims.offerId,
      optionId,
      fulfillmentId: fulfillment.id,
    });

    const fulfiller = findFulfiller(optionId, claims.offerId);
    if (fulfiller) {
      if (SERVER_FULFILLED.has(fulfillment.processing_type)) {
        fulfillment = await runFulfiller(fulfiller, fulfillment, claims, identity, request, key);
      } else {
        logger.warn(
          `upsell-kit: a fulfiller is mapped to option ${optionId}, but its processing type ${fulfillment.processing_type} is fulfilled by Chargebee; the fulfiller did not run.`,
        );
      }
    }
    return { fulfillment, hosted_page: hostedPage };
  };

  const getFulfillment = async (request: Request, rawId: string): Promise<Response> => {
    let id: string;
    try {
      id = decodeURIComponent(rawId);
    } catch {
      throw fail('not_found', 'No such fulfillment.');
    }
    if (!FULFILLMENT_ID.test(id)) throw fail('not_found', 'No such fulfillment.');
    const token = new URL(request.url).searchParams.get('token');
    if (!token || token.length > LIMITS.token || !isWellFormed(token)) {
      throw fail('invalid_request', 'The query parameter token is required.');
    }
    const identity = await identify(request);
    // A read answers 404 for a token that is not this customer's, as for a fulfillment of another
    // offer: the contract's read rule, so that a read never tells whose fulfillment exists.
    const claims = await verifyToken(token, identity, READ_GRACE_SECONDS).catch(
      (error: unknown) => {
        if (error instanceof UpsellError && error.code === 'forbidden') {
          throw fail('not_found', 'No such fulfillment.');
        }
        throw error;
      },
    );
    await rateLimit('fulfillmentReads', identity);

    const record = await readRecord(`fulfillment:${claims.personalizedOfferId}`);
    // An offer has one fulfillment: when this adapter created it, any other id is not the
    // token's, and Chargebee need not be asked.
    if (record?.state === 'done' && record.id !== id)
      throw fail('not_found', 'No such fulfillment.');
    const grant = record?.state === 'done' ? record.grant : null;
    let fulfillment: Fulfillment;
    try {
      fulfillment = await retrieveFulfillment(id, grant);
    } catch (error) {
      const status = upstreamFailureOf(error)?.upstreamStatus;
      if (status === 404 || status === 400) throw fail('not_found', 'No such fulfillment.');
      throw error;
    }
    if (fulfillment.personalized_offer_id !== claims.personalizedOfferId) {
      throw fail('not_found', 'No such fulfillment.');
    }
    await observeFinal(fulfillment, identity);
    return jsonResponse(200, { fulfillment });
  };

  // ---- dispatch ------------------------------------------------------------------------------

  type Route = { methods: string[]; run: (request: Request, param?: string) => Promise<Response> };

  const match = (path: string): { route: Route; param?: string } | undefined => {
    if (path === '/offers') return { route: { methods: ['POST'], run: postOffers } };
    if (path === '/events') return { route: { methods: ['POST'], run: postEvents } };
    if (path === '/fulfillments') return { route: { methods: ['POST'], run: postFulfillments } };
    const read = /^\/fulfillments\/([^/]+)$/.exec(path);
    if (read?.[1]) {
      return {
        route: { methods: ['GET'], run: (request) => getFulfillment(request, read[1] ?? '') },
      };
    }
    return undefined;
  };

  const routePathOf = (request: Request): string | undefined => {
    let pathname: string;
    try {
      pathname = new URL(request.url).pathname;
    } catch {
      return undefined;
    }
    if (basePath === '') return pathname;
    if (pathname === basePath) return '/';
    return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : undefined;
  };

  const handler = async (request: Request, context?: { routePath?: string }): Promise<Response> => {
    try {
      const path =
        typeof context?.routePath === 'string' ? context.routePath : routePathOf(request);
      const found = path === undefined ? undefined : match(path);
      if (!found) throw fail('not_found', 'No such endpoint.');
      if (!found.route.methods.includes(request.method)) {
        return errorResponse(
          fail('method_not_allowed', `Use ${found.route.methods.join(' or ')} for this endpoint.`),
          { Allow: found.route.methods.join(', ') },
        );
      }
      if (request.method === 'POST') checkCrossSite(request);
      return await found.route.run(request, found.param);
    } catch (error) {
      if (error instanceof UpsellError && error.code !== 'network_error') {
        if (error.code === 'internal_error') {
          logger.error('upsell-kit: internal error', { error, cause: error.cause });
        }
        return errorResponse(error);
      }
      logger.error('upsell-kit: unexpected error while handling a request', {
        method: request.method,
        url: request.url,
        error,
      });
      return errorResponse(fail('internal_error', 'Something went wrong on the server.'));
    }
  };

  // ---- server-side operations ---------------------------------------------------------------

  const checkFulfillmentId = (id: string) => {
    if (typeof id !== 'string' || !FULFILLMENT_ID.test(id)) {
      throw fail('invalid_request', 'fulfillmentId must be a Chargebee fulfillment id.');
    }
  };

  return Object.assign(handler, {
    basePath,
    bodyLimit,
    async completeFulfillment(fulfillmentId: string) {
      checkFulfillmentId(fulfillmentId);
      const fulfillment = await updateFulfillment(fulfillmentId, { status: 'completed' }, null);
      await observeFinal(fulfillment, null);
      return fulfillment;
    },
    async failFulfillment(fulfillmentId: string, reason: string) {
      checkFulfillmentId(fulfillmentId);
      if (typeof reason !== 'string' || reason.trim() === '' || reason.length > 100) {
        throw fail(
          'invalid_request',
          'reason must be a non-empty string of at most 100 characters.',
        );
      }
      const fulfillment = await updateFulfillment(
        fulfillmentId,
        { status: 'failed', reason },
        null,
      );
      await observeFinal(fulfillment, null);
      return fulfillment;
    },
    grantPromotionalCredits(input: PromotionalGrantInput) {
      return grantWith(chargebee, input, { logger, deadlineMs });
    },
  });
}

/**
 * Whether `Origin` names the host the browser sent this request to. Hosts are compared, as Next.js
 * does for server actions, because behind a proxy or under `next start` `request.url` carries the
 * server's own address and scheme (`http://localhost:3000`), not the one the browser used. A browser
 * can set neither `Host` nor `X-Forwarded-Host` on a cross-site request, so a foreign page still
 * fails the check.
 */
function isOwnOrigin(origin: string, request: Request): boolean {
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false; // `null` (sandboxed frames, file:) and garbage are foreign
  }
  const hosts = [
    request.headers.get('x-forwarded-host')?.split(',')[0]?.trim(),
    request.headers.get('host')?.trim(),
  ];
  try {
    hosts.push(new URL(request.url).host);
  } catch {
    // no usable URL: the headers decide
  }
  return hosts.some(
    (host) => host !== undefined && host !== '' && host.toLowerCase() === originHost,
  );
}
