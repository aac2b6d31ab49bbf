import type { TelemetryAdapter } from 'chargebee';
import type { UpstreamTransport } from './upstream-transport';

/** Default milliseconds to wait for Chargebee. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * How to reach Chargebee when the handler builds its own SDK instance.
 * @example { site: 'acme-test', apiKey: process.env.CHARGEBEE_API_KEY!, timeoutMs: 5_000 }
 */
export interface ChargebeeConnectionOptions {
  /** The site name: `acme-test` for `https://acme-test.chargebee.com`. */
  site: string;
  /** A full-access API key. Server-side only: it never reaches a browser, a response or a log line. */
  apiKey: string;
  /**
   * Sends every Chargebee call (Growth and Billing hosts alike, same `/api/v2/...` paths) to this
   * one origin instead: for `@upsell-kit/chargebee-simulator` and other test doubles.
   * @default undefined (Chargebee's own hosts)
   * @example 'http://127.0.0.1:4010'
   */
  baseUrl?: string;
  /**
   * Milliseconds to wait for each Chargebee answer (headers and body) before `504 upstream_timeout`.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * How the SDK's HTTP requests travel. On Node, `createKeepAliveTransport()` from
   * `@upsell-kit/server/node` keeps connections to Chargebee open between calls and uses a
   * fraction of the CPU of the global `fetch`; the handler itself stays Web-standard either way.
   * @default the global `fetch`
   * @example
   * import { createKeepAliveTransport } from '@upsell-kit/server/node';
   * createUpsellHandler({ chargebee: { site, apiKey, transport: createKeepAliveTransport() }, ... });
   */
  transport?: UpstreamTransport;
  /**
   * For multi-entity sites: the business entity every call acts in, sent as Chargebee's
   * `chargebee-business-entity-id` header.
   * @default undefined (the site's default business entity)
   * @example 'acme-eu'
   */
  businessEntityId?: string;
  /**
   * The SDK's anonymous `x-chargebee-sdk-telemetry` header (SDK ≥ 3.32); `false` turns it off.
   * @default true (the SDK's default)
   */
  sdkTelemetryEnabled?: boolean;
  /**
   * The SDK's telemetry adapter (e.g. OpenTelemetry spans per Chargebee call), passed through.
   * @default undefined
   */
  telemetryAdapter?: TelemetryAdapter;
}
