import { createMemoryStore } from '@upsell-kit/server';
import type { UpsellStore } from '@upsell-kit/server';

/**
 * The in-memory store behind a switch: `/demo/reset` swaps in an empty one, so a reset demo also
 * forgets its fulfillment records, rate-limit counters, cached offers and queued events (the
 * simulator forgot its offers).
 */
export function createResettableStore(): Required<UpsellStore> & { reset(): void } {
  let current = createMemoryStore();
  return {
    get: (key) => current.get(key),
    set: (key, value, ttlMs) => current.set(key, value, ttlMs),
    setIfAbsent: (key, value, ttlMs) => current.setIfAbsent(key, value, ttlMs),
    delete: (key) => current.delete(key),
    increment: (key, ttlMs) => current.increment(key, ttlMs),
    // The API budget, the sliding rate limits and the offer event queue reset with the rest.
    slidingWindow: (key, request) => current.slidingWindow(key, request),
    budgetAdmission: (key, request) => current.budgetAdmission(key, request),
    listPush: (key, value, options) => current.listPush(key, value, options),
    listPop: (key) => current.listPop(key),
    listLength: (key) => current.listLength(key),
    reset() {
      current = createMemoryStore();
    },
  };
}
