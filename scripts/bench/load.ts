// autocannon, typed for what the bench uses.
import { createRequire } from 'node:module';

export interface LoadRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Per-request hook; its context lives for one pass over the request list. */
  setupRequest?: (req: LoadRequest, context: Record<string, unknown>) => LoadRequest | null;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration?: number;
  /** Total requests, then stop. */
  amount?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: LoadRequest[];
  /** Seconds without any answer before a request counts as a timeout. */
  timeout?: number;
}

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  p97_5: number;
  max: number;
}

export interface LoadResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}

type Autocannon = (options: LoadOptions) => Promise<LoadResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Runs one autocannon load; resolves with its result (never prints its own table). */
export function load(options: LoadOptions): Promise<LoadResult> {
  return autocannon({ timeout: 10, ...options });
}
