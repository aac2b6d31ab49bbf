/**
 * The queue of `viewed` / `dismissed` events that can not be sent at once (`eventQueue`).
 * @example { maxLength: 50_000 }
 */
export interface EventQueueOptions {
  /**
   * Events the queue holds; beyond it an event is answered `503 upstream_unavailable`.
   * @default 10000
   */
  maxLength?: number;
  /**
   * A `viewed` of a personalized offer already sent (or queued) within this many milliseconds is
   * a duplicate (a page, a buggy or a hostile client saying it twice), not sent again. Chargebee
   * asks for a view per display, so only true duplicates are coalesced: every other display is
   * delivered when the budget has room.
   * @default 5000
   */
  viewedDedupeMs?: number;
}
