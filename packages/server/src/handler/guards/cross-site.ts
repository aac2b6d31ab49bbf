import { fail } from '../../http/responses';

/**
 * Refuses a POST a browser could send from another site: the body must be `application/json`
 * (a cross-site form cannot send it without a preflight), `Sec-Fetch-Site` must not say
 * `cross-site`, and an `Origin` must be this host's or one of `allowedOrigins`.
 */
export function checkCrossSite(request: Request, allowedOrigins: ReadonlySet<string>): void {
  const contentType = request.headers.get('content-type') ?? '';
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw fail('unsupported_media_type', 'The request body must be application/json.');
  }
  if (request.headers.get('sec-fetch-site')?.trim().toLowerCase() === 'cross-site') {
    throw fail('cross_site_request', 'Cross-site requests are not allowed.');
  }
  const origin = request.headers.get('origin');
  if (origin !== null && !allowedOrigins.has(origin) && !isOwnOrigin(origin, request)) {
    throw fail('cross_site_request', 'Requests from this origin are not allowed.');
  }
}

/**
 * Whether `Origin` names the host the browser sent this request to. Hosts are compared, as Next.js
 * does for server actions, because behind a proxy or under `next start` `request.url` carries the
 * server's own address and scheme (`http://localhost:3000`), not the one the browser used. A browser
 * can set neither `Host` nor `X-Forwarded-Host` on a cross-site request, so a foreign page still
 * fails the check.
 */
function isOwnOrigin(origin: string, request: Request): boolean {
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false; // `null` (sandboxed frames, file:) and garbage are foreign
  }
  const hosts = [
    request.headers.get('x-forwarded-host')?.split(',')[0]?.trim(),
    request.headers.get('host')?.trim(),
  ];
  try {
    hosts.push(new URL(request.url).host);
  } catch {
    // no usable URL: the headers decide
  }
  return hosts.some(
    (host) => host !== undefined && host !== '' && host.toLowerCase() === originHost,
  );
}
