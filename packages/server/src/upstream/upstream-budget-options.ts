/**
 * The fleet-wide budget of Chargebee calls (`upstreamBudget` of `createUpsellHandler`).
 * @example { requestsPerMinute: 600 } // a Performance site (1,000/min) that bills heavily itself
 */
export interface UpstreamBudgetOptions {
  /**
   * The most Chargebee calls the kit makes in any 60 s, across every instance sharing the store.
   * Chargebee's limit is per site and shared with everything else the merchant does with it: 150
   * a minute on test sites and Starter, 1,000 on Performance, 3,500 on Enterprise.
   * @default 100 (two thirds of the smallest plan)
   */
  requestsPerMinute?: number;
  /**
   * Floors, as shares of `requestsPerMinute`: `critical` is a reserve only fulfillment creates,
   * updates and grants may use (status reads can never starve an accept); `status` a reserve of
   * status reads of accepts in flight (creates may use it too); `dismissed` a floor of dismissals
   * that offer fetches and views can not take; `offers` a floor of offer fetches that views and
   * queued dismissals can not take. What a class leaves unused of its floor is held back from the
   * classes below it; above their floors all classes share the rest (creates first, then status
   * reads, dismissals, offer fetches, views last).
   * @default { critical: 0.1, status: 0.1, dismissed: 0.05, offers: 0.1 }
   */
  reserves?: { critical?: number; status?: number; dismissed?: number; offers?: number };
  /**
   * The most calls one identity (customer + user, or anonymous caller) may make per priority in
   * any 60 s, fleet-wide, so that no one customer spends everyone's budget (varying `custom` to
   * miss the cache, sending events in a loop, reading its own fulfillments). Past it its calls are
   * shed "for fairness" (`stats().shedForFairness`, `upstream_shed` with reason `fairness` and a
   * hashed identity); other customers are unaffected. `critical` counts the identity's fulfillment
   * creates (past it an accept answers `503` before any create) and its fulfillers' grants (never
   * refused: past the share they count against the fleet's budget only); `status` its status
   * reads (past it they answer from the last known status).
   * @default { critical: 10 % of the budget (at least 6), status: 10 % (at least 6), dismissed: 3 % (at least 2), offers: 5 % (at least 3), viewed: 5 % (at least 3) }
   * @example perIdentity: { offers: 10 }
   */
  perIdentity?: Partial<Record<'critical' | 'status' | 'dismissed' | 'offers' | 'viewed', number>>;
}
