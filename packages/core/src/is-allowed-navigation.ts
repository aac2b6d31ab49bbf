import { currentPage, safeTarget } from './is-safe-url';

/**
 * What a navigation is for: `checkout` (Chargebee's hosted page: the default full-page
 * navigation, or `onCheckout`) or `redirect` (a `url_redirect` option or fulfillment, a completed
 * `billing_update`'s `redirect_url`: where the merchant configured them).
 */
export type NavigationKind = 'checkout' | 'redirect';

/** Options of {@link isAllowedNavigation}. */
export interface NavigationRules {
  /**
   * Hosts, beyond the page's own origin (and, for checkouts, Chargebee's), that checkout pages and
   * redirects may go to: exact hosts (`billing.example.com`; compared as the URL parser writes
   * them: case-insensitive, Unicode names as punycode, a port only when it is not 443) or
   * `*.example.com` for any subdomain of `example.com` (not `example.com` itself: list it too).
   * Only `https:` URLs reach a listed host. The same option, by the same name, on
   * `@upsell-kit/server`'s handler.
   * @default [] (the page's own origin, and Chargebee's hosted pages for checkouts)
   * @example { allowedRedirectHosts: ['billing.example.com', '*.example-cdn.com'] }
   */
  allowedRedirectHosts?: readonly string[] | undefined;
  /**
   * The page the URL is resolved against and compared with.
   * @default location.href in a browser; without one, nothing is same-origin
   * @example { pageUrl: 'https://app.example.com/dashboard' }
   */
  pageUrl?: string | undefined;
}

/** Chargebee serves hosted checkout pages on the merchant's site: `{site}.chargebee.com`. */
const CHARGEBEE_SITES = '.chargebee.com';

/**
 * Whether the kit may send the browser to `url` (navigate, or hand it to `onCheckout`):
 * {@link isSafeUrl} first (no script schemes, no credentials, no `http:` elsewhere), then the
 * host: the page's own origin always; for a `checkout` also any `https:` host under
 * `chargebee.com` on the default port (`{site}.chargebee.com`, where Chargebee serves hosted
 * pages); and any host in `allowedRedirectHosts`. Anything else (`https://evil.example/phish`,
 * `chargebee.com.evil.example`, a trailing-dot or other-port variant) is refused, so that an
 * upstream answer that was tampered with or mistyped can not send a customer elsewhere.
 *
 * @example
 * isAllowedNavigation(hostedPage.url, 'checkout'); // true for https://acme.chargebee.com/…
 * isAllowedNavigation(url, 'redirect', { allowedRedirectHosts: ['billing.example.com'] });
 */
export function isAllowedNavigation(
  url: unknown,
  kind: NavigationKind,
  { allowedRedirectHosts, pageUrl = currentPage() }: NavigationRules = {},
): boolean {
  return allowsNavigation(url, kind, { allowedRedirectHosts, pageUrl });
}

/** {@link isAllowedNavigation} with the page as given (`undefined` is no page): reads no global. */
export function allowsNavigation(
  url: unknown,
  kind: NavigationKind,
  { allowedRedirectHosts = [], pageUrl }: Pick<NavigationRules, 'allowedRedirectHosts' | 'pageUrl'>,
): boolean {
  const target = safeTarget(url, pageUrl);
  if (!target) return false;
  // `host` as the parser writes it: lowercase, punycode, the port only when it is not the default.
  const { host } = target;
  return (
    // `pageUrl` parsed as the base in safeTarget: this parse can not throw.
    (pageUrl !== undefined && target.origin === new URL(pageUrl).origin) ||
    (kind === 'checkout' && host.endsWith(CHARGEBEE_SITES)) ||
    // Beyond the page's own origin, safeTarget let only https: through.
    allowedRedirectHosts.some((entry) => {
      const wildcard = entry.startsWith('*.');
      const name = hostOf(wildcard ? entry.slice(2) : entry);
      return !!name && (wildcard ? host.endsWith(`.${name}`) : host === name);
    })
  );
}

/** An entry of `allowedRedirectHosts` written as the URL parser writes hosts, if it is a host. */
function hostOf(entry: string): string | undefined {
  try {
    const { host, href } = new URL(`https://${entry}`);
    // Nothing but a host: no scheme, path, query, fragment or credentials in the entry.
    if (href === `https://${host}/`) return host;
  } catch {
    // Unparsable: not a host.
  }
  if (process.env.NODE_ENV !== 'production') {
    console.warn(
      `[upsell-kit] allowedRedirectHosts: "${entry}" is not a host and allows nothing; write ` +
        `hosts only, e.g. "billing.example.com" or "*.example.com".`,
    );
  }
}
