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
   * not sent again: one display is one view, however often a page (or a hostile client) says so.
   * @default 60000
   */
  viewedDedupeMs?: number;
}
