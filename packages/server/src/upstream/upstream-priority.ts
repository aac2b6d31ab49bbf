/**
 * How much a Chargebee call matters, highest first:
 *
 * - `critical`: fulfillment creates and updates, promotional grants (fulfillers),
 *   `completeFulfillment` / `failFulfillment`. May use the whole budget, with a reserve (10 %)
 *   no other class may use, status reads included; never paused by a 429 back-off.
 * - `status`: status reads of an accept in flight (`GET /fulfillments/{id}`, a repeated accept).
 *   May use everything but the critical reserve, with a reserve of its own (10 %); at most one
 *   read per fulfillment every 2 s fleet-wide. A read without room answers from the last known
 *   status (the browser polls on); paused by a 429 back-off like the classes below.
 * - `dismissed`: `dismissed` offer events (else the prompt comes back), with a floor (5 %) offer
 *   fetches and views can not take.
 * - `offers`: `personalized_offers` fetches on a cache miss: any budget not reserved, with a
 *   floor (10 %) that views and queued dismissals can not take.
 * - `viewed`: `viewed` offer events (analytics): only spare capacity, never room page loads
 *   arriving now need; queued and sent oldest first when there is room.
 *
 * @example if (event.type === 'upstream_shed' && event.priority === 'critical') page(oncall);
 */
export type UpstreamPriority = 'critical' | 'status' | 'dismissed' | 'offers' | 'viewed';

/** Every priority, highest first. */
export const PRIORITIES: readonly UpstreamPriority[] = [
  'critical',
  'status',
  'dismissed',
  'offers',
  'viewed',
];

/**
 * What a 429 back-off (or another reason, such as offer events not being enabled on a live site)
 * can pause: every non-critical call, only offer fetches, or only offer events.
 * @example handler.pause('events', 10 * 60_000, 'offer events are not enabled on this site')
 */
export type PauseScope = 'noncritical' | 'offers' | 'events';

/** Whether a pause of `scope` holds calls of `priority`. */
export function pauseHolds(scope: PauseScope, priority: UpstreamPriority): boolean {
  if (priority === 'critical') return false;
  if (scope === 'noncritical') return true;
  if (scope === 'offers') return priority === 'offers';
  return priority === 'viewed' || priority === 'dismissed';
}

/**
 * The priority of an operation whose caller named none: `personalized_offers` → `offers`,
 * `offer_events` → `viewed`, `offer_fulfillments.retrieve` → `status`, everything else
 * (fulfillment creates and updates, grants) → `critical`.
 */
export function priorityOf(operation: string): UpstreamPriority {
  if (operation === 'personalized_offers') return 'offers';
  if (operation === 'offer_fulfillments.retrieve') return 'status';
  if (operation === 'offer_events') return 'viewed';
  return 'critical';
}
