import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSimulator } from '../create-simulator';
import { defaultScenario } from '../default-scenario';
import type { Scenario } from '../scenario';
import type { Simulator } from '../simulator';
import { AUTH, GROW, callGrowth as call } from '../test-support/call-growth';

const offersFor = (sim: Simulator, params: Record<string, unknown>) =>
  call(sim, 'POST', 'personalized_offers', params);

// Freeze real time so that only clock.advance() moves the simulator's clock (no timing races).
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.UTC(2026, 10, 21, 9, 0, 0));
});
afterEach(() => {
  vi.useRealTimers();
});

const storage = {
  customer_id: 'cust_1',
  subscription_id: 'sub_1',
  custom: { storage_used_percent: 85 },
};

describe('POST /personalized_offers', () => {
  it('returns the storage upsell for storage_used_percent >= 80, in Chargebee shape', async () => {
    const sim = createSimulator();
    const { status, body } = await offersFor(sim, storage);
    expect(status).toBe(200);
    expect(body.personalized_offers).toHaveLength(1);
    const [offer] = body.personalized_offers;
    expect(offer.id).toMatch(/^storage_upsell_[0-9a-f]{8}$/);
    expect(offer.offer_id).toBe('storage_upsell');
    expect(offer.content.title).toBe('<div class="slate-p">Running out of storage?</div>');
    expect(offer.options).toEqual([
      {
        id: 'add_100gb_storage',
        label: 'Add 100 GB storage',
        processing_type: 'billing_update',
        processing_layout: 'in_app',
      },
    ]);
    expect(body.brand).toEqual({ id: 'upsell-kit-test', name: 'Upsell Kit Test' });
  });

  it('returns an empty list when no play matches', async () => {
    const sim = createSimulator();
    const { status, body } = await offersFor(sim, {
      customer_id: 'c',
      custom: { storage_used_percent: 79 },
    });
    expect(status).toBe(200);
    expect(body.personalized_offers).toEqual([]);
    expect(typeof body.expires_at).toBe('number');
  });

  it('issues fresh personalized ids on every response and expires_at = now + 30 min', async () => {
    const sim = createSimulator();
    sim.clock.set(Date.UTC(2026, 10, 21, 12, 0, 0));
    const a = await offersFor(sim, storage);
    const b = await offersFor(sim, storage);
    expect(a.body.personalized_offers[0].id).not.toBe(b.body.personalized_offers[0].id);
    expect(a.body.expires_at).toBe(Date.UTC(2026, 10, 21, 12, 30, 0) / 1000);
    expect(sim.inspect.offers().map((o) => o.id)).toEqual([
      a.body.personalized_offers[0].id,
      b.body.personalized_offers[0].id,
    ]);
  });

  it('honours offerTtlSeconds and a custom brand', async () => {
    const sim = createSimulator({
      scenario: { ...defaultScenario, offerTtlSeconds: 60, brand: { id: 'b', name: 'Acme' } },
    });
    sim.clock.set(1_000_000_000_000);
    const { body } = await offersFor(sim, storage);
    expect(body.expires_at).toBe(1_000_000_060);
    expect(body.brand).toEqual({ id: 'b', name: 'Acme' });
  });

  it('lets the highest-priority matching play win', async () => {
    const sim = createSimulator();
    const all = {
      customer_id: 'c',
      subscription_id: 's',
      custom: { storage_used_percent: 99, ai_credits_used_percent: 99, seats_used_percent: 99 },
    };
    expect((await offersFor(sim, all)).body.personalized_offers[0].offer_id).toBe('plan_upgrade');
    const two = { ...all, custom: { storage_used_percent: 99, ai_credits_used_percent: 99 } };
    expect((await offersFor(sim, two)).body.personalized_offers[0].offer_id).toBe('storage_upsell');
  });

  it('breaks priority ties by play order', async () => {
    const scenario: Scenario = {
      ...defaultScenario,
      plays: defaultScenario.plays.map((p) => ({ ...p, priority: 1 })),
    };
    const sim = createSimulator({ scenario });
    const { body } = await offersFor(sim, {
      customer_id: 'c',
      custom: { storage_used_percent: 99, seats_used_percent: 99 },
    });
    expect(body.personalized_offers[0].offer_id).toBe('plan_upgrade');
  });

  it('evaluates audiences on roles, identity fields and nested all / any', async () => {
    const scenario: Scenario = {
      customFields: [{ id: 'seats', type: 'number' }],
      audiences: [
        {
          id: 'admins_or_vip',
          rule: {
            all: [
              { field: 'custom.seats', operator: '>', value: 5 },
              {
                any: [
                  { field: 'roles', operator: 'in', value: ['admin', 'owner'] },
                  { field: 'email', operator: '=', value: 'vip@example.com' },
                ],
              },
            ],
          },
        },
      ],
      offers: [
        {
          id: 'o',
          title: 't',
          description: 'd',
          options: [{ id: 'x', label: 'X', processingType: 'email' }],
        },
      ],
      plays: [{ id: 'p', audience: 'admins_or_vip', offer: 'o', priority: 1 }],
    };
    const sim = createSimulator({ scenario });
    const count = async (params: Record<string, unknown>) =>
      (await offersFor(sim, params)).body.personalized_offers.length;
    expect(await count({ customer_id: 'c', roles: ['owner'], custom: { seats: 6 } })).toBe(1);
    expect(await count({ customer_id: 'c', email: 'vip@example.com', custom: { seats: 6 } })).toBe(
      1,
    );
    expect(await count({ customer_id: 'c', roles: ['member'], custom: { seats: 6 } })).toBe(0);
    expect(await count({ customer_id: 'c', roles: ['admin'], custom: { seats: 5 } })).toBe(0);
  });

  it('omits processing_layout and redirect_url when the option has none, and returns them when it has', async () => {
    const scenario: Scenario = {
      customFields: [],
      audiences: [
        { id: 'everyone', rule: { all: [{ field: 'customer_id', operator: '!=', value: '' }] } },
      ],
      offers: [
        {
          id: 'o',
          title: 't',
          description: 'd',
          options: [
            { id: 'plain', label: 'Plain', processingType: 'email' },
            {
              id: 'go',
              label: 'Go',
              processingType: 'url_redirect',
              processingLayout: 'full_page',
              redirectUrl: 'https://shop.example/x',
            },
          ],
        },
      ],
      plays: [{ id: 'p', audience: 'everyone', offer: 'o', priority: 1 }],
    };
    const sim = createSimulator({ scenario });
    const { body } = await offersFor(sim, { customer_id: 'c' });
    expect(body.personalized_offers[0].options).toEqual([
      { id: 'plain', label: 'Plain', processing_type: 'email' },
      {
        id: 'go',
        label: 'Go',
        processing_type: 'url_redirect',
        processing_layout: 'full_page',
        redirect_url: 'https://shop.example/x',
      },
    ]);
  });

  const long = (n: number) => 'x'.repeat(n);
  it.each([
    ['customer_id', {}, 'cannot be blank'],
    ['customer_id', { customer_id: long(51) }, 'cannot be more than 50 characters.'],
    ['subscription_id', { customer_id: 'c', subscription_id: long(51) }, '50'],
    ['first_name', { customer_id: 'c', first_name: long(151) }, '150'],
    ['last_name', { customer_id: 'c', last_name: long(151) }, '150'],
    ['email', { customer_id: 'c', email: `${long(59)}@example.com` }, '70'],
    ['email', { customer_id: 'c', email: 'not-an-address' }, 'invalid email'],
    ['email', { customer_id: 'c', email: 'a b@example.com' }, 'invalid email'],
    ['email', { customer_id: 'c', email: 'a@localhost' }, 'invalid email'],
    ['external_user_id', { customer_id: 'c', external_user_id: long(51) }, '50'],
    ['roles', { customer_id: 'c', roles: 'admin' }, 'list'],
    ['roles[1]', { customer_id: 'c', roles: ['a', long(51)] }, '50'],
    ['roles[0]', { customer_id: 'c', roles: [3] }, 'string'],
    ['custom', { customer_id: 'c', custom: [1] }, 'object'],
    ['request_context', { customer_id: 'c', request_context: 'x' }, 'object'],
    [
      'request_context[user_agent]',
      { customer_id: 'c', request_context: { user_agent: long(256) } },
      '255',
    ],
    ['request_context[locale]', { customer_id: 'c', request_context: { locale: long(51) } }, '50'],
    [
      'request_context[timezone]',
      { customer_id: 'c', request_context: { timezone: long(65) } },
      '64',
    ],
    ['request_context[url]', { customer_id: 'c', request_context: { url: long(251) } }, '250'],
    [
      'request_context[referrer_url]',
      { customer_id: 'c', request_context: { referrer_url: long(251) } },
      '250',
    ],
  ])('rejects a bad %s with 400 param_wrong_value', async (param, params, wording) => {
    const sim = createSimulator();
    const { status, body } = await offersFor(sim, params);
    expect(status).toBe(400);
    expect(body).toMatchObject({
      api_error_code: 'param_wrong_value',
      type: 'invalid_request',
      param,
      http_status_code: 400,
    });
    expect(body.message).toContain(param);
    expect(body.message).toContain(wording);
  });

  it('accepts values exactly at the limits', async () => {
    const sim = createSimulator();
    const { status } = await offersFor(sim, {
      customer_id: long(50),
      subscription_id: long(50),
      first_name: long(150),
      last_name: long(150),
      email: `${long(58)}@example.com`,
      external_user_id: long(50),
      roles: [long(50)],
      request_context: {
        user_agent: long(255),
        locale: long(50),
        timezone: long(64),
        url: long(250),
        referrer_url: long(250),
      },
    });
    expect(status).toBe(200);
  });

  it('accepts form-encoded bodies too (custom as a JSON string, as the SDK encodes JSON keys)', async () => {
    const sim = createSimulator();
    const response = await sim.handle(
      new Request(`${GROW}/personalized_offers`, {
        method: 'POST',
        headers: {
          Authorization: AUTH,
          'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
        },
        body: new URLSearchParams({
          customer_id: 'c',
          'roles[0]': 'admin',
          custom: '{"storage_used_percent":90}',
        }),
      }),
    );
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body.personalized_offers[0].offer_id).toBe('storage_upsell');
  });
});

describe('POST /offer_events', () => {
  it('records viewed and dismissed events (204, empty) for issued offers', async () => {
    const sim = createSimulator();
    const id = (await offersFor(sim, storage)).body.personalized_offers[0].id;
    const viewed = await call(sim, 'POST', 'offer_events', {
      personalized_offer_id: id,
      type: 'viewed',
    });
    expect(viewed.status).toBe(204);
    expect(viewed.body).toBeNull();
    expect(sim.inspect.events()).toEqual([
      {
        personalized_offer_id: id,
        type: 'viewed',
        customer_id: 'cust_1',
        subscription_id: 'sub_1',
        at: expect.any(Number),
      },
    ]);
  });

  it('404s for a personalized offer the simulator never issued', async () => {
    const sim = createSimulator();
    const { status, body } = await call(sim, 'POST', 'offer_events', {
      personalized_offer_id: 'storage_upsell_deadbeef',
      type: 'viewed',
    });
    expect(status).toBe(404);
    expect(body).toMatchObject({ api_error_code: 'resource_not_found', http_status_code: 404 });
  });

  it.each([
    ['type', { type: 'accepted' }],
    ['type', { type: undefined }],
    ['personalized_offer_id', { personalized_offer_id: '' }],
  ])('rejects a bad %s', async (param, over) => {
    const sim = createSimulator();
    const id = (await offersFor(sim, storage)).body.personalized_offers[0].id;
    const { status, body } = await call(sim, 'POST', 'offer_events', {
      personalized_offer_id: id,
      type: 'viewed',
      ...over,
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ api_error_code: 'param_wrong_value', param });
  });

  it('cools a dismissed play down for that subscription only, until the clock passes the cool-down', async () => {
    const sim = createSimulator();
    const id = (await offersFor(sim, storage)).body.personalized_offers[0].id;
    await call(sim, 'POST', 'offer_events', { personalized_offer_id: id, type: 'dismissed' });
    expect((await offersFor(sim, storage)).body.personalized_offers).toEqual([]);
    // another subscription still sees it
    expect(
      (await offersFor(sim, { ...storage, subscription_id: 'sub_2' })).body.personalized_offers,
    ).toHaveLength(1);
    sim.clock.advance(24 * 3600 * 1000 - 1000);
    expect((await offersFor(sim, storage)).body.personalized_offers).toEqual([]);
    sim.clock.advance(1000);
    expect((await offersFor(sim, storage)).body.personalized_offers).toHaveLength(1);
  });

  it('falls through to the next eligible play while the winner cools down', async () => {
    const sim = createSimulator();
    const both = { ...storage, custom: { storage_used_percent: 90, ai_credits_used_percent: 95 } };
    const first = (await offersFor(sim, both)).body.personalized_offers[0];
    expect(first.offer_id).toBe('storage_upsell');
    await call(sim, 'POST', 'offer_events', { personalized_offer_id: first.id, type: 'dismissed' });
    expect((await offersFor(sim, both)).body.personalized_offers[0].offer_id).toBe(
      'ai_credits_reward',
    );
  });

  it('does not cool down on viewed events', async () => {
    const sim = createSimulator();
    const id = (await offersFor(sim, storage)).body.personalized_offers[0].id;
    await call(sim, 'POST', 'offer_events', { personalized_offer_id: id, type: 'viewed' });
    expect((await offersFor(sim, storage)).body.personalized_offers).toHaveLength(1);
  });
});

describe('offer fulfillments', () => {
  async function accept(sim: Simulator, params: Record<string, unknown> = storage) {
    const offer = (await offersFor(sim, params)).body.personalized_offers[0];
    const created = await call(sim, 'POST', 'offer_fulfillments', {
      personalized_offer_id: offer.id,
      option_id: offer.options[0].id,
    });
    return { offer, created };
  }

  it('creates a billing_update fulfillment (202, in_progress) that completes after the default 1500 ms', async () => {
    const sim = createSimulator();
    sim.clock.set(Date.UTC(2026, 10, 21, 12, 0, 0));
    const { offer, created } = await accept(sim);
    expect(created.status).toBe(202);
    expect(created.body.hosted_page).toBeUndefined();
    const f = created.body.offer_fulfillment;
    expect(f).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}$/),
      personalized_offer_id: offer.id,
      option_id: 'add_100gb_storage',
      processing_type: 'billing_update',
      status: 'in_progress',
      created_at: Date.UTC(2026, 10, 21, 12, 0, 0) / 1000,
    });
    sim.clock.advance(1499);
    expect(
      (await call(sim, 'GET', `offer_fulfillments/${f.id}`)).body.offer_fulfillment.status,
    ).toBe('in_progress');
    sim.clock.advance(1);
    const done = (await call(sim, 'GET', `offer_fulfillments/${f.id}`)).body.offer_fulfillment;
    expect(done.status).toBe('completed');
    expect(done.completed_at).toBe(f.created_at + 1);
  });

  it('fails billing_update with the chosen error code and delay', async () => {
    const sim = createSimulator();
    sim.fulfillmentOutcome('billing_update', {
      outcome: 'failed',
      errorCode: 'internal_error',
      delayMs: 5000,
    });
    const { created } = await accept(sim);
    const id = created.body.offer_fulfillment.id;
    sim.clock.advance(4999);
    expect((await call(sim, 'GET', `offer_fulfillments/${id}`)).body.offer_fulfillment.status).toBe(
      'in_progress',
    );
    sim.clock.advance(1);
    const failed = (await call(sim, 'GET', `offer_fulfillments/${id}`)).body.offer_fulfillment;
    expect(failed).toMatchObject({
      status: 'failed',
      error: { code: 'internal_error', message: expect.any(String) },
    });
    expect(failed.failed_at).toEqual(expect.any(Number));
  });

  it('prefers an outcome set for the option id over the processing type', async () => {
    const sim = createSimulator();
    sim.fulfillmentOutcome('billing_update', { outcome: 'failed' });
    sim.fulfillmentOutcome('add_100gb_storage', { outcome: 'completed', delayMs: 0 });
    const { created } = await accept(sim);
    expect(created.body.offer_fulfillment.status).toBe('completed');
  });

  it('defaults a failed billing_update to billing_update_failed', async () => {
    const sim = createSimulator();
    sim.fulfillmentOutcome('billing_update', { outcome: 'failed', delayMs: 0 });
    const { created } = await accept(sim);
    expect(created.body.offer_fulfillment.error.code).toBe('billing_update_failed');
  });

  it('refuses a second fulfillment for the same personalized offer with 409 invalid_state_for_request', async () => {
    const sim = createSimulator();
    const { offer } = await accept(sim);
    const again = await call(sim, 'POST', 'offer_fulfillments', {
      personalized_offer_id: offer.id,
      option_id: 'add_100gb_storage',
    });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      message:
        'Fulfillment is already in progress/completed. Retrieve the fulfillment to know the latest status.',
      type: 'invalid_request',
      api_error_code: 'invalid_state_for_request',
      http_status_code: 409,
    });
  });

  it('creates exactly one fulfillment when creates for one personalized offer race', async () => {
    const sim = createSimulator();
    const offer = (await offersFor(sim, storage)).body.personalized_offers[0];
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(sim, 'POST', 'offer_fulfillments', {
          personalized_offer_id: offer.id,
          option_id: 'add_100gb_storage',
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([202, 409, 409, 409, 409]);
    expect(sim.inspect.fulfillments()).toHaveLength(1);
  });

  it('refuses a second fulfillment of the same base offer through another personalized offer for the same subscription', async () => {
    const sim = createSimulator();
    // user A and user B of one subscription both get the offer before anyone accepts
    const a = (await offersFor(sim, { ...storage, external_user_id: 'user_a' })).body
      .personalized_offers[0];
    const b = (
      await offersFor(sim, { ...storage, customer_id: 'cust_1', external_user_id: 'user_b' })
    ).body.personalized_offers[0];
    expect(a.id).not.toBe(b.id);
    expect(
      (
        await call(sim, 'POST', 'offer_fulfillments', {
          personalized_offer_id: a.id,
          option_id: 'add_100gb_storage',
        })
      ).status,
    ).toBe(202);
    const second = await call(sim, 'POST', 'offer_fulfillments', {
      personalized_offer_id: b.id,
      option_id: 'add_100gb_storage',
    });
    expect(second.status).toBe(409);
    expect(second.body.api_error_code).toBe('invalid_state_for_request');
    // a different subscription is not affected
    expect((await accept(sim, { ...storage, subscription_id: 'sub_2' })).created.status).toBe(202);
  });

  it('no longer returns an accepted offer to that subscription (but does after a failed fulfillment)', async () => {
    const sim = createSimulator();
    await accept(sim);
    expect((await offersFor(sim, storage)).body.personalized_offers).toEqual([]);
    expect(
      (await offersFor(sim, { ...storage, subscription_id: 'sub_2' })).body.personalized_offers,
    ).toHaveLength(1);

    const other = createSimulator();
    other.fulfillmentOutcome('billing_update', { outcome: 'failed', delayMs: 0 });
    await accept(other);
    expect((await offersFor(other, storage)).body.personalized_offers).toHaveLength(1);
  });

  it('returns a hosted checkout page for checkout options', async () => {
    const sim = createSimulator({ publicUrl: 'http://127.0.0.1:9999/' });
    const { created } = await accept(sim, { ...storage, custom: { seats_used_percent: 95 } });
    expect(created.status).toBe(202);
    expect(created.body.offer_fulfillment).toMatchObject({
      processing_type: 'checkout',
      status: 'in_progress',
    });
    expect(created.body.hosted_page).toMatchObject({
      id: expect.stringMatching(/^hp_/),
      type: 'checkout_existing',
      state: 'created',
      object: 'hosted_page',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:9999\/hosted_pages\/hp_[0-9a-f]+$/),
    });
  });

  it('builds hosted page URLs on https://{site}.chargebee.com when no publicUrl is known', async () => {
    const sim = createSimulator({ site: 'acme-test' });
    const { created } = await accept(sim, { ...storage, custom: { seats_used_percent: 95 } });
    expect(created.body.hosted_page.url).toMatch(
      /^https:\/\/acme-test\.chargebee\.com\/hosted_pages\/hp_/,
    );
  });

  it('keeps webhook fulfillments in_progress until the Update API is called', async () => {
    const sim = createSimulator();
    const { created } = await accept(sim, { ...storage, custom: { ai_credits_used_percent: 95 } });
    const id = created.body.offer_fulfillment.id;
    expect(created.body.offer_fulfillment.processing_type).toBe('webhook');
    sim.clock.advance(6 * 24 * 3600 * 1000);
    expect((await call(sim, 'GET', `offer_fulfillments/${id}`)).body.offer_fulfillment.status).toBe(
      'in_progress',
    );
    const updated = await call(sim, 'POST', `offer_fulfillments/${id}`, {
      id,
      status: 'completed',
    });
    expect(updated.status).toBe(200);
    expect(updated.body.offer_fulfillment).toMatchObject({
      id,
      status: 'completed',
      completed_at: expect.any(Number),
    });
    expect((await call(sim, 'GET', `offer_fulfillments/${id}`)).body.offer_fulfillment.status).toBe(
      'completed',
    );
  });

  it('fails a fulfillment through the Update API with the reason as the message', async () => {
    const sim = createSimulator();
    const { created } = await accept(sim, { ...storage, custom: { ai_credits_used_percent: 95 } });
    const id = created.body.offer_fulfillment.id;
    const updated = await call(sim, 'POST', `offer_fulfillments/${id}`, {
      id,
      status: 'failed',
      failure_reason: 'Quota service down',
    });
    expect(updated.body.offer_fulfillment).toMatchObject({
      status: 'failed',
      failed_at: expect.any(Number),
      error: { code: 'external_fulfillment_failed', message: 'Quota service down' },
    });
  });

  it('validates Update parameters', async () => {
    const sim = createSimulator();
    const { created } = await accept(sim, { ...storage, custom: { ai_credits_used_percent: 95 } });
    const id = created.body.offer_fulfillment.id;
    const cases: [Record<string, unknown>, string][] = [
      [{ id, status: 'done' }, 'status'],
      [{ id }, 'status'],
      [{ id, status: 'failed' }, 'failure_reason'],
      [{ id, status: 'failed', failure_reason: 'x'.repeat(101) }, 'failure_reason'],
      [{ id: 'other', status: 'completed' }, 'id'],
    ];
    for (const [params, param] of cases) {
      const res = await call(sim, 'POST', `offer_fulfillments/${id}`, params);
      expect(res.status, JSON.stringify(params)).toBe(400);
      expect(res.body).toMatchObject({ api_error_code: 'param_wrong_value', param });
    }
    const ok = await call(sim, 'POST', `offer_fulfillments/${id}`, {
      id,
      status: 'failed',
      failure_reason: 'x'.repeat(100),
    });
    expect(ok.status).toBe(200);
    const twice = await call(sim, 'POST', `offer_fulfillments/${id}`, { id, status: 'completed' });
    expect(twice.status).toBe(409);
    expect(twice.body.api_error_code).toBe('invalid_state_for_request');
  });

  it('refuses the Update API for billing_update and checkout fulfillments', async () => {
    const sim = createSimulator();
    for (const custom of [{ storage_used_percent: 90 }, { seats_used_percent: 95 }]) {
      const { created } = await accept(sim, { ...storage, custom });
      const id = created.body.offer_fulfillment.id;
      const res = await call(sim, 'POST', `offer_fulfillments/${id}`, { id, status: 'completed' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        api_error_code: 'invalid_request',
        type: 'invalid_request',
      });
    }
  });

  it('fails webhook fulfillments not updated within 7 days with external_fulfillment_failed', async () => {
    const sim = createSimulator();
    const { created } = await accept(sim, { ...storage, custom: { ai_credits_used_percent: 95 } });
    const f = created.body.offer_fulfillment;
    sim.clock.advance(7 * 24 * 3600 * 1000 - 1000);
    expect(
      (await call(sim, 'GET', `offer_fulfillments/${f.id}`)).body.offer_fulfillment.status,
    ).toBe('in_progress');
    sim.clock.advance(1000);
    const expired = (await call(sim, 'GET', `offer_fulfillments/${f.id}`)).body.offer_fulfillment;
    expect(expired).toMatchObject({
      status: 'failed',
      error: { code: 'external_fulfillment_failed' },
      failed_at: f.created_at + 7 * 24 * 3600,
    });
    const late = await call(sim, 'POST', `offer_fulfillments/${f.id}`, {
      id: f.id,
      status: 'completed',
    });
    expect(late.status).toBe(409);
  });

  it('returns url_redirect fulfillments with the option redirect_url', async () => {
    const scenario: Scenario = {
      customFields: [],
      audiences: [{ id: 'all', rule: { all: [] } }],
      offers: [
        {
          id: 'o',
          title: 't',
          description: 'd',
          options: [
            {
              id: 'go',
              label: 'Go',
              processingType: 'url_redirect',
              redirectUrl: 'https://shop.example/upgrade',
            },
          ],
        },
      ],
      plays: [{ id: 'p', audience: 'all', offer: 'o', priority: 1 }],
    };
    const sim = createSimulator({ scenario });
    const { created } = await accept(sim, { ...storage });
    expect(created.body.offer_fulfillment).toMatchObject({
      processing_type: 'url_redirect',
      redirect_url: 'https://shop.example/upgrade',
      status: 'in_progress',
    });
  });

  it('validates create parameters and 404s unknown personalized offers and fulfillments', async () => {
    const sim = createSimulator();
    const offer = (await offersFor(sim, storage)).body.personalized_offers[0];
    const missing = await call(sim, 'POST', 'offer_fulfillments', { option_id: 'x' });
    expect(missing.body).toMatchObject({ http_status_code: 400, param: 'personalized_offer_id' });
    const noOption = await call(sim, 'POST', 'offer_fulfillments', {
      personalized_offer_id: offer.id,
    });
    expect(noOption.body).toMatchObject({ http_status_code: 400, param: 'option_id' });
    const wrongOption = await call(sim, 'POST', 'offer_fulfillments', {
      personalized_offer_id: offer.id,
      option_id: 'nope',
    });
    expect(wrongOption.body).toMatchObject({
      http_status_code: 400,
      param: 'option_id',
      api_error_code: 'param_wrong_value',
    });
    const unknown = await call(sim, 'POST', 'offer_fulfillments', {
      personalized_offer_id: 'storage_upsell_00000000',
      option_id: 'add_100gb_storage',
    });
    expect(unknown.status).toBe(404);
    expect((await call(sim, 'GET', 'offer_fulfillments/nope')).body).toMatchObject({
      http_status_code: 404,
      api_error_code: 'resource_not_found',
    });
    expect(
      (await call(sim, 'POST', 'offer_fulfillments/nope', { status: 'completed' })).status,
    ).toBe(404);
    expect(sim.inspect.fulfillments()).toEqual([]);
  });
});
