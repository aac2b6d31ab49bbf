import type { UpstreamPriority } from '../upstream/upstream-priority';

/**
 * A snapshot of the handler's decisions about Chargebee calls, from `handler.stats()`. Counts are
 * this instance's since it was created; `budget.usedLastMinute` and `queuedEvents` are the
 * fleet's, as the store knows them.
 *
 * @example
 * const { budget, shed } = await upsell.stats();
 * meter.record(budget.usedLastMinute / (budget.requestsPerMinute || Infinity));
 */
export interface UpsellStats {
  /** Chargebee calls this instance made, by priority. */
  upstreamCalls: Record<UpstreamPriority, number>;
  /** Calls not made because the fleet-wide budget was short, by priority. */
  shed: Record<UpstreamPriority, number>;
  /**
   * Calls not made because one identity had used its share of the budget for that priority
   * (`upstreamBudget.perIdentity`), by priority.
   */
  shedForFairness: Record<UpstreamPriority, number>;
  /** Calls not made because Chargebee asked the fleet to back off (429 / 503), by priority. */
  paused: Record<UpstreamPriority, number>;
  /** Chargebee answers of 429 (or 503 with `Retry-After`) this instance received. */
  upstreamRateLimited: number;
  /** The fleet-wide budget. */
  budget: {
    /** `upstreamBudget.requestsPerMinute`, or `false` when the budget is off. */
    requestsPerMinute: number | false;
    /** Chargebee calls the fleet made in the last 60 s (this instance's without a shared window). */
    usedLastMinute: number;
    /** Whether the window is shared through the store (`false`: a per-instance fallback). */
    fleetWide: boolean;
    /** Milliseconds left of a back-off Chargebee asked for, `0` when none. */
    pausedForMs: number;
  };
  /** `POST /offers` answers. */
  offerCache: {
    /** Answered from the cache, without a Chargebee call. */
    hits: number;
    /** Fetched from Chargebee. */
    misses: number;
    /** Answered by sharing another request's Chargebee call in flight. */
    coalesced: number;
    /** Dismissals and accepts that invalidated a subscription's (or customer's) cached offers. */
    invalidations: number;
    /** Offers left out of an answer because their dismissal was still queued. */
    suppressed: number;
  };
  /** `viewed` / `dismissed` offer events. */
  events: {
    /** Sent to Chargebee at once. */
    sent: number;
    /** Queued in the store (the browser was answered 204). */
    queued: number;
    /** Sent later from the queue (by this instance). */
    delivered: number;
    /**
     * Not delivered for good: refused because the queue was full, refused by Chargebee, dropped
     * while offer events are not enabled for the site, or expired (counted in `expired` too).
     */
    dropped: number;
    /** Queued events dropped because their offer expired before there was room to send them. */
    expired: number;
    /** Repeated `viewed` of one personalized offer within `eventQueue.viewedDedupeMs`, not sent. */
    deduplicated: number;
    /** Taken from the queue but not delivered because Chargebee failed without saying it refused. */
    lost: number;
    /** Events waiting in the fleet's queue now. */
    queuedNow: number;
  };
  /** `GET /fulfillments/{id}` reads (and repeated accepts) answered without a Chargebee call of their own. */
  fulfillmentReads: {
    /** From this instance's 1 s cache, or a final status (never read again). */
    cached: number;
    /** By sharing a read in flight. */
    coalesced: number;
    /**
     * With the last known status, because no read could be made now: another read of the fleet
     * within the last 2 s, the identity's share of status reads used, no room in the budget, or
     * a back-off.
     */
    lastKnown: number;
  };
}
