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
   * Floors, as shares of `requestsPerMinute`: `critical` is a reserve only accepts, grants and
   * status reads of accepts in flight may use; `dismissed` a floor of dismissals that offer
   * fetches and views can not take. What a class leaves unused of its floor is held back from
   * the classes below it; above their floors all classes share the rest (offer fetches first,
   * views last).
   * @default { critical: 0.2, dismissed: 0.05 }
   */
  reserves?: { critical?: number; dismissed?: number };
}
