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
  subscribe(listener: () => void): () => void;
}

export function createOfferRegistry(): OfferRegistry {
  const viewed = new Set<string>();
  // Keyed by the base offer id too: a refetch returns a fresh personalized id for the same offer.
  const dismissed = new Map<string, number>();
  const listeners = new Set<() => void>();
  return {
    claimView(id) {
      if (viewed.has(id)) return false;
      viewed.add(id);
      return true;
    },
    dismiss(offer, expiresAt) {
      const until = expiresAt ?? Number.POSITIVE_INFINITY;
      dismissed.set(offer.id, until);
      dismissed.set(`base:${offer.offer_id}`, until);
      for (const listener of [...listeners]) listener();
    },
    isDismissed(offer) {
      const now = Date.now();
      return [offer.id, `base:${offer.offer_id}`].some((key) => (dismissed.get(key) ?? 0) > now);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
