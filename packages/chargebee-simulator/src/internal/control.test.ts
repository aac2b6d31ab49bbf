import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSimulator } from '../create-simulator';
import type { Simulator } from '../simulator';

const ORIGIN = 'http://127.0.0.1:4010';
const AUTH = `Basic ${btoa('test_simulator_key:')}`;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.UTC(2026, 10, 21, 9, 0, 0));
});
afterEach(() => {
  vi.useRealTimers();
});

async function ctl(sim: Simulator, method: string, route: string, body?: unknown) {
  const response = await sim.handle(
    new Request(`${ORIGIN}/__simulator/${route}`, {
      method,
      ...(body === undefined
        ? {}
        : {
            body: typeof body === 'string' ? body : JSON.stringify(body),
            headers: { 'Content-Type': 'application/json' },
          }),
    }),
  );
  return { status: response.status, body: await response.json() };
}

async function api(sim: Simulator, path: string, body: unknown) {
  const response = await sim.handle(
    new Request(`${ORIGIN}/api/v2/${path}`, {
      method: 'POST',
      headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

describe('/__simulator control API', () => {
  it('lists events, offers, fulfillments, grants and requests without auth', async () => {
    const sim = createSimulator();
    const offer = (
      await api(sim, 'personalized_offers', {
        customer_id: 'c',
        subscription_id: 's',
        custom: { ai_credits_used_percent: 95 },
      })
    ).body.personalized_offers[0];
    await api(sim, 'offer_events', { personalized_offer_id: offer.id, type: 'viewed' });
    const f = (
      await api(sim, 'offer_fulfillments', {
        personalized_offer_id: offer.id,
        option_id: 'claim_50_ai_credits',
      })
    ).body.offer_fulfillment;
    await api(sim, 'promotional_grants', {
      subscription_id: 's',
      unit_id: 'ai_credits',
      amount: '50',
      expires_at: Math.floor(Date.now() / 1000) + 3600,
    });

    expect((await ctl(sim, 'GET', 'offers')).body).toEqual(sim.inspect.offers());
    expect((await ctl(sim, 'GET', 'events')).body).toEqual([
      expect.objectContaining({ personalized_offer_id: offer.id, type: 'viewed' }),
    ]);
    expect((await ctl(sim, 'GET', 'fulfillments')).body).toEqual([f]);
    const grants = (await ctl(sim, 'GET', 'grants')).body;
    expect(grants).toEqual([
      expect.objectContaining({ subscription_id: 's', unit_id: 'ai_credits', amount: '50' }),
    ]);
    expect(grants[0].grant_blocks).toHaveLength(1);
    const requests = (await ctl(sim, 'GET', 'requests')).body;
    expect(requests.map((r: { path: string }) => r.path)).toEqual([
      '/api/v2/personalized_offers',
      '/api/v2/offer_events',
      '/api/v2/offer_fulfillments',
      '/api/v2/promotional_grants',
    ]);
    expect((await ctl(sim, 'GET', 'balances?subscription_id=s')).body).toEqual({
      ai_credits: '50',
    });
  });

  it('sets and clears faults', async () => {
    const sim = createSimulator();
    expect(
      (
        await ctl(sim, 'POST', 'faults', {
          endpoint: 'personalized_offers',
          fault: { status: 503, times: 1 },
        })
      ).status,
    ).toBe(200);
    expect((await api(sim, 'personalized_offers', { customer_id: 'c' })).status).toBe(503);
    expect((await api(sim, 'personalized_offers', { customer_id: 'c' })).status).toBe(200);
    await ctl(sim, 'POST', 'faults', { endpoint: 'personalized_offers', fault: { status: 500 } });
    await ctl(sim, 'POST', 'faults', { endpoint: 'offer_events', fault: { status: 500 } });
    const one = await sim.handle(
      new Request(`${ORIGIN}/__simulator/faults?endpoint=offer_events`, { method: 'DELETE' }),
    );
    expect(one.status).toBe(200);
    expect((await api(sim, 'offer_events', {})).status).toBe(400);
    expect((await api(sim, 'personalized_offers', { customer_id: 'c' })).status).toBe(500);
    expect((await ctl(sim, 'DELETE', 'faults')).status).toBe(200);
    expect((await api(sim, 'personalized_offers', { customer_id: 'c' })).status).toBe(200);
  });

  it('rejects bad control requests with 400', async () => {
    const sim = createSimulator();
    const cases: [string, string, unknown][] = [
      ['POST', 'faults', { endpoint: 'nope', fault: { status: 503 } }],
      ['POST', 'faults', { endpoint: 'offer_events', fault: { status: 'x' } }],
      ['POST', 'faults', { endpoint: 'offer_events', fault: { status: 99 } }],
      ['POST', 'faults', { endpoint: 'offer_events', fault: { dropConnection: 'yes' } }],
      ['POST', 'faults', '{not json'],
      ['POST', 'outcomes', { key: 'billing_update', outcome: 'maybe' }],
      ['POST', 'outcomes', { outcome: 'completed' }],
      ['POST', 'outcomes', { key: 'billing_update', outcome: 'failed', delayMs: -1 }],
      ['POST', 'clock', { advanceMs: -5 }],
      ['POST', 'clock', {}],
    ];
    for (const [method, route, body] of cases) {
      const res = await ctl(sim, method, route, body);
      expect(res.status, `${route} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect((await ctl(sim, 'GET', 'nothing')).status).toBe(404);
  });

  it('configures outcomes and advances the clock', async () => {
    const sim = createSimulator();
    await ctl(sim, 'POST', 'outcomes', {
      key: 'billing_update',
      outcome: 'failed',
      errorCode: 'billing_update_failed',
      delayMs: 10_000,
    });
    const offer = (
      await api(sim, 'personalized_offers', {
        customer_id: 'c',
        custom: { storage_used_percent: 90 },
      })
    ).body.personalized_offers[0];
    await api(sim, 'offer_fulfillments', {
      personalized_offer_id: offer.id,
      option_id: 'add_100gb_storage',
    });
    expect((await ctl(sim, 'GET', 'fulfillments')).body[0].status).toBe('in_progress');
    const advanced = await ctl(sim, 'POST', 'clock', { advanceMs: 10_000 });
    expect(advanced.body.now).toBe(Date.now() + 10_000);
    expect((await ctl(sim, 'GET', 'fulfillments')).body[0]).toMatchObject({
      status: 'failed',
      error: { code: 'billing_update_failed' },
    });
    expect((await ctl(sim, 'GET', 'clock')).body.now).toBe(Date.now() + 10_000);
  });

  it('resets everything', async () => {
    const sim = createSimulator();
    await api(sim, 'personalized_offers', {
      customer_id: 'c',
      custom: { storage_used_percent: 90 },
    });
    await ctl(sim, 'POST', 'clock', { advanceMs: 1000 });
    expect((await ctl(sim, 'POST', 'reset')).status).toBe(200);
    expect((await ctl(sim, 'GET', 'offers')).body).toEqual([]);
    expect((await ctl(sim, 'GET', 'requests')).body).toEqual([]);
    expect(sim.clock.now()).toBe(Date.now());
  });
});
