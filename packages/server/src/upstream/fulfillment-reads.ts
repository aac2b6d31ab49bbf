import type { Fulfillment } from '@upsell-kit/core';
import { UpsellError } from '@upsell-kit/core';
import type { UpsellStats } from '../observability/upsell-stats';
import type { UpsellStore } from '../stores/upsell-store';
import type { MeteredCaller } from './metered-caller';
import { createSingleFlight } from './single-flight';

/** A status this instance read is served again for 1 s without asking anyone. */
const LOCAL_MS = 1_000;
const LOCAL_ENTRIES = 1_000;
/** The last known status of a fulfillment outlives any polling of it (and a day of reloads). */
const LAST_KNOWN_TTL_MS = 24 * 60 * 60_000;

const isFinal = (fulfillment: Fulfillment) =>
  fulfillment.status === 'completed' || fulfillment.status === 'failed';

/** The store key of a fulfillment's last known status (`cache:`: it can be read again). */
const lastKnownKey = (id: string) => `cache:fulfillment:${id}`;
/** The store key that gives one instance the fleet's next upstream read of a fulfillment. */
const readClaimKey = (id: string) => `fulfillment:read:${id}`;

/**
 * Fulfillment status reads (`GET /fulfillments/{id}` polling, a repeated accept), the `status`
 * class of the budget: at most one Chargebee read per fulfillment every `intervalMs`
 * fleet-wide, a final status never read again, reads of one id on one instance shared. A read
 * that is not made (within the interval, past the identity's share, no room in the budget, a
 * pause) answers the last known status, kept in the store: polling goes on, and a status is
 * never final before Chargebee said so.
 */
export interface FulfillmentReads {
  /**
   * The status of fulfillment `id`: the last known one when final or when no read may be made
   * now, else `fetch` (the SDK call, counted against `identity`'s share) through `parse`. Rejects
   * with `503 upstream_unavailable` only when no read may be made and nothing is known, and with
   * the upstream failure when the read failed.
   */
  read(
    id: string,
    read: {
      identity?: string | undefined;
      fetch: () => Promise<unknown>;
      parse: (body: unknown) => Fulfillment;
    },
  ): Promise<Fulfillment>;
  /**
   * Keeps a status learned otherwise (a create's answer, an update) as the last known one, and
   * as the fleet's read of this interval.
   */
  remember(fulfillment: Fulfillment): Promise<void>;
  /** This instance's counts. */
  stats(): UpsellStats['fulfillmentReads'];
}

/** Options of {@link createFulfillmentReads}. */
export interface FulfillmentReadsOptions {
  /** The store of last known statuses and read claims (per instance during an outage). */
  store: UpsellStore;
  caller: MeteredCaller;
  now: () => number;
  /** At most one upstream read per fulfillment this often, fleet-wide. @default 2000 */
  intervalMs?: number;
}

/**
 * Creates the {@link FulfillmentReads} of one handler.
 * @example const reads = createFulfillmentReads({ store, caller, now: Date.now });
 */
export function createFulfillmentReads(options: FulfillmentReadsOptions): FulfillmentReads {
  const { store, caller, now } = options;
  const intervalMs = options.intervalMs ?? 2_000;
  const flights = createSingleFlight<Fulfillment>();
  const local = new Map<string, { value: Fulfillment; at: number }>();
  const counts = { cached: 0, coalesced: 0, lastKnown: 0 };

  const keep = (value: Fulfillment) => {
    // A final status is final: an older answer arriving late (a create's) never replaces it.
    const known = local.get(value.id)?.value;
    if (known && isFinal(known) && !isFinal(value)) return;
    local.delete(value.id);
    local.set(value.id, { value, at: now() });
    for (const oldest of local.keys()) {
      if (local.size <= LOCAL_ENTRIES) break;
      local.delete(oldest);
    }
  };
  const stored = async (id: string): Promise<Fulfillment | null> => {
    const raw = await store.get(lastKnownKey(id)).catch(() => null);
    if (raw === null) return null;
    try {
      const value = JSON.parse(raw) as Fulfillment;
      return value && value.id === id && typeof value.status === 'string' ? value : null;
    } catch {
      return null;
    }
  };
  // A sliding window of one (it follows the caller's clock); a marker with a TTL without one.
  const claimTurn = async (id: string) =>
    store.slidingWindow
      ? (
          await store.slidingWindow(readClaimKey(id), {
            limit: 1,
            windowMs: intervalMs,
            now: now(),
          })
        ).allowed
      : store.setIfAbsent(readClaimKey(id), '1', intervalMs);
  /** A status Chargebee just sent: the fleet's read of this interval, and the last known one. */
  const learned = async (value: Fulfillment) => {
    keep(value);
    await store
      .set(lastKnownKey(value.id), JSON.stringify(value), LAST_KNOWN_TTL_MS)
      .catch(() => undefined);
  };

  return {
    async read(id, { identity, fetch, parse }) {
      const mine = local.get(id);
      if (mine && (isFinal(mine.value) || now() - mine.at < LOCAL_MS)) {
        counts.cached++;
        return mine.value;
      }
      const { value, shared } = await flights.run(id, async () => {
        const last = (await stored(id)) ?? mine?.value ?? null;
        if (last && isFinal(last)) {
          keep(last);
          return last;
        }
        // One read per interval for the whole fleet; the others answer what it learned.
        const turn = await claimTurn(id).catch(() => true);
        if (!turn && last) {
          counts.lastKnown++;
          return last;
        }
        const result = await caller.attempt(
          'offer_fulfillments.retrieve',
          'status',
          fetch,
          identity,
        );
        if ('refusal' in result) {
          if (last) {
            counts.lastKnown++;
            return last;
          }
          throw new UpsellError(
            'upstream_unavailable',
            'The status can not be read right now. Try again in a moment.',
            { retryAfter: Math.max(1, Math.ceil(result.refusal.retryAfterMs / 1000)) },
          );
        }
        const fresh = parse(result.value);
        await learned(fresh);
        return fresh;
      });
      if (shared) counts.coalesced++;
      return value;
    },
    async remember(value) {
      // As good as a read made now: the next polls within the interval answer it.
      await claimTurn(value.id).catch(() => true);
      await learned(value);
    },
    stats: () => ({ ...counts }),
  };
}
