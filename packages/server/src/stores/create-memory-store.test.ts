import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './create-memory-store';

describe('createMemoryStore', () => {
  it('stays within maxEntries, evicting the least recently used', async () => {
    const store = createMemoryStore({ maxEntries: 3 });
    await store.set('a', '1', 60_000);
    await store.set('b', '2', 60_000);
    await store.set('c', '3', 60_000);
    await store.get('a'); // a is now the most recently used
    await store.set('d', '4', 60_000);
    expect(await store.get('b')).toBeNull();
    expect(await store.get('a')).toBe('1');
    expect(await store.get('c')).toBe('3');
    expect(await store.get('d')).toBe('4');
  });

  it('bounds a flood of rate-limit counters', async () => {
    const store = createMemoryStore({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) await store.increment(`rate:${i}`, 60_000);
    let kept = 0;
    for (let i = 0; i < 10_000; i++) if ((await store.get(`rate:${i}`)) !== null) kept++;
    expect(kept).toBe(100);
  });

  it('expires entries on its clock', async () => {
    let now = 1_000;
    const store = createMemoryStore({ now: () => now });
    await store.set('k', 'v', 100);
    expect(await store.setIfAbsent('k', 'w', 100)).toBe(false);
    now += 100;
    expect(await store.get('k')).toBeNull();
    expect(await store.setIfAbsent('k', 'w', 100)).toBe(true);
    expect(await store.increment('n', 50)).toBe(1);
    expect(await store.increment('n', 50)).toBe(2);
    now += 50;
    expect(await store.increment('n', 50)).toBe(1);
  });

  it('keeps a live fulfillment claim however many rate-limit counters fill the store', async () => {
    const store = createMemoryStore({ maxEntries: 100 });
    expect(await store.setIfAbsent('fulfillment:po_1', '{"state":"pending"}', 60_000)).toBe(true);
    await store.set('fulfillment:po_2', '{"state":"done"}', 60_000);
    // 100 times the capacity, as a flood of identities would create.
    for (let i = 0; i < 10_000; i++) await store.increment(`rate:fulfillments:0:c${i}:`, 61_000);
    expect(await store.get('fulfillment:po_1')).toBe('{"state":"pending"}');
    expect(await store.setIfAbsent('fulfillment:po_1', '{"state":"pending"}', 60_000)).toBe(false);
    expect(await store.get('fulfillment:po_2')).toBe('{"state":"done"}');
    let kept = 0;
    for (let i = 0; i < 10_000; i++) {
      if ((await store.get(`rate:fulfillments:0:c${i}:`)) !== null) kept++;
    }
    expect(kept).toBe(100);
  });

  it('bounds its counters apart with maxCounters', async () => {
    const store = createMemoryStore({ maxEntries: 2, maxCounters: 5 });
    for (let i = 0; i < 50; i++) await store.increment(`rate:${i}`, 60_000);
    for (let i = 0; i < 50; i++) await store.set(`record:${i}`, 'v', 60_000);
    let counters = 0;
    for (let i = 0; i < 50; i++) if ((await store.get(`rate:${i}`)) !== null) counters++;
    let records = 0;
    for (let i = 0; i < 50; i++) if ((await store.get(`record:${i}`)) !== null) records++;
    expect(counters).toBe(5);
    expect(records).toBe(2);
    expect(await store.get('rate:49')).toBe('1');
    expect(await store.get('record:49')).toBe('v');
  });

  it('stays bounded and sweeps expired entries instead of evicting live ones', async () => {
    let now = 1_000;
    const store = createMemoryStore({ maxEntries: 50, now: () => now });
    // The least recently used entry, never read again: evicting the oldest would drop it.
    await store.set('fulfillment:kept', 'done', 3_600_000);
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 49; i++) await store.set(`fulfillment:${round}:${i}`, 'pending', 100);
      now += 100;
    }
    // 1,961 writes into 50 places: the expired ones made room, the live one stayed.
    expect(await store.get('fulfillment:kept')).toBe('done');
    let live = 0;
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 49; i++) {
        if ((await store.get(`fulfillment:${round}:${i}`)) !== null) live++;
      }
    }
    expect(live).toBe(0);
    // Live entries beyond capacity: the least recently used go, the size stays at maxEntries.
    for (let i = 0; i < 60; i++) await store.set(`fulfillment:new:${i}`, 'done', 3_600_000);
    let kept = 0;
    for (let i = 0; i < 60; i++) if ((await store.get(`fulfillment:new:${i}`)) !== null) kept++;
    expect(kept).toBe(50);
    expect(await store.get('fulfillment:new:9')).toBeNull();
    expect(await store.get('fulfillment:new:10')).toBe('done');
    expect(await store.get('fulfillment:kept')).toBeNull();
  });

  it('rejects a nonsensical size', () => {
    expect(() => createMemoryStore({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => createMemoryStore({ maxCounters: 1.5 })).toThrow(RangeError);
  });
});
