import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSimulator } from './create-simulator';
import { defaultScenario } from './default-scenario';
import type { Simulator } from './simulator';

const GROW = 'https://upsell-kit-test.grow.chargebee.com';
const authFor = (key: string) => `Basic ${btoa(`${key}:`)}`;
const AUTH = authFor('test_simulator_key');

function post(
  sim: Simulator,
  path: string,
  body: unknown,
  headers: Record<string, string> = { Authorization: AUTH },
) {
  return sim.handle(
    new Request(`${GROW}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json;charset=UTF-8', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

const storageRequest = {
  customer_id: 'c',
  subscription_id: 's',
  custom: { storage_used_percent: 90 },
};

afterEach(() => {
  vi.useRealTimers();
});

describe('authentication', () => {
  it.each([
    ['no Authorization header', {}],
    ['a wrong key', { Authorization: authFor('live_wrong') }],
    ['a Bearer token', { Authorization: 'Bearer test_simulator_key' }],
    ['garbage base64', { Authorization: 'Basic ###' }],
  ])('answers 401 api_authentication_failed for %s', async (_name, headers) => {
    const sim = createSimulator();
    const response = await post(sim, '/api/v2/personalized_offers', storageRequest, headers);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      message: expect.any(String),
      api_error_code: 'api_authentication_failed',
      http_status_code: 401,
    });
    expect(sim.inspect.offers()).toEqual([]);
  });

  it('checks auth on every /api/v2 endpoint', async () => {
    const sim = createSimulator();
    const paths: [string, string][] = [
      ['POST', '/api/v2/personalized_offers'],
      ['POST', '/api/v2/offer_events'],
      ['POST', '/api/v2/offer_fulfillments'],
      ['GET', '/api/v2/offer_fulfillments/abc'],
      ['POST', '/api/v2/offer_fulfillments/abc'],
      ['POST', '/api/v2/promotional_grants'],
      ['GET', '/api/v2/grant_blocks?subscription_id[is]=s'],
      ['GET', '/api/v2/unknown'],
    ];
    for (const [method, path] of paths) {
      const response = await sim.handle(
        new Request(`${GROW}${path}`, { method, ...(method === 'POST' ? { body: '{}' } : {}) }),
      );
      expect(response.status, `${method} ${path}`).toBe(401);
    }
  });

  it('uses the configured key and ignores the password', async () => {
    const sim = createSimulator({ apiKey: 'test_custom' });
    expect((await post(sim, '/api/v2/personalized_offers', storageRequest)).status).toBe(401);
    const ok = await post(sim, '/api/v2/personalized_offers', storageRequest, {
      Authorization: `Basic ${btoa('test_custom:whatever')}`,
    });
    expect(ok.status).toBe(200);
  });
});

describe('routing and malformed requests', () => {
  it('404s unknown resources and 405s wrong methods, Chargebee-shaped', async () => {
    const sim = createSimulator();
    const unknown = await sim.handle(
      new Request(`${GROW}/api/v2/subscriptions`, { headers: { Authorization: AUTH } }),
    );
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      api_error_code: 'resource_not_found',
      http_status_code: 404,
    });
    const wrong = await sim.handle(
      new Request(`${GROW}/api/v2/personalized_offers`, { headers: { Authorization: AUTH } }),
    );
    expect(wrong.status).toBe(405);
    expect(await wrong.json()).toMatchObject({
      api_error_code: 'http_method_not_supported',
      http_status_code: 405,
    });
  });

  it('answers 400 invalid_request for malformed JSON and non-object bodies, never 500', async () => {
    const sim = createSimulator();
    for (const body of ['{"customer_id":', '[]', '42']) {
      const response = await post(sim, '/api/v2/personalized_offers', body);
      expect(response.status, body).toBe(400);
      expect(await response.json()).toMatchObject({
        api_error_code: 'invalid_request',
        http_status_code: 400,
      });
    }
  });
});

describe('fault injection', () => {
  it('answers a status with its Chargebee-shaped error, for that endpoint only', async () => {
    const sim = createSimulator();
    sim.faults.set('personalized_offers', { status: 503 });
    const response = await post(sim, '/api/v2/personalized_offers', storageRequest);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      api_error_code: 'internal_temporary_error',
      http_status_code: 503,
    });
    const grant = await post(sim, '/api/v2/promotional_grants', {});
    expect(grant.status).toBe(400); // not faulted
    // until cleared
    expect((await post(sim, '/api/v2/personalized_offers', storageRequest)).status).toBe(503);
    sim.faults.clear('personalized_offers');
    expect((await post(sim, '/api/v2/personalized_offers', storageRequest)).status).toBe(200);
  });

  it('maps 500 to internal_error and 429 to api_request_limit_exceeded with Retry-After', async () => {
    const sim = createSimulator();
    sim.faults.set('offer_events', { status: 500 });
    const e500 = await post(sim, '/api/v2/offer_events', {});
    expect(await e500.json()).toMatchObject({
      api_error_code: 'internal_error',
      http_status_code: 500,
    });
    sim.faults.set('offer_events', { status: 429, retryAfter: 7 });
    const e429 = await post(sim, '/api/v2/offer_events', {});
    expect(e429.status).toBe(429);
    expect(e429.headers.get('retry-after')).toBe('7');
    expect(await e429.json()).toMatchObject({
      api_error_code: 'api_request_limit_exceeded',
      http_status_code: 429,
    });
    sim.faults.set('offer_events', { retryAfter: 3 });
    const implied = await post(sim, '/api/v2/offer_events', {});
    expect(implied.status).toBe(429);
    expect(implied.headers.get('retry-after')).toBe('3');
  });

  it('applies `times` and then clears itself', async () => {
    const sim = createSimulator();
    sim.faults.set('personalized_offers', { status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await post(sim, '/api/v2/personalized_offers', storageRequest)).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('answers a custom body', async () => {
    const sim = createSimulator();
    sim.faults.set('offer_fulfillments.create', {
      status: 409,
      body: { message: 'custom', api_error_code: 'lock_timeout', http_status_code: 409 },
    });
    const response = await post(sim, '/api/v2/offer_fulfillments', {});
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      message: 'custom',
      api_error_code: 'lock_timeout',
      http_status_code: 409,
    });
  });

  it('answers 200 with a non-JSON body for malformedBody', async () => {
    const sim = createSimulator();
    sim.faults.set('personalized_offers', { malformedBody: true });
    const response = await post(sim, '/api/v2/personalized_offers', storageRequest);
    expect(response.status).toBe(200);
    await expect(response.clone().json()).rejects.toThrow();
    expect(await response.text()).toContain('<html>');
  });

  it('resolves Response.error() for dropConnection', async () => {
    const sim = createSimulator();
    sim.faults.set('offer_fulfillments.retrieve', { dropConnection: true });
    const response = await sim.handle(
      new Request(`${GROW}/api/v2/offer_fulfillments/x`, { headers: { Authorization: AUTH } }),
    );
    expect(response.type).toBe('error');
  });

  it('delays by latencyMs and then answers normally', async () => {
    vi.useFakeTimers();
    const sim = createSimulator();
    sim.faults.set('personalized_offers', { latencyMs: 5000 });
    let settled = false;
    const pending = post(sim, '/api/v2/personalized_offers', storageRequest).then((r) => {
      settled = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(4999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const response = await pending;
    expect(response.status).toBe(200);
    expect((await response.json()).personalized_offers).toHaveLength(1);
  });

  it('clears every fault at once', async () => {
    const sim = createSimulator();
    sim.faults.set('personalized_offers', { status: 503 });
    sim.faults.set('promotional_grants', { status: 503 });
    sim.faults.clear();
    expect((await post(sim, '/api/v2/personalized_offers', storageRequest)).status).toBe(200);
    expect((await post(sim, '/api/v2/promotional_grants', {})).status).toBe(400);
  });
});

describe('inspection and reset', () => {
  it('records raw requests with the Authorization header redacted', async () => {
    const sim = createSimulator();
    await post(sim, '/api/v2/personalized_offers', storageRequest);
    await sim.handle(
      new Request(`${GROW}/api/v2/grant_blocks?subscription_id%5Bis%5D=s&limit=5`, {
        headers: { Authorization: AUTH },
      }),
    );
    const [first, second] = sim.inspect.requests();
    expect(first).toMatchObject({
      method: 'POST',
      path: '/api/v2/personalized_offers',
      query: {},
      body: storageRequest,
      at: expect.any(Number),
    });
    expect(first?.headers.authorization).toBe('REDACTED');
    expect(JSON.stringify(sim.inspect.requests())).not.toContain(btoa('test_simulator_key:'));
    expect(second).toMatchObject({
      method: 'GET',
      query: { 'subscription_id[is]': 's', limit: '5' },
      body: null,
    });
  });

  it('returns copies, so callers cannot change the simulator state', async () => {
    const sim = createSimulator();
    await post(sim, '/api/v2/personalized_offers', storageRequest);
    const offers = sim.inspect.offers();
    offers.length = 0;
    expect(sim.inspect.offers()).toHaveLength(1);
  });

  it('reset() clears state, faults, outcomes and the clock offset but keeps the options', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const sim = createSimulator({ apiKey: 'test_kept' });
    const auth = { Authorization: authFor('test_kept') };
    const offers = await (
      await post(sim, '/api/v2/personalized_offers', storageRequest, auth)
    ).json();
    const id = offers.personalized_offers[0].id;
    await post(sim, '/api/v2/offer_events', { personalized_offer_id: id, type: 'dismissed' }, auth);
    sim.faults.set('promotional_grants', { status: 503 });
    sim.fulfillmentOutcome('billing_update', { outcome: 'failed', delayMs: 0 });
    sim.clock.advance(10 * 24 * 3600 * 1000);

    sim.reset();
    expect(sim.inspect.events()).toEqual([]);
    expect(sim.inspect.offers()).toEqual([]);
    expect(sim.inspect.requests()).toEqual([]);
    expect(sim.clock.now()).toBe(Date.now());
    // the cool-down is gone, the old personalized offer is unknown, the fault is cleared
    const again = await (
      await post(sim, '/api/v2/personalized_offers', storageRequest, auth)
    ).json();
    expect(again.personalized_offers).toHaveLength(1);
    expect(
      (await post(sim, '/api/v2/offer_events', { personalized_offer_id: id, type: 'viewed' }, auth))
        .status,
    ).toBe(404);
    expect((await post(sim, '/api/v2/promotional_grants', {}, auth)).status).toBe(400);
    const created = await (
      await post(
        sim,
        '/api/v2/offer_fulfillments',
        { personalized_offer_id: again.personalized_offers[0].id, option_id: 'add_100gb_storage' },
        auth,
      )
    ).json();
    expect(created.offer_fulfillment.status).toBe('in_progress'); // default outcome again
    expect(sim.options.apiKey).toBe('test_kept');
  });

  it('exposes the effective options', () => {
    const sim = createSimulator();
    expect(sim.options).toMatchObject({
      apiKey: 'test_simulator_key',
      site: 'upsell-kit-test',
      scenario: defaultScenario,
      publicUrl: 'https://upsell-kit-test.chargebee.com',
    });
  });
});

describe('clock', () => {
  it('advances and sets the simulated time', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const sim = createSimulator();
    const before = sim.clock.now();
    expect(before).toBe(Date.now());
    sim.clock.advance(60_000);
    expect(sim.clock.now()).toBe(before + 60_000);
    sim.clock.set(Date.UTC(2030, 0, 1));
    expect(sim.clock.now()).toBe(Date.UTC(2030, 0, 1));
    expect(() => sim.clock.advance(-1)).toThrow(RangeError);
  });
});

describe('scenario checks', () => {
  it.each([
    [
      'unknown audience',
      { plays: [{ id: 'p', audience: 'nope', offer: 'storage_upsell', priority: 1 }] },
      /unknown audience "nope"/,
    ],
    [
      'unknown offer',
      { plays: [{ id: 'p', audience: 'storage_heavy', offer: 'nope', priority: 1 }] },
      /unknown offer "nope"/,
    ],
    [
      'bad operator',
      { audiences: [{ id: 'a', rule: { field: 'x', operator: '~', value: 1 } }] },
      /operator must be one of/,
    ],
    [
      'duplicate offer',
      { offers: [...defaultScenario.offers, defaultScenario.offers[0]] },
      /duplicate offer id "storage_upsell"/,
    ],
  ])('rejects a scenario with %s', (_name, over, message) => {
    expect(() =>
      createSimulator({ scenario: { ...defaultScenario, ...(over as object) } }),
    ).toThrow(message);
  });
});
