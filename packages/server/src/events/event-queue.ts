import type { UpsellStore } from '../stores/upsell-store';
import type { UpsellLogger } from '../http/upsell-logger';
import { createMemoryLists, type StoreList } from '../stores/store-list';

/** An offer event waiting for room in the budget. */
export interface QueuedEvent {
  type: 'viewed' | 'dismissed';
  personalizedOfferId: string;
  offerId: string;
  /** When the offer expires (s): Chargebee has no use for its events after that. */
  expiresAt: number;
  /** When it was queued (ms). */
  queuedAt: number;
  /** Whose it is (`identityHashOf`), for that identity's share of the budget. */
  identity?: string;
}

/**
 * What became of one queued event handed to `deliver`: sent; to be put back and tried later (the
 * budget is short, Chargebee asked to back off); put back at the end, the drain going on (its
 * identity used its share of the budget: `deferred`); refused by Chargebee for good (dropped); or
 * unknown (the call failed without an answer: it may have arrived, so it is not sent again).
 */
export type DeliveryOutcome = 'delivered' | 'retry' | 'deferred' | 'refused' | 'unknown';

/** Counts of one drain. */
interface DrainResult {
  delivered: number;
  /** Dropped because their offer had expired. */
  expired: number;
  refused: number;
  unknown: number;
}

/** The durable queue of `viewed` / `dismissed` events. */
export interface EventQueue {
  /**
   * Queues an event; `false` when its identity already has `perIdentity` events of this type
   * waiting, or when the queue is full and its identity has one waiting already (an identity
   * with none always finds a place: no one's events can fill the queue for another).
   */
  enqueue(event: QueuedEvent): Promise<boolean>;
  /**
   * Delivers queued events, `dismissed` before `viewed`, identities taking turns (each one's
   * oldest first), until `max` were handled, the queues are empty, or `deliver` answers `retry`.
   * Each event is taken from the store before it is sent (claim before send), so two instances
   * never send the same one; a crash between the two loses that one event, which we prefer to
   * sending it twice (Chargebee's offer events have no idempotency key).
   */
  drain(
    deliver: (event: QueuedEvent) => Promise<DeliveryOutcome>,
    max: number,
    expired?: (event: QueuedEvent) => void,
  ): Promise<DrainResult>;
  /** Events waiting now (both queues). */
  length(): Promise<number>;
  /** Whether the queue lives in the store (shared and durable) or only in this process. */
  readonly durable: boolean;
}

/** One hash tag: a Redis Cluster keeps each queue's keys in one slot. */
const KEYS = { dismissed: '{events}:queue:dismissed', viewed: '{events}:queue:viewed' } as const;

/**
 * Creates the {@link EventQueue} over the store's lists (`listPush` / `listPop` / `listLength`,
 * each identity a group of its own), or over process memory, with one warning, for stores
 * without them.
 *
 * @example
 * const queue = createEventQueue({ store, maxLength: 10_000, now: Date.now, logger });
 */
export function createEventQueue(options: {
  store: UpsellStore;
  maxLength: number;
  /** Events of one type one identity may have waiting. @default maxLength */
  perIdentity?: number;
  now: () => number;
  logger: UpsellLogger;
}): EventQueue {
  const { store, maxLength, now, logger } = options;
  const perIdentity = options.perIdentity ?? maxLength;
  const placeOf = (event: QueuedEvent) => ({
    group: event.identity ?? '',
    groupLimit: perIdentity,
  });
  const durable = Boolean(store.listPush && store.listPop && store.listLength);
  const lists: StoreList = durable
    ? {
        push: (key, value, pushOptions) => store.listPush!(key, value, pushOptions),
        pop: (key) => store.listPop!(key),
        length: (key) => store.listLength!(key),
      }
    : createMemoryLists();
  let warned = false;

  return {
    durable,
    async enqueue(event) {
      if (!durable && !warned) {
        warned = true;
        logger.warn(
          'upsell-kit: the store has no list methods, so offer events waiting for room in the Chargebee API budget are queued in this process only (lost on restart). Use createRedisStore, or implement listPush / listPop / listLength.',
        );
      }
      return lists.push(KEYS[event.type], JSON.stringify(event), { maxLength, ...placeOf(event) });
    },
    async drain(deliver, max, expired) {
      const result: DrainResult = { delivered: 0, expired: 0, refused: 0, unknown: 0 };
      let handled = 0;
      for (const type of ['dismissed', 'viewed'] as const) {
        const key = KEYS[type];
        while (handled < max) {
          const raw = await lists.pop(key);
          if (raw === null) break;
          handled++;
          let event: QueuedEvent;
          try {
            event = JSON.parse(raw) as QueuedEvent;
          } catch {
            logger.error('upsell-kit: dropped a malformed entry of the offer event queue');
            continue;
          }
          if (event.expiresAt * 1000 <= now()) {
            result.expired++;
            expired?.(event);
            continue;
          }
          const outcome = await deliver(event);
          if (outcome === 'retry') {
            await lists.push(key, raw, { maxLength, front: true, ...placeOf(event) });
            // A lower priority gets less of the budget: no room for dismissals, none for views.
            return result;
          }
          if (outcome === 'deferred') {
            // Its identity's turn comes again after everyone else's.
            await lists.push(key, raw, { ...placeOf(event), maxLength: maxLength + max });
            continue;
          }
          if (outcome === 'delivered') result.delivered++;
          else if (outcome === 'refused') result.refused++;
          else result.unknown++;
        }
      }
      return result;
    },
    async length() {
      const [dismissed, viewed] = await Promise.all([
        lists.length(KEYS.dismissed),
        lists.length(KEYS.viewed),
      ]);
      return dismissed + viewed;
    },
  };
}
