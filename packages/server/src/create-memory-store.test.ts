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

  it('rejects a nonsensical size', () => {
    expect(() => createMemoryStore({ maxEntries: 0 })).toThrow(RangeError);
  });
});
