import type { RequestHandler } from 'msw';
import type { ProcessingType, Scenario } from './scenario';
import type {
  GrantBlock,
  LedgerOperation,
  OfferFulfillment,
  PersonalizedOfferOption,
} from './wire-types';

/**
 * Options of {@link Simulator}. Every member is optional.
 * @example createSimulator({ apiKey: 'test_key', site: 'acme-test', publicUrl: 'http://127.0.0.1:4010' })
 */
export interface SimulatorOptions {
  /**
   * The API key clients must send as the Basic-auth user name (empty password).
   * @default 'test_simulator_key'
   */
  apiKey?: string;
  /**
   * The Chargebee site name. Informational: the MSW handlers match `/api/v2/*` on any origin
   * (so `https://{site}.grow.chargebee.com` and `https://{site}.chargebee.com` too).
   * @default 'upsell-kit-test'
   */
  site?: string;
  /**
   * Custom fields, audiences, offers and plays.
   * @default defaultScenario
   */
  scenario?: Scenario;
  /**
   * Origin used to build hosted checkout page URLs (`{publicUrl}/hosted_pages/{id}`).
   * `listen()` sets it to its own URL when unset.
   * @default `https://${site}.chargebee.com` (served by the MSW handlers)
   */
  publicUrl?: string;
  /**
   * The simulator's answers where Chargebee's behaviour is not documented. Change them to test
   * that your code works with either answer.
   * @default { cooldownSeconds: 86400, cooldownScope: 'subscription', duplicateFulfillment: { status: 409, apiErrorCode: 'invalid_state_for_request' }, offerEventsEnabled: true }
   */
  assumptions?: SimulatorAssumptions;
  /**
   * Chargebee's site-wide API limit: every call under `/api/v2` (Growth and Billing alike; not
   * the `/__simulator` routes or hosted pages) counts in a sliding 60 s window on the simulator
   * clock, and a call that finds the window full gets Chargebee's 429
   * `api_request_limit_exceeded` with `Retry-After`. `{}` is a test site (150 a minute).
   * Off by default, so that tests firing hundreds of calls a second keep passing; the demo and
   * the CLI turn it on.
   * @default false
   * @example createSimulator({ apiLimit: { requestsPerMinute: 150 } })
   */
  apiLimit?: ApiLimit | false;
}

/**
 * Where Chargebee is undocumented, the simulator picks an answer; these options pick another.
 * @example createSimulator({ assumptions: { duplicateFulfillment: { status: 400, apiErrorCode: 'invalid_request' } } })
 */
export interface SimulatorAssumptions {
  /**
   * How long a dismissal hides a play whose `cooldownSeconds` is not set.
   * @default 86400
   */
  cooldownSeconds?: number;
  /**
   * Whom a dismissal hides the play from: the subscription the offer was issued to (or the
   * customer, when none was sent), or the customer across all of its subscriptions.
   * @default 'subscription'
   */
  cooldownScope?: 'subscription' | 'customer';
  /**
   * The error answering a second fulfillment of the same offer. The message is always
   * Chargebee's documented one ("Fulfillment is already in progress/completed. …").
   * @default { status: 409, apiErrorCode: 'invalid_state_for_request' }
   */
  duplicateFulfillment?: { status: number; apiErrorCode: string };
  /**
   * Whether the site has offer events enabled (Chargebee: "not enabled for live sites by
   * default"). When `false`, `POST /offer_events` answers this refusal, whose exact shape Chargebee
   * does not document: `400 configuration_incompatible`, "Offer events are not enabled for this
   * site. …".
   * @default true
   */
  offerEventsEnabled?: boolean;
}

/** The hosted checkout pages alone, to mount on your app's own origin. */
export interface SimulatorHostedPages {
  /**
   * Fetch-style: answers `…/hosted_pages/{id}` (and its Pay / Abandon forms) wherever it is
   * mounted, `404` for anything else. Never serves `/api/v2` or the control API.
   * @example export const GET = sim.hostedPages.handle; // app/hosted_pages/[...path]/route.ts
   */
  handle(request: Request): Promise<Response>;
  /**
   * The same as `node:http` / Connect / Express middleware: answers hosted-page paths and calls
   * `next()` (or answers 404 without one) for the rest.
   * @example app.use(sim.hostedPages.middleware); // Express, or Vite's server.middlewares
   */
  middleware(request: NodeRequestLike, response: NodeResponseLike, next?: () => void): void;
}

/** The part of `node:http`'s `IncomingMessage` the middleware reads. */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  method?: string | undefined;
  /** For Express, the full path even under a mount point. */
  originalUrl?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

/** The part of `node:http`'s `ServerResponse` the middleware writes. */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(chunk?: Uint8Array): unknown;
}

/**
 * Chargebee's API limit as the simulator models it.
 * @example { requestsPerMinute: 1000 } // a Performance plan
 */
export interface ApiLimit {
  /**
   * Calls allowed in any 60 s (150 on test sites and Starter, 1,000 Performance, 3,500
   * Enterprise). An integer >= 1.
   * @default 150
   */
  requestsPerMinute?: number;
}

/** How much of the API limit is in use, from {@link SimulatorInspector.apiUsage}. */
export interface ApiUsage {
  /** The limit in force, or `false` when off (calls are still counted). */
  requestsPerMinute: number | false;
  /** Calls served (not refused) in the last 60 s: what counts against the limit. */
  callsLastMinute: number;
  /** Calls refused with 429 in the last 60 s. */
  refusedLastMinute: number;
  /** Calls received in the last 60 s, served or refused. */
  attemptsLastMinute: number;
  /** The most calls served in any 60 s since the start or the last `reset()`. */
  peakCallsPerMinute: number;
  /** The most calls received (served or refused) in any 60 s since the start or `reset()`. */
  peakAttemptsPerMinute: number;
  /** Calls served since the start or `reset()`. */
  calls: number;
  /** Calls refused since the start or `reset()`. */
  refused: number;
}

/** The endpoints a fault can target. */
export type FaultEndpoint =
  | 'personalized_offers'
  | 'offer_events'
  | 'offer_fulfillments.create'
  | 'offer_fulfillments.retrieve'
  | 'offer_fulfillments.update'
  | 'promotional_grants'
  | 'grant_blocks';

/**
 * A fault injected into an endpoint's responses.
 * @example sim.faults.set('personalized_offers', { status: 503, times: 1 })
 * @example sim.faults.set('offer_events', { status: 429, retryAfter: 2 })
 */
export interface Fault {
  /**
   * Respond with this status and a Chargebee-shaped error body for it (503
   * `internal_temporary_error`, 429 `api_request_limit_exceeded`, 500 `internal_error`, …).
   * @default 429 when only `retryAfter` is set, 500 when only `body` is set
   */
  status?: number;
  /** Respond with this JSON body instead of the standard error body. */
  body?: unknown;
  /** `Retry-After` header, in seconds. @default 1 for a 429 */
  retryAfter?: number;
  /** Wait this long (real milliseconds) before answering; alone, the request then proceeds normally. */
  latencyMs?: number;
  /** Answer 200 with a non-JSON body. */
  malformedBody?: boolean;
  /** Drop the connection: the node server destroys the socket, MSW answers `HttpResponse.error()`, `handle()` resolves `Response.error()`. */
  dropConnection?: boolean;
  /** Apply this many times, then clear itself. @default until cleared */
  times?: number;
}

/**
 * How a fulfillment ends without a merchant or a checkout page.
 * @example sim.fulfillmentOutcome('billing_update', { outcome: 'failed', errorCode: 'billing_update_failed' })
 */
export interface FulfillmentOutcome {
  /** The final status. */
  outcome: 'completed' | 'failed';
  /** `error.code` when failed. @default 'billing_update_failed' for billing_update, else 'external_fulfillment_failed' */
  errorCode?: string;
  /** Clock milliseconds after creation until the outcome applies. @default 1500 */
  delayMs?: number;
}

/** Options of {@link Simulator.listen}. */
export interface ListenOptions {
  /** TCP port; `0` picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
}

/** A running standalone server. */
export interface SimulatorServer {
  /** Its origin, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** The bound port. */
  port: number;
  /** Stops the server (open connections are closed). */
  close(): Promise<void>;
}

/** An offer event received on `POST /api/v2/offer_events`. */
export interface OfferEventRecord {
  /** The personalized offer. */
  personalized_offer_id: string;
  /** Event type. */
  type: 'viewed' | 'dismissed';
  /** The customer the offer was issued to. */
  customer_id: string;
  /** The subscription the offer was issued to, if any. */
  subscription_id: string | null;
  /** Simulator clock, epoch milliseconds. */
  at: number;
}

/** A personalized offer the simulator issued. */
export interface IssuedOffer {
  /** Personalized offer id. */
  id: string;
  /** Base offer id. */
  offer_id: string;
  /** The play that produced it. */
  play_id: string;
  /** Customer. */
  customer_id: string;
  /** Subscription, if given. */
  subscription_id: string | null;
  /** Options issued. */
  options: PersonalizedOfferOption[];
  /** Unix seconds. */
  expires_at: number;
  /** Simulator clock, epoch milliseconds. */
  issued_at: number;
}

/** A promotional grant received, with its grant blocks and ledger operations (current state). */
export interface PromotionalGrantRecord {
  /** Subscription. */
  subscription_id: string;
  /** Credit unit. */
  unit_id: string;
  /** Decimal string. */
  amount: string;
  /** Unix seconds. */
  expires_at: number;
  /** Metadata, verbatim. */
  metadata?: Record<string, unknown>;
  /** The `chargebee-idempotency-key` header, if any. */
  idempotency_key: string | null;
  /** Simulator clock, epoch milliseconds. */
  at: number;
  /** Grant blocks created (current balances). */
  grant_blocks: GrantBlock[];
  /** Ledger operations created. */
  ledger_operations: LedgerOperation[];
}

/** A raw request received under `/api/v2`. */
export interface RecordedRequest {
  /** HTTP method. */
  method: string;
  /** Path, e.g. `/api/v2/personalized_offers`. */
  path: string;
  /** Query parameters. */
  query: Record<string, string>;
  /** Parsed body (JSON or form), the raw text when unparseable, `null` when empty. */
  body: unknown;
  /** Lower-cased headers; `authorization` is `REDACTED`. */
  headers: Record<string, string>;
  /** Simulator clock, epoch milliseconds. */
  at: number;
}

/** The simulator's clock. All time-based rules read it; nothing runs on timers. */
export interface SimulatorClock {
  /** Current simulated time, epoch milliseconds (real time plus an offset). */
  now(): number;
  /** Moves the clock forward. */
  advance(ms: number): void;
  /** Sets the clock to an absolute time. */
  set(epochMs: number): void;
}

/** Inspection of what the simulator received and created. Each call returns a fresh copy. */
export interface SimulatorInspector {
  /** Offer events received. */
  events(): OfferEventRecord[];
  /** Fulfillments created, with their current status. */
  fulfillments(): OfferFulfillment[];
  /** Promotional grants created. */
  grants(): PromotionalGrantRecord[];
  /** Raw requests received under `/api/v2`. */
  requests(): RecordedRequest[];
  /** Personalized offers issued. */
  offers(): IssuedOffer[];
  /**
   * Use of the API limit: calls and refusals in the last 60 s, peaks in any 60 s, totals.
   * @example expect(sim.inspect.apiUsage().refused).toBe(0);
   */
  apiUsage(): ApiUsage;
}

/** Fault injection per endpoint. */
export interface SimulatorFaults {
  /** Injects `fault` into `endpoint` until cleared (or `fault.times` uses). */
  set(endpoint: FaultEndpoint, fault: Fault): void;
  /** Clears the fault of one endpoint, or all faults. */
  clear(endpoint?: FaultEndpoint): void;
}

/** A local Chargebee Growth + promotional grants. See {@link createSimulator}. */
export interface Simulator {
  /**
   * Fetch-style core: `/api/v2/*`, hosted checkout pages and the `/__simulator` control API.
   * @example const response = await sim.handle(new Request('http://sim.local/__simulator/events'));
   */
  handle(request: Request): Promise<Response>;
  /**
   * MSW 2 handlers wrapping `handle()`, for `setupServer` (Node) or `setupWorker` (browser).
   * They match `*\/api/v2/*`, `*\/__simulator/*` and `*\/hosted_pages/*` on any origin.
   * @example setupServer(...sim.handlers).listen();
   */
  readonly handlers: RequestHandler[];
  /**
   * The hosted checkout pages alone, for a local app that opens them on its own origin (the kit
   * follows `https:` URLs, or URLs of the page's own origin, only). Set `publicUrl` to your app's
   * origin and mount these on it; see the README's "Local checkout".
   * @example app.use(sim.hostedPages.middleware);
   */
  readonly hostedPages: SimulatorHostedPages;
  /**
   * Starts a standalone `node:http` server (Node only; `node:http` is loaded lazily).
   * @example const { url, close } = await sim.listen({ port: 4010 });
   */
  listen(options?: ListenOptions): Promise<SimulatorServer>;
  /**
   * What the simulator received and created.
   * @example expect(sim.inspect.events().map((e) => e.type)).toEqual(['viewed', 'dismissed']);
   */
  readonly inspect: SimulatorInspector;
  /**
   * Clears all state, faults, outcomes, the API limit's window and the clock offset; keeps the
   * options (a limit changed with `setApiLimit()` goes back to the `apiLimit` option).
   * @example beforeEach(() => sim.reset());
   */
  reset(): void;
  /**
   * Fault injection per endpoint.
   * @example sim.faults.set('offer_fulfillments.create', { status: 503, times: 1 });
   */
  readonly faults: SimulatorFaults;
  /**
   * Sets how fulfillments of a processing type (or one option id, which takes precedence) end.
   * billing_update defaults to `{ outcome: 'completed', delayMs: 1500 }`; other types stay
   * in_progress (checkout until its page is used, the others until the Update API) unless set here.
   * @example sim.fulfillmentOutcome('add_100gb_storage', { outcome: 'failed', errorCode: 'billing_update_failed', delayMs: 0 });
   */
  fulfillmentOutcome(key: ProcessingType | (string & {}), outcome: FulfillmentOutcome): void;
  /**
   * The simulated clock (real time plus an offset).
   * @example sim.clock.advance(24 * 60 * 60 * 1000); // a dismissed offer's cool-down has passed
   */
  readonly clock: SimulatorClock;
  /**
   * Changes the API limit until `reset()` (which restores the `apiLimit` option). Calls already
   * in the window keep counting.
   * @example sim.setApiLimit({ requestsPerMinute: 3 }); // the fourth call in a minute gets a 429
   */
  setApiLimit(limit: ApiLimit | false): void;
  /**
   * Promotional credit balances of a subscription: every unit's (`{ ai_credits: '50' }`), or one
   * unit's (`'50'`, `'0'` when none). Expired grant blocks no longer count.
   * @example expect(sim.balances('sub_1', 'ai_credits')).toBe('50');
   */
  balances(subscriptionId: string): Record<string, string>;
  balances(subscriptionId: string, unitId: string): string;
  /**
   * The effective options (defaults applied; `publicUrl` as currently used).
   * @example sim.options.publicUrl; // 'http://127.0.0.1:4010' after listen()
   */
  readonly options: Readonly<Required<SimulatorOptions>>;
}
