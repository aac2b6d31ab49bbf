import type { UpsellStore } from '../stores/upsell-store';
import type { UpsellLogger } from '../http/upsell-logger';
import { createMemorySlidingWindow, type SlidingWindow } from '../stores/sliding-window';
import {
  pauseHolds,
  PRIORITY_SHARE,
  type PauseScope,
  type UpstreamPriority,
} from './upstream-priority';

const WINDOW_MS = 60_000;
const BUDGET_KEY = 'budget:upstream';
const PAUSE_KEY = 'budget:pause';
/** How long a critical call waits for room in the budget before it is refused. */
const CRITICAL_WAIT_MS = 5_000;
/** A 429 without `Retry-After` still pauses, for this long. */
const DEFAULT_PAUSE_MS = 10_000;
/** The longest pause honoured: a hostile or broken `Retry-After` must not stop the kit for a day. */
const MAX_PAUSE_MS = 10 * 60_000;
/** How long an instance trusts its last look at the fleet's pauses. */
const PAUSE_READ_MS = 1_000;

/** Why a call was not made. */
export type Refusal = { reason: 'budget' | 'paused'; retryAfterMs: number };

/**
 * The one gate every Chargebee call passes: the fleet-wide budget over a sliding 60 s window,
 * shared by priority, and the fleet-wide pauses (a 429 back-off).
 */
export interface UpstreamGate {
  /**
   * Asks for room for one call. Critical calls wait up to 5 s for room; the others are answered
   * at once. Resolves `null` when admitted (the call is counted), else why not.
   */
  admit(priority: UpstreamPriority): Promise<Refusal | null>;
  /**
   * Holds the calls `scope` covers, on every instance sharing the store, for `ms` milliseconds
   * (at most 10 minutes). Critical calls are never held.
   */
  pause(scope: PauseScope, ms: number, reason: string): Promise<void>;
  /** Ends every pause, on this instance and in the store (other instances keep theirs until they end). */
  resume(): Promise<void>;
  /** Milliseconds left of a pause that holds `priority` (0 when none). */
  pausedFor(priority: UpstreamPriority): Promise<number>;
  /** Calls in the fleet's window now (this instance's without a shared window). */
  used(): Promise<number>;
  /** Whether the budget window is shared through the store. */
  readonly fleetWide: boolean;
  /** `requestsPerMinute`, or `false` when the budget is off. */
  readonly requestsPerMinute: number | false;
}

/** Options of {@link createUpstreamGate}. */
export interface UpstreamGateOptions {
  store: UpsellStore & { slidingWindow?: SlidingWindow };
  requestsPerMinute: number | false;
  now: () => number;
  logger: UpsellLogger;
  /** Waits `ms` (a timer; tests pass fake timers). */
  sleep?: (ms: number) => Promise<void>;
}

type Pauses = Partial<Record<PauseScope, { until: number; reason: string }>>;

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Creates the {@link UpstreamGate}. The window lives in the store's `slidingWindow` (atomic across
 * the fleet); a store without it gets a per-instance window and one warning. A store failure
 * falls back to the per-instance window for that call rather than refusing every call.
 */
export function createUpstreamGate(options: UpstreamGateOptions): UpstreamGate {
  const { store, requestsPerMinute, now, logger } = options;
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

  let pauses: Pauses = {};
  let pausesReadAt = Number.NEGATIVE_INFINITY;
  const readPauses = async (): Promise<Pauses> => {
    if (now() - pausesReadAt < PAUSE_READ_MS) return pauses;
    try {
      const raw = await store.get(PAUSE_KEY);
      const fleet = raw ? (JSON.parse(raw) as Pauses) : {};
      // Keep what this instance learned itself: the store may not have taken it yet.
      for (const [scope, local] of Object.entries(pauses) as [
        PauseScope,
        { until: number; reason: string },
      ][]) {
        if ((fleet[scope]?.until ?? 0) < local.until) fleet[scope] = local;
      }
      pauses = fleet;
    } catch {
      // A store fault must not stop every call: the pauses this instance knows still hold.
    }
    pausesReadAt = now();
    return pauses;
  };

  const pausedFor = async (priority: UpstreamPriority): Promise<number> => {
    if (priority === 'critical') return 0;
    const current = await readPauses();
    let left = 0;
    for (const [scope, pause] of Object.entries(current) as [PauseScope, { until: number }][]) {
      if (pauseHolds(scope, priority)) left = Math.max(left, pause.until - now());
    }
    return Math.max(0, left);
  };

  return {
    fleetWide: requestsPerMinute !== false && shared !== undefined,
    requestsPerMinute,
    async admit(priority) {
      const paused = await pausedFor(priority);
      if (paused > 0) return { reason: 'paused', retryAfterMs: paused };
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
    async pause(scope, ms, reason) {
      const length = Math.min(Math.max(ms > 0 ? ms : DEFAULT_PAUSE_MS, 1), MAX_PAUSE_MS);
      const until = now() + length;
      const current = await readPauses();
      if ((current[scope]?.until ?? 0) >= until) return;
      pauses = { ...current, [scope]: { until, reason } };
      const latest = Math.max(...Object.values(pauses).map((pause) => pause.until));
      try {
        await store.set(PAUSE_KEY, JSON.stringify(pauses), Math.max(1, latest - now()));
      } catch (error) {
        logger.error(
          'upsell-kit: the store failed to share a Chargebee back-off; it holds on this instance',
          {
            error,
          },
        );
      }
      logger.warn(
        `upsell-kit: Chargebee calls (${scope}) paused for ${Math.ceil(length / 1000)} s on every instance: ${reason}`,
      );
    },
    async resume() {
      pauses = {};
      pausesReadAt = Number.NEGATIVE_INFINITY;
      await store.delete(PAUSE_KEY);
    },
    pausedFor,
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
