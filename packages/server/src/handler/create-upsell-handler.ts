import type { Fulfillment } from '@upsell-kit/core';
import type { GrantBlock } from 'chargebee';
import { completeFulfillment, failFulfillment } from '../fulfillment/report-fulfillment';
import { resolveUnknownOutcome } from '../fulfillment/resolve-unknown-outcome';
import type { UnknownOutcome, UnknownOutcomeResolution } from '../fulfillment/unknown-outcome';
import {
  grantPromotionalCredits,
  type PromotionalGrantInput,
} from '../grants/grant-promotional-credits';
import { collectStats } from '../observability/collect-stats';
import type { UpsellStats } from '../observability/upsell-stats';
import type { PauseScope } from '../upstream/upstream-priority';
import { resolveOptions } from './options';
import { resetState } from './reset-state';
import { createRouter } from './router';
import { getFulfillment } from './routes/get-fulfillment';
import { postEvents } from './routes/post-events';
import { postFulfillments } from './routes/post-fulfillments';
import { postOffers } from './routes/post-offers';
import type { UpsellHandlerOptions } from './upsell-handler-options';
import { verifyConnection, type ConnectionCheck } from './verify-connection';

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
  /**
   * The fulfillment creates whose outcome is unknown (Chargebee did not answer in time, the
   * connection broke, a 5xx or malformed answer): each may exist at Chargebee with its reward not
   * granted. Oldest first, across every instance sharing the store; kept 8 days.
   * @example for (const outcome of await upsell.listUnknownOutcomes()) await reconcile(outcome);
   */
  listUnknownOutcomes(): Promise<UnknownOutcome[]>;
  /**
   * Settles an unknown outcome: marks the fulfillment `completed` or `failed` at Chargebee (after
   * checking it is the offer's) and answers further accepts of the offer with it, or, for
   * `not_created`, lets the customer accept again at once. Removes the record; rejects with
   * `not_found` when none is recorded for the offer.
   * @example await upsell.resolveUnknownOutcome(outcome.personalizedOfferId, { status: 'completed', fulfillmentId })
   */
  resolveUnknownOutcome(
    personalizedOfferId: string,
    resolution: UnknownOutcomeResolution,
  ): Promise<Fulfillment | null>;
  /** `grantPromotionalCredits` with this handler's Chargebee instance and logger. */
  grantPromotionalCredits(input: PromotionalGrantInput): Promise<GrantBlock[]>;
  /**
   * A snapshot of this handler's Chargebee calls and of every cached, shed, paused, queued and
   * dropped decision, with the fleet's calls in the last 60 s against `upstreamBudget`.
   * @example const { budget } = await upsell.stats(); // { requestsPerMinute: 100, usedLastMinute: 37, … }
   */
  stats(): Promise<UpsellStats>;
  /**
   * Sends what the offer event queue holds now, within the budget (at most `max` events, 25 by
   * default); resolves how many were delivered. The handler drains by itself after requests and
   * every 5 s; call this e.g. before a graceful shutdown.
   */
  drainEvents(max?: number): Promise<number>;
  /**
   * Holds the Chargebee calls `scope` covers on every instance sharing the store for `ms`
   * milliseconds (at most 10 minutes): `'noncritical'` (all but accepts), `'offers'` or `'events'`
   * (queued meanwhile). A 429 from Chargebee does this by itself.
   * @example await upsell.pause('events', 10 * 60_000, 'offer events are not enabled on this site');
   */
  pause(scope: PauseScope, ms: number, reason: string): Promise<void>;
  /**
   * Ends every pause now, on this instance and in the store (other instances keep a pause they
   * learned themselves until it ends): e.g. once Chargebee lifted a block, or in a test's reset.
   * @example await upsell.resume();
   */
  resume(): Promise<void>;
  /**
   * Forgets everything the handler remembers (cached and hidden offers, fulfillment records,
   * rate-limit and budget windows, queued events, pauses), in the store and on this instance:
   * for development and tests, beside the simulator's own reset, so that a dismissed or accepted
   * offer shows again. Refuses with `NODE_ENV=production`.
   * @example app.post('/dev/reset', async (_req, res) => { await sim.reset(); await upsell.reset(); res.sendStatus(204); });
   */
  reset(): Promise<void>;
  /**
   * Checks the connection to Chargebee once (e.g. at startup or from a health route): the site
   * exists, is reachable and takes the API key. Makes one call (through the budget) that changes
   * nothing; never rejects.
   * @example const check = await upsell.verifyConnection(); if (!check.ok) console.error(check.message);
   */
  verifyConnection(): Promise<ConnectionCheck>;
  /** Stops the queue's drain timer (it never keeps the process alive; this is for tests and hot reloads). */
  close(): void;
  /** The mount path the handler matches request URLs against. */
  readonly basePath: string;
  /** The request body limit in bytes (adapters cap their streams with it). */
  readonly bodyLimit: number;
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
  const ctx = resolveOptions(options);
  const handler = createRouter(ctx, {
    postOffers: postOffers(ctx),
    postEvents: postEvents(ctx),
    postFulfillments: postFulfillments(ctx),
    getFulfillment: getFulfillment(ctx),
  });
  return Object.assign(handler, {
    basePath: ctx.basePath,
    bodyLimit: ctx.bodyLimit,
    completeFulfillment: (fulfillmentId: string) => completeFulfillment(ctx, fulfillmentId),
    failFulfillment: (fulfillmentId: string, reason: string) =>
      failFulfillment(ctx, fulfillmentId, reason),
    listUnknownOutcomes: () => ctx.unknownOutcomes.list(),
    resolveUnknownOutcome: (personalizedOfferId: string, resolution: UnknownOutcomeResolution) =>
      resolveUnknownOutcome(ctx, personalizedOfferId, resolution),
    grantPromotionalCredits: async (input: PromotionalGrantInput) => {
      await ctx.caller.reserve('promotional_grants', 'critical');
      return grantPromotionalCredits(ctx.chargebee, input, {
        logger: ctx.logger,
        deadlineMs: ctx.timeouts.deadlineMs,
      });
    },
    stats: () => collectStats(ctx),
    drainEvents: (max?: number) => ctx.events.drain(max),
    pause: (scope: PauseScope, ms: number, reason: string) => ctx.pause.hold(scope, ms, reason),
    resume: () => ctx.pause.lift(),
    reset: () => resetState(ctx),
    verifyConnection: () => verifyConnection(ctx),
    close: () => ctx.events.close(),
  });
}
