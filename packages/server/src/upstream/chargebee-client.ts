import Chargebee from 'chargebee';
import {
  DEFAULT_TIMEOUT_MS,
  type ChargebeeConnectionOptions,
} from './chargebee-connection-options';
import { UpstreamTimeoutError } from './upstream-timeout-error';
import { fetchTransport, type UpstreamTransport } from './upstream-transport';

const utf8 = new TextDecoder();

/**
 * A `Response` over a body that has fully arrived. The SDK reads every answer with `json()`;
 * this one parses the bytes it already holds instead of reading them back through the body
 * stream (about a third of the cost of handing the SDK its answer). Everything else, the body
 * stream included, is the standard `Response`.
 */
class BufferedResponse extends Response {
  readonly #bytes: Uint8Array | null;

  constructor(bytes: Uint8Array<ArrayBuffer> | null, init: ResponseInit) {
    super(bytes, init);
    this.#bytes = bytes;
  }

  override json(): Promise<unknown> {
    if (this.bodyUsed || this.#bytes === null) return super.json();
    try {
      // `Response.json()` decodes UTF-8 the same way (BOM dropped, invalid bytes replaced).
      return Promise.resolve(JSON.parse(utf8.decode(this.#bytes)));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

/**
 * The SDK's HTTP client, replaced so that (1) `baseUrl` sends every call, Growth and Billing
 * alike, to one origin, (2) the timeout covers the whole answer, body included, so a server
 * that sends headers and then stalls still ends in `504`, and (3) the bytes travel through the
 * chosen {@link UpstreamTransport} (the global `fetch` unless one is given).
 */
function createHttpClient(options: {
  baseUrl?: string | undefined;
  timeoutMs: number;
  transport?: UpstreamTransport | undefined;
  /** Sent as `chargebee-business-entity-id` on every call. */
  businessEntityId?: string | undefined;
}) {
  const base = options.baseUrl ? new URL(options.baseUrl) : undefined;
  const prefix = base ? base.pathname.replace(/\/+$/, '') : '';
  const transport = options.transport ?? fetchTransport;

  return {
    async makeApiRequest(request: Request, sdkTimeout: number): Promise<Response> {
      const timeoutMs = Math.min(sdkTimeout || options.timeoutMs, options.timeoutMs);
      let url = request.url;
      if (base) {
        const original = new URL(request.url);
        url = `${base.origin}${prefix}${original.pathname}${original.search}`;
      }
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      try {
        const body =
          request.method === 'GET' || request.method === 'HEAD'
            ? undefined
            : new Uint8Array(await request.arrayBuffer());
        let headers = request.headers;
        if (options.businessEntityId) {
          headers = new Headers(headers);
          headers.set('chargebee-business-entity-id', options.businessEntityId);
        }
        const answer = await transport({
          url,
          method: request.method,
          headers,
          body,
          signal: controller.signal,
        });
        // A transport that resolved after the deadline (one that ignores its signal) is late.
        if (timedOut) throw new UpstreamTimeoutError(timeoutMs);
        const hasBody = answer.status !== 204 && answer.status !== 304;
        return new BufferedResponse(hasBody ? answer.body : null, {
          status: answer.status,
          ...(answer.statusText ? { statusText: answer.statusText } : {}),
          headers: answer.headers,
        });
      } catch (error) {
        if (timedOut) throw new UpstreamTimeoutError(timeoutMs);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Builds the official SDK for the connection options. Its retries stay off (see the upstream doc). */
export function createChargebeeClient(options: ChargebeeConnectionOptions): Chargebee {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Chargebee({
    site: options.site,
    apiKey: options.apiKey,
    timeout: timeoutMs,
    // Off explicitly, not by the SDK's default: its retries would repeat fulfillment creates
    // (no idempotency key there) and wait out every 429 without a cap.
    retryConfig: { enabled: false },
    httpClient: createHttpClient({
      baseUrl: options.baseUrl,
      timeoutMs,
      transport: options.transport,
      businessEntityId: options.businessEntityId,
    }),
    ...(options.sdkTelemetryEnabled !== undefined
      ? { sdkTelemetryEnabled: options.sdkTelemetryEnabled }
      : {}),
    ...(options.telemetryAdapter ? { telemetryAdapter: options.telemetryAdapter } : {}),
  });
}
