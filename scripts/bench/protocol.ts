// What the bench orchestrator (run.ts) and its child processes share.

/** What a target is started with. */
export interface TargetConfig {
  kind: 'fetch' | 'express' | 'proxy';
  /** Load @upsell-kit/server from this dist folder instead of packages/server/dist (A/B runs). */
  serverDist?: string;
  /**
   * fetch / express only: how the handler's SDK reaches the upstream. `keep-alive` is
   * `createKeepAliveTransport()` from @upsell-kit/server/node (the recommended Node setup);
   * `fetch` is the default transport, the global fetch (undici).
   */
  transport?: 'fetch' | 'keep-alive';
  upstream: { url: string; apiKey: string; site: string };
  /** Rate limits on (the defaults) or off. The throughput runs turn them off. */
  limits: boolean;
  /** proxy only: the upstream request to make for each route. */
  routes?: Record<RouteName, RecordedUpstream>;
}

export type RouteName = 'offers' | 'events' | 'fulfillmentRead';

export interface RecordedUpstream {
  method: string;
  /** Path and query on the upstream, e.g. `/api/v2/personalized_offers`. */
  path: string;
  /** JSON body, or null. */
  body: unknown;
}

/** Memory of this process, in bytes. */
export interface TargetStats {
  rss: number;
  /** Peak resident set size since start (getrusage). */
  maxRss: number;
  heapUsed: number;
  /** CPU time used by the process so far (user + system), microseconds. */
  cpuMicros: number;
}

export const BASE_PATH = '/api/upsell';
export const IDENTITY_HEADER = 'x-bench-identity';
