import { describe, expect, it } from 'vitest';
import { createMemorySlidingWindow } from './sliding-window';

describe('createMemorySlidingWindow', () => {
  it('admits up to the limit in any window, not per fixed minute', async () => {
    const hit = createMemorySlidingWindow({ maxKeys: 10 });
    const at = (now: number, limit = 3) => hit('k', { limit, windowMs: 60_000, now });
    expect((await at(59_000)).allowed).toBe(true);
    expect((await at(59_500)).allowed).toBe(true);
    expect((await at(59_900)).allowed).toBe(true);
    // A fixed window would reset at 60 000; a sliding one still holds the three hits.
    const refused = await at(60_100);
    expect(refused).toEqual({ allowed: false, count: 3, retryAfterMs: 58_900 });
    expect((await at(119_000)).allowed).toBe(true);
    expect((await at(119_001)).allowed).toBe(false);
  });

  it('gives lower limits on the same key a share of the window', async () => {
    const hit = createMemorySlidingWindow({ maxKeys: 10 });
    const request = (limit: number, now: number) => ({ limit, windowMs: 1_000, now });
    expect((await hit('k', request(2, 0))).allowed).toBe(true);
    expect((await hit('k', request(2, 1))).allowed).toBe(true);
    expect((await hit('k', request(2, 2))).allowed).toBe(false);
    // The higher limit still has room: the low one can never take it.
    expect((await hit('k', request(3, 3))).allowed).toBe(true);
    const low = await hit('k', request(2, 4));
    // Two hits must expire before the window holds fewer than 2: the second oldest at 1 → 1 001.
    expect(low.retryAfterMs).toBe(997);
  });

  it('counts without recording with a limit of 0', async () => {
    const hit = createMemorySlidingWindow({ maxKeys: 10 });
    await hit('k', { limit: 5, windowMs: 1_000, now: 0 });
    expect(await hit('k', { limit: 0, windowMs: 1_000, now: 1 })).toMatchObject({
      allowed: false,
      count: 1,
    });
    expect((await hit('k', { limit: 0, windowMs: 1_000, now: 2 })).count).toBe(1);
  });

  it('keeps at most maxKeys keys, evicting the least recently used', async () => {
    const hit = createMemorySlidingWindow({ maxKeys: 2 });
    const one = (key: string, now: number) => hit(key, { limit: 1, windowMs: 60_000, now });
    await one('a', 0);
    await one('b', 1);
    await one('a', 2); // refused, but a is now the most recently used
    await one('c', 3); // evicts b
    expect((await one('a', 4)).allowed).toBe(false);
    expect((await one('b', 5)).allowed).toBe(true);
  });
});
