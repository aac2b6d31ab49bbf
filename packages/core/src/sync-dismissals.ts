import type { OfferRegistry } from './offer-registry';
import type { Offer } from './types';

/**
 * Shares the registry's dismissals with the page's other tabs (same origin, same `channel`) over
 * a `BroadcastChannel`: a prompt dismissed in one tab hides in the others at once, without a
 * reload, and without a second `dismissed` event (the tab it was dismissed in sent it). Returns
 * the function that stops it. Does nothing where `BroadcastChannel` does not exist (it does in
 * every engine the kit supports: Chromium, Firefox, Safari 15.4+).
 *
 * @example
 * const stop = syncDismissals(registry, 'upsell-kit:/api/upsell');
 */
export function syncDismissals(registry: OfferRegistry, channel: string): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const tabs = new BroadcastChannel(channel);
  const off = registry.subscribe((dismissal) => tabs.postMessage(dismissal));
  tabs.onmessage = ({ data }: MessageEvent<{ offerId?: unknown; until: number }>) => {
    const offer = { offer_id: data?.offerId } as Offer;
    // A tab that knows already (it heard another tab first, or was dismissed in) does nothing:
    // so a dismissal passed on again by each tab that hears it stops there.
    if (typeof offer.offer_id === 'string' && !registry.isDismissed(offer)) {
      registry.dismiss(offer, data.until);
    }
  };
  return () => {
    off();
    tabs.close();
  };
}
