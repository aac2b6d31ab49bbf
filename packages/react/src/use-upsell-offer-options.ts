'use client';
import type { CustomFields, Fulfillment, Offer, RequestContext } from '@upsell-kit/core';
import type { UpsellClientEvent } from './upsell-client-event';
import type { UpsellErrorHandler } from './upsell-error-handler';

/** Options of {@link useUpsellOffer}. */
export interface UseUpsellOfferOptions {
  /**
   * The usage context the play's audience rules compare against.
   * @default {}
   * @example useUpsellOffer({ custom: { storage_used_percent: 82 } })
   */
  custom?: CustomFields;
  /**
   * Request context. `locale` defaults to the provider's (else `navigator.language`), `timezone`
   * to the browser's, `url` to the page's origin and path (no query string).
   * @default {}
   * @example useUpsellOffer({ custom, context: { locale: 'de-DE' } })
   */
  context?: RequestContext;
  /**
   * `false` sends no request and shows nothing, e.g. until usage figures loaded.
   * @default true
   * @example useUpsellOffer({ custom, enabled: usage !== undefined })
   */
  enabled?: boolean;
  /**
   * How the prompt is shown, which decides when it counts as viewed: `inline` once at least half
   * of it is in the viewport while the tab is visible; `banner` and `modal` once it is rendered
   * while the tab is visible. Also decides the root's role (`region` or `dialog`).
   * @default 'banner'
   * @example useUpsellOffer({ custom, placement: 'inline' })
   */
  placement?: 'banner' | 'modal' | 'inline';
  /**
   * Names where the prompt sits in the app (`dashboard-storage`, `export-modal`): sent with the
   * offers request (`placement_id`) so that the server's frequency caps count and hold per
   * placement, shown by the debug panel and used by the provider's arbiter. Letters, digits and
   * `_ . : -`, at most 64 characters.
   * @default undefined (counted app-wide only)
   * @example useUpsellOffer({ custom, placementId: 'dashboard-storage' })
   */
  placementId?: string;
  /**
   * Analytics events of this prompt (after the provider's `onEvent`).
   * @default undefined
   * @example useUpsellOffer({ custom, onEvent: (e) => console.log(e.type) })
   */
  onEvent?: (event: UpsellClientEvent) => void;
  /**
   * Errors of this prompt (after the provider's `onError`).
   * @default undefined
   * @example useUpsellOffer({ custom, onError: (error) => report(error) })
   */
  onError?: UpsellErrorHandler;
  /**
   * This prompt's fulfillment completed (after the provider's `onCompleted`): refresh what the
   * accept changed, e.g. the usage figure the prompt was about.
   * @default undefined
   * @example useUpsellOffer({ custom, onCompleted: () => refetchStorage() })
   */
  onCompleted?: (fulfillment: Fulfillment, offer: Offer) => void;
  /**
   * How long to poll an in-progress fulfillment before settling for "still processing".
   * @default 30_000
   * @example useUpsellOffer({ custom, pollTimeoutMs: 60_000 })
   */
  pollTimeoutMs?: number;
}
