/**
 * Whether a URL from Chargebee (a hosted page, an option's or a fulfillment's `redirect_url`) may
 * go to the browser.
 */
export type UpstreamUrlCheck = (url: string) => boolean;

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

function isLoopback(url: URL): boolean {
  return LOOPBACK_HOST.test(url.hostname);
}

/**
 * The server's check of Chargebee's URLs before they reach the browser: `https:` only, without
 * credentials. `http:` passes only when the configured `baseUrl` (the simulator, a test double)
 * is itself on loopback, and then only for a loopback URL: the simulator's
 * `http://127.0.0.1:…/hosted_pages/…` works in development, and a production site can never hand
 * the browser a `javascript:`, `data:` or plain-`http:` page. The browser checks again
 * (`isSafeUrl` from `@upsell-kit/core`) right before it navigates or calls `onCheckout`.
 *
 * @example
 * const allowed = createUpstreamUrlCheck(connection?.baseUrl);
 * allowed('https://acme.chargebee.com/pages/v3/x/'); // true
 */
export function createUpstreamUrlCheck(baseUrl: string | undefined): UpstreamUrlCheck {
  let loopbackBase = false;
  if (baseUrl !== undefined) {
    try {
      loopbackBase = isLoopback(new URL(baseUrl));
    } catch {
      loopbackBase = false;
    }
  }
  return (url) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return false;
    }
    if (target.username !== '' || target.password !== '') return false;
    if (target.protocol === 'https:') return true;
    return target.protocol === 'http:' && loopbackBase && isLoopback(target);
  };
}
