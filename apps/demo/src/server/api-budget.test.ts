import { createSimulator } from '@upsell-kit/chargebee-simulator';
import { describe, expect, it } from 'vitest';
import { readApiBudget } from './api-budget';

describe('readApiBudget', () => {
  it("takes Chargebee's side from the simulator and leaves the kit's figures null without stats()", async () => {
    const simulator = createSimulator({ apiLimit: { requestsPerMinute: 150 } });
    expect(await readApiBudget(simulator, {})).toEqual({
      limit: 150,
      callsLastMinute: 0,
      refusedLastMinute: 0,
      cached: null,
      queued: null,
      shed: null,
    });
  });

  it("reads cached, queued and shed from the handler's stats(), summing shed over priorities", async () => {
    const handler = {
      stats: () =>
        Promise.resolve({
          offerCache: { hits: 12 },
          events: { queuedNow: 3 },
          shed: { critical: 0, dismissed: 1, offers: 4, viewed: 2 },
        }),
    };
    expect(await readApiBudget(undefined, handler)).toEqual({
      limit: null,
      callsLastMinute: null,
      refusedLastMinute: null,
      cached: 12,
      queued: 3,
      shed: 7,
    });
  });

  it('shows nothing rather than a wrong figure when stats() fails or reports garbage', async () => {
    const simulator = createSimulator();
    const failing = { stats: () => Promise.reject(new Error('store down')) };
    expect(await readApiBudget(simulator, failing)).toMatchObject({
      limit: null, // the simulator's limit is off
      callsLastMinute: 0,
      cached: null,
      queued: null,
      shed: null,
    });
    const garbage = {
      stats: () => ({
        offerCache: { hits: -1 },
        events: { queuedNow: 'x' },
        shed: { offers: NaN },
      }),
    };
    expect(await readApiBudget(simulator, garbage)).toMatchObject({
      cached: null,
      queued: null,
      shed: null,
    });
  });
});
