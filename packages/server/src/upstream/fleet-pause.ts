import type { UpsellLogger } from '../http/upsell-logger';
import type { UpsellStore } from '../stores/upsell-store';
import { pauseHolds, type PauseScope, type UpstreamPriority } from './upstream-priority';

const PAUSE_KEY = 'budget:pause';
/** A 429 without `Retry-After` still pauses, for this long. */
const DEFAULT_PAUSE_MS = 10_000;
/** The longest pause honoured: a hostile or broken `Retry-After` must not stop the kit for a day. */
const MAX_PAUSE_MS = 10 * 60_000;
/** How long an instance trusts its last look at the fleet's pauses. */
const PAUSE_READ_MS = 1_000;

/** One pause: until when, why, and whether the calls it holds are dropped rather than queued. */
interface Pause {
  until: number;
  reason: string;
  drop?: boolean;
}

type Pauses = Partial<Record<PauseScope, Pause>>;

/** What holds a call of one priority now. */
interface Hold {
  /** Milliseconds left. */
  ms: number;
  /** The calls are pointless meanwhile (offer events not enabled): drop them, do not queue them. */
  drop: boolean;
}

/**
 * The one fleet-wide pause of Chargebee calls, by scope: a record in the shared store, so every
 * instance stops together and resumes when it ends. A 429 back-off, `handler.pause(...)` and offer
 * events refused as not enabled for the site all hold calls through it.
 */
export interface FleetPause {
  /**
   * Holds the calls `scope` covers on every instance for `ms` (a 429 without `Retry-After`: 10 s;
   * at most `maxMs`, 10 minutes by default). Critical calls are never held. `drop` marks calls
   * that are pointless meanwhile; `quiet` leaves the warning to the caller.
   */
  hold(
    scope: PauseScope,
    ms: number,
    reason: string,
    options?: { maxMs?: number; drop?: boolean; quiet?: boolean },
  ): Promise<void>;
  /** What holds a call of `priority` now, or `null`. */
  holding(priority: UpstreamPriority): Promise<Hold | null>;
  /** Ends every pause, on this instance and in the store (other instances keep theirs until they end). */
  lift(): Promise<void>;
}

/**
 * Creates the {@link FleetPause} over the store. A store fault never stops a call: the pauses this
 * instance learned itself still hold, and a pause the store could not take holds here only.
 *
 * @example
 * const pause = createFleetPause({ store, now: Date.now, logger });
 * await pause.hold('noncritical', 30_000, 'Chargebee answered 429');
 */
export function createFleetPause(options: {
  store: UpsellStore;
  now: () => number;
  logger: UpsellLogger;
}): FleetPause {
  const { store, now, logger } = options;
  let pauses: Pauses = {};
  let readAt = Number.NEGATIVE_INFINITY;

  const read = async (): Promise<Pauses> => {
    if (now() - readAt < PAUSE_READ_MS) return pauses;
    try {
      const raw = await store.get(PAUSE_KEY);
      const fleet = raw ? (JSON.parse(raw) as Pauses) : {};
      // Keep what this instance learned itself: the store may not have taken it yet.
      for (const [scope, local] of Object.entries(pauses) as [PauseScope, Pause][]) {
        if ((fleet[scope]?.until ?? 0) < local.until) fleet[scope] = local;
      }
      pauses = fleet;
    } catch {
      // A store fault must not stop every call: the pauses this instance knows still hold.
    }
    readAt = now();
    return pauses;
  };

  return {
    async hold(scope, ms, reason, holdOptions = {}) {
      const maxMs = holdOptions.maxMs ?? MAX_PAUSE_MS;
      const length = Math.min(Math.max(ms > 0 ? ms : DEFAULT_PAUSE_MS, 1), maxMs);
      const until = now() + length;
      const current = await read();
      if ((current[scope]?.until ?? 0) >= until) return;
      pauses = {
        ...current,
        [scope]: { until, reason, ...(holdOptions.drop ? { drop: true } : {}) },
      };
      const latest = Math.max(...Object.values(pauses).map((pause) => pause.until));
      try {
        await store.set(PAUSE_KEY, JSON.stringify(pauses), Math.max(1, latest - now()));
      } catch (error) {
        logger.error(
          'upsell-kit: the store failed to share a Chargebee back-off; it holds on this instance',
          { error },
        );
      }
      if (holdOptions.quiet) return;
      logger.warn(
        `upsell-kit: Chargebee calls (${scope}) paused for ${Math.ceil(length / 1000)} s on every instance: ${reason}`,
      );
    },
    async holding(priority) {
      if (priority === 'critical') return null;
      const current = await read();
      let ms = 0;
      let drop = false;
      for (const [scope, pause] of Object.entries(current) as [PauseScope, Pause][]) {
        const left = pause.until - now();
        if (left <= 0 || !pauseHolds(scope, priority)) continue;
        ms = Math.max(ms, left);
        drop ||= pause.drop === true;
      }
      const hold: Hold | null = ms > 0 ? { ms, drop } : null;
      return hold;
    },
    async lift() {
      pauses = {};
      readAt = Number.NEGATIVE_INFINITY;
      await store.delete(PAUSE_KEY);
    },
  };
}
