import type { Offer } from '@upsell-kit/core';

/**
 * What every prompt under one provider shares: which personalized offers were already recorded as
 * viewed (so ten prompts, a remount or StrictMode's double effects send one `viewed`), and which
 * offers the user dismissed (so they stay hidden, even when a refetch returns them, until they
 * expire).
 */
export interface OfferRegistry {
  /** `true` the first time for an id, `false` ever after: the caller that wins sends the event. */
  claimView(personalizedOfferId: string): boolean;
  /** Remember a dismissal until `expiresAt` (ms), or for the page's life when unknown. */
  dismiss(offer: Offer, expiresAt: number | null): void;
  isDismissed(offer: Offer): boolean;
  /**
   * `true` the first time for an error object, `false` ever after: every prompt of a failed
   * offers query sees the same error, and the provider's `onError` hears of it once.
   */
  claimError(error: object): boolean;
  subscribe(listener: () => void): () => void;
}

export function createOfferRegistry(): OfferRegistry {
  const viewed = new Set<string>();
  // Keyed by the base offer id: a refetch returns a fresh personalized id for the same offer, and
  // a personalized offer never changes its base offer.
  const dismissedUntil = new Map<string, number>();
  const listeners = new Set<() => void>();
  const errors = new WeakSet<object>();
  return {
    claimView(id) {
      if (viewed.has(id)) return false;
      viewed.add(id);
      return true;
    },
    dismiss(offer, expiresAt) {
      dismissedUntil.set(offer.offer_id, expiresAt ?? Number.POSITIVE_INFINITY);
      for (const listener of [...listeners]) listener();
    },
    claimError(error) {
      if (errors.has(error)) return false;
      errors.add(error);
      return true;
    },
    isDismissed(offer) {
      return (dismissedUntil.get(offer.offer_id) ?? 0) > Date.now();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
