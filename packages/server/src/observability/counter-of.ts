import type { TelemetryCounter, UpsellTelemetry } from './upsell-telemetry';

/** One OpenTelemetry counter of the handler, or `undefined` without a `meter`. */
export function counterOf(
  telemetry: UpsellTelemetry | undefined,
  name: string,
  description: string,
): TelemetryCounter | undefined {
  return telemetry?.meter?.createCounter(name, { description, unit: '{call}' });
}
