import type { CustomFields, Identity } from '@upsell-kit/core';
import type Chargebee from 'chargebee';
import type { Fulfiller } from '../fulfillment/fulfiller';
import type { UpsellStore } from '../stores/upsell-store';
import type { TrustProxy } from '../http/request-hosts';
import type { UpsellServerEvent } from './upsell-server-event';
import type { UpsellLogger } from '../http/upsell-logger';
import type { UpsellTelemetry } from '../observability/upsell-telemetry';
import type { OfferCacheOptions } from '../upstream/offer-cache';
import type { EventQueueOptions } from '../events/event-queue-options';
import type { UpstreamBudgetOptions } from '../upstream/upstream-budget-options';
import type { ChargebeeConnectionOptions } from '../upstream/chargebee-connection-options';
import type { FrequencyCapsOptions } from './frequency-caps';

/**
 * Body size and per-identity limits. Rate limits count per identity (customer + user) and minute,
 * only requests that passed every other check (those that would reach Chargebee).
 * @example { bodyBytes: 4096, offers: 30, events: false }
 */
export interface UpsellLimits {
  /** Largest request body in bytes; larger → `413 payload_too_large`. @default 8192 */
  bodyBytes?: number;
  /** `POST /offers` per identity and minute; `false` turns it off. @default 60 */
  offers?: number | false;
  /** `POST /events` per identity and minute; `false` turns it off. @default 120 */
  events?: number | false;
  /** `POST /fulfillments` per identity and minute; `false` turns it off. @default 20 */
  fulfillments?: number | false;
  /** `GET /fulfillments/{id}` per identity and minute; `false` turns it off. @default 120 */
  fulfillmentReads?: number | false;
}

/**
 * Options of `createUpsellHandler`.
 *
 * @example
 * createUpsellHandler({
 *   chargebee: { site: 'acme-test', apiKey: process.env.CHARGEBEE_API_KEY! },
 *   secret: process.env.UPSELL_SECRET,
 *   identify: async (request) => {
 *     const user = await getSession(request);
 *     return user ? { customerId: user.customerId, subscriptionId: user.subscriptionId, externalUserId: user.id } : null;
 *   },
 * });
 */
export interface UpsellHandlerOptions {
  /**
   * How to reach Chargebee: connection options (the handler builds the official SDK with a
   * timeout and, with `baseUrl`, one origin for every call), or a ready `new Chargebee(...)`.
   * With a ready instance, configure its timeout yourself and never enable its `retryConfig`
   * (it would retry fulfillment creation blindly).
   */
  chargebee: ChargebeeConnectionOptions | Chargebee;
  /**
   * Resolves the signed-in customer from the request (cookie, session, JWT…). `null` →
   * `401 unauthenticated`. Only called for requests that passed the cross-site, size and schema
   * checks.
   */
  identify: (request: Request) => Identity | null | Promise<Identity | null>;
  /**
   * Signs offer tokens (HMAC-SHA256). At least 32 bytes; required when `NODE_ENV` is
   * `production`. Every instance serving the same app needs the same secret.
   * @default a random secret per process, with a one-time warning (development only)
   */
  secret?: string;
  /**
   * Where the handler is mounted; request paths are matched below it.
   * @default '/api/upsell'
   */
  basePath?: string;
  /**
   * Replaces or extends the usage context the browser sent (`fromBrowser`, already validated),
   * e.g. to compute usage on the server. The result is sent to Chargebee as `custom`.
   * @default the browser's `custom` unchanged
   * @example custom: async (_request, identity, fromBrowser) => ({ ...fromBrowser, storage_used_percent: await usage(identity.customerId) })
   */
  custom?: (
    request: Request,
    identity: Identity,
    fromBrowser: CustomFields,
  ) => CustomFields | Promise<CustomFields>;
  /**
   * Origins, besides the request's own, allowed to POST (e.g. `https://app.example.com` behind a
   * proxy that rewrites the host).
   * @default []
   */
  allowedOrigins?: string[];
  /**
   * The `custom` keys (after `custom()`) that form the Chargebee request, and so the offer cache's
   * key: any other key is dropped before the call. Declare the fields your audiences use, so that
   * a page (or an attacker) varying undeclared values can neither miss the cache nor spend the
   * budget with them.
   * @default undefined (every key the browser or `custom()` gives is sent)
   * @example customFields: ['storage_used_percent', 'seats_used']
   */
  customFields?: string[];
  /**
   * Hosts, besides the app's own, that URLs from Chargebee may send the browser to: an option's
   * or a fulfillment's `redirect_url` (a `url_redirect` option's page, where a billing update
   * leads), and custom domains of hosted checkout pages. Exact host names, or `*.example.com` for
   * any subdomain of `example.com` (not `example.com` itself); no scheme, port or path. Checkout
   * pages on the site's own Chargebee hosts (`{site}.chargebee.com`) need no entry. Any other URL
   * is refused (logged once per host): an option's redirect becomes `null`, and an accept whose
   * next page is refused answers `502 unsafe_redirect`. `https:` only.
   * @default [] (the app's own host and the site's Chargebee hosts only)
   * @example allowedRedirectHosts: ['www.acme.com', '*.billing.acme.com']
   */
  allowedRedirectHosts?: string[];
  /**
   * Which proxy hops to believe about the host the browser used (`X-Forwarded-Host`), for the
   * same-origin rule. Ignored by default: anything in front of the app that passes a request
   * through unchanged would let a sibling site forge it. `1` behind one proxy that sets the header
   * (Vercel, an Nginx with `proxy_set_header X-Forwarded-Host $host`), `n` behind `n` proxies that
   * each append it, `true` to take its first value as Express's `trust proxy = true` does.
   * @default false
   * @example trustProxy: 1
   */
  trustProxy?: TrustProxy;
  /** Body size and per-identity rate limits. */
  limits?: UpsellLimits;
  /**
   * Fulfillment claims and rate-limit counters. Share one (Redis) between instances.
   * @default createMemoryStore()
   */
  store?: UpsellStore;
  /**
   * Milliseconds each store call may take. Past it, or when the store fails, the store counts as
   * unavailable: accepts answer `503 store_unavailable` with `Retry-After` at once, offers, events
   * and status reads keep working on per-instance state, and the outage is logged once.
   * @default 1000
   * @example storeTimeoutMs: 250
   */
  storeTimeoutMs?: number;
  /**
   * Server-side fulfillers by base offer id or option id (the option id wins), run when such an
   * option of processing type webhook, email or url_redirect is accepted.
   * @default {}
   * @example fulfill: { '6cd5280e': promotionalCredits({ unitId: 'ai_credits', amount: '50', expiresIn: 2_592_000 }) }
   */
  fulfill?: Record<string, Fulfiller>;
  /**
   * Milliseconds an accept waits for its fulfiller. Past it, the accept is answered `201` with
   * the fulfillment still `in_progress` and the delay is logged; the fulfiller's outcome is
   * reported to Chargebee when it arrives (a grant that lands late still completes the
   * fulfillment, and the browser's polling sees it). Keeps a slow or hanging fulfiller from
   * holding the request.
   * @default 15000
   * @example fulfillTimeoutMs: 30_000
   */
  fulfillTimeoutMs?: number;
  /**
   * Server-side analytics hook. Called after the fact; its errors are logged and ignored.
   * @default undefined
   */
  onEvent?: (event: UpsellServerEvent) => void | Promise<void>;
  /**
   * Where problems are logged, with the API key redacted.
   * @default console
   */
  logger?: UpsellLogger;
  /**
   * The fleet-wide budget of Chargebee calls: at most `requestsPerMinute` in any sliding 60 s,
   * across every instance sharing the store. Page loads come first: fulfillment creates and
   * grants have a reserve (10 %) nothing else may take, status reads of accepts in flight one of
   * their own (10 %), dismissals a floor (5 %); offer fetches may use the rest, and views only
   * what page loads arriving now will not need (they wait in the queue and are sent after the
   * rush, oldest first). When it is short, `POST /offers` that misses the cache answers
   * `503 upstream_unavailable` with `Retry-After` at once and offer events are queued. `false`
   * turns it off (Chargebee's own 429s still pause the fleet).
   * @default { requestsPerMinute: 100, reserves: { critical: 0.1, status: 0.1, dismissed: 0.05, offers: 0.1 } }
   * @example upstreamBudget: { requestsPerMinute: 600 } // Performance plan (1,000/min), heavy billing
   */
  upstreamBudget?: UpstreamBudgetOptions | false;
  /**
   * The offer cache: `POST /offers` answered from the store for the same identity and context,
   * cleared on every instance by a dismissal or an accept. `false` turns it off (and with it the
   * hiding of a dismissed offer while its dismissal waits in the queue).
   * @default { maxAgeMs: 60000 }
   * @example offerCache: { maxAgeMs: 30_000 }
   */
  offerCache?: OfferCacheOptions | false;
  /**
   * The queue of `viewed` / `dismissed` events waiting for room in the budget.
   * @default { maxLength: 10000, perIdentity: 20, viewedDedupeMs: 5000 }
   * @example eventQueue: { maxLength: 50_000 }
   */
  eventQueue?: EventQueueOptions;
  /**
   * OpenTelemetry counters and spans of every Chargebee call and every cached, shed, paused,
   * queued and dropped decision. Pass instruments from your own `@opentelemetry/api`; the handler
   * never imports it.
   * @default undefined (none)
   * @example telemetry: { meter: metrics.getMeter('upsell-kit'), tracer: trace.getTracer('upsell-kit') }
   */
  telemetry?: UpsellTelemetry;
  /**
   * How often a customer may be shown a prompt, across tabs, devices and instances (counted in
   * the store, per identity): app-wide and / or per placement (the browser's `placementId`). A
   * display counts when its `viewed` arrives; once a cap is reached, `POST /offers` answers no
   * offer without a Chargebee call (and so no `viewed` follows) until the window has room again.
   * @default undefined (no cap)
   * @example frequency: { app: { max: 2, per: '24h' }, placements: { 'export-modal': { max: 1, per: '7d' } } }
   */
  frequency?: FrequencyCapsOptions;
  /**
   * Development only: answers carry a `debug` member that says what only the server knows — a
   * frequency cap that held the offers back, an answer from the cache, options left out as
   * unknown, and whether a `503 upstream_unavailable` was the budget shedding the fetch, a pause
   * after Chargebee's 429, or Chargebee itself (see `docs/http-api.md`). The browser's debug
   * panel (`@upsell-kit/react/debug`) shows it. Ignored when `NODE_ENV` is `production`.
   * @default false
   * @example debug: process.env.NODE_ENV !== 'production'
   */
  debug?: boolean;
}
