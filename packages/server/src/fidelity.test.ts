import { createSimulator, defaultScenario } from '@upsell-kit/chargebee-simulator';
import type { Identity } from '@upsell-kit/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUpsellHandler } from './handler/create-upsell-handler';
import type { UpsellHandlerOptions } from './handler/upsell-handler-options';
import { createMemoryStore } from './stores/create-memory-store';

// Where Chargebee differs from the happy path the kit was first built on (issue #14), against
// @upsell-kit/chargebee-simulator through MSW at the network edge.

let sim = createSimulator();
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  sim.reset();
});
afterAll(() => server.close());

const APP = 'https://app.example.com/api/upsell';
const ALICE: Identity = { customerId: 'cus_acme', subscriptionId: 'sub_acme' };

function setup(
  options: { identity?: Identity; sim?: typeof sim } & Partial<UpsellHandlerOptions> = {},
) {
  const { identity = ALICE, sim: given, ...overrides } = options;
  sim = given ?? createSimulator();
  server.use(...sim.handlers);
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const upsell = createUpsellHandler({
    chargebee: { site: 'upsell-kit-test', apiKey: 'test_simulator_key' },
    identify: () => identity,
    secret: 'simulator-test-secret-0123456789abcdef01234',
    logger,
    ...overrides,
  });
  return { upsell, logger };
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${APP}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

interface Offers {
  offers: { id: string; token: string; options: { id: string; processing_type: string }[] }[];
}

async function offers(upsell: (r: Request) => Promise<Response>, custom: Record<string, number>) {
  const response = await upsell(post('/offers', { custom }));
  expect(response.status).toBe(200);
  return (await response.json()) as Offers;
}

const upstreamCalls = (path: string) =>
  sim.inspect.requests().filter((r) => r.path === `/api/v2/${path}`);

describe('unknown enum values', () => {
  it('keeps the offer and drops only an option with an unknown processing_type, warned once', async () => {
    const { upsell, logger } = setup();
    const body = {
      personalized_offers: [
        {
          id: 'storage_upsell_0000aaaa',
          offer_id: 'storage_upsell',
          content: { title: '<p>More?</p>', description: '<p>Add 100 GB</p>' },
          options: [
            { id: 'future', label: 'Later', processing_type: 'in_app_purchase' },
            {
              id: 'now',
              label: 'Now',
              processing_type: 'billing_update',
              processing_layout: 'in_app',
            },
          ],
        },
      ],
      expires_at: Math.floor(Date.now() / 1000) + 600,
    };
    sim.faults.set('personalized_offers', { status: 200, body });
    const first = await offers(upsell, {});
    await offers(upsell, {});
    expect(first.offers).toHaveLength(1);
    expect(first.offers[0]!.options.map((o) => o.id)).toEqual(['now']);
    const warnings = logger.warn.mock.calls.filter(([m]) => String(m).includes('in_app_purchase'));
    expect(warnings).toHaveLength(1);
  });

  it('leaves out an offer whose every option is unknown', async () => {
    const { upsell } = setup();
    sim.faults.set('personalized_offers', {
      status: 200,
      body: {
        personalized_offers: [
          {
            id: 'x_0000aaaa',
            offer_id: 'x',
            content: { title: 't', description: 'd' },
            options: [{ id: 'future', label: 'Later', processing_type: 'in_app_purchase' }],
          },
        ],
        expires_at: Math.floor(Date.now() / 1000) + 600,
      },
    });
    expect((await offers(upsell, {})).offers).toEqual([]);
  });
});

describe('identity fields against Chargebee limits', () => {
  it('drops an invalid email (the simulator would refuse it) and still answers offers', async () => {
    const { upsell, logger } = setup({
      identity: { ...ALICE, email: 'not-an-address', firstName: 'Ada' },
    });
    expect((await offers(upsell, { storage_used_percent: 85 })).offers).toHaveLength(1);
    await offers(upsell, { storage_used_percent: 85 });
    const sent = upstreamCalls('personalized_offers')[0]!.body as Record<string, unknown>;
    expect(sent).not.toHaveProperty('email');
    expect(sent.first_name).toBe('Ada');
    expect(logger.warn.mock.calls.filter(([m]) => String(m).includes('email'))).toHaveLength(1);
  });

  it('refuses a customerId over 50 characters as a configuration error, without a call', async () => {
    const { upsell, logger } = setup({ identity: { customerId: 'c'.repeat(51) } });
    const response = await upsell(post('/offers', {}));
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'internal_error',
    );
    expect(upstreamCalls('personalized_offers')).toHaveLength(0);
    expect(JSON.stringify(logger.error.mock.calls)).toContain('Chargebee allows at most 50');
  });
});

describe('fulfillment create errors', () => {
  it('410 offer_expired when Chargebee no longer knows the offer (404), and a retry may create', async () => {
    const { upsell } = setup();
    const {
      offers: [offer],
    } = await offers(upsell, { storage_used_percent: 85 });
    sim.reset(); // Chargebee forgot the personalized offer
    const accepted = await upsell(
      post('/fulfillments', { token: offer!.token, option_id: offer!.options[0]!.id }),
    );
    expect(accepted.status).toBe(410);
    expect(((await accepted.json()) as { error: { code: string } }).error.code).toBe(
      'offer_expired',
    );
  });

  it('409 only for the refusal of a second fulfillment, whatever status the site answers it with', async () => {
    const refusal = createSimulator({
      assumptions: { duplicateFulfillment: { status: 400, apiErrorCode: 'invalid_request' } },
    });
    const { upsell } = setup({ sim: refusal });
    const alice = await offers(upsell, { storage_used_percent: 85 });
    // Another user of the same subscription, through another server without a shared store.
    const other = setup({ sim: refusal, identity: { ...ALICE, externalUserId: 'bob' } }).upsell;
    const bob = await offers(other, { storage_used_percent: 85 });
    const first = await upsell(
      post('/fulfillments', { token: alice.offers[0]!.token, option_id: 'add_100gb_storage' }),
    );
    expect(first.status).toBe(201);
    const second = await other(
      post('/fulfillments', { token: bob.offers[0]!.token, option_id: 'add_100gb_storage' }),
    );
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe(
      'offer_already_accepted',
    );
  });

  it('502 for any other refusal (e.g. a 405), with the cause logged', async () => {
    const { upsell, logger } = setup();
    const {
      offers: [offer],
    } = await offers(upsell, { storage_used_percent: 85 });
    sim.faults.set('offer_fulfillments.create', { status: 405, times: 1 });
    const refused = await upsell(
      post('/fulfillments', { token: offer!.token, option_id: 'add_100gb_storage' }),
    );
    expect(refused.status).toBe(502);
    expect(logger.error).toHaveBeenCalledWith(
      'Chargebee offer_fulfillments.create failed',
      expect.objectContaining({ status: 405 }),
    );
    // Not remembered as "accepted": the retry creates.
    const retry = await upsell(
      post('/fulfillments', { token: offer!.token, option_id: 'add_100gb_storage' }),
    );
    expect(retry.status).toBe(201);
  });
});

describe('checkout survives a reload', () => {
  it('returns the hosted page on a repeat accept (a second tab, a reload, another instance)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const store = createMemoryStore();
      const { upsell } = setup({ store });
      const {
        offers: [offer],
      } = await offers(upsell, { seats_used_percent: 95 });
      const body = { token: offer!.token, option_id: 'upgrade_to_business' };
      const created = (await (await upsell(post('/fulfillments', body))).json()) as {
        hosted_page: { id: string; url: string; expires_at: number };
      };
      // A second tab, a reload, another instance sharing the store:
      const again = await setup({ store, sim }).upsell(post('/fulfillments', body));
      expect(again.status).toBe(200);
      expect(((await again.json()) as { hosted_page: unknown }).hosted_page).toEqual(
        created.hosted_page,
      );
      expect(upstreamCalls('offer_fulfillments').length).toBe(1);
      // (Past the page's expiry the record answers `null`: see create-once.test.ts; the offer
      // token, valid for the offer's 30 minutes, ends repeats long before that over HTTP.)
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('offer events not enabled for the site', () => {
  it('answers 204, warns once with what to ask Chargebee, and pauses events fleet-wide', async () => {
    const store = createMemoryStore();
    const disabled = createSimulator({ assumptions: { offerEventsEnabled: false } });
    const { upsell, logger } = setup({ sim: disabled, store });
    const {
      offers: [offer],
    } = await offers(upsell, { storage_used_percent: 85 });
    for (const type of ['viewed', 'dismissed', 'viewed']) {
      expect((await upsell(post('/events', { token: offer!.token, type }))).status).toBe(204);
    }
    // Another instance sharing the store does not ask either.
    const other = setup({ sim: disabled, store }).upsell;
    expect((await other(post('/events', { token: offer!.token, type: 'viewed' }))).status).toBe(
      204,
    );
    expect(upstreamCalls('offer_events')).toHaveLength(1);
    const warnings = logger.warn.mock.calls.filter(([m]) => String(m).includes('offer events'));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]![0])).toContain('Ask Chargebee support to enable offer events');
  });

  it('still fails other event errors as before (a 503 is not a refusal)', async () => {
    const { upsell } = setup();
    const {
      offers: [offer],
    } = await offers(upsell, { storage_used_percent: 85 });
    sim.faults.set('offer_events', { status: 503, times: 1 });
    expect((await upsell(post('/events', { token: offer!.token, type: 'viewed' }))).status).toBe(
      503,
    );
    expect((await upsell(post('/events', { token: offer!.token, type: 'viewed' }))).status).toBe(
      204,
    );
  });
});

describe('connection options', () => {
  it('sends chargebee-business-entity-id on every call when set', async () => {
    const { upsell } = setup({
      chargebee: {
        site: 'upsell-kit-test',
        apiKey: 'test_simulator_key',
        businessEntityId: 'acme-eu',
        sdkTelemetryEnabled: false,
      },
    });
    await offers(upsell, { storage_used_percent: 85 });
    const [call] = upstreamCalls('personalized_offers');
    expect(call!.headers['chargebee-business-entity-id']).toBe('acme-eu');
    expect(call!.headers).not.toHaveProperty('x-chargebee-sdk-telemetry');
  });

  it('leaves the SDK telemetry header to the SDK by default', async () => {
    const { upsell } = setup();
    await offers(upsell, { storage_used_percent: 85 });
    const [call] = upstreamCalls('personalized_offers');
    expect(call!.headers).toHaveProperty('x-chargebee-sdk-telemetry');
  });
});

describe('the simulator scenario used here', () => {
  it('has the checkout play these tests rely on', () => {
    expect(defaultScenario.offers.some((o) => o.id === 'plan_upgrade')).toBe(true);
  });
});
