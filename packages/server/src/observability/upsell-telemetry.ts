/**
 * The part of an OpenTelemetry `Counter` the handler uses (`@opentelemetry/api`'s satisfies it).
 */
export interface TelemetryCounter {
  add(value: number, attributes?: Record<string, string | number | boolean>): void;
}

/** The part of an OpenTelemetry `Meter` the handler uses. */
export interface TelemetryMeter {
  createCounter(name: string, options?: { description?: string; unit?: string }): TelemetryCounter;
}

/** The part of an OpenTelemetry `Span` the handler uses. */
export interface TelemetrySpan {
  setAttribute(key: string, value: string | number | boolean): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  end(): void;
}

/** The part of an OpenTelemetry `Tracer` the handler uses. */
export interface TelemetryTracer {
  startSpan(
    name: string,
    options?: { kind?: number; attributes?: Record<string, string | number | boolean> },
  ): TelemetrySpan;
}

/**
 * OpenTelemetry instruments, from `@opentelemetry/api` (an optional peer: the handler never
 * imports it, so it costs nothing when absent). With a `meter`, every upstream call, shed, pause,
 * cache and queue decision is counted; with a `tracer`, each Chargebee call is a client span
 * (`chargebee <operation>`).
 *
 * Counters: `upsell.upstream.calls` (`operation`, `priority`, `outcome`), `upsell.upstream.shed`
 * (`operation`, `priority`, `reason`: `budget` | `fairness` | `paused`), `upsell.offer_cache` (`result`: `hit`
 * | `miss` | `coalesced` | `invalidated`), `upsell.events` (`action`: `sent` | `queued` |
 * `delivered` | `dropped` | `deduplicated`, `type`).
 *
 * @example
 * import { metrics, trace } from '@opentelemetry/api';
 * createUpsellHandler({ ...options, telemetry: { meter: metrics.getMeter('upsell-kit'), tracer: trace.getTracer('upsell-kit') } });
 */
export interface UpsellTelemetry {
  /** Where the counters are created. @default undefined (no metrics) */
  meter?: TelemetryMeter;
  /** Where the spans of Chargebee calls are started. @default undefined (no spans) */
  tracer?: TelemetryTracer;
}
