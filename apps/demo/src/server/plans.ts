import type { DemoPlan } from '../shared/demo-api';

/** Every subscription starts on the Team plan. */
const TEAM_PLAN: DemoPlan = { storageGb: 500, aiCredits: 1000, seats: 20 };

/** What each accepted option adds to the subscription's plan once its fulfillment completed. */
const ADDS: Record<string, Partial<DemoPlan>> = {
  add_100gb_storage: { storageGb: 100 },
};

/**
 * The demo's own entitlements per subscription: what the app's server knows about the customer's
 * plan. A completed fulfillment changes it (Chargebee would have updated the subscription; this
 * server hears of it through the kit's `onEvent`), and the page re-reads it.
 */
export class DemoPlans {
  readonly #plans = new Map<string, DemoPlan>();

  get(subscriptionId: string): DemoPlan {
    return this.#plans.get(subscriptionId) ?? TEAM_PLAN;
  }

  /** A fulfillment of `optionId` completed for `subscriptionId`. */
  fulfilled(subscriptionId: string, optionId: string): void {
    const adds = ADDS[optionId];
    if (!adds) return;
    const plan = { ...this.get(subscriptionId) };
    for (const [key, value] of Object.entries(adds) as [keyof DemoPlan, number][]) {
      plan[key] += value;
    }
    this.#plans.set(subscriptionId, plan);
  }

  clear(): void {
    this.#plans.clear();
  }
}
