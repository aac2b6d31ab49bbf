/**
 * Whether the kit may send the browser to `url`: `https:` anywhere, or any URL of the page's own
 * origin. Refuses `javascript:`, `data:`, `http:` on a foreign host and anything unparsable, so that
 * a compromised or mistyped offer can not turn a button into a script or a downgrade.
 */
export function isSafeRedirect(url: string): boolean {
  let target: URL;
  try {
    target = new URL(url, window.location.href);
  } catch {
    return false;
  }
  if (target.protocol === 'https:') return true;
  return (
    (target.protocol === 'http:' || target.protocol === 'https:') &&
    target.origin === window.location.origin
  );
}
