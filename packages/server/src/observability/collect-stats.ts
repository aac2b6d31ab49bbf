import type { OfferEvents } from '../events/offer-events';
import type { CallBudget } from '../upstream/call-budget';
import type { FulfillmentReads } from '../upstream/fulfillment-reads';
import type { MeteredCaller } from '../upstream/metered-caller';
import type { OfferCache } from '../upstream/offer-cache';
import type { UpsellStats } from './upsell-stats';

/** The parts whose own counts make up `handler.stats()`. */
export interface StatsParts {
  budget: CallBudget;
  caller: MeteredCaller;
  offers: OfferCache;
  events: OfferEvents;
  fulfillmentReads: FulfillmentReads;
}

/**
 * The snapshot behind `handler.stats()`, assembled from each part's own counts and the fleet's
 * budget window as the store knows it.
 * @example const stats = await collectStats(ctx);
 */
export async function collectStats(parts: StatsParts): Promise<UpsellStats> {
  const { budget } = parts;
  const [usedLastMinute, pausedForMs, events] = await Promise.all([
    budget.used(),
    budget.pausedFor('offers'),
    parts.events.stats(),
  ]);
  return {
    ...parts.caller.stats(),
    budget: {
      requestsPerMinute: budget.requestsPerMinute,
      usedLastMinute,
      fleetWide: budget.fleetWide,
      pausedForMs,
    },
    offerCache: parts.offers.stats(),
    events,
    fulfillmentReads: parts.fulfillmentReads.stats(),
  };
}
