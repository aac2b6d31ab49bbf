import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../stores/create-memory-store';
import type { UpsellStore } from '../stores/upsell-store';
import { createCallBudget, type CallBudgetOptions } from './call-budget';
import { createFleetPause } from './fleet-pause';

/** The budget with its pause, as the handler wires them. */
function createUpstreamGate(options: Omit<CallBudgetOptions, 'pause'>) {
  const pause = createFleetPause(options);
  return Object.assign(createCallBudget({ ...options, pause }), {
    pause: pause.hold,
    resume: pause.lift,
  });
}

/** A store with only the required methods, as a custom store may be. */
const withoutOptionalMethods = (store: UpsellStore): UpsellStore => ({
  get: (key) => store.get(key),
  set: (key, value, ttlMs) => store.set(key, value, ttlMs),
  setIfAbsent: (key, value, ttlMs) => store.setIfAbsent(key, value, ttlMs),
  delete: (key) => store.delete(key),
  increment: (key, ttlMs) => store.increment(key, ttlMs),
});

const logger = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createCallBudget', () => {
  it('keeps 20 % of the budget for critical calls that page loads can never take', async () => {
    const gate = createUpstreamGate({
      store: createMemoryStore(),
      requestsPerMinute: 100,
      now: Date.now,
      logger: logger(),
    });
    let offers = 0;
    while ((await gate.admit('offers')) === null) offers++;
    expect(offers).toBe(75);
    expect(await gate.admit('viewed')).toEqual({ reason: 'budget', retryAfterMs: 62_000 });
    let dismissed = 0;
    while ((await gate.admit('dismissed')) === null) dismissed++;
    expect(dismissed).toBe(5);
    for (let critical = 0; critical < 20; critical++) {
      expect(await gate.admit('critical')).toBeNull();
    }
    expect(await gate.used()).toBe(100);
    // The 21st waits its 5 s for room, then is refused.
    const late = gate.admit('critical');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await late).toMatchObject({ reason: 'budget' });
  });

  it('lets a critical call wait for room rather than fail at once', async () => {
    const gate = createUpstreamGate({
      store: createMemoryStore(),
      requestsPerMinute: 2,
      now: Date.now,
      logger: logger(),
    });
    expect(await gate.admit('critical')).toBeNull();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await gate.admit('critical')).toBeNull();
    const waiting = gate.admit('critical');
    // The first call leaves the window 2 s from now: within the 5 s a critical call waits.
    await vi.advanceTimersByTimeAsync(2_500);
    expect(await waiting).toBeNull();
  });

  it('pauses non-critical calls on every instance sharing the store, never critical ones', async () => {
    const store = createMemoryStore();
    const one = createUpstreamGate({
      store,
      requestsPerMinute: 100,
      now: Date.now,
      logger: logger(),
    });
    const two = createUpstreamGate({
      store,
      requestsPerMinute: 100,
      now: Date.now,
      logger: logger(),
    });
    await one.pause('noncritical', 30_000, 'Chargebee answered 429');
    expect(await two.admit('offers')).toEqual({ reason: 'paused', retryAfterMs: 30_000 });
    expect(await two.admit('dismissed')).toMatchObject({ reason: 'paused' });
    expect(await two.admit('critical')).toBeNull();
    await vi.advanceTimersByTimeAsync(30_001);
    expect(await two.admit('offers')).toBeNull();
  });

  it('pauses one scope only: events', async () => {
    const gate = createUpstreamGate({
      store: createMemoryStore(),
      requestsPerMinute: false,
      now: Date.now,
      logger: logger(),
    });
    await gate.pause('events', 60_000, 'offer events are not enabled');
    expect(await gate.admit('viewed')).toMatchObject({ reason: 'paused' });
    expect(await gate.admit('dismissed')).toMatchObject({ reason: 'paused' });
    expect(await gate.admit('offers')).toBeNull();
    expect(await gate.pausedFor('viewed')).toBe(60_000);
  });

  it('resume ends every pause, here and in the store', async () => {
    const store = createMemoryStore();
    const options = { store, requestsPerMinute: false as const, now: Date.now, logger: logger() };
    const gate = createUpstreamGate(options);
    await gate.pause('noncritical', 60_000, 'Chargebee answered 429');
    expect(await gate.admit('offers')).toMatchObject({ reason: 'paused' });
    await gate.resume();
    expect(await gate.admit('offers')).toBeNull();
    // A new instance reading the store sees no pause either.
    expect(await createUpstreamGate(options).pausedFor('offers')).toBe(0);
  });

  it('caps a pause at 10 minutes and gives a 429 without Retry-After 10 s', async () => {
    const gate = createUpstreamGate({
      store: createMemoryStore(),
      requestsPerMinute: 100,
      now: Date.now,
      logger: logger(),
    });
    await gate.pause('noncritical', 86_400_000, 'Retry-After: 86400');
    expect(await gate.pausedFor('offers')).toBe(600_000);
    const other = createUpstreamGate({
      store: createMemoryStore(),
      requestsPerMinute: 100,
      now: Date.now,
      logger: logger(),
    });
    await other.pause('offers', 0, 'no Retry-After');
    expect(await other.pausedFor('offers')).toBe(10_000);
  });

  it('counts per instance, with one warning, for a store without budgetAdmission', async () => {
    const log = logger();
    const gate = createUpstreamGate({
      store: withoutOptionalMethods(createMemoryStore()),
      requestsPerMinute: 4,
      now: Date.now,
      logger: log,
    });
    expect(gate.fleetWide).toBe(false);
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0]?.[0]).toMatch(/budgetAdmission/);
    // 4 less the reserves of 1 (critical, status reads) and a dismissal floor of 1 → 1 offer fetch.
    expect(await gate.admit('offers')).toBeNull();
    expect(await gate.admit('offers')).toHaveProperty('reason', 'budget');
  });

  it('falls back to this instance when the store fails, and logs it once a minute', async () => {
    const log = logger();
    const store = Object.assign(createMemoryStore(), {
      budgetAdmission: async () => {
        throw new Error('connection refused');
      },
    });
    const gate = createUpstreamGate({ store, requestsPerMinute: 4, now: Date.now, logger: log });
    // 4 less the reserves of 1 (critical, status reads) and a dismissal floor of 1 → 1 offer fetch.
    expect(await gate.admit('offers')).toBeNull();
    expect(await gate.admit('offers')).toHaveProperty('reason', 'budget');
    expect(log.error).toHaveBeenCalledTimes(1);
  });

  it('admits everything with the budget off', async () => {
    const gate = createUpstreamGate({
      store: createMemoryStore(),
      requestsPerMinute: false,
      now: Date.now,
      logger: logger(),
    });
    for (let i = 0; i < 500; i++) expect(await gate.admit('viewed')).toBeNull();
  });
});
