/**
 * How much a Chargebee call matters, highest first:
 *
 * - `critical`: fulfillment create / update / status reads of an in-flight accept, promotional
 *   grants (fulfillers), `completeFulfillment` / `failFulfillment`. May use the whole budget; never
 *   paused by a 429 back-off.
 * - `dismissed`: `dismissed` offer events (else the prompt comes back).
 * - `offers`: `personalized_offers` fetches, and status reads of fulfillments this store does not know.
 * - `viewed`: `viewed` offer events (analytics; queued and sent when there is room).
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
 * The share of the budget each priority may fill: a call is admitted only while the calls of the
 * last 60 s (of every priority) are fewer than this share of `requestsPerMinute`. So the top 20 %
 * can only ever be used by critical calls (page loads can never starve an accept), dismissals
 * keep 5 % that offer fetches can not take, and `viewed` events wait whenever the budget is
 * more than 60 % used.
 */
export const PRIORITY_SHARE: Readonly<Record<UpstreamPriority, number>> = {
  critical: 1,
  dismissed: 0.8,
  offers: 0.75,
  viewed: 0.6,
};

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
