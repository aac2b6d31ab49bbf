import type { OfferRegistry } from './offer-registry';
import type { Offer } from './types';

/**
 * Shares the registry's dismissals with the page's other tabs (same origin, same `channel`) over
 * a `BroadcastChannel`: a prompt dismissed in one tab hides in the others at once, without a
 * reload, and without a second `dismissed` event (the tab that was dismissed in sent it).
 * Returns the function that stops it. Does nothing where `BroadcastChannel` does not exist (it
 * does in every engine the kit supports: Chromium, Firefox, Safari 15.4+).
 *
 * @example
 * const stop = syncDismissals(registry, 'upsell-kit:/api/upsell');
 */
export function syncDismissals(registry: OfferRegistry, channel: string): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const tabs = new BroadcastChannel(channel);
  // A dismissal heard from another tab is not sent back to them.
  let applying = false;
  const off = registry.subscribe((dismissal) => {
    if (!applying) tabs.postMessage(dismissal);
  });
  tabs.onmessage = ({ data }: MessageEvent<{ offerId?: unknown; until?: unknown }>) => {
    if (typeof data?.offerId !== 'string' || typeof data.until !== 'number') return;
    const offer = { offer_id: data.offerId } as Offer;
    // Already dismissed here (this tab heard it, or dismissed it too): nothing to do.
    if (registry.isDismissed(offer)) return;
    applying = true;
    try {
      registry.dismiss(offer, data.until);
    } finally {
      applying = false;
    }
  };
  return () => {
    off();
    tabs.close();
  };
}
