import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { upstreamParts, type UpstreamPartsOptions } from '../test-support/upstream-parts';

const NOW = 1_700_000_000_000;

const opened: { close(): void }[] = [];
function partsOf(overrides: Partial<UpstreamPartsOptions> = {}) {
  const g = upstreamParts(overrides);
  opened.push(g);
  return g;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  for (const parts of opened.splice(0)) parts.close();
  vi.useRealTimers();
});

describe('createFulfillmentReads', () => {
  it('coalesces reads of one fulfillment and answers from a 1 s cache', async () => {
    const g = partsOf();
    let release: (value: string) => void = () => {};
    const read = vi.fn(() => new Promise<string>((resolve) => (release = resolve)));
    const reads = Array.from({ length: 5 }, () => g.fulfillmentReads.read('ful_1', read));
    await vi.advanceTimersByTimeAsync(0);
    release('in_progress');
    expect(await Promise.all(reads)).toEqual(Array(5).fill('in_progress'));
    expect(await g.fulfillmentReads.read('ful_1', read)).toBe('in_progress');
    expect(read).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_001);
    const next = g.fulfillmentReads.read('ful_1', async () => 'completed');
    expect(await next).toBe('completed');
    expect((await g.stats()).fulfillmentReads).toEqual({ cached: 1, coalesced: 4 });
  });
});
