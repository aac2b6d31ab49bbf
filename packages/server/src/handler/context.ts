import type { FulfillmentCreateResponse } from '@upsell-kit/core';
import type Chargebee from 'chargebee';
import type { Fulfiller } from '../fulfillment/fulfiller';
import type { UnknownOutcomeLedger } from '../fulfillment/create-unknown-outcome-ledger';
import type { TrustProxy } from '../http/request-hosts';
import type { UpsellLogger } from '../http/upsell-logger';
import type { NavigationCheck } from '../navigation/create-navigation-check';
import type { StoreFallback } from '../stores/create-store-fallback';
import type { UpsellStore } from '../stores/upsell-store';
import type { OfferTokenSigner } from '../tokens/offer-token';
import type { OfferEvents } from '../events/offer-events';
import type { CallBudget } from '../upstream/call-budget';
import type { FleetPause } from '../upstream/fleet-pause';
import type { FulfillmentReads } from '../upstream/fulfillment-reads';
import type { MeteredCaller } from '../upstream/metered-caller';
import type { OfferCache } from '../upstream/offer-cache';
import type { UpstreamPriority } from '../upstream/upstream-priority';
import type { CheckedFrequencyCaps } from './frequency-caps';
import type { UpsellServerEvent } from './upsell-server-event';
import type { UpsellHandlerOptions } from './upsell-handler-options';

/** Requests per customer and minute for each rate-limited route (`false`: no limit). */
export interface RateLimits {
  offers: number | false;
  events: number | false;
  fulfillments: number | false;
  fulfillmentReads: number | false;
}

/**
 * Everything a route, guard or fulfillment step needs, resolved once from the options by
 * `resolveOptions`. Routes and steps take it as their first argument instead of closing over the
 * options, so that each can be built and tested on its own.
 */
export interface HandlerContext {
  /** The Chargebee SDK instance (built from `{ site, apiKey }`, or the one given). */
  readonly chargebee: Chargebee;
  /** The site name (`chargebee.site`, or a ready instance's), for messages; never the key. */
  readonly site: string | undefined;
  /**
   * Runs one SDK call with the deadline backstop, normalized errors and logging: every upstream
   * call of the handler goes through here, and so through the budget and the 429 back-off
   * (`caller.call`). `priority` defaults by operation (`priorityOf`): `personalized_offers` →
   * `offers`, `offer_events` → `viewed`, everything else (fulfillments, grants) → `critical`.
   * `identity` (`identityHashOf`) counts the call against that identity's share.
   */
  readonly upstream: <T>(
    operation: string,
    run: () => Promise<T>,
    priority?: UpstreamPriority,
    identity?: string,
  ) => Promise<T>;
  /** Every Chargebee call: admitted by the budget, back-off on 429, span and counts. */
  readonly caller: MeteredCaller;
  /** Admission of Chargebee calls: the fleet-wide budget by priority. */
  readonly budget: CallBudget;
  /** The one fleet-wide pause of Chargebee calls (429 back-off, `handler.pause`). */
  readonly pause: FleetPause;
  /** The offer cache (a pass-through with `offerCache: false`); counts its own answers. */
  readonly offers: OfferCache;
  /** `viewed` / `dismissed` events: sent, coalesced, queued, drained. */
  readonly events: OfferEvents;
  /** Fulfillment status reads, coalesced and cached for 1 s. */
  readonly fulfillmentReads: FulfillmentReads;
  /** The shared store, every call bounded by `storeTimeoutMs` (`StoreUnavailableError` past it). */
  readonly store: UpsellStore;
  /**
   * Per-instance state for when the shared store is unavailable (rate limits, "once" markers, a
   * record the store failed to take), with the outage logged once. The place for other
   * degradable counters (an upstream budget, an event queue) to fall back too.
   */
  readonly storeFallback: StoreFallback;
  /** The store-backed list of fulfillment creates whose outcome is unknown. */
  readonly unknownOutcomes: UnknownOutcomeLedger;
  /** Claim values whose write failed or timed out, by record key: they may still land late. */
  readonly uncertainClaims: Map<string, string>;
  /** The redacting logger: every line has the API key removed. */
  readonly logger: UpsellLogger;
  readonly signer: OfferTokenSigner;
  /**
   * Throws `500 internal_error` (logged once) when the handler can not serve: created during
   * `next build` without the production `secret`. A no-op otherwise.
   */
  readonly assertConfigured: () => void;
  /** Which proxy hops' `X-Forwarded-Host` the same-origin rule believes. */
  readonly trustProxy: TrustProxy;
  /** Where a URL from Chargebee may send the browser: checkout pages and redirects. */
  readonly navigation: NavigationCheck;
  /** The normalized mount path (`''` for the root). */
  readonly basePath: string;
  /** The request body limit in bytes. */
  readonly bodyLimit: number;
  readonly allowedOrigins: ReadonlySet<string>;
  readonly rateLimits: Readonly<RateLimits>;
  readonly timeouts: {
    /** The SDK's own request timeout. */
    readonly upstreamMs: number;
    /** The backstop deadline of one upstream call (`upstreamMs` + 1 s). */
    readonly deadlineMs: number;
    /** How long an accept waits for its fulfiller. */
    readonly fulfillMs: number;
  };
  readonly identify: UpsellHandlerOptions['identify'];
  readonly custom: UpsellHandlerOptions['custom'];
  /** The declared `custom` keys sent to Chargebee (`null`: every key). */
  readonly customFields: ReadonlySet<string> | null;
  readonly fulfillers: Readonly<Record<string, Fulfiller>>;
  /** Whether `onEvent` is set (final-status bookkeeping is skipped without a listener). */
  readonly listening: boolean;
  /** Passes an event to `onEvent`; never throws, and logs a failing or rejecting listener. */
  readonly emit: (event: UpsellServerEvent) => void;
  /**
   * Logs `message` as a warning the first time `key` is seen by this instance, and never again:
   * for conditions that repeat on every request (an unknown enum value, a refused origin).
   */
  readonly warnOnce: (key: string, message: string, detail?: Record<string, unknown>) => void;
  /** Fulfillment creates in flight on this instance, by record key (`null`: the create failed). */
  readonly creating: Map<string, Promise<FulfillmentCreateResponse | null>>;
  /** The `frequency` option, checked (`undefined`: no cap). */
  readonly frequencyCaps?: CheckedFrequencyCaps | undefined;
  /** The `debug` option outside production: answers carry a `debug` member. */
  readonly debug?: boolean;
}
