import { upsellHandlers } from '../../../../lib/upsell';

// Per request, on Node: the handler reads cookies and calls Chargebee.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * Next.js builds `request.url` from its own hostname (`http://localhost:3000/…` under
 * `next start`), not from the address the browser used, so the kit's same-origin check would see
 * every browser `Origin` as foreign. Rebuild the URL on the `Host` header (which a browser can not
 * forge) before handing the request over.
 */
function withRequestHost(request: Request): Request {
  const host = request.headers.get('host');
  if (!host) return request;
  const url = new URL(request.url);
  if (url.host === host) return request;
  url.host = host;
  return new Request(url, request);
}

export async function GET(request: Request): Promise<Response> {
  return (await upsellHandlers()).GET(withRequestHost(request));
}

export async function POST(request: Request): Promise<Response> {
  return (await upsellHandlers()).POST(withRequestHost(request));
}
