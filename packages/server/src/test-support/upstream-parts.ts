import { vi } from 'vitest';
import type { QueuedEvent } from '../events/event-queue';
import { createOfferEvents, type OfferEventDecision } from '../events/offer-events';
import { collectStats } from '../observability/collect-stats';
import type { UpsellTelemetry } from '../observability/upsell-telemetry';
import { createMemoryStore } from '../stores/create-memory-store';
import type { UpsellStore } from '../stores/upsell-store';
import { createCallBudget, type CallBudgetOptions } from '../upstream/call-budget';
import { createFleetPause } from '../upstream/fleet-pause';
import { createFulfillmentReads } from '../upstream/fulfillment-reads';
import { createMeteredCaller, type CallerEvent } from '../upstream/metered-caller';
import { createOfferCache } from '../upstream/offer-cache';

/** What {@link upstreamParts} may be given. */
export interface UpstreamPartsOptions {
  store: UpsellStore;
  requestsPerMinute: number | false;
  maxLength: number;
  viewedDedupeMs: number;
  telemetry: UpsellTelemetry | undefined;
  /** `upstreamBudget.perIdentity`, as `checkOptions` resolves it. */
  perIdentity: CallBudgetOptions['perIdentity'];
}

/**
 * The upstream parts of one handler wired as `resolveOptions` wires them (pause, budget, metered
 * caller, offer events, fulfillment reads, no offer cache), with a mock `send` and the decisions
 * they emit, for tests below the HTTP layer.
 */
export function upstreamParts(overrides: Partial<UpstreamPartsOptions> = {}) {
  const options: UpstreamPartsOptions = {
    store: createMemoryStore(),
    requestsPerMinute: 100,
    maxLength: 10_000,
    viewedDedupeMs: 5_000,
    telemetry: undefined,
    perIdentity: {},
    ...overrides,
  };
  const { store, telemetry } = options;
  const decisions: (CallerEvent | OfferEventDecision)[] = [];
  const emit = (event: CallerEvent | OfferEventDecision) => void decisions.push(event);
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const send = vi.fn(async (_event: QueuedEvent): Promise<unknown> => ({}));
  const now = Date.now;
  const pause = createFleetPause({ store, now, logger });
  const budget = createCallBudget({
    store,
    pause,
    requestsPerMinute: options.requestsPerMinute,
    perIdentity: options.perIdentity,
    now,
    logger,
  });
  const caller = createMeteredCaller({
    budget,
    pause,
    logger,
    now,
    deadlineMs: 11_000,
    telemetry,
    emit,
  });
  const events = createOfferEvents({
    store,
    caller,
    logger,
    now,
    maxLength: options.maxLength,
    viewedDedupeMs: options.viewedDedupeMs,
    telemetry,
    emit,
    send,
  });
  const offers = createOfferCache({ store, maxAgeMs: 0, now });
  const fulfillmentReads = createFulfillmentReads({ store, caller, now });
  const parts = { budget, pause, caller, events, offers, fulfillmentReads };
  return {
    ...parts,
    decisions,
    logger,
    send,
    stats: () => collectStats(parts),
    close: () => events.close(),
  };
}
