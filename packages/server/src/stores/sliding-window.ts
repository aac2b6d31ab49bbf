/**
 * One hit asked of a sliding window: admitted when fewer than `limit` hits were admitted under the
 * same key in the `windowMs` milliseconds before `now`.
 * @example { limit: 100, windowMs: 60_000, now: Date.now() }
 */
export interface SlidingWindowRequest {
  /** Hits the window may hold, this one included. */
  limit: number;
  /** The window's length in milliseconds. */
  windowMs: number;
  /** The caller's clock in milliseconds (instances sharing a store should agree within a few ms). */
  now: number;
}

/**
 * The answer of {@link SlidingWindowRequest}.
 * @example { allowed: false, count: 100, retryAfterMs: 1_250 }
 */
export interface SlidingWindowResult {
  /** Whether the hit was admitted (and counted). */
  allowed: boolean;
  /** Hits in the window after this call (including this one when admitted). */
  count: number;
  /** When refused: milliseconds until a hit at this limit would be admitted; 0 when admitted. */
  retryAfterMs: number;
}

/**
 * What `UpsellStore.slidingWindow` does, for stores that implement it: atomically drop the hits
 * older than the window, then admit and record this hit when fewer than `limit` remain.
 */
export type SlidingWindow = (
  key: string,
  request: SlidingWindowRequest,
) => Promise<SlidingWindowResult>;

/** The time until the window holds fewer than `limit` hits, given its ascending hit times. */
function retryAfterOf(hits: readonly number[], request: SlidingWindowRequest): number {
  // The hit whose expiry brings the count below `limit`: with n hits, the (n - limit)th oldest.
  const index = Math.max(0, hits.length - request.limit);
  const oldest = hits[index] ?? request.now;
  return Math.max(1, oldest + request.windowMs - request.now);
}

/**
 * Sliding windows in process memory: the hit times of each key in ascending order, at most
 * `limit` of them (refused hits are not recorded), and at most `maxKeys` keys (least recently used
 * evicted first). For one instance, and the fallback of stores without `slidingWindow`.
 *
 * @example
 * const hit = createMemorySlidingWindow({ maxKeys: 10_000 });
 * const { allowed } = await hit('budget', { limit: 100, windowMs: 60_000, now: Date.now() });
 */
export function createMemorySlidingWindow(options: { maxKeys: number }): SlidingWindow {
  const windows = new Map<string, number[]>();
  return async (key, request) => {
    let hits = windows.get(key);
    if (hits) windows.delete(key);
    else hits = [];
    const since = request.now - request.windowMs;
    let expired = 0;
    while (expired < hits.length && (hits[expired] ?? 0) <= since) expired++;
    if (expired > 0) hits.splice(0, expired);
    let allowed = false;
    if (hits.length < request.limit) {
      // Clocks may step back a little: keep the list sorted rather than trust the caller.
      let at = hits.length;
      while (at > 0 && (hits[at - 1] ?? 0) > request.now) at--;
      hits.splice(at, 0, request.now);
      allowed = true;
    }
    const result: SlidingWindowResult = {
      allowed,
      count: hits.length,
      retryAfterMs: allowed ? 0 : retryAfterOf(hits, request),
    };
    if (hits.length > 0) {
      windows.set(key, hits);
      for (const oldest of windows.keys()) {
        if (windows.size <= options.maxKeys) break;
        windows.delete(oldest);
      }
    }
    return result;
  };
}
