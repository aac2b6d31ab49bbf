// The simulator in a real browser: MSW's setupWorker with sim.handlers, as Storybook runs it.
import { setupWorker } from 'msw/browser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator } from './index';

const sim = createSimulator({ site: 'browser-test' });
const worker = setupWorker(...sim.handlers);
const AUTH = `Basic ${btoa('test_simulator_key:')}`;
const GROW = 'https://browser-test.grow.chargebee.com/api/v2';

beforeAll(async () => {
  await worker.start({ quiet: true, onUnhandledFrame: 'bypass' });
});
afterAll(async () => {
  await worker.stop();
});
beforeEach(() => {
  sim.reset();
});

async function post(path: string, body: unknown) {
  return fetch(`${GROW}/${path}`, {
    method: 'POST',
    headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('simulator in the browser (setupWorker)', () => {
  it('issues offers and runs a billing_update fulfillment on the simulated clock', async () => {
    const offers = await (
      await post('personalized_offers', {
        customer_id: 'c',
        subscription_id: 's',
        custom: { storage_used_percent: 88 },
      })
    ).json();
    const offer = offers.personalized_offers[0];
    expect(offer.id).toMatch(/^storage_upsell_[0-9a-f]{8}$/);
    expect(
      (await post('offer_events', { personalized_offer_id: offer.id, type: 'viewed' })).status,
    ).toBe(204);
    const created = await post('offer_fulfillments', {
      personalized_offer_id: offer.id,
      option_id: 'add_100gb_storage',
    });
    expect(created.status).toBe(202);
    const { offer_fulfillment: f } = await created.json();
    sim.clock.advance(1500);
    const read = await fetch(`${GROW}/offer_fulfillments/${f.id}`, {
      headers: { Authorization: AUTH },
    });
    expect((await read.json()).offer_fulfillment.status).toBe('completed');
    expect(sim.inspect.events()).toHaveLength(1);
  });

  it('answers Chargebee-shaped errors and faults', async () => {
    const unauth = await fetch(`${GROW}/personalized_offers`, { method: 'POST', body: '{}' });
    expect(unauth.status).toBe(401);
    expect((await unauth.json()).api_error_code).toBe('api_authentication_failed');
    sim.faults.set('personalized_offers', { status: 503, times: 1 });
    expect((await post('personalized_offers', { customer_id: 'c' })).status).toBe(503);
    sim.faults.set('personalized_offers', { dropConnection: true, times: 1 });
    await expect(post('personalized_offers', { customer_id: 'c' })).rejects.toThrow(TypeError);
  });

  it('serves promotional grants with balances', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const response = await fetch('https://browser-test.chargebee.com/api/v2/promotional_grants', {
      method: 'POST',
      headers: {
        Authorization: AUTH,
        'Content-Type': 'application/json',
        'chargebee-idempotency-key': 'k1',
      },
      body: JSON.stringify({
        subscription_id: 's',
        unit_id: 'ai_credits',
        amount: '50',
        expires_at: expiresAt,
      }),
    });
    expect(response.status).toBe(200);
    expect(sim.balances('s', 'ai_credits')).toBe('50');
  });
});
