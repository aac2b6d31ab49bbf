import { UpsellError } from '@upsell-kit/core';
import { callUpstream, upstreamFailureOf } from './call-upstream';
import {
  createEventQueue,
  type DeliveryOutcome,
  type ListStore,
  type QueuedEvent,
} from '../events/event-queue';
import type { UpsellStats } from '../observability/upsell-stats';
import type { TelemetryCounter, UpsellTelemetry } from '../observability/upsell-telemetry';
import type { UpsellStore } from '../stores/upsell-store';
import type { SlidingWindow } from '../stores/sliding-window';
import type { UpsellLogger } from '../http/upsell-logger';
import { createOfferCache, type OfferCache } from './offer-cache';
import { createSingleFlight } from './single-flight';
import { createUpstreamGate, type Refusal } from './upstream-gate';
import { PRIORITIES, type PauseScope, type UpstreamPriority } from './upstream-priority';

/**
 * The fleet-wide budget of Chargebee calls (`upstreamBudget` of `createUpsellHandler`).
 * @example { requestsPerMinute: 600 } // a Performance site (1,000/min) that bills heavily itself
 */
export interface UpstreamBudgetOptions {
  /**
   * The most Chargebee calls the kit makes in any 60 s, across every instance sharing the store.
   * Chargebee's limit is per site and shared with everything else the merchant does with it: 150
   * a minute on test sites and Starter, 1,000 on Performance, 3,500 on Enterprise.
   * @default 100 (two thirds of the smallest plan)
   */
  requestsPerMinute?: number;
}

/**
 * The queue of `viewed` / `dismissed` events that can not be sent at once (`eventQueue`).
 * @example { maxLength: 50_000 }
 */
export interface EventQueueOptions {
  /**
   * Events the queue holds; beyond it an event is answered `503 upstream_unavailable`.
   * @default 10000
   */
  maxLength?: number;
  /**
   * A `viewed` of a personalized offer already sent (or queued) within this many milliseconds is
   * not sent again: one display is one view, however often a page (or a hostile client) says so.
   * @default 60000
   */
  viewedDedupeMs?: number;
}

/** The decisions the guard reports through `onEvent` (see `UpsellEvent`). */
export type GuardEvent =
  | {
      type: 'upstream_shed';
      operation: string;
      priority: UpstreamPriority;
      reason: 'budget' | 'paused';
      retryAfter: number;
    }
  | { type: 'upstream_paused'; operation: string; retryAfter: number; reason: string }
  | {
      type: 'event_queued' | 'event_delivered' | 'event_dropped';
      eventType: 'viewed' | 'dismissed';
      personalizedOfferId: string;
      offerId: string;
      reason?: string;
    };

/** Dependencies and settings of {@link createUpstreamGuard}. */
export interface UpstreamGuardOptions {
  store: UpsellStore & { slidingWindow?: SlidingWindow } & ListStore;
  logger: UpsellLogger;
  now: () => number;
  deadlineMs: number;
  budget: UpstreamBudgetOptions | false | undefined;
  offerCache: { maxAgeMs?: number } | false | undefined;
  eventQueue: EventQueueOptions | undefined;
  telemetry: UpsellTelemetry | undefined;
  emit: (event: GuardEvent) => void;
  /** Sends one offer event to Chargebee (the SDK call; the guard admits and counts it). */
  sendEvent: (event: QueuedEvent) => Promise<unknown>;
}

/** What became of an offer event handed to {@link UpstreamGuard.recordEvent}. */
type EventOutcome = 'sent' | 'queued' | 'deduplicated';

/**
 * The one place every Chargebee call passes: the budget by priority, the fleet-wide back-off, the
 * offer cache, the event queue, coalesced fulfillment reads, and the counts behind `stats()`.
 */
export interface UpstreamGuard {
  /**
   * Runs one Chargebee call at `priority`: refused at once (critical calls: after waiting up to
   * 5 s) with `503 upstream_unavailable` and `Retry-After` when the budget is short or Chargebee
   * asked to back off; a 429 (or 503 with `Retry-After`) answer pauses every non-critical call
   * of the fleet for as long as Chargebee asked.
   */
  call<T>(operation: string, priority: UpstreamPriority, run: () => Promise<T>): Promise<T>;
  /**
   * Takes room for one call made outside {@link call} (a fulfiller's own SDK calls, such as a
   * promotional grant); rejects like `call` when refused.
   */
  reserve(operation: string, priority: UpstreamPriority): Promise<void>;
  /** The offer cache, or `null` when `offerCache` is `false`. */
  readonly offers: OfferCache | null;
  /** Counts an answer of `POST /offers` by where it came from. */
  countOffers(source: 'hit' | 'miss' | 'coalesced', hidden: number): void;
  /** Counts a dismissal's or an accept's invalidation of cached offers. */
  countInvalidation(): void;
  /**
   * Sends a `viewed` / `dismissed` event now when the budget has room, else queues it (resolves
   * `queued`; the browser is answered 204 either way). A repeated `viewed` within the dedupe
   * window resolves `deduplicated` without a call. Rejects when the queue is full, or when
   * Chargebee refused or did not answer the call made now.
   */
  recordEvent(event: Omit<QueuedEvent, 'queuedAt'>): Promise<EventOutcome>;
  /** Delivers queued events within the budget (at most `max`); resolves how many were sent. */
  drainEvents(max?: number): Promise<number>;
  /** Starts a drain unless one runs or ran within the last second (never rejects). */
  scheduleDrain(): void;
  /**
   * A fulfillment status read, shared with a read of the same fulfillment in flight on this
   * instance and answered from a 1 s cache.
   */
  readFulfillment<T>(id: string, read: () => Promise<T>): Promise<T>;
  /** Holds the calls `scope` covers on every instance for `ms` milliseconds. */
  pause(scope: PauseScope, ms: number, reason: string): Promise<void>;
  /** Ends every pause, on this instance and in the store. */
  resume(): Promise<void>;
  /** The snapshot behind `handler.stats()`. */
  stats(): Promise<UpsellStats>;
  /** Stops the drain timer. */
  close(): void;
}

const DRAIN_INTERVAL_MS = 5_000;
const DRAIN_BATCH = 25;
const READ_CACHE_MS = 1_000;
const READ_CACHE_ENTRIES = 1_000;
const SHED_WARNING_MS = 60_000;
const EVENT_PRIORITY = { viewed: 'viewed', dismissed: 'dismissed' } as const;
const SPAN_KIND_CLIENT = 2;
const SPAN_STATUS_ERROR = 2;

const byPriority = (): Record<UpstreamPriority, number> =>
  Object.fromEntries(PRIORITIES.map((priority) => [priority, 0])) as Record<
    UpstreamPriority,
    number
  >;

function positive(value: number | undefined, fallback: number, name: string): number {
  const result = value ?? fallback;
  if (!Number.isSafeInteger(result) || result < 1) {
    throw new RangeError(`createUpsellHandler: ${name} must be a positive integer.`);
  }
  return result;
}

/** Whether Chargebee refused the call because of load (429, or 503 with Retry-After). */
function backOffOf(error: unknown): number | undefined {
  const failure = upstreamFailureOf(error);
  if (!failure?.definite) return undefined;
  const status = failure.upstreamStatus;
  // A lock_timeout is one resource busy, not the site over its limit.
  if (failure.apiErrorCode === 'lock_timeout') return undefined;
  if (status === 429) return (failure.error.retryAfter ?? 0) * 1000;
  if (status === 503 && failure.error.retryAfter !== undefined)
    return failure.error.retryAfter * 1000;
  return undefined;
}

/** Creates the {@link UpstreamGuard} of one handler. */
export function createUpstreamGuard(options: UpstreamGuardOptions): UpstreamGuard {
  const { store, logger, now, deadlineMs, emit, telemetry, sendEvent } = options;
  const requestsPerMinute =
    options.budget === false
      ? false
      : positive(options.budget?.requestsPerMinute, 100, 'upstreamBudget.requestsPerMinute');
  const maxAgeMs =
    options.offerCache === false
      ? 0
      : positive(options.offerCache?.maxAgeMs, 60_000, 'offerCache.maxAgeMs');
  const maxLength = positive(options.eventQueue?.maxLength, 10_000, 'eventQueue.maxLength');
  const viewedDedupeMs = positive(
    options.eventQueue?.viewedDedupeMs,
    60_000,
    'eventQueue.viewedDedupeMs',
  );

  const gate = createUpstreamGate({ store, requestsPerMinute, now, logger });
  const offers =
    maxAgeMs > 0
      ? createOfferCache({
          store,
          maxAgeMs,
          now,
          onStoreError: (error) =>
            logger.error(
              'upsell-kit: the store failed; offers are fetched without the cache meanwhile',
              {
                error,
              },
            ),
        })
      : null;
  const queue = createEventQueue({ store, maxLength, now, logger });
  const reads = createSingleFlight<unknown>();
  const readCache = new Map<string, { value: unknown; until: number }>();

  const counts = {
    upstreamCalls: byPriority(),
    shed: byPriority(),
    paused: byPriority(),
    upstreamRateLimited: 0,
    offerCache: { hits: 0, misses: 0, coalesced: 0, invalidations: 0, suppressed: 0 },
    events: { sent: 0, queued: 0, delivered: 0, dropped: 0, deduplicated: 0, lost: 0 },
    fulfillmentReads: { cached: 0, coalesced: 0 },
  };

  const meter = telemetry?.meter;
  const counter = (name: string, description: string): TelemetryCounter | undefined =>
    meter?.createCounter(name, { description, unit: '{call}' });
  const metrics = {
    calls: counter('upsell.upstream.calls', 'Chargebee calls made'),
    shed: counter('upsell.upstream.shed', 'Chargebee calls not made: budget short or paused'),
    cache: counter('upsell.offer_cache', 'POST /offers answers by source'),
    events: counter('upsell.events', 'Offer events by what became of them'),
  };
  const countEvent = (action: keyof typeof counts.events, type: string) => {
    counts.events[action]++;
    metrics.events?.add(1, { action, type });
  };

  let shedSinceWarning = 0;
  let warnedAt = Number.NEGATIVE_INFINITY;
  const refused = (operation: string, priority: UpstreamPriority, refusal: Refusal) => {
    (refusal.reason === 'budget' ? counts.shed : counts.paused)[priority]++;
    metrics.shed?.add(1, { operation, priority, reason: refusal.reason });
    const retryAfter = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
    emit({ type: 'upstream_shed', operation, priority, reason: refusal.reason, retryAfter });
    if (refusal.reason !== 'budget') return;
    shedSinceWarning++;
    if (now() - warnedAt < SHED_WARNING_MS) return;
    warnedAt = now();
    logger.warn(
      `upsell-kit: the Chargebee API budget is short (upstreamBudget.requestsPerMinute = ${String(requestsPerMinute)}): ${shedSinceWarning} call(s) shed or queued since the last warning. Raise upstreamBudget.requestsPerMinute if your Chargebee plan has room (150/min on test sites and Starter, 1,000 on Performance, 3,500 on Enterprise, shared with your own billing calls).`,
      { operation, priority, requestsPerMinute },
    );
    shedSinceWarning = 0;
  };

  /** Runs the call when admitted; resolves the refusal instead when not. */
  const attempt = async <T>(
    operation: string,
    priority: UpstreamPriority,
    run: () => Promise<T>,
  ): Promise<{ value: T } | { refusal: Refusal }> => {
    const refusal = await gate.admit(priority);
    if (refusal) {
      refused(operation, priority, refusal);
      return { refusal };
    }
    counts.upstreamCalls[priority]++;
    const span = telemetry?.tracer?.startSpan(`chargebee ${operation}`, {
      kind: SPAN_KIND_CLIENT,
      attributes: { 'upsell.operation': operation, 'upsell.priority': priority },
    });
    try {
      const value = await callUpstream(operation, run, { logger, deadlineMs });
      metrics.calls?.add(1, { operation, priority, outcome: 'ok' });
      return { value };
    } catch (error) {
      const failure = upstreamFailureOf(error);
      metrics.calls?.add(1, { operation, priority, outcome: failure?.error.code ?? 'error' });
      if (failure?.upstreamStatus !== undefined)
        span?.setAttribute('http.response.status_code', failure.upstreamStatus);
      span?.setStatus({ code: SPAN_STATUS_ERROR, message: failure?.error.code ?? 'error' });
      const backOff = backOffOf(error);
      if (backOff !== undefined) {
        counts.upstreamRateLimited++;
        const reason = `Chargebee answered ${String(failure?.upstreamStatus)} to ${operation}`;
        await gate.pause('noncritical', backOff, reason);
        emit({
          type: 'upstream_paused',
          operation,
          retryAfter: Math.max(1, Math.ceil((await gate.pausedFor('offers')) / 1000)),
          reason,
        });
      }
      throw error;
    } finally {
      span?.end();
    }
  };

  const shedError = (refusal: Refusal) =>
    new UpsellError(
      'upstream_unavailable',
      refusal.reason === 'budget'
        ? 'The Chargebee API budget is used up for now. Try again later.'
        : 'Chargebee asked for a pause in calls. Try again later.',
      { retryAfter: Math.max(1, Math.ceil(refusal.retryAfterMs / 1000)) },
    );

  const call = async <T>(operation: string, priority: UpstreamPriority, run: () => Promise<T>) => {
    const result = await attempt(operation, priority, run);
    if ('refusal' in result) throw shedError(result.refusal);
    return result.value;
  };

  const enqueue = async (event: QueuedEvent): Promise<'queued'> => {
    if (!(await queue.enqueue(event))) {
      countEvent('dropped', event.type);
      emit({ ...eventFields(event), type: 'event_dropped', reason: 'queue_full' });
      logger.warn(
        'upsell-kit: the offer event queue is full (eventQueue.maxLength); an event was refused',
        {
          maxLength,
        },
      );
      throw new UpsellError(
        'upstream_unavailable',
        'Too many offer events are waiting. Try again later.',
        {
          retryAfter: 60,
        },
      );
    }
    countEvent('queued', event.type);
    emit({ ...eventFields(event), type: 'event_queued' });
    return 'queued';
  };

  const eventFields = (event: QueuedEvent) => ({
    eventType: event.type,
    personalizedOfferId: event.personalizedOfferId,
    offerId: event.offerId,
  });

  let draining: Promise<number> | undefined;
  let drainedAt = Number.NEGATIVE_INFINITY;
  const drainEvents = (max = DRAIN_BATCH): Promise<number> => {
    if (draining) return draining;
    drainedAt = now();
    draining = queue
      .drain(async (event): Promise<DeliveryOutcome> => {
        let result;
        try {
          result = await attempt('offer_events', EVENT_PRIORITY[event.type], () =>
            sendEvent(event),
          );
        } catch (error) {
          const failure = upstreamFailureOf(error);
          if (backOffOf(error) !== undefined) return 'retry';
          if (failure?.definite) {
            countEvent('dropped', event.type);
            emit({ ...eventFields(event), type: 'event_dropped', reason: 'refused' });
            return 'refused';
          }
          // It may have arrived: sending it again could count it twice.
          countEvent('lost', event.type);
          return 'unknown';
        }
        if ('refusal' in result) return 'retry';
        countEvent('delivered', event.type);
        emit({ ...eventFields(event), type: 'event_delivered' });
        return 'delivered';
      }, max)
      .then((result) => {
        if (result.expired > 0) {
          counts.events.dropped += result.expired;
          metrics.events?.add(result.expired, { action: 'dropped', type: 'expired' });
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
    drainEvents().catch((error: unknown) =>
      logger.error('upsell-kit: could not drain the offer event queue', { error }),
    );
  };

  // A timer drains what requests did not, where the runtime lets it not keep the process alive.
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
    call,
    async reserve(operation, priority) {
      const refusal = await gate.admit(priority);
      if (!refusal) {
        counts.upstreamCalls[priority]++;
        return;
      }
      refused(operation, priority, refusal);
      throw shedError(refusal);
    },
    offers,
    countOffers(source, hidden) {
      counts.offerCache[source === 'hit' ? 'hits' : source === 'miss' ? 'misses' : 'coalesced']++;
      counts.offerCache.suppressed += hidden;
      metrics.cache?.add(1, { result: source });
    },
    countInvalidation() {
      counts.offerCache.invalidations++;
      metrics.cache?.add(1, { result: 'invalidated' });
    },
    async recordEvent(input) {
      const event: QueuedEvent = { ...input, queuedAt: now() };
      if (event.type === 'viewed') {
        const first = await store.setIfAbsent(
          `cache:viewed:${event.personalizedOfferId}`,
          '1',
          viewedDedupeMs,
        );
        if (!first) {
          countEvent('deduplicated', 'viewed');
          return 'deduplicated';
        }
      }
      let result;
      try {
        result = await attempt('offer_events', EVENT_PRIORITY[event.type], () => sendEvent(event));
      } catch (error) {
        // Refused for load: queued like a call the budget had no room for.
        if (backOffOf(error) !== undefined) return enqueue(event);
        throw error;
      }
      if ('refusal' in result) return enqueue(event);
      countEvent('sent', event.type);
      return 'sent';
    },
    drainEvents,
    scheduleDrain,
    async readFulfillment<T>(id: string, read: () => Promise<T>) {
      const cached = readCache.get(id);
      if (cached && cached.until > now()) {
        counts.fulfillmentReads.cached++;
        return cached.value as T;
      }
      const { value, shared } = await reads.run(id, async () => {
        const result = await read();
        readCache.delete(id);
        readCache.set(id, { value: result, until: now() + READ_CACHE_MS });
        for (const oldest of readCache.keys()) {
          if (readCache.size <= READ_CACHE_ENTRIES) break;
          readCache.delete(oldest);
        }
        return result;
      });
      if (shared) counts.fulfillmentReads.coalesced++;
      return value as T;
    },
    pause: (scope, ms, reason) => gate.pause(scope, ms, reason),
    resume: () => gate.resume(),
    async stats() {
      const [usedLastMinute, pausedForMs, queuedNow] = await Promise.all([
        gate.used(),
        gate.pausedFor('offers'),
        queue.length().catch(() => 0),
      ]);
      return {
        upstreamCalls: { ...counts.upstreamCalls },
        shed: { ...counts.shed },
        paused: { ...counts.paused },
        upstreamRateLimited: counts.upstreamRateLimited,
        budget: { requestsPerMinute, usedLastMinute, fleetWide: gate.fleetWide, pausedForMs },
        offerCache: { ...counts.offerCache },
        events: { ...counts.events, queuedNow },
        fulfillmentReads: { ...counts.fulfillmentReads },
      };
    },
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
