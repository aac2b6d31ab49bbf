import type Chargebee from 'chargebee';
import { requestHosts, type TrustProxy } from '../http/request-hosts';
import type { UpsellLogger } from '../http/upsell-logger';
import { createUpstreamUrlCheck } from '../upstream/create-upstream-url-check';

/**
 * Where the browser may be sent by a URL from Chargebee: checked on the server before any answer
 * carries one (and again in the browser, right before it navigates).
 */
export interface NavigationCheck {
  /**
   * `url` when the browser may open it as a checkout page: `https:` on the site's own Chargebee
   * hosts (`{site}.chargebee.com`, `{site}.grow.chargebee.com`), on a host named in
   * `allowedRedirectHosts` (a custom checkout domain), or on `baseUrl`'s origin (loopback pages
   * too, over `http:`, when `baseUrl` is loopback: the simulator). Else `null`, logged once per
   * host with `ids`.
   */
  checkoutPage(url: string, ids: Record<string, string>): string | null;
  /**
   * `url` when the browser may be sent there: `https:` on a host named in `allowedRedirectHosts`,
   * or on the host `request` was sent to (the app itself). Else `null`, logged once per host.
   */
  redirect(
    url: string | null,
    what: string,
    ids: Record<string, string>,
    request?: Request,
  ): string | null;
}

/** Options of {@link createNavigationCheck}. */
export interface NavigationCheckOptions {
  /** The SDK instance: its site (and host suffix) names the merchant's Chargebee hosts. */
  chargebee: Chargebee;
  /** `chargebee.baseUrl`: a test double's origin, whose pages are the checkout pages then. */
  baseUrl: string | undefined;
  /** The handler's `allowedRedirectHosts` option, checked here. */
  allowedRedirectHosts: readonly string[] | undefined;
  trustProxy: TrustProxy;
  logger: UpsellLogger;
}

/** A host name: letters, digits and hyphens in dot-separated labels (punycode for IDNs). */
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** At most this many hosts are logged: what Chargebee sends can not grow memory or the log. */
const LOGGED_HOSTS = 200;

interface HostPatterns {
  exact: ReadonlySet<string>;
  /** `.acme.example` for `*.acme.example`: any subdomain, not the domain itself. */
  suffixes: readonly string[];
}

function parseHosts(entries: readonly string[] | undefined): HostPatterns {
  if (entries !== undefined && !Array.isArray(entries)) {
    throw new TypeError(
      'createUpsellHandler: allowedRedirectHosts must be an array of host names.',
    );
  }
  const exact = new Set<string>();
  const suffixes: string[] = [];
  for (const entry of entries ?? []) {
    const host = typeof entry === 'string' ? entry.trim().toLowerCase() : '';
    const wildcard = host.startsWith('*.');
    const name = wildcard ? host.slice(2) : host;
    // A wildcard of a top-level domain (`*.com`) is a mistake, never an allow-list.
    if (!HOST_NAME.test(name) || (wildcard && !name.includes('.'))) {
      throw new TypeError(
        `createUpsellHandler: allowedRedirectHosts has an entry that is not a host name (e.g. "plans.example.com" or "*.example.com", without scheme, port or path): ${JSON.stringify(entry)}`,
      );
    }
    if (wildcard) suffixes.push(`.${name}`);
    else exact.add(name);
  }
  return { exact, suffixes };
}

const matches = (patterns: HostPatterns, hostname: string) =>
  patterns.exact.has(hostname) || patterns.suffixes.some((suffix) => hostname.endsWith(suffix));

/** The merchant's own Chargebee hosts, from the SDK's environment (site and host suffix). */
function siteHosts(chargebee: Chargebee): string[] {
  const env = (chargebee as unknown as { _env?: { site?: unknown; hostSuffix?: unknown } })._env;
  const site = typeof env?.site === 'string' ? env.site.toLowerCase() : '';
  const suffix = typeof env?.hostSuffix === 'string' ? env.hostSuffix.toLowerCase() : '';
  if (site === '' || suffix === '') return [];
  return [`${site}${suffix}`, `${site}.grow${suffix}`];
}

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Builds the {@link NavigationCheck} of a handler. Throws on an `allowedRedirectHosts` entry
 * that is not a host name, naming it.
 *
 * @example
 * const navigation = createNavigationCheck({ chargebee, baseUrl, allowedRedirectHosts: ['*.acme.com'], trustProxy, logger });
 * navigation.redirect('https://evil.example/phish', 'option redirect_url', { optionId }); // null, logged
 */
export function createNavigationCheck(options: NavigationCheckOptions): NavigationCheck {
  const allowed = parseHosts(options.allowedRedirectHosts);
  const safeScheme = createUpstreamUrlCheck(options.baseUrl);
  const checkoutHosts = new Set(siteHosts(options.chargebee));
  let base: URL | undefined;
  try {
    base = options.baseUrl === undefined ? undefined : new URL(options.baseUrl);
  } catch {
    base = undefined;
  }
  if (base) checkoutHosts.add(base.hostname.toLowerCase());
  const loopbackBase = base !== undefined && LOOPBACK_HOST.test(base.hostname);

  const logged = new Set<string>();
  const refuse = (what: string, url: string, reason: string, ids: Record<string, string>) => {
    let host = '';
    try {
      host = new URL(url).host;
    } catch {
      host = '(no URL)';
    }
    const key = `${what}\n${host}\n${reason}`;
    if (logged.has(key) || logged.size >= LOGGED_HOSTS) return null;
    logged.add(key);
    // The host, never the URL: its path or query may carry a token.
    options.logger.error(`upsell-kit: Chargebee sent a ${what} ${reason}; it was refused.`, {
      host,
      ...ids,
    });
    return null;
  };
  const parse = (url: string): URL | null => {
    if (!safeScheme(url)) return null;
    try {
      return new URL(url);
    } catch {
      return null;
    }
  };

  return {
    checkoutPage(url, ids) {
      const target = parse(url);
      if (target === null) return refuse('checkout page', url, 'that is not https:', ids);
      const hostname = target.hostname.toLowerCase();
      if (
        checkoutHosts.has(hostname) ||
        matches(allowed, hostname) ||
        (loopbackBase && LOOPBACK_HOST.test(hostname))
      ) {
        return url;
      }
      return refuse(
        'checkout page',
        url,
        "on a host that is not the site's Chargebee host (a custom checkout domain goes in allowedRedirectHosts)",
        ids,
      );
    },
    redirect(url, what, ids, request) {
      if (url === null) return null;
      const target = parse(url);
      if (target === null) return refuse(what, url, 'that is not https:', ids);
      if (matches(allowed, target.hostname.toLowerCase())) return url;
      if (
        request &&
        requestHosts(request, options.trustProxy).includes(target.host.toLowerCase())
      ) {
        return url;
      }
      return refuse(
        what,
        url,
        'to a host that is neither this app nor in allowedRedirectHosts (add it there if it is yours)',
        ids,
      );
    },
  };
}
