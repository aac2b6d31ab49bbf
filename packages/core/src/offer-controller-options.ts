import type { UpsellClient } from './client';
import type { UpsellError } from './errors';
import type { OfferAnalyticsEvent } from './offer-analytics-event';
import type { OfferRegistry } from './offer-registry';
import type { Fulfillment, HostedPage, Offer, ProcessingLayout } from './types';

/** Options of `createOfferController`. Callbacks are read when they are called. */
export interface OfferControllerOptions {
  /**
   * The browser client of the app's server.
   * @example createOfferController({ client: createUpsellClient() })
   */
  client: UpsellClient;
  /**
   * Shared by every controller of the page (one per provider / app): one `viewed` per display of
   * an offer however many prompts show it, and dismissals that hold across prompts. Read once, at
   * creation.
   * @default a private registry (this controller counts alone)
   * @example createOfferController({ client, registry })
   */
  registry?: OfferRegistry;
  /**
   * Analytics events: viewed, dismissed, accepted, completed, failed, already_accepted.
   * @default undefined
   * @example createOfferController({ client, onEvent: (e) => analytics.track(e.type, e) })
   */
  onEvent?: ((event: OfferAnalyticsEvent) => void) | undefined;
  /**
   * Every error (fetch, events, accept, polling). `firstReport` is `false` when another controller
   * of the same registry already reported this very error (a failed offers request that every
   * prompt of it sees): app-wide handlers such as an error tracker skip those.
   * @default undefined
   * @example createOfferController({ client, onError: (e, { firstReport }) => firstReport && track(e) })
   */
  onError?: ((error: UpsellError | Error, info: { firstReport: boolean }) => void) | undefined;
  /**
   * Opens Chargebee's hosted checkout page yourself instead of the full-page navigation; the
   * controller then polls the fulfillment until it settles. It receives the whole hosted page (as
   * Chargebee.js's `openCheckout` takes it) and the option's `processing_layout` (`in_app`: open
   * it in Chargebee.js's modal; `full_page` or `null`: navigate). Called only with a URL on the
   * page's own origin, an `https:` host under `chargebee.com` or one of `allowedRedirectHosts`
   * (see `isAllowedNavigation`); any other is refused, shown (`unsafe_redirect`) and reported.
   * @default undefined (full-page navigation to `hostedPage.url`)
   * @example
   * onCheckout: (page, offer, layout) =>
   *   layout === 'in_app'
   *     ? cbInstance.openCheckout({ hostedPage: () => Promise.resolve(page) })
   *     : window.location.assign(page.url)
   */
  onCheckout?:
    ((hostedPage: HostedPage, offer: Offer, layout: ProcessingLayout | null) => void) | undefined;
  /**
   * Leaves the page for a checkout or a redirect. Only ever called with a URL of the page's own
   * origin, a Chargebee hosted page (checkouts) or a host of `allowedRedirectHosts`.
   * @default (url) => location.assign(url)
   * @example createOfferController({ client, navigate: (url) => router.push(url) })
   */
  navigate?: ((url: string) => void) | undefined;
  /**
   * Hosts, beyond the page's own origin, that checkouts and redirects may go to: where the
   * merchant's `url_redirect` options and `billing_update` redirects point, and a custom domain
   * of Chargebee's hosted pages. Exact hosts (`billing.example.com`, compared case-insensitively,
   * Unicode as punycode, a port only when it is not 443) or `*.example.com` for any subdomain (not
   * `example.com` itself). `https:` only. Checkout pages under `chargebee.com` need no entry.
   * Read when the browser would go; the server's handler takes the same option.
   * @default [] (the page's own origin; and `*.chargebee.com` for checkouts)
   * @example createOfferController({ client, allowedRedirectHosts: ['billing.example.com'] })
   */
  allowedRedirectHosts?: readonly string[] | undefined;
  /**
   * A fulfillment completed: the customer's plan changed, so cached offers are stale. Bindings
   * invalidate their offers cache here (`@upsell-kit/react`: the React Query key).
   * @default undefined
   * @example createOfferController({ client, onCompleted: () => queryClient.invalidateQueries(…) })
   */
  onCompleted?: ((fulfillment: Fulfillment, offer: Offer) => void) | undefined;
  /**
   * How long to poll an in-progress fulfillment before settling for "still processing".
   * @default 30_000
   * @example createOfferController({ client, pollTimeoutMs: 60_000 })
   */
  pollTimeoutMs?: number | undefined;
}
