/**
 * Whether the kit may hand `url` to the browser (a navigation, an `onCheckout` callback, an
 * iframe's `src`): an `https:` URL, or an `http(s):` URL of the page's own origin. Refuses
 * `javascript:`, `data:`, `blob:`, `http:` on a foreign host, credentials in the URL and anything
 * unparsable, so that a compromised or mistyped upstream answer can not turn a button into a
 * script or a downgrade. The server checks Chargebee's URLs too; this is the browser's own check,
 * made right before the URL is used.
 *
 * @param pageUrl the page the URL is resolved against and compared with
 * @default pageUrl `location.href` in a browser; without one, only absolute `https:` URLs pass
 * @example if (isSafeUrl(hostedPage.url)) onCheckout(hostedPage, offer);
 */
export function isSafeUrl(url: unknown, pageUrl: string | undefined = currentPage()): boolean {
  if (typeof url !== 'string' || !url) return false;
  let target: URL;
  try {
    // The WHATWG parser, as the browser navigates: it strips tabs, newlines and leading controls
    // ("java\tscript:" is javascript:), so the check sees what the navigation would.
    // An undefined base is no base (absolute URLs only); an unparsable base throws here too.
    target = new URL(url, pageUrl);
  } catch {
    return false;
  }
  // A URL with credentials phishes (https://chargebee.com@evil.example/) and Chargebee never sends one.
  if (target.username || target.password) return false;
  if (target.protocol === 'https:') return true;
  // `pageUrl` parsed above (as the base), so this parse can not throw.
  return (
    target.protocol === 'http:' &&
    pageUrl !== undefined &&
    target.origin === new URL(pageUrl).origin
  );
}

/** The page's URL in a browser (`undefined` elsewhere): what navigations are compared with. */
export function currentPage(): string | undefined {
  const location = (globalThis as { location?: { href?: unknown } }).location;
  return typeof location?.href === 'string' ? location.href : undefined;
}
