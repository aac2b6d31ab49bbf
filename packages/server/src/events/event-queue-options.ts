/**
 * The queue of `viewed` / `dismissed` events that can not be sent at once (`eventQueue`).
 * @example { maxLength: 50_000 }
 */
export interface EventQueueOptions {
  /**
   * Events of each type (dismissals, views) the queue holds; beyond it an event is answered
   * `503 upstream_unavailable`, except the first of an identity that has none waiting: every
   * customer keeps a place, so a full queue never refuses a legitimate dismissal.
   * @default 10000
   */
  maxLength?: number;
  /**
   * Events of each type one identity (customer + user) may have waiting; beyond it its events are
   * answered `503 upstream_unavailable` (a dismissal still hides its offer at once). The queue
   * sends identities in turn, so one customer's events never fill the queue nor delay another's.
   * @default 20
   */
  perIdentity?: number;
  /**
   * A `viewed` of a personalized offer already sent (or queued) within this many milliseconds is
   * a duplicate (a page, a buggy or a hostile client saying it twice), not sent again. Chargebee
   * asks for a view per display, so only true duplicates are coalesced: every other display is
   * delivered when the budget has room. (A `dismissed` is taken once per personalized offer.)
   * @default 5000
   */
  viewedDedupeMs?: number;
}
