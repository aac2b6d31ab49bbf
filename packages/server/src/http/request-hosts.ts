/**
 * Which proxy hops to believe about the host the browser used (`X-Forwarded-Host`): `false`
 * ignores the header, `true` takes its first (client-most) value, as Express's
 * `trust proxy = true` does, and a number `n` takes the value the n-th proxy from the server
 * appended (`1`: the one proxy in front, e.g. Vercel or one Nginx that sets the header).
 */
export type TrustProxy = boolean | number;

/** Checks a `trustProxy` option. */
export function checkTrustProxy(value: unknown): TrustProxy {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new TypeError(
    'createUpsellHandler: trustProxy must be true, false or a number of proxy hops (e.g. 1).',
  );
}

/**
 * The hosts a request was addressed to, for the same-origin rule: its `Host` header, its URL's
 * host and, only when `trustProxy` says so, the `X-Forwarded-Host` a trusted proxy set. A browser
 * can not set `Host` on a cross-site request, but anything in front of the app that lets a request
 * through unchanged (a CDN, a sibling app's proxy) can carry a forged `X-Forwarded-Host`, so the
 * header counts only behind a proxy that overwrites or appends it.
 *
 * @example requestHosts(request, 1) // ['app.example.com', 'localhost:3000']
 */
export function requestHosts(request: Request, trustProxy: TrustProxy): string[] {
  const hosts: string[] = [];
  const add = (host: string | undefined) => {
    const trimmed = host?.trim().toLowerCase();
    if (trimmed) hosts.push(trimmed);
  };
  const forwarded = request.headers.get('x-forwarded-host');
  if (forwarded !== null && trustProxy !== false && trustProxy !== 0) {
    const values = forwarded.split(',');
    add(trustProxy === true ? values[0] : values[Math.max(0, values.length - trustProxy)]);
  }
  add(request.headers.get('host') ?? undefined);
  try {
    add(new URL(request.url).host);
  } catch {
    // no usable URL: the headers decide
  }
  return hosts;
}
