import { createMemoryStore } from '@upsell-kit/server';
import type { UpsellStore } from '@upsell-kit/server';

/**
 * The in-memory store behind a switch: `/demo/reset` swaps in an empty one, so a reset demo also
 * forgets its fulfillment records and rate-limit counters (the simulator forgot its offers).
 */
export function createResettableStore(): UpsellStore & { reset(): void } {
  let current = createMemoryStore();
  return {
    get: (key) => current.get(key),
    set: (key, value, ttlMs) => current.set(key, value, ttlMs),
    setIfAbsent: (key, value, ttlMs) => current.setIfAbsent(key, value, ttlMs),
    delete: (key) => current.delete(key),
    increment: (key, ttlMs) => current.increment(key, ttlMs),
    reset() {
      current = createMemoryStore();
    },
  };
}
