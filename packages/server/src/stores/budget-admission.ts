/**
 * The classes of Chargebee calls the budget admits, highest first (`UpstreamPriority`), and
 * `null` for a request that only counts.
 */
type AdmissionClass = 'critical' | 'status' | 'dismissed' | 'offers' | 'viewed';

/**
 * One call asked of the fleet-wide Chargebee budget (`UpsellStore.budgetAdmission`).
 * @example { priority: 'offers', now: Date.now(), windowMs: 60_000, limit: 100, reserves: { critical: 10, status: 10, dismissed: 5, offers: 10 }, demandWindowMs: 15_000 }
 */
export interface BudgetAdmissionRequest {
  /** The call's class; `null` only counts (nothing is admitted or recorded). */
  priority: AdmissionClass | null;
  /** The caller's clock in milliseconds (instances sharing a store should agree within a few ms). */
  now: number;
  /** The window's length: 60 000. */
  windowMs: number;
  /** Calls the whole window may hold (`requestsPerMinute`). */
  limit: number;
  /**
   * Floors, in calls. `critical`: a reserve only critical calls (fulfillment creates, updates,
   * grants) may use; `status`: a reserve of status reads of accepts in flight, which critical
   * calls may use too; `dismissed`: a floor of dismissals that offer fetches and views can not
   * take; `offers`: a floor of offer fetches that views and dismissals beyond their floor can not
   * take. What a class has not used of its floor is held back from every lower class (views and
   * deferred dismissals: the larger of the offers' unused floor and their projected demand).
   */
  reserves: { critical: number; status: number; dismissed: number; offers: number };
  /**
   * Offer-fetch demand (every `offers` request, admitted or not) over the last `demandWindowMs`,
   * scaled to the window, is the room page loads arriving now will need: views, and dismissals
   * beyond their floor, are admitted only around it.
   */
  demandWindowMs: number;
  /** A stable, non-reversible key of the caller's identity, for its share. */
  identity?: string;
  /** Calls of this class one identity may make in the window. */
  identityLimit?: number;
}

/**
 * The answer to a {@link BudgetAdmissionRequest}.
 * @example { allowed: false, reason: 'budget', used: 100, retryAfterMs: 1_250 }
 */
export interface BudgetAdmissionResult {
  /** Whether the call was admitted (and recorded). */
  allowed: boolean;
  /** Why not: the budget, or the identity's share (`fairness`). `null` when admitted. */
  reason: 'budget' | 'fairness' | null;
  /** Calls in the window after this request. */
  used: number;
  /** When refused: milliseconds until the window changes; 0 when admitted. */
  retryAfterMs: number;
}

/** What `UpsellStore.budgetAdmission` does: the rule below, atomically, under `key`. */
export type BudgetAdmission = (
  key: string,
  request: BudgetAdmissionRequest,
) => Promise<BudgetAdmissionResult>;

/** The window's counts the rule looks at. */
interface WindowCounts {
  critical: number;
  status: number;
  dismissed: number;
  offers: number;
  used: number;
  demand: number;
}

/** The room a call of `priority` may use, given the window's counts (the rule of both stores). */
function admits(request: BudgetAdmissionRequest, counts: WindowCounts): boolean {
  const { priority, limit, reserves } = request;
  const unused = (floor: number, count: number) => Math.max(0, floor - count);
  const unusedCritical = unused(reserves.critical, counts.critical);
  // Creates past their own reserve take the status reads' first: they rank above them.
  const spill = Math.max(0, counts.critical - reserves.critical);
  const unusedStatus = unused(reserves.status, counts.status + spill);
  const unusedDismissed = unused(reserves.dismissed, counts.dismissed);
  // Deferrable calls (views, dismissals past their floor) leave page loads what they are about to
  // need, and never less than what offer fetches have not used of their floor.
  const projected = Math.ceil((counts.demand * request.windowMs) / request.demandWindowMs);
  const pageLoads = Math.max(projected, unused(reserves.offers, counts.offers));
  const next = counts.used + 1;
  if (priority === 'critical') return next <= limit;
  if (priority === 'status') return next <= limit - unusedCritical;
  const accepts = unusedCritical + unusedStatus;
  if (priority === 'dismissed') {
    if (counts.dismissed < reserves.dismissed) return next <= limit - accepts;
    return next + pageLoads <= limit - accepts;
  }
  if (priority === 'offers') return next <= limit - accepts - unusedDismissed;
  return next + pageLoads <= limit - accepts - unusedDismissed;
}

const CLASSES: readonly AdmissionClass[] = ['critical', 'status', 'dismissed', 'offers', 'viewed'];

/**
 * The budget rule in process memory: per class, the ascending times of the calls of the last
 * window, the offer-fetch demand (at most `limit` entries) and, per identity and class, its
 * calls (at most `maxIdentities` identities, least recently used evicted). For one instance,
 * the fallback of stores without `budgetAdmission`, and the per-instance budget in an outage.
 *
 * @example
 * const admit = createMemoryBudgetAdmission({ maxIdentities: 10_000 });
 * const { allowed } = await admit('budget', request);
 */
export function createMemoryBudgetAdmission(options: { maxIdentities: number }): BudgetAdmission {
  const sets = new Map<string, number[]>();
  const identities = new Map<string, number[]>();
  const prune = (times: number[], since: number) => {
    let expired = 0;
    while (expired < times.length && (times[expired] ?? 0) <= since) expired++;
    if (expired > 0) times.splice(0, expired);
  };
  const insert = (times: number[], at: number) => {
    // Clocks may step back a little: keep the list sorted rather than trust the caller.
    let index = times.length;
    while (index > 0 && (times[index - 1] ?? 0) > at) index--;
    times.splice(index, 0, at);
  };
  const setOf = (key: string) => {
    let times = sets.get(key);
    if (!times) sets.set(key, (times = []));
    return times;
  };
  return async (key, request) => {
    const since = request.now - request.windowMs;
    const byClass = Object.fromEntries(
      CLASSES.map((name) => {
        const times = setOf(`${key}:${name}`);
        prune(times, since);
        return [name, times];
      }),
    ) as Record<AdmissionClass, number[]>;
    const demand = setOf(`${key}:demand`);
    prune(demand, since);
    const used = CLASSES.reduce((sum, name) => sum + byClass[name].length, 0);
    const oldest = Math.min(...CLASSES.map((name) => byClass[name][0] ?? Infinity));
    const retryAfterMs = (first: number) =>
      Math.max(1, (Number.isFinite(first) ? first : request.now) + request.windowMs - request.now);
    const { priority } = request;
    if (priority === null) return { allowed: false, reason: null, used, retryAfterMs: 0 };

    let own: number[] | undefined;
    if (request.identity !== undefined && request.identityLimit !== undefined) {
      const identityKey = `${key}:${priority}:${request.identity}`;
      own = identities.get(identityKey) ?? [];
      identities.delete(identityKey);
      prune(own, since);
      if (own.length > 0) identities.set(identityKey, own);
      for (const evicted of identities.keys()) {
        if (identities.size <= options.maxIdentities) break;
        identities.delete(evicted);
      }
      if (own.length >= request.identityLimit) {
        return { allowed: false, reason: 'fairness', used, retryAfterMs: retryAfterMs(own[0]!) };
      }
    }
    if (priority === 'offers') {
      insert(demand, request.now);
      if (demand.length > request.limit) demand.splice(0, demand.length - request.limit);
    }
    const recent = request.now - request.demandWindowMs;
    const counts: WindowCounts = {
      critical: byClass.critical.length,
      status: byClass.status.length,
      dismissed: byClass.dismissed.length,
      offers: byClass.offers.length,
      used,
      demand: demand.filter((at) => at > recent).length,
    };
    if (!admits(request, counts)) {
      return { allowed: false, reason: 'budget', used, retryAfterMs: retryAfterMs(oldest) };
    }
    insert(byClass[priority], request.now);
    if (own) {
      insert(own, request.now);
      identities.set(`${key}:${priority}:${request.identity}`, own);
    }
    return { allowed: true, reason: null, used: used + 1, retryAfterMs: 0 };
  };
}
