/**
 * Whether the kit may hand `url` to the browser at all: an `https:` URL, or an `http(s):` URL of
 * the page's own origin. Refuses `javascript:`, `data:`, `blob:`, `http:` on a foreign host,
 * credentials in the URL and anything unparsable, so that a compromised or mistyped upstream
 * answer can not turn a button into a script or a downgrade. This is the scheme check only: where
 * the kit navigates, {@link isAllowedNavigation} also checks the host (the page's own origin,
 * Chargebee's hosted pages, `allowedRedirectHosts`).
 *
 * @param pageUrl the page the URL is resolved against and compared with
 * @default pageUrl `location.href` in a browser; without one, only absolute `https:` URLs pass
 * @example if (isSafeUrl(url)) iframe.src = url;
 */
export function isSafeUrl(url: unknown, pageUrl: string | undefined = currentPage()): boolean {
  return !!safeTarget(url, pageUrl);
}

/**
 * `url` parsed against `pageUrl` (as given: `undefined` is no page) when {@link isSafeUrl} would
 * pass it, else `undefined`.
 */
export function safeTarget(url: unknown, pageUrl: string | undefined): URL | undefined {
  if (typeof url !== 'string' || !url) return;
  let target: URL;
  try {
    // The WHATWG parser, as the browser navigates: it strips tabs, newlines and leading controls
    // ("java\tscript:" is javascript:), so the check sees what the navigation would.
    // An undefined base is no base (absolute URLs only); an unparsable base throws here too.
    target = new URL(url, pageUrl);
  } catch {
    return;
  }
  // A URL with credentials phishes (https://chargebee.com@evil.example/) and Chargebee never sends one.
  if (target.username || target.password) return;
  // `pageUrl` parsed above (as the base), so this parse can not throw.
  const own = pageUrl !== undefined && target.origin === new URL(pageUrl).origin;
  if (target.protocol === 'https:' || (target.protocol === 'http:' && own)) return target;
}

/** The page's URL in a browser (`undefined` elsewhere): what navigations are compared with. */
export function currentPage(): string | undefined {
  const location = (globalThis as { location?: { href?: unknown } }).location;
  return typeof location?.href === 'string' ? location.href : undefined;
}
