/**
 * One HTTP request to Chargebee, as the handler's SDK client hands it to an
 * {@link UpstreamTransport}: the URL already points at the right origin (`baseUrl` applied), the
 * headers carry the SDK's Basic auth, and the body is fully read.
 */
export interface UpstreamRequest {
  /** Absolute URL, e.g. `https://acme-test.grow.chargebee.com/api/v2/personalized_offers`. */
  url: string;
  /** `GET` or `POST`. */
  method: string;
  /** The SDK's headers, `Authorization` included: never log them. */
  headers: Headers;
  /** The request body, `undefined` for `GET`. */
  body: Uint8Array<ArrayBuffer> | undefined;
  /**
   * Aborted when the handler's `timeoutMs` runs out. The transport must then stop (close the
   * connection) and reject; the handler answers `504 upstream_timeout`.
   */
  signal: AbortSignal;
}

/** Chargebee's whole answer: status, headers and the complete body. */
export interface UpstreamResponse {
  status: number;
  statusText?: string;
  headers: HeadersInit;
  /** The complete body (`null` or empty when there is none). */
  body: Uint8Array<ArrayBuffer> | null;
}

/**
 * How the handler's Chargebee SDK client sends its HTTP requests. Resolve only once the whole
 * body has arrived (the handler's timeout covers it); reject with a `TypeError` (as `fetch`
 * does) when the connection fails, so that the handler answers `503 upstream_unavailable`.
 * The default sends through the global `fetch`; on Node, `createKeepAliveTransport()` from
 * `@upsell-kit/server/node` reuses connections and costs a fraction of the CPU.
 *
 * @example
 * const transport: UpstreamTransport = async ({ url, method, headers, body, signal }) => {
 *   const response = await fetch(url, { method, headers, body, signal });
 *   return { status: response.status, headers: response.headers, body: new Uint8Array(await response.arrayBuffer()) };
 * };
 */
export type UpstreamTransport = (request: UpstreamRequest) => Promise<UpstreamResponse>;

/** The default {@link UpstreamTransport}: the runtime's global `fetch` (undici on Node). */
export const fetchTransport: UpstreamTransport = async ({ url, method, headers, body, signal }) => {
  const response = await fetch(url, { method, headers, body, signal });
  // Read under the same signal: a body that stalls after the headers is a timeout too.
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    body: bytes,
  };
};
