import type { Identity } from '@upsell-kit/core';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import { counterOf } from '../observability/counter-of';
import type { UpsellStats } from '../observability/upsell-stats';
import type { UpsellTelemetry } from '../observability/upsell-telemetry';
import type { UpsellStore } from '../stores/upsell-store';
import type { UpstreamOffers } from './upstream-shapes';
import { createSingleFlight } from './single-flight';

/**
 * Options of the offer cache (`offerCache` of `createUpsellHandler`).
 * @example { maxAgeMs: 30_000 }
 */
export interface OfferCacheOptions {
  /**
   * The longest an answer of Chargebee's `personalized_offers` is served again to the same
   * identity and context (never past the offers' own `expires_at`). Dismissals and accepts clear
   * it at once, on every instance; this bounds only how late a change made in Chargebee (a play
   * edited, an audience changed) reaches a page that keeps reloading.
   * @default 60000
   */
  maxAgeMs?: number;
}

/** One cached answer: what Chargebee said, and when. */
interface CachedOffers {
  result: UpstreamOffers;
  /** When it was fetched (ms): offer tokens without `expires_at` count their hour from here. */
  fetchedAt: number;
}

/** Where an answer of {@link OfferCache.fetch} came from. */
type OfferSource = 'hit' | 'miss' | 'coalesced';

/** The offer cache of one handler; it counts its own hits, misses and invalidations. */
export interface OfferCache {
  /**
   * The cached answer for exactly these upstream params, else one shared fetch (per instance, and
   * across instances through a short store lock). Base offers dismissed in this scope whose
   * personalized offer has not expired (`hidden`) are left out of the answer, and counted.
   */
  fetch(
    identity: Identity,
    params: Record<string, unknown>,
    upstream: () => Promise<UpstreamOffers>,
  ): Promise<{ offers: CachedOffers; source: OfferSource; hidden: ReadonlySet<string> }>;
  /**
   * Makes every cached answer of the identity's subscription (or customer, without one) stale on
   * every instance; `hide` also keeps a dismissed base offer out of answers until `untilMs`.
   */
  invalidate(identity: Identity, hide?: { offerId: string; untilMs: number }): Promise<void>;
  /** This instance's counts. */
  stats(): UpsellStats['offerCache'];
}

/** The generation record of one scope: part of every cache key, so a new one misses them all. */
interface Generation {
  g: string;
  hide?: Record<string, number>;
}

const LOCK_MS = 2_000;
const WAIT_STEP_MS = 50;
const WAIT_STEPS = 20;
/** A generation outlives every entry keyed by its predecessor (see invalidate). */
const GENERATION_MARGIN_MS = 10 * 60_000;
const MAX_HIDE_MS = 24 * 60 * 60_000;

/** JSON with object keys sorted at every depth: equal params give equal keys. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The coarse device class of a user agent, the part of it an audience rule could plausibly use.
 * The full string is left out of the cache key: it differs with every browser release and
 * extension, so keying on it would give nearly every visitor an entry of their own.
 */
export function deviceClassOf(userAgent: string | null | undefined): string {
  if (!userAgent) return 'none';
  if (/iPad|Tablet/i.test(userAgent)) return 'tablet';
  if (/Mobi|Android|iPhone|iPod/i.test(userAgent)) return 'mobile';
  return 'desktop';
}

/** The scope dismissals and accepts invalidate: the subscription, else the customer. */
function scopeOf(identity: Identity): string {
  return JSON.stringify(
    identity.subscriptionId ? ['s', identity.subscriptionId] : ['c', identity.customerId],
  );
}

const parseGeneration = (raw: string | null): Generation => {
  if (raw === null) return { g: '0' };
  try {
    const parsed = JSON.parse(raw) as Generation;
    return typeof parsed?.g === 'string' ? parsed : { g: '0' };
  } catch {
    return { g: '0' };
  }
};

/**
 * Creates the offer cache over the store. Entries live under `cache:offers:<sha-256>` (the store
 * may evict `cache:` keys first), keyed by the scope's generation, the canonical JSON of the
 * upstream params without `request_context.user_agent`, and the user agent's device class.
 *
 * @example
 * const cache = createOfferCache({ store, maxAgeMs: 60_000, now: Date.now });
 * const { offers, source } = await cache.fetch(identity, params, () => fetchFromChargebee(params));
 */
export function createOfferCache(options: {
  store: UpsellStore;
  /** `0`: no cache (every fetch asks Chargebee, nothing is hidden). */
  maxAgeMs: number;
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told (at most once a minute) when the store fails; the cache then steps aside. */
  onStoreError?: (error: unknown) => void;
  telemetry?: UpsellTelemetry | undefined;
}): OfferCache {
  const { store, maxAgeMs, now } = options;
  const counts = { hits: 0, misses: 0, coalesced: 0, invalidations: 0, suppressed: 0 };
  const metric = counterOf(
    options.telemetry,
    'upsell.offer_cache',
    'POST /offers answers by source',
  );
  const stats = () => ({ ...counts });
  if (maxAgeMs <= 0) {
    return {
      async fetch(_identity, _params, upstream) {
        return {
          offers: { result: await upstream(), fetchedAt: now() },
          source: 'miss',
          hidden: new Set(),
        };
      },
      async invalidate() {},
      stats,
    };
  }
  /** Counts an answer by its source and leaves the hidden offers out of it. */
  const answer = (
    offers: CachedOffers,
    source: OfferSource,
    hidden: ReadonlySet<string>,
  ): { offers: CachedOffers; source: OfferSource; hidden: ReadonlySet<string> } => {
    counts[source === 'hit' ? 'hits' : source === 'miss' ? 'misses' : 'coalesced']++;
    metric?.add(1, { result: source });
    if (hidden.size === 0) return { offers, source, hidden };
    // A dismissed base offer stays out while its dismissal may not have reached Chargebee.
    const shown = offers.result.offers.filter((offer) => !hidden.has(offer.offer_id));
    counts.suppressed += offers.result.offers.length - shown.length;
    return { offers: { ...offers, result: { ...offers.result, offers: shown } }, source, hidden };
  };
  let storeErrorAt = Number.NEGATIVE_INFINITY;
  /** A store fault costs the cache, never the answer: it is reported and `fallback` returned. */
  const quietly = async <T>(work: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (now() - storeErrorAt > 60_000) {
        storeErrorAt = now();
        options.onStoreError?.(error);
      }
      return fallback;
    }
  };
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const flights = createSingleFlight<{ offers: CachedOffers; fetched: boolean }>();
  // Not under `cache:`: a store may evict those first, and a lost generation would revive old keys.
  const generationKey = (identity: Identity) => `offers:generation:${scopeOf(identity)}`;

  const read = async (key: string): Promise<CachedOffers | null> => {
    const raw = await quietly(() => store.get(key), null);
    if (raw === null) return null;
    try {
      const entry = JSON.parse(raw) as CachedOffers;
      return entry && typeof entry.fetchedAt === 'number' && entry.result ? entry : null;
    } catch {
      return null;
    }
  };

  const freshFor = (offers: CachedOffers): number => {
    const age = now() - offers.fetchedAt;
    const expiresAt = offers.result.expires_at;
    const untilExpiry = expiresAt === null ? Number.POSITIVE_INFINITY : expiresAt * 1000 - now();
    return Math.min(maxAgeMs - age, untilExpiry);
  };

  return {
    async fetch(identity, params, upstream) {
      let generation: Generation;
      try {
        generation = parseGeneration(await store.get(generationKey(identity)));
      } catch (error) {
        // Without the generation no entry can be trusted: ask Chargebee, cache nothing.
        await quietly(() => Promise.reject(error), undefined);
        return answer({ result: await upstream(), fetchedAt: now() }, 'miss', new Set());
      }
      const time = now();
      const hidden = new Set(
        Object.entries(generation.hide ?? {})
          .filter(([, until]) => until > time)
          .map(([offerId]) => offerId),
      );
      const context = (params.request_context ?? {}) as Record<string, unknown>;
      const { user_agent: userAgent, ...keyedContext } = context;
      const digest = sha256(
        new TextEncoder().encode(
          canonicalJson([
            scopeOf(identity),
            generation.g,
            deviceClassOf(typeof userAgent === 'string' ? userAgent : null),
            { ...params, request_context: keyedContext },
          ]),
        ),
      );
      const key = `cache:offers:${bytesToHex(digest)}`;

      const cached = await read(key);
      if (cached && freshFor(cached) > 0) return answer(cached, 'hit', hidden);

      const { value, shared } = await flights.run(key, async () => {
        // Across instances: the first to take the lock fetches, the others wait a little for its
        // entry and fetch themselves only if it does not come (the lock holder failed or is slow).
        const won = await quietly(() => store.setIfAbsent(`${key}:lock`, '1', LOCK_MS), true);
        if (!won) {
          for (let step = 0; step < WAIT_STEPS; step++) {
            await sleep(WAIT_STEP_MS);
            const entry = await read(key);
            if (entry && freshFor(entry) > 0) return { offers: entry, fetched: false };
          }
        }
        try {
          const offers: CachedOffers = { result: await upstream(), fetchedAt: now() };
          const ttl = freshFor(offers);
          if (ttl > 0) await quietly(() => store.set(key, JSON.stringify(offers), ttl), undefined);
          return { offers, fetched: true };
        } finally {
          if (won) await quietly(() => store.delete(`${key}:lock`), undefined);
        }
      });
      return answer(value.offers, shared || !value.fetched ? 'coalesced' : 'miss', hidden);
    },

    async invalidate(identity, hide) {
      const key = generationKey(identity);
      const current = parseGeneration(await store.get(key));
      const time = now();
      const kept: Record<string, number> = {};
      for (const [offerId, until] of Object.entries(current.hide ?? {})) {
        if (until > time) kept[offerId] = until;
      }
      if (hide) {
        kept[hide.offerId] = Math.max(
          kept[hide.offerId] ?? 0,
          Math.min(hide.untilMs, time + MAX_HIDE_MS),
        );
      }
      // A fresh random generation, never a counter: a counter that expired and restarted could
      // meet an old entry keyed by the same number. The record outlives every entry written under
      // its predecessor (an entry lives at most maxAgeMs, written at most a request's deadline
      // after its generation was read), so the "no generation" state can not revive one either.
      const next: Generation = { g: `${time.toString(36)}.${crypto.randomUUID()}` };
      if (Object.keys(kept).length > 0) next.hide = kept;
      const ttl = Math.max(
        maxAgeMs + GENERATION_MARGIN_MS,
        ...Object.values(kept).map((until) => until - time),
      );
      await store.set(key, JSON.stringify(next), ttl);
      counts.invalidations++;
      metric?.add(1, { result: 'invalidated' });
    },
    stats,
  };
}
