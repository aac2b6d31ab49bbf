/**
 * Whether the kit may send the browser to `url`: `https:` anywhere, or `http:` on the page's own
 * origin (a relative URL included). Refuses `javascript:`, `data:`, `http:` on a foreign host and
 * anything unparsable, so that a compromised or mistyped offer can not turn a button into a
 * script or a downgrade.
 *
 * @param pageUrl - the page the URL is resolved against. @default location.href
 * @example isSafeRedirect('/settings/storage') // true
 */
export function isSafeRedirect(url: string, pageUrl: string = location.href): boolean {
  let target: URL;
  try {
    target = new URL(url, pageUrl);
  } catch {
    return false;
  }
  return (
    target.protocol === 'https:' ||
    (target.protocol === 'http:' && target.origin === new URL(pageUrl).origin)
  );
}
