/**
 * How much a Chargebee call matters, highest first:
 *
 * - `critical`: fulfillment create / update / status reads of an in-flight accept, promotional
 *   grants (fulfillers), `completeFulfillment` / `failFulfillment`. May use the whole budget, with
 *   a reserve (20 %) no other class may use; never paused by a 429 back-off.
 * - `dismissed`: `dismissed` offer events (else the prompt comes back), with a floor (5 %) offer
 *   fetches and views can not take.
 * - `offers`: `personalized_offers` fetches on a cache miss, and status reads of fulfillments this
 *   store does not know: any budget not reserved.
 * - `viewed`: `viewed` offer events (analytics): only spare capacity, never room page loads
 *   arriving now need; queued and sent oldest first when there is room.
 *
 * @example if (event.type === 'upstream_shed' && event.priority === 'critical') page(oncall);
 */
export type UpstreamPriority = 'critical' | 'dismissed' | 'offers' | 'viewed';

/** Every priority, highest first. */
export const PRIORITIES: readonly UpstreamPriority[] = [
  'critical',
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
 * `offer_events` → `viewed`, everything else (fulfillments, grants) → `critical`.
 */
export function priorityOf(operation: string): UpstreamPriority {
  if (operation === 'personalized_offers') return 'offers';
  if (operation === 'offer_events') return 'viewed';
  return 'critical';
}
