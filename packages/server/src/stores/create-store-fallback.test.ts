import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './create-memory-store';
import type { UpsellStore } from './upsell-store';
import { createStoreFallback } from './create-store-fallback';
import { StoreUnavailableError } from './store-unavailable-error';

function switchable() {
  const memory = createMemoryStore();
  let down = false;
  const guard =
    <A extends unknown[], R>(name: string, run: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      down ? Promise.reject(new StoreUnavailableError(name, 'timeout')) : run(...args);
  const store: UpsellStore = {
    get: guard('get', memory.get),
    set: guard('set', memory.set),
    setIfAbsent: guard('setIfAbsent', memory.setIfAbsent),
    delete: guard('delete', memory.delete),
    increment: guard('increment', memory.increment),
  };
  return { store, setDown: (value: boolean) => (down = value) };
}

function recordingLogger() {
  const lines: [string, string][] = [];
  return {
    lines,
    logger: {
      info: (message: string) => void lines.push(['info', message]),
      warn: (message: string) => void lines.push(['warn', message]),
      error: (message: string) => void lines.push(['error', message]),
    },
  };
}

describe('createStoreFallback', () => {
  it('uses the shared store, falls back per instance during an outage, logs it once each way', async () => {
    const { store, setDown } = switchable();
    const { lines, logger } = recordingLogger();
    // Probing on every call: the shared store is tried again as soon as it is back.
    const fallback = createStoreFallback(store, logger, { probeMs: 0 });
    const count = () => fallback.run('rate limit', (s) => s.increment('k', 60_000));
    expect(await count()).toBe(1);
    setDown(true);
    // The per-instance store counts from its own zero.
    expect([await count(), await count(), await count()]).toEqual([1, 2, 3]);
    expect(fallback.degraded).toBe(true);
    setDown(false);
    expect(await count()).toBe(2);
    expect(fallback.degraded).toBe(false);
    expect(lines.map(([level]) => level)).toEqual(['error', 'info']);
    expect(lines[0]?.[1]).toContain('store is unavailable');
  });

  it('skips the shared store between probes during an outage, and probes again when due', async () => {
    const { store, setDown } = switchable();
    let calls = 0;
    const counted: UpsellStore = {
      ...store,
      increment: (key, ttl) => {
        calls++;
        return store.increment(key, ttl);
      },
    };
    let time = 1_000_000;
    const { logger } = recordingLogger();
    const fallback = createStoreFallback(counted, logger, { probeMs: 2_000, now: () => time });
    const count = () => fallback.run('rate limit', (s) => s.increment('k', 60_000));
    setDown(true);
    await count();
    expect([calls, fallback.skipping]).toEqual([1, true]);
    await count();
    await count();
    expect(calls).toBe(1);
    time += 2_000;
    expect(fallback.skipping).toBe(false);
    await count(); // the probe: still down
    expect([calls, fallback.skipping]).toEqual([2, true]);
    setDown(false);
    time += 2_000;
    await count();
    expect([calls, fallback.degraded, fallback.skipping]).toEqual([3, false, false]);
  });

  it('lets errors other than an outage through', async () => {
    const { logger, lines } = recordingLogger();
    const fallback = createStoreFallback(createMemoryStore(), logger);
    await expect(
      fallback.run('x', () => Promise.reject(new TypeError('a bug'))),
    ).rejects.toBeInstanceOf(TypeError);
    expect(lines).toEqual([]);
  });
});
