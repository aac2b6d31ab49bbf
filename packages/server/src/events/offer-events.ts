import { UpsellError } from '@upsell-kit/core';
import type { UpsellLogger } from '../http/upsell-logger';
import { counterOf } from '../observability/counter-of';
import type { UpsellStats } from '../observability/upsell-stats';
import type { UpsellTelemetry } from '../observability/upsell-telemetry';
import type { UpsellStore } from '../stores/upsell-store';
import { backOffOf } from '../upstream/back-off-of';
import { upstreamFailureOf } from '../upstream/call-upstream';
import type { Refusal } from '../upstream/call-budget';
import type { MeteredCaller } from '../upstream/metered-caller';
import { createEventQueue, type DeliveryOutcome, type QueuedEvent } from './event-queue';

/** What offer events report through `onEvent` (see `UpsellServerEvent`). */
export type OfferEventDecision = {
  type: 'event_queued' | 'event_delivered' | 'event_dropped';
  eventType: 'viewed' | 'dismissed';
  personalizedOfferId: string;
  offerId: string;
  reason?: string;
  /** For drops that concern one identity (`queue_full`, `fairness`): its hash, never the identity. */
  identityHash?: string;
};

/** What became of an offer event handed to {@link OfferEvents.record}. */
type EventOutcome = 'sent' | 'queued' | 'deduplicated' | 'dropped';

/** Options of {@link createOfferEvents}. */
export interface OfferEventsOptions {
  store: UpsellStore;
  caller: MeteredCaller;
  logger: UpsellLogger;
  now: () => number;
  maxLength: number;
  /** Events of one type one identity may have waiting in the queue. @default maxLength */
  perIdentity?: number;
  viewedDedupeMs: number;
  telemetry: UpsellTelemetry | undefined;
  emit: (event: OfferEventDecision) => void;
  /** Sends one offer event to Chargebee (the SDK call; the caller admits and counts it). */
  send: (event: QueuedEvent) => Promise<unknown>;
}

/**
 * `viewed` / `dismissed` offer events: recorded (sent now when the budget has room, else queued),
 * repeated views coalesced, the queue drained within the budget, oldest first.
 */
export interface OfferEvents {
  /**
   * Sends an event now when the budget has room, else queues it (resolves `queued`; the browser
   * is answered 204 either way). A repeated `viewed` within the dedupe window, and any
   * `dismissed` of a personalized offer after its first (one effective dismissal per customer
   * and offer, until the offer expires), resolve `deduplicated` without a call or a place in the
   * queue. `first` runs once the event is known not to be a duplicate, before it is sent (a
   * dismissal hides its offer first). An event while offer events are not enabled for the site
   * resolves `dropped`. Rejects when the queue has no place for it, or when Chargebee refused or
   * did not answer the call made now.
   */
  record(event: Omit<QueuedEvent, 'queuedAt'>, first?: () => Promise<void>): Promise<EventOutcome>;
  /** Delivers queued events within the budget (at most `max`); resolves how many were sent. */
  drain(max?: number): Promise<number>;
  /** Starts a drain unless one runs or ran within the last second (never rejects). */
  scheduleDrain(): void;
  /** This instance's counts, and the fleet's queue length. */
  stats(): Promise<UpsellStats['events']>;
  /** Stops the drain timer. */
  close(): void;
}

const DRAIN_INTERVAL_MS = 5_000;
/** A dismissal is coalesced until its offer expires, for a day at most. */
const MAX_DISMISSAL_MARK_MS = 24 * 60 * 60_000;
const REFUSAL_WARNING_MS = 60_000;
const DRAIN_BATCH = 25;
const EVENT_PRIORITY = { viewed: 'viewed', dismissed: 'dismissed' } as const;

/** The mark of a personalized offer's one effective dismissal (not `cache:`: never evicted early). */
const dismissalKey = (event: QueuedEvent) => `events:dismissed:${event.personalizedOfferId}`;

const fieldsOf = (event: QueuedEvent) => ({
  eventType: event.type,
  personalizedOfferId: event.personalizedOfferId,
  offerId: event.offerId,
});

/**
 * Creates the {@link OfferEvents} of one handler, with a drain timer that never keeps the
 * process alive (none where the runtime cannot unref one).
 *
 * @example
 * const events = createOfferEvents({ store, caller, logger, now: Date.now, maxLength: 10_000, viewedDedupeMs: 60_000, telemetry, emit, send });
 * await events.record({ type: 'viewed', personalizedOfferId, offerId, expiresAt });
 */
export function createOfferEvents(options: OfferEventsOptions): OfferEvents {
  const { store, caller, logger, now, maxLength, viewedDedupeMs, emit, send } = options;
  const perIdentity = options.perIdentity ?? maxLength;
  const queue = createEventQueue({ store, maxLength, perIdentity, now, logger });
  const counts = {
    sent: 0,
    queued: 0,
    delivered: 0,
    dropped: 0,
    expired: 0,
    deduplicated: 0,
    lost: 0,
  };
  const metric = counterOf(
    options.telemetry,
    'upsell.events',
    'Offer events by what became of them',
  );
  const count = (action: keyof typeof counts, type: string, reason?: string) => {
    counts[action]++;
    metric?.add(1, { action, type, ...(reason ? { reason } : {}) });
  };

  /** An event given up for good (`reason`): counted and reported, the identity's hash with it. */
  const dropped = (event: QueuedEvent, reason: string) => {
    count('dropped', event.type, reason);
    const identityHash = reason === 'fairness' ? event.identity : undefined;
    emit({
      ...fieldsOf(event),
      type: 'event_dropped',
      reason,
      ...(identityHash ? { identityHash } : {}),
    });
  };

  let refusedSinceWarning = 0;
  let refusalWarnedAt = Number.NEGATIVE_INFINITY;
  const enqueue = async (event: QueuedEvent): Promise<'queued'> => {
    if (!(await queue.enqueue(event))) {
      count('dropped', event.type, 'queue_full');
      emit({
        ...fieldsOf(event),
        type: 'event_dropped',
        reason: 'queue_full',
        ...(event.identity ? { identityHash: event.identity } : {}),
      });
      refusedSinceWarning++;
      if (now() - refusalWarnedAt >= REFUSAL_WARNING_MS) {
        refusalWarnedAt = now();
        logger.warn(
          'upsell-kit: the offer event queue refused events: an identity had eventQueue.perIdentity of them waiting, or the queue was full (eventQueue.maxLength)',
          { refused: refusedSinceWarning, maxLength, perIdentity, identityHash: event.identity },
        );
        refusedSinceWarning = 0;
      }
      throw new UpsellError(
        'upstream_unavailable',
        'Too many offer events are waiting. Try again later.',
        { retryAfter: 60 },
      );
    }
    count('queued', event.type);
    emit({ ...fieldsOf(event), type: 'event_queued' });
    return 'queued';
  };

  /** Whether `event` is a true duplicate (a view within seconds, a dismissal already taken). */
  const duplicate = async (event: QueuedEvent): Promise<boolean> => {
    let first: boolean;
    if (event.type === 'viewed') {
      const key = `cache:viewed:${event.personalizedOfferId}`;
      // A window of one that follows the handler's clock (a TTL would follow the store's).
      first = store.slidingWindow
        ? (await store.slidingWindow(key, { limit: 1, windowMs: viewedDedupeMs, now: now() }))
            .allowed
        : await store.setIfAbsent(key, '1', viewedDedupeMs);
    } else {
      const ttl = Math.min(MAX_DISMISSAL_MARK_MS, Math.max(1_000, event.expiresAt * 1000 - now()));
      first = await store.setIfAbsent(dismissalKey(event), '1', ttl);
    }
    if (first) return false;
    count('deduplicated', event.type);
    return true;
  };
  /** Forgets a dismissal that was not taken after all, so that a retry is not coalesced away. */
  const forget = (event: QueuedEvent) =>
    event.type === 'dismissed' ? store.delete(dismissalKey(event)).catch(() => {}) : undefined;

  const attempt = (event: QueuedEvent) =>
    caller.attempt('offer_events', EVENT_PRIORITY[event.type], () => send(event), event.identity);
  const pointless = (refusal: Refusal) => refusal.drop === true;

  let draining: Promise<number> | undefined;
  let drainedAt = Number.NEGATIVE_INFINITY;
  const drain = (max = DRAIN_BATCH): Promise<number> => {
    if (draining) return draining;
    drainedAt = now();
    draining = queue
      .drain(
        async (event): Promise<DeliveryOutcome> => {
          let result;
          try {
            result = await attempt(event);
          } catch (error) {
            const failure = upstreamFailureOf(error);
            if (backOffOf(error) !== undefined) return 'retry';
            if (failure?.definite) {
              dropped(event, 'refused');
              return 'refused';
            }
            // It may have arrived: sending it again could count it twice.
            count('lost', event.type);
            return 'unknown';
          }
          if ('refusal' in result) {
            // One identity over its share waits its turn; everyone else's events go on.
            if (result.refusal.reason === 'fairness') return 'deferred';
            if (!pointless(result.refusal)) return 'retry';
            dropped(event, 'not_enabled');
            return 'refused';
          }
          count('delivered', event.type);
          emit({ ...fieldsOf(event), type: 'event_delivered' });
          return 'delivered';
        },
        max,
        (event) => {
          counts.expired++;
          dropped(event, 'expired');
        },
      )
      .then((result) => {
        if (result.expired > 0) {
          logger.info('upsell-kit: dropped queued offer events whose offer had expired', {
            count: result.expired,
          });
        }
        return result.delivered;
      })
      .finally(() => {
        draining = undefined;
      });
    return draining;
  };

  const scheduleDrain = () => {
    if (draining || now() - drainedAt < 1_000) return;
    drain().catch((error: unknown) =>
      logger.error('upsell-kit: could not drain the offer event queue', { error }),
    );
  };

  /** The event's call now, else its place in the queue (or a drop when pointless). */
  const deliverOrQueue = async (event: QueuedEvent): Promise<EventOutcome> => {
    let result;
    try {
      result = await attempt(event);
    } catch (error) {
      // Refused for load: queued like a call the budget had no room for.
      if (backOffOf(error) !== undefined) return enqueue(event);
      throw error;
    }
    if ('refusal' in result) {
      // A view past the identity's share is not worth a place in the queue; a dismissal is.
      if (result.refusal.reason === 'fairness' && event.type === 'viewed') {
        dropped(event, 'fairness');
        return 'dropped';
      }
      if (!pointless(result.refusal)) return enqueue(event);
      dropped(event, 'not_enabled');
      return 'dropped';
    }
    count('sent', event.type);
    return 'sent';
  };

  let timer: ReturnType<typeof setInterval> | undefined = setInterval(
    scheduleDrain,
    DRAIN_INTERVAL_MS,
  );
  const unref = (timer as { unref?: () => void }).unref;
  if (typeof unref === 'function') unref.call(timer);
  else {
    clearInterval(timer);
    timer = undefined;
  }

  return {
    async record(input, first) {
      const event: QueuedEvent = { ...input, queuedAt: now() };
      if (await duplicate(event)) return 'deduplicated';
      try {
        await first?.();
        return await deliverOrQueue(event);
      } catch (error) {
        await forget(event);
        throw error;
      }
    },
    drain,
    scheduleDrain,
    async stats() {
      return { ...counts, queuedNow: await queue.length().catch(() => 0) };
    },
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
