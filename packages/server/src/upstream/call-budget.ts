import type { UpsellLogger } from '../http/upsell-logger';
import { createMemorySlidingWindow } from '../stores/sliding-window';
import type { UpsellStore } from '../stores/upsell-store';
import type { FleetPause } from './fleet-pause';
import { PRIORITY_SHARE, type UpstreamPriority } from './upstream-priority';

const WINDOW_MS = 60_000;
const BUDGET_KEY = 'budget:upstream';
/** How long a critical call waits for room in the budget before it is refused. */
const CRITICAL_WAIT_MS = 5_000;

/** Why a call was not made; `drop` when it is pointless to retry it (see `FleetPause`). */
export type Refusal = { reason: 'budget' | 'paused'; retryAfterMs: number; drop?: boolean };

/**
 * Admission of Chargebee calls: the fleet-wide budget over a sliding 60 s window, shared by
 * priority, and the fleet-wide pause. It decides; the metered caller calls and counts.
 */
export interface CallBudget {
  /**
   * Asks for room for one call. Critical calls wait up to 5 s for room; the others are answered
   * at once. Resolves `null` when admitted (the call is counted), else why not.
   */
  admit(priority: UpstreamPriority): Promise<Refusal | null>;
  /** Milliseconds left of a pause that holds `priority` (0 when none). */
  pausedFor(priority: UpstreamPriority): Promise<number>;
  /** Calls in the fleet's window now (this instance's without a shared window). */
  used(): Promise<number>;
  /** Whether the budget window is shared through the store. */
  readonly fleetWide: boolean;
  /** `requestsPerMinute`, or `false` when the budget is off. */
  readonly requestsPerMinute: number | false;
}

/** Options of {@link createCallBudget}. */
export interface CallBudgetOptions {
  store: UpsellStore;
  pause: FleetPause;
  requestsPerMinute: number | false;
  now: () => number;
  logger: UpsellLogger;
  /** Waits `ms` (a timer; tests pass fake timers). */
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Creates the {@link CallBudget}. The window lives in the store's `slidingWindow` (atomic across
 * the fleet); a store without it gets a per-instance window and one warning. A store failure
 * falls back to the per-instance window for that call rather than refusing every call.
 *
 * @example
 * const budget = createCallBudget({ store, pause, requestsPerMinute: 100, now: Date.now, logger });
 * if ((await budget.admit('offers')) === null) await fetchOffers();
 */
export function createCallBudget(options: CallBudgetOptions): CallBudget {
  const { store, pause, requestsPerMinute, now, logger } = options;
  const sleep = options.sleep ?? sleepFor;
  const local = createMemorySlidingWindow({ maxKeys: 4 });
  const shared = store.slidingWindow?.bind(store);
  if (requestsPerMinute !== false && !shared) {
    logger.warn(
      'upsell-kit: the store has no slidingWindow method, so the Chargebee API budget (upstreamBudget) is counted per instance: with N instances the fleet may make N × requestsPerMinute calls. Use createRedisStore, or implement slidingWindow in your store.',
    );
  }
  let storeFaultLogged = 0;

  const hit = async (limit: number) => {
    const request = { limit, windowMs: WINDOW_MS, now: now() };
    if (!shared) return local(BUDGET_KEY, request);
    try {
      return await shared(BUDGET_KEY, request);
    } catch (error) {
      if (now() - storeFaultLogged > WINDOW_MS) {
        storeFaultLogged = now();
        logger.error(
          'upsell-kit: the store failed to count the Chargebee API budget; counting on this instance meanwhile',
          { error },
        );
      }
      return local(BUDGET_KEY, request);
    }
  };

  return {
    fleetWide: requestsPerMinute !== false && shared !== undefined,
    requestsPerMinute,
    async admit(priority) {
      const hold = await pause.holding(priority);
      if (hold) {
        return { reason: 'paused', retryAfterMs: hold.ms, ...(hold.drop ? { drop: true } : {}) };
      }
      if (requestsPerMinute === false) return null;
      const limit = Math.max(1, Math.floor(requestsPerMinute * PRIORITY_SHARE[priority]));
      const waitUntil = now() + (priority === 'critical' ? CRITICAL_WAIT_MS : 0);
      for (;;) {
        const result = await hit(limit);
        if (result.allowed) return null;
        const left = waitUntil - now();
        if (left <= 0) return { reason: 'budget', retryAfterMs: result.retryAfterMs };
        await sleep(Math.min(result.retryAfterMs, left, 1_000));
      }
    },
    async pausedFor(priority) {
      return (await pause.holding(priority))?.ms ?? 0;
    },
    async used() {
      if (requestsPerMinute === false && !shared) return 0;
      const request = { limit: 0, windowMs: WINDOW_MS, now: now() };
      try {
        return (await (shared ?? local)(BUDGET_KEY, request)).count;
      } catch {
        return (await local(BUDGET_KEY, request)).count;
      }
    },
  };
}
