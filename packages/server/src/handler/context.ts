import type { Fulfillment } from '@upsell-kit/core';
import type Chargebee from 'chargebee';
import type { Fulfiller } from '../fulfillment/fulfiller';
import type { UpsellLogger } from '../http/upsell-logger';
import type { UpsellStore } from '../stores/upsell-store';
import type { OfferTokenSigner } from '../tokens/offer-token';
import type { UpstreamGuard } from '../upstream/upstream-guard';
import type { UpstreamPriority } from '../upstream/upstream-priority';
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
  /**
   * Runs one SDK call with the deadline backstop, normalized errors and logging: every upstream
   * call of the handler goes through here, and so through the budget and the 429 back-off
   * (`guard.call`). `priority` defaults by operation: `personalized_offers` → `offers`,
   * `offer_events` → `viewed`, everything else (fulfillments, grants) → `critical`.
   */
  readonly upstream: <T>(
    operation: string,
    run: () => Promise<T>,
    priority?: UpstreamPriority,
  ) => Promise<T>;
  /** The budget, back-off, offer cache, event queue and counts of Chargebee calls. */
  readonly guard: UpstreamGuard;
  readonly store: UpsellStore;
  /** The redacting logger: every line has the API key removed. */
  readonly logger: UpsellLogger;
  readonly signer: OfferTokenSigner;
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
  readonly fulfillers: Readonly<Record<string, Fulfiller>>;
  /** Whether `onEvent` is set (final-status bookkeeping is skipped without a listener). */
  readonly listening: boolean;
  /** Passes an event to `onEvent`; never throws, and logs a failing or rejecting listener. */
  readonly emit: (event: UpsellServerEvent) => void;
  /** Fulfillment creates in flight on this instance, by record key (`null`: the create failed). */
  readonly creating: Map<string, Promise<Fulfillment | null>>;
}
