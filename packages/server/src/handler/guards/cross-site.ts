import { requestHosts, type TrustProxy } from '../../http/request-hosts';
import { fail } from '../../http/responses';

/**
 * Refuses a POST a browser could send from another site: the body must be `application/json`
 * (a cross-site form cannot send it without a preflight), `Sec-Fetch-Site` must not say
 * `cross-site`, and an `Origin` must be this host's or one of `allowedOrigins`.
 */
export function checkCrossSite(
  request: Request,
  allowedOrigins: ReadonlySet<string>,
  trustProxy: TrustProxy = false,
  onRefusedOrigin: (origin: string) => void = () => {},
): void {
  const contentType = request.headers.get('content-type') ?? '';
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw fail('unsupported_media_type', 'The request body must be application/json.');
  }
  if (request.headers.get('sec-fetch-site')?.trim().toLowerCase() === 'cross-site') {
    throw fail('cross_site_request', 'Cross-site requests are not allowed.');
  }
  const origin = request.headers.get('origin');
  if (
    origin !== null &&
    !allowedOrigins.has(origin) &&
    !isOwnOrigin(origin, requestHosts(request, trustProxy))
  ) {
    onRefusedOrigin(origin);
    throw fail('cross_site_request', 'Requests from this origin are not allowed.');
  }
}

/**
 * Whether `Origin` names the host the browser sent this request to. Hosts are compared, as Next.js
 * does for server actions, because behind a proxy or under `next start` `request.url` carries the
 * server's own address and scheme (`http://localhost:3000`), not the one the browser used. `hosts`
 * (from `requestHosts`) holds `X-Forwarded-Host` only from trusted proxies (`trustProxy`): a
 * browser can not set `Host`, but a sibling site behind a pass-through proxy can forge the
 * forwarded header.
 */
function isOwnOrigin(origin: string, hosts: readonly string[]): boolean {
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false; // `null` (sandboxed frames, file:) and garbage are foreign
  }
  return hosts.includes(originHost);
}
