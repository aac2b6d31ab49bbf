import type { ApiLimit, ApiUsage, SimulatorClock } from '../simulator';
import { errorForStatus } from './errors';

/** Chargebee's window: the limit is per minute, measured over any 60 s, not per clock minute. */
const API_LIMIT_WINDOW_MS = 60_000;

/** What Chargebee allows a test site (and the Starter plan) per minute. */
const TEST_SITE_REQUESTS_PER_MINUTE = 150;

/** The simulator's model of Chargebee's site-wide API limit. */
export interface ApiLimiter {
  /**
   * Counts one API call. Returns Chargebee's 429 when the last 60 s already hold the limit,
   * else `null` (the call proceeds and counts against the window).
   */
  admit(): Response | null;
  usage(): ApiUsage;
  /** Changes the limit; the calls already in the window keep counting. */
  set(limit: ApiLimit | false): void;
  /** Forgets every call (the limit stays as set). */
  clear(): void;
}

/** Checks a limit from options or the control API; returns the requests per minute, or false. */
export function resolveApiLimit(limit: ApiLimit | false | undefined): number | false {
  if (limit === undefined || limit === false) return false;
  const perMinute = limit.requestsPerMinute ?? TEST_SITE_REQUESTS_PER_MINUTE;
  if (!Number.isInteger(perMinute) || perMinute < 1) {
    throw new RangeError('apiLimit.requestsPerMinute must be an integer >= 1');
  }
  return perMinute;
}

/**
 * Timestamps of the last 60 s, oldest first, in an array read from `head` (shifting a long
 * array on every call would cost O(n) at the bench's thousands of calls per second).
 */
class Window {
  #times: number[] = [];
  #head = 0;

  /** Drops what is older than 60 s before `now` and returns how many remain. */
  trim(now: number): number {
    const from = now - API_LIMIT_WINDOW_MS;
    while (this.#head < this.#times.length && this.#times[this.#head]! <= from) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
    return this.#times.length - this.#head;
  }

  push(at: number): void {
    this.#times.push(at);
  }

  /** The oldest timestamp still in the window. */
  oldest(): number | undefined {
    return this.#times[this.#head];
  }

  clear(): void {
    this.#times = [];
    this.#head = 0;
  }
}

/**
 * A sliding 60 s window over the simulator clock. Refused calls do not count against the
 * window (so a client that waits for `Retry-After` gets in), but they are counted as attempts:
 * the peak of attempts is what a client without a budget tried to send in a minute.
 */
export function createApiLimiter(clock: SimulatorClock, initial: ApiLimit | false): ApiLimiter {
  let limit = resolveApiLimit(initial);
  const served = new Window();
  const attempts = new Window();
  const refusedWindow = new Window();
  let totals = { calls: 0, refused: 0 };
  let peaks = { calls: 0, attempts: 0 };

  return {
    admit() {
      const now = clock.now();
      attempts.push(now);
      peaks.attempts = Math.max(peaks.attempts, attempts.trim(now));
      const inWindow = served.trim(now);
      if (limit !== false && inWindow >= limit) {
        totals.refused += 1;
        refusedWindow.push(now);
        // Seconds until the oldest call leaves the window; a clock set backwards can put it in
        // the future, hence the clamp to Chargebee's range.
        const oldest = served.oldest() ?? now;
        const seconds = Math.ceil((oldest + API_LIMIT_WINDOW_MS - now) / 1000);
        return errorForStatus(429, Math.min(60, Math.max(1, seconds))).toResponse();
      }
      served.push(now);
      totals.calls += 1;
      peaks.calls = Math.max(peaks.calls, inWindow + 1);
      return null;
    },
    usage() {
      const now = clock.now();
      return {
        requestsPerMinute: limit,
        callsLastMinute: served.trim(now),
        refusedLastMinute: refusedWindow.trim(now),
        attemptsLastMinute: attempts.trim(now),
        peakCallsPerMinute: peaks.calls,
        peakAttemptsPerMinute: peaks.attempts,
        calls: totals.calls,
        refused: totals.refused,
      };
    },
    set(next) {
      limit = resolveApiLimit(next);
    },
    clear() {
      served.clear();
      attempts.clear();
      refusedWindow.clear();
      totals = { calls: 0, refused: 0 };
      peaks = { calls: 0, attempts: 0 };
    },
  };
}
