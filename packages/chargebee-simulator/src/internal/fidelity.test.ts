import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSimulator } from '../create-simulator';
import { defaultScenario } from '../default-scenario';
import { callGrowth as call } from '../test-support/call-growth';

const storage = {
  customer_id: 'cust_1',
  subscription_id: 'sub_1',
  custom: { storage_used_percent: 85 },
};
const long = (n: number) => 'x'.repeat(n);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.UTC(2026, 10, 21, 9, 0, 0));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('id limits (Chargebee checks the length before looking the id up)', () => {
  it.each([
    ['offer_events', { personalized_offer_id: long(51), type: 'viewed' }, 'personalized_offer_id'],
    [
      'offer_fulfillments',
      { personalized_offer_id: long(51), option_id: 'a' },
      'personalized_offer_id',
    ],
    ['offer_fulfillments', { personalized_offer_id: 'p', option_id: long(51) }, 'option_id'],
  ])('POST %s with a 51-character %s is 400, not 404', async (path, body, param) => {
    const sim = createSimulator();
    const { status, body: error } = await call(sim, 'POST', path, body);
    expect(status).toBe(400);
    expect(error).toMatchObject({ api_error_code: 'param_wrong_value', param });
  });

  it('50 characters is a lookup (404), 51 a 400, for the fulfillment id in the URL', async () => {
    const sim = createSimulator();
    expect((await call(sim, 'GET', `offer_fulfillments/${long(50)}`)).status).toBe(404);
    const tooLong = await call(sim, 'GET', `offer_fulfillments/${long(51)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ param: 'offer_fulfillment_id' });
    const update = await call(sim, 'POST', `offer_fulfillments/${long(51)}`, {
      status: 'completed',
    });
    expect(update.status).toBe(400);
  });
});

describe('brand', () => {
  it('is omitted when the scenario has none (Chargebee types it optional)', async () => {
    const { brand: _brand, ...withoutBrand } = defaultScenario;
    const sim = createSimulator({ scenario: withoutBrand });
    const { status, body } = await call(sim, 'POST', 'personalized_offers', storage);
    expect(status).toBe(200);
    expect(body).not.toHaveProperty('brand');
    expect(body.personalized_offers).toHaveLength(1);
  });
});

describe('assumptions (undocumented Chargebee behaviour, configurable)', () => {
  it('duplicateFulfillment picks the status and code of the refusal of a second fulfillment', async () => {
    const sim = createSimulator({
      assumptions: { duplicateFulfillment: { status: 400, apiErrorCode: 'invalid_request' } },
    });
    const offer = (await call(sim, 'POST', 'personalized_offers', storage)).body
      .personalized_offers[0];
    const body = { personalized_offer_id: offer.id, option_id: offer.options[0].id };
    expect((await call(sim, 'POST', 'offer_fulfillments', body)).status).toBe(202);
    const again = await call(sim, 'POST', 'offer_fulfillments', body);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({
      api_error_code: 'invalid_request',
      http_status_code: 400,
      message:
        'Fulfillment is already in progress/completed. Retrieve the fulfillment to know the latest status.',
    });
  });

  it('cooldownSeconds is the default cool-down of plays that set none', async () => {
    const scenario = {
      ...defaultScenario,
      plays: defaultScenario.plays.map(({ cooldownSeconds: _c, ...play }) => play),
    };
    const sim = createSimulator({ scenario, assumptions: { cooldownSeconds: 60 } });
    const id = (await call(sim, 'POST', 'personalized_offers', storage)).body.personalized_offers[0]
      .id;
    await call(sim, 'POST', 'offer_events', { personalized_offer_id: id, type: 'dismissed' });
    sim.clock.advance(59_000);
    expect(
      (await call(sim, 'POST', 'personalized_offers', storage)).body.personalized_offers,
    ).toEqual([]);
    sim.clock.advance(1000);
    expect(
      (await call(sim, 'POST', 'personalized_offers', storage)).body.personalized_offers,
    ).toHaveLength(1);
  });

  it("cooldownScope 'customer' hides the play from the customer's other subscriptions too", async () => {
    for (const [scope, otherSees] of [
      ['subscription', 1],
      ['customer', 0],
    ] as const) {
      const sim = createSimulator({ assumptions: { cooldownScope: scope } });
      const id = (await call(sim, 'POST', 'personalized_offers', storage)).body
        .personalized_offers[0].id;
      await call(sim, 'POST', 'offer_events', { personalized_offer_id: id, type: 'dismissed' });
      const other = await call(sim, 'POST', 'personalized_offers', {
        ...storage,
        subscription_id: 'sub_2',
      });
      expect(other.body.personalized_offers, scope).toHaveLength(otherSees);
      const otherCustomer = await call(sim, 'POST', 'personalized_offers', {
        ...storage,
        customer_id: 'cust_2',
        subscription_id: 'sub_3',
      });
      expect(otherCustomer.body.personalized_offers, scope).toHaveLength(1);
    }
  });

  it('are listed in options with their defaults', () => {
    expect(createSimulator().options.assumptions).toEqual({
      cooldownSeconds: 86400,
      cooldownScope: 'subscription',
      duplicateFulfillment: { status: 409, apiErrorCode: 'invalid_state_for_request' },
      offerEventsEnabled: true,
    });
  });

  it('offerEventsEnabled: false refuses offer events like a live site without them', async () => {
    const sim = createSimulator({ assumptions: { offerEventsEnabled: false } });
    const id = (await call(sim, 'POST', 'personalized_offers', storage)).body.personalized_offers[0]
      .id;
    const refused = await call(sim, 'POST', 'offer_events', {
      personalized_offer_id: id,
      type: 'dismissed',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ api_error_code: 'configuration_incompatible' });
    expect(refused.body.message).toContain('not enabled');
    expect(sim.inspect.events()).toEqual([]);
    // Nothing was recorded, so no cool-down either.
    expect(
      (await call(sim, 'POST', 'personalized_offers', storage)).body.personalized_offers,
    ).toHaveLength(1);
  });
});

describe('expiry per processing type', () => {
  it('never expires a billing_update on its own (Chargebee runs it)', async () => {
    const sim = createSimulator();
    sim.fulfillmentOutcome('billing_update', { outcome: 'completed', delayMs: 8 * 86400_000 });
    const offer = (await call(sim, 'POST', 'personalized_offers', storage)).body
      .personalized_offers[0];
    const created = await call(sim, 'POST', 'offer_fulfillments', {
      personalized_offer_id: offer.id,
      option_id: offer.options[0].id,
    });
    sim.clock.advance(7 * 86400_000);
    const id = created.body.offer_fulfillment.id;
    expect((await call(sim, 'GET', `offer_fulfillments/${id}`)).body.offer_fulfillment.status).toBe(
      'in_progress',
    );
    sim.clock.advance(86400_000);
    expect((await call(sim, 'GET', `offer_fulfillments/${id}`)).body.offer_fulfillment.status).toBe(
      'completed',
    );
  });
});
