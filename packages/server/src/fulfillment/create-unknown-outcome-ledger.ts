import type { UpsellStore } from '../stores/upsell-store';
import type { UnknownOutcome } from './unknown-outcome';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Index slots read per day by `list`: far above any real count of unknown creates. */
const MAX_PER_DAY = 1_000;

/** The store-backed list of {@link UnknownOutcome}s, shared by every instance on the store. */
export interface UnknownOutcomeLedger {
  /** Keeps `outcome` for the ledger's TTL, indexed so that {@link list} finds it. */
  record(outcome: UnknownOutcome): Promise<void>;
  /** The outcomes still unresolved, oldest first. */
  list(): Promise<UnknownOutcome[]>;
  /** The outcome of one personalized offer, if unresolved. */
  get(personalizedOfferId: string): Promise<UnknownOutcome | null>;
  /** Forgets an outcome (resolved). */
  remove(personalizedOfferId: string): Promise<void>;
}

/**
 * The {@link UnknownOutcomeLedger} on any `UpsellStore`, which has no key listing: each record
 * lives under `unknown:{personalizedOfferId}`, and a per-day counter (`increment` is atomic
 * across instances) hands out index slots `unknown-at:{day}:{n}` that point at it. `list` reads
 * the slots of the days a record can still live, skipping resolved and expired ones.
 *
 * @example const ledger = createUnknownOutcomeLedger(store, { ttlMs: 8 * 86_400_000 });
 */
export function createUnknownOutcomeLedger(
  store: UpsellStore,
  options: { ttlMs: number; now?: () => number },
): UnknownOutcomeLedger {
  const { ttlMs } = options;
  const now = options.now ?? Date.now;
  // Slots outlive the records they point at by a day, so no live record loses its slot.
  const slotTtlMs = ttlMs + DAY_MS;
  const recordKey = (id: string) => `unknown:${id}`;

  const parse = (raw: string | null): UnknownOutcome | null => {
    if (raw === null) return null;
    try {
      const value = JSON.parse(raw) as UnknownOutcome;
      return typeof value?.personalizedOfferId === 'string' ? value : null;
    } catch {
      return null;
    }
  };

  return {
    async record(outcome) {
      await store.set(recordKey(outcome.personalizedOfferId), JSON.stringify(outcome), ttlMs);
      const day = Math.floor(now() / DAY_MS);
      const slot = await store.increment(`unknown-seq:${day}`, slotTtlMs);
      await store.set(`unknown-at:${day}:${slot}`, outcome.personalizedOfferId, slotTtlMs);
    },
    async list() {
      const today = Math.floor(now() / DAY_MS);
      const days = Math.ceil(slotTtlMs / DAY_MS);
      const ids = new Set<string>();
      for (let day = today - days; day <= today; day++) {
        const count = Math.min(Number(await store.get(`unknown-seq:${day}`)) || 0, MAX_PER_DAY);
        const slots = await Promise.all(
          Array.from({ length: count }, (_, i) => store.get(`unknown-at:${day}:${i + 1}`)),
        );
        for (const id of slots) if (id !== null) ids.add(id);
      }
      const outcomes = await Promise.all(
        [...ids].map(async (id) => parse(await store.get(recordKey(id)))),
      );
      return outcomes
        .filter((outcome): outcome is UnknownOutcome => outcome !== null)
        .sort((a, b) => a.at - b.at);
    },
    async get(personalizedOfferId) {
      return parse(await store.get(recordKey(personalizedOfferId)));
    },
    async remove(personalizedOfferId) {
      await store.delete(recordKey(personalizedOfferId));
    },
  };
}
