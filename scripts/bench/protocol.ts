// What the bench orchestrator (run.ts) and its child processes share.

/** What a target is started with. */
export interface TargetConfig {
  /**
   * `handwritten` is the route Chargebee's tutorial has you write: Express, the official SDK on
   * its default transport, one SDK call per request, no cache, no budget.
   */
  kind: 'fetch' | 'express' | 'proxy' | 'handwritten';
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
  /**
   * fetch / express: the handler's `upstreamBudget` (Chargebee calls in any 60 s across the
   * instances sharing the store), `false` for none. Unset: `false` when `limits` is off, else
   * the handler's default. (A build without an upstream budget ignores it.)
   */
  upstreamBudget?: number | false;
  /** fetch / express: keep the handler's state in this Redis (`redis://…`), else in memory. */
  redisUrl?: string;
  /** Multiply the Chargebee timeout by this (the storm runs on a faster clock: see warp.mjs). */
  timeScale?: number;
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
  /** The upsell handler's `stats()` snapshot, when the build has one. */
  kit?: KitStats;
}

/** The part of the upsell handler's `stats()` (issue 12) the bench reads; all optional. */
export interface KitStats {
  upstreamCalls?: Record<string, number>;
  shed?: Record<string, number>;
  shedForFairness?: Record<string, number>;
  paused?: Record<string, number>;
  upstreamRateLimited?: number;
  budget?: { requestsPerMinute?: number | false; usedLastMinute?: number };
  offerCache?: { hits?: number; misses?: number; coalesced?: number };
  events?: {
    sent?: number;
    queued?: number;
    delivered?: number;
    dropped?: number;
    expired?: number;
    deduplicated?: number;
    queuedNow?: number;
  };
}

export const BASE_PATH = '/api/upsell';
export const IDENTITY_HEADER = 'x-bench-identity';
