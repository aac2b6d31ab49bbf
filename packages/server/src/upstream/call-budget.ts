import type { UpsellLogger } from '../http/upsell-logger';
import {
  createMemoryBudgetAdmission,
  type BudgetAdmissionRequest,
} from '../stores/budget-admission';
import type { UpsellStore } from '../stores/upsell-store';
import type { FleetPause } from './fleet-pause';
import type { UpstreamPriority } from './upstream-priority';

/**
 * Chargebee counts a call when it arrives, the kit when it admits it: each call holds its place
 * for 60 s plus 2 s of travel, so that no 60 s at Chargebee sees more than the budget.
 */
const WINDOW_MS = 62_000;
/** Offer-fetch demand over the last 15 s, scaled to the minute, is what page loads will need. */
const DEMAND_WINDOW_MS = 15_000;
/** One hash tag (`{budget}`): every key of the admission script in one Redis Cluster slot. */
const BUDGET_KEY = '{budget}:upstream';
/** How long a critical call waits for room in the budget before it is refused. */
const CRITICAL_WAIT_MS = 5_000;

/**
 * Why a call was not made: the budget, the identity's share of it (`fairness`), or a pause;
 * `drop` when it is pointless to retry it (see `FleetPause`).
 */
export type Refusal = {
  reason: 'budget' | 'fairness' | 'paused';
  retryAfterMs: number;
  drop?: boolean;
};

/**
 * Admission of Chargebee calls: the fleet-wide budget over any sliding 60 s window, and the
 * fleet-wide pause. It decides; the metered caller calls and counts.
 *
 * The rule (floors, not ceilings), with B = `requestsPerMinute`: a reserve for critical calls
 * (fulfillment creates, updates, grants: 10 % of B by default), a reserve for status reads of
 * accepts in flight (10 %), a floor for dismissals (5 %) and a floor for offer fetches (10 %);
 * what a class has not used of its floor is held back from the classes below it. Critical calls
 * may use all of B; status reads B less the unused critical reserve; dismissals B less both
 * unused accept reserves; offer fetches B less the unused reserves and dismissal floor. Views,
 * and dismissals beyond their floor, never take room page loads need: one is admitted only while
 * `used + 1 +` the larger of the projected offer demand and the offers' unused floor `≤` its
 * room, the demand being every offer fetch asked for (admitted or not) in the last 15 s, scaled
 * to 60 s.
 */
export interface CallBudget {
  /**
   * Asks for room for one call. Critical calls wait up to 5 s for room; the others are answered
   * at once. Resolves `null` when admitted (the call is counted), else why not.
   */
  admit(priority: UpstreamPriority, identity?: string): Promise<Refusal | null>;
  /** Milliseconds left of a pause that holds `priority` (0 when none). */
  pausedFor(priority: UpstreamPriority): Promise<number>;
  /** Calls in the fleet's window now (this instance's without a shared window). */
  used(): Promise<number>;
  /** Whether the budget window is shared through the store. */
  readonly fleetWide: boolean;
  /** `requestsPerMinute`, or `false` when the budget is off. */
  readonly requestsPerMinute: number | false;
}

/** The budget's floors, as shares of `requestsPerMinute` (see {@link CallBudget}). */
export interface BudgetShares {
  critical: number;
  status: number;
  dismissed: number;
  offers: number;
}

/** The default floors. */
export const DEFAULT_RESERVES: Readonly<BudgetShares> = {
  critical: 0.1,
  status: 0.1,
  dismissed: 0.05,
  offers: 0.1,
};

/** Options of {@link createCallBudget}. */
export interface CallBudgetOptions {
  store: UpsellStore;
  pause: FleetPause;
  requestsPerMinute: number | false;
  /**
   * The floors as shares of the budget.
   * @default { critical: 0.1, status: 0.1, dismissed: 0.05, offers: 0.1 }
   */
  reserves?: BudgetShares;
  /** Calls one identity may make per class in any 60 s (none when absent). */
  perIdentity?: Partial<Record<UpstreamPriority, number>>;
  now: () => number;
  logger: UpsellLogger;
  /** Waits `ms` (a timer; tests pass fake timers). */
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Creates the {@link CallBudget}. The rule runs in the store's `budgetAdmission` (atomic across
 * the fleet); a store without it gets the same rule per instance and one warning. A store
 * failure falls back to the per-instance rule for that call rather than refusing every call.
 *
 * @example
 * const budget = createCallBudget({ store, pause, requestsPerMinute: 100, now: Date.now, logger });
 * if ((await budget.admit('offers')) === null) await fetchOffers();
 */
export function createCallBudget(options: CallBudgetOptions): CallBudget {
  const { store, pause, requestsPerMinute, now, logger } = options;
  const sleep = options.sleep ?? sleepFor;
  const local = createMemoryBudgetAdmission({ maxIdentities: 10_000 });
  const shared = store.budgetAdmission?.bind(store);
  if (requestsPerMinute !== false && !shared) {
    logger.warn(
      'upsell-kit: the store has no budgetAdmission method, so the Chargebee API budget (upstreamBudget) is counted per instance: with N instances the fleet may make N × requestsPerMinute calls. Use createRedisStore, or implement budgetAdmission in your store.',
    );
  }
  const limit = requestsPerMinute === false ? 0 : requestsPerMinute;
  const shares = options.reserves ?? DEFAULT_RESERVES;
  // Each floor rounded up (a small budget still keeps a call for an accept, a status read and a
  // dismissal), but always leaving at least one call to share.
  let left = Math.max(0, limit - 1);
  const floor = (share: number) => {
    const calls = Math.min(Math.ceil(limit * share), left);
    left -= calls;
    return calls;
  };
  const reserves = {
    critical: floor(shares.critical),
    status: floor(shares.status),
    dismissed: floor(shares.dismissed),
    offers: floor(shares.offers),
  };
  let storeFaultLogged = Number.NEGATIVE_INFINITY;

  const ask = async (priority: UpstreamPriority | null, identity?: string) => {
    const identityLimit = priority ? options.perIdentity?.[priority] : undefined;
    const request: BudgetAdmissionRequest = {
      priority,
      now: now(),
      windowMs: WINDOW_MS,
      limit,
      reserves,
      demandWindowMs: DEMAND_WINDOW_MS,
      ...(identity !== undefined && identityLimit !== undefined ? { identity, identityLimit } : {}),
    };
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
    async admit(priority, identity) {
      const hold = await pause.holding(priority);
      if (hold) {
        return { reason: 'paused', retryAfterMs: hold.ms, ...(hold.drop ? { drop: true } : {}) };
      }
      if (requestsPerMinute === false) return null;
      const waitUntil = now() + (priority === 'critical' ? CRITICAL_WAIT_MS : 0);
      for (;;) {
        const result = await ask(priority, identity);
        if (result.allowed) return null;
        const left = waitUntil - now();
        if (left <= 0 || result.reason === 'fairness') {
          return { reason: result.reason ?? 'budget', retryAfterMs: result.retryAfterMs };
        }
        await sleep(Math.min(result.retryAfterMs, left, 1_000));
      }
    },
    async pausedFor(priority) {
      return (await pause.holding(priority))?.ms ?? 0;
    },
    async used() {
      if (requestsPerMinute === false && !shared) return 0;
      return (await ask(null)).used;
    },
  };
}
