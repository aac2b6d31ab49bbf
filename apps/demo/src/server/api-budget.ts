import type { Simulator } from '@upsell-kit/chargebee-simulator';
import type { DemoApiBudget } from '../shared/demo-api';

/**
 * The part of the upsell handler's `stats()` snapshot the meter reads (issue 12's
 * `UpsellStats`). Optional throughout: a handler without `stats()`, or a figure it does not
 * report, leaves that figure `null` rather than a made-up zero.
 */
interface KitBudgetStats {
  offerCache?: { hits?: unknown };
  events?: { queuedNow?: unknown };
  shed?: Record<string, unknown>;
}

/** Something that may have `stats()`: the upsell handler. */
export interface MaybeWithStats {
  stats?: () => KitBudgetStats | Promise<KitBudgetStats>;
}

const count = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;

function sum(values: Record<string, unknown> | undefined): number | null {
  if (!values) return null;
  let total = 0;
  for (const value of Object.values(values)) {
    const n = count(value);
    if (n === null) return null;
    total += n;
  }
  return total;
}

/** Reads the meter's figures from the simulator (Chargebee's side) and the handler (the kit's). */
export async function readApiBudget(
  simulator: Simulator | undefined,
  handler: MaybeWithStats,
): Promise<DemoApiBudget> {
  const usage = simulator?.inspect.apiUsage();
  let stats: KitBudgetStats | undefined;
  try {
    stats = typeof handler.stats === 'function' ? await handler.stats() : undefined;
  } catch {
    // A store fault must not take the activity panel down: the kit's figures show "—".
    stats = undefined;
  }
  return {
    limit: usage && usage.requestsPerMinute !== false ? usage.requestsPerMinute : null,
    callsLastMinute: usage ? usage.callsLastMinute : null,
    refusedLastMinute: usage ? usage.refusedLastMinute : null,
    cached: count(stats?.offerCache?.hits),
    queued: count(stats?.events?.queuedNow),
    shed: sum(stats?.shed),
  };
}
