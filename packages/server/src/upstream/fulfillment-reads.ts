import type { UpsellStats } from '../observability/upsell-stats';
import { createSingleFlight } from './single-flight';

const READ_CACHE_MS = 1_000;
const READ_CACHE_ENTRIES = 1_000;

/**
 * Fulfillment status reads (`GET /fulfillments/{id}` polling): a read shares a read of the same
 * fulfillment in flight on this instance, and is answered from a 1 s cache, so a page polling
 * every second and its retries cost at most one Chargebee call a second per fulfillment.
 */
export interface FulfillmentReads {
  /** The status of fulfillment `id`: cached, shared, or from `read` (the Chargebee call). */
  read<T>(id: string, read: () => Promise<T>): Promise<T>;
  /** This instance's counts. */
  stats(): UpsellStats['fulfillmentReads'];
}

/**
 * Creates the {@link FulfillmentReads} of one handler.
 * @example const body = await reads.read(id, () => ctx.upstream('offer_fulfillments.retrieve', get));
 */
export function createFulfillmentReads(options: { now: () => number }): FulfillmentReads {
  const { now } = options;
  const flights = createSingleFlight<unknown>();
  const cache = new Map<string, { value: unknown; until: number }>();
  const counts = { cached: 0, coalesced: 0 };
  return {
    async read<T>(id: string, read: () => Promise<T>): Promise<T> {
      const cached = cache.get(id);
      if (cached && cached.until > now()) {
        counts.cached++;
        return cached.value as T;
      }
      const { value, shared } = await flights.run(id, async () => {
        const result = await read();
        cache.delete(id);
        cache.set(id, { value: result, until: now() + READ_CACHE_MS });
        for (const oldest of cache.keys()) {
          if (cache.size <= READ_CACHE_ENTRIES) break;
          cache.delete(oldest);
        }
        return result;
      });
      if (shared) counts.coalesced++;
      return value as T;
    },
    stats: () => ({ ...counts }),
  };
}
