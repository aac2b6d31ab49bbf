import type { Offer } from './types';

/**
 * What every prompt under one provider shares: which offers are on display right now (so ten
 * prompts of one offer, or StrictMode's double effects, send one `viewed`, while showing it again
 * after every prompt of it went away is a new display, as Chargebee counts them), and which offers
 * the user dismissed (so they stay hidden, even when a refetch returns them, until they expire).
 */
export interface OfferRegistry {
  /**
   * A prompt shows `offerId` (the base offer: Chargebee re-personalizes it on every request).
   * `true` when no other prompt was showing it: this display is new, and the caller sends `viewed`.
   */
  claimView(offerId: string): boolean;
  /** That prompt no longer shows `offerId` (unmounted, or another offer took its place). */
  releaseView(offerId: string): void;
  /** Remember a dismissal until `expiresAt` (ms), or for the page's life when unknown. */
  dismiss(offer: Offer, expiresAt: number | null): void;
  /** `true` while a dismissal of `offer`'s base offer holds. */
  isDismissed(offer: Offer): boolean;
  /**
   * `true` the first time for an error object, `false` ever after: every prompt of a failed
   * offers query sees the same error, and the provider's `onError` hears of it once.
   */
  claimError(error: object): boolean;
  /**
   * Listen for dismissals (each with its base offer and until when it holds, in ms); returns the
   * unsubscribe function.
   */
  subscribe(listener: (dismissal: OfferDismissal) => void): () => void;
}

/** A dismissal as {@link OfferRegistry.subscribe} reports it. */
export interface OfferDismissal {
  /** The base offer id. */
  offerId: string;
  /** Until when it holds (ms since the epoch; `Infinity`: for the page's life). */
  until: number;
}

/**
 * Creates the registry the offer controllers of one page (or one provider) share: create one per
 * app, never one per prompt, or every prompt counts its own display.
 *
 * @example
 * const registry = createOfferRegistry();
 * const banner = createOfferController({ client, registry });
 * const callout = createOfferController({ client, registry }); // one `viewed` for both
 */
export function createOfferRegistry(): OfferRegistry {
  // How many mounted prompts show each base offer.
  const showing = new Map<string, number>();
  // Keyed by the base offer id: a refetch returns a fresh personalized id for the same offer, and
  // a personalized offer never changes its base offer.
  const dismissedUntil = new Map<string, number>();
  const listeners = new Set<(dismissal: OfferDismissal) => void>();
  const errors = new WeakSet<object>();
  return {
    claimView(id) {
      const count = showing.get(id) ?? 0;
      showing.set(id, count + 1);
      return count === 0;
    },
    releaseView(id) {
      const count = (showing.get(id) ?? 1) - 1;
      if (count > 0) showing.set(id, count);
      else showing.delete(id);
    },
    dismiss(offer, expiresAt) {
      const dismissal = { offerId: offer.offer_id, until: expiresAt ?? Infinity };
      dismissedUntil.set(dismissal.offerId, dismissal.until);
      for (const listener of [...listeners]) listener(dismissal);
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
