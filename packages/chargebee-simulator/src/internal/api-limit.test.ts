import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSimulator } from '../create-simulator';
import type { Simulator } from '../simulator';

const AUTH = `Basic ${btoa('test_simulator_key:')}`;
const GROW = 'https://upsell-kit-test.grow.chargebee.com/api/v2';
const BILLING = 'https://upsell-kit-test.chargebee.com/api/v2';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.UTC(2026, 11, 1, 9, 0, 0));
});
afterEach(() => {
  vi.useRealTimers();
});

function offers(sim: Simulator, auth = AUTH): Promise<Response> {
  return sim.handle(
    new Request(`${GROW}/personalized_offers`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ customer_id: 'c', subscription_id: 's' }),
    }),
  );
}

function grantBlocks(sim: Simulator): Promise<Response> {
  return sim.handle(
    new Request(`${BILLING}/grant_blocks?subscription_id[is]=s`, {
      headers: { Authorization: AUTH },
    }),
  );
}

async function statuses(calls: Promise<Response>[]): Promise<number[]> {
  return (await Promise.all(calls)).map((r) => r.status);
}

describe('the site-wide API limit', () => {
  it('is off unless asked for: 500 calls in one instant all pass, and are still counted', async () => {
    const sim = createSimulator();
    const codes = await statuses(Array.from({ length: 500 }, () => offers(sim)));
    expect(codes.every((c) => c === 200)).toBe(true);
    expect(sim.inspect.apiUsage()).toMatchObject({
      requestsPerMinute: false,
      callsLastMinute: 500,
      peakCallsPerMinute: 500,
      refused: 0,
    });
    expect(sim.options.apiLimit).toBe(false);
  });

  it('models a test site with {}: 150 calls in any 60 s, Growth and Billing alike', async () => {
    const sim = createSimulator({ apiLimit: {} });
    expect(sim.options.apiLimit).toEqual({ requestsPerMinute: 150 });
    const first = await statuses([
      ...Array.from({ length: 100 }, () => offers(sim)),
      ...Array.from({ length: 50 }, () => grantBlocks(sim)),
    ]);
    expect(first.every((c) => c === 200)).toBe(true);

    const refused = await grantBlocks(sim);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await refused.json()).toEqual({
      message: expect.stringContaining('request count exceeding acceptable limits'),
      api_error_code: 'api_request_limit_exceeded',
      http_status_code: 429,
    });
  });

  it('slides: room comes back as the oldest calls leave the window, and Retry-After says when', async () => {
    const sim = createSimulator({ apiLimit: { requestsPerMinute: 3 } });
    await offers(sim); // t = 0
    sim.clock.advance(20_000);
    await offers(sim); // t = 20 s
    sim.clock.advance(20_000);
    await offers(sim); // t = 40 s

    // A fixed clock minute would have reset at t = 60 s; a sliding window still holds 3 at 59 s.
    sim.clock.advance(19_000);
    const refused = await offers(sim);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');

    sim.clock.advance(1_000); // t = 60 s: the call at 0 leaves
    expect((await offers(sim)).status).toBe(200);
    const next = await offers(sim);
    expect(next.status).toBe(429);
    expect(next.headers.get('retry-after')).toBe('20'); // the call at 20 s leaves at 80 s

    expect(sim.inspect.apiUsage()).toEqual({
      requestsPerMinute: 3,
      callsLastMinute: 3,
      refusedLastMinute: 2,
      attemptsLastMinute: 5,
      peakCallsPerMinute: 3,
      peakAttemptsPerMinute: 5,
      calls: 4,
      refused: 2,
    });
    sim.clock.advance(60_000);
    expect(sim.inspect.apiUsage()).toMatchObject({
      callsLastMinute: 0,
      refusedLastMinute: 0,
      attemptsLastMinute: 0,
      peakCallsPerMinute: 3,
      calls: 4,
    });
  });

  it('refuses before authentication and before injected faults: every call counts', async () => {
    const sim = createSimulator({ apiLimit: { requestsPerMinute: 2 } });
    expect((await offers(sim, 'Basic bad')).status).toBe(401);
    sim.faults.set('personalized_offers', { status: 503, times: 1 });
    expect((await offers(sim)).status).toBe(503);
    expect((await offers(sim)).status).toBe(429);
    // A refused call is still recorded as received.
    expect(sim.inspect.requests()).toHaveLength(3);
  });

  it('leaves the control API and hosted pages alone', async () => {
    const sim = createSimulator({ apiLimit: { requestsPerMinute: 1 } });
    await offers(sim);
    for (let i = 0; i < 5; i++) {
      const control = await sim.handle(new Request('http://sim.local/__simulator/events'));
      expect(control.status).toBe(200);
    }
    const page = await sim.handle(new Request('http://sim.local/hosted_pages/missing'));
    expect(page.status).toBe(404);
    expect(sim.inspect.apiUsage()).toMatchObject({ calls: 1, refused: 0 });
  });

  it('changes at run time until reset(), which also empties the window', async () => {
    const sim = createSimulator({ apiLimit: { requestsPerMinute: 2 } });
    await offers(sim);
    await offers(sim);
    sim.setApiLimit({ requestsPerMinute: 3 });
    expect((await offers(sim)).status).toBe(200); // the two earlier calls still count
    expect((await offers(sim)).status).toBe(429);
    sim.setApiLimit(false);
    expect((await offers(sim)).status).toBe(200);

    sim.reset();
    expect(sim.inspect.apiUsage()).toEqual({
      requestsPerMinute: 2,
      callsLastMinute: 0,
      refusedLastMinute: 0,
      attemptsLastMinute: 0,
      peakCallsPerMinute: 0,
      peakAttemptsPerMinute: 0,
      calls: 0,
      refused: 0,
    });
  });

  it('keeps Retry-After within 1..60 s when the clock is set backwards', async () => {
    const sim = createSimulator({ apiLimit: { requestsPerMinute: 1 } });
    await offers(sim);
    sim.clock.set(Date.now() - 3_600_000);
    const refused = await offers(sim);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
  });

  it('rejects a limit that is not a whole number of calls', () => {
    expect(() => createSimulator({ apiLimit: { requestsPerMinute: 0 } })).toThrow(RangeError);
    expect(() => createSimulator({ apiLimit: { requestsPerMinute: 1.5 } })).toThrow(RangeError);
    const sim = createSimulator();
    expect(() => sim.setApiLimit({ requestsPerMinute: -1 })).toThrow(RangeError);
  });
});

describe('/__simulator API limit routes', () => {
  async function control(sim: Simulator, method: string, route: string, body?: unknown) {
    const response = await sim.handle(
      new Request(`http://sim.local/__simulator/${route}`, {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
      }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('reports usage and sets the limit', async () => {
    const sim = createSimulator();
    await offers(sim);
    const set = await control(sim, 'POST', 'api-limit', { requestsPerMinute: 1 });
    expect(set).toMatchObject({ status: 200, body: { requestsPerMinute: 1, callsLastMinute: 1 } });
    expect((await offers(sim)).status).toBe(429);
    const usage = await control(sim, 'GET', 'api-usage');
    expect(usage.body).toMatchObject({
      refused: 1,
      refusedLastMinute: 1,
      peakAttemptsPerMinute: 2,
    });

    await control(sim, 'POST', 'api-limit', { requestsPerMinute: false });
    expect((await offers(sim)).status).toBe(200);
  });

  it('answers 400 to a bad limit', async () => {
    const sim = createSimulator();
    for (const body of [{}, { requestsPerMinute: 0 }, { requestsPerMinute: '150' }]) {
      const answer = await control(sim, 'POST', 'api-limit', body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: 'invalid_request' } });
    }
  });
});
