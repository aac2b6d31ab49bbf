import { createSimulator } from '@upsell-kit/chargebee-simulator';
import type { Identity } from '@upsell-kit/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from './stores/create-memory-store';
import { createUpsellHandler } from './handler/create-upsell-handler';
import { promotionalCredits } from './grants/promotional-credits';
import type { UpsellServerEvent as UpsellEvent } from './handler/upsell-server-event';
import type { UpsellHandlerOptions } from './handler/upsell-handler-options';

// The contract against @upsell-kit/chargebee-simulator, served through MSW at the network edge
// (the SDK talks to https://upsell-kit-test.grow.chargebee.com and .chargebee.com as in production).

const sim = createSimulator();
const server = setupServer(...sim.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => sim.reset());
afterAll(() => server.close());

const ALICE: Identity = {
  customerId: 'cus_acme',
  subscriptionId: 'sub_acme',
  externalUserId: 'alice',
  email: 'alice@acme.test',
};
const BOB: Identity = { customerId: 'cus_acme', subscriptionId: 'sub_acme', externalUserId: 'bob' };
const CAROL: Identity = {
  customerId: 'cus_globex',
  subscriptionId: 'sub_globex',
  externalUserId: 'carol',
};
const APP = 'https://app.example.com/api/upsell';

function setup(overrides: Partial<UpsellHandlerOptions> = {}) {
  let who: Identity | null = ALICE;
  const events: UpsellEvent[] = [];
  const upsell = createUpsellHandler({
    chargebee: { site: 'upsell-kit-test', apiKey: 'test_simulator_key' },
    identify: () => who,
    secret: 'simulator-test-secret-0123456789abcdef01234',
    onEvent: (event) => void events.push(event),
    logger: { info() {}, warn() {}, error() {} },
    ...overrides,
  });
  return { upsell, events, as: (identity: Identity | null) => void (who = identity) };
}

const post = (path: string, body: unknown) =>
  new Request(`${APP}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'vitest' },
    body: JSON.stringify(body),
  });

interface OfferBody {
  offers: {
    id: string;
    offer_id: string;
    token: string;
    content: { title: string; description: string };
    options: { id: string; label: string; processing_type: string }[];
  }[];
  expires_at: number | null;
}

async function offersFor(
  upsell: (r: Request) => Promise<Response>,
  custom: Record<string, number>,
) {
  const response = await upsell(post('/offers', { custom, context: { locale: 'en-US' } }));
  expect(response.status).toBe(200);
  return (await response.json()) as OfferBody;
}

describe('POST /offers', () => {
  it('shows "Running out of storage?" at 85 % and nothing at 40 %', async () => {
    const { upsell } = setup();
    const high = await offersFor(upsell, { storage_used_percent: 85 });
    expect(high.offers).toHaveLength(1);
    expect(high.offers[0]!.content.title).toContain('Running out of storage?');
    expect(high.offers[0]!.options).toEqual([
      expect.objectContaining({ label: 'Add 100 GB storage', processing_type: 'billing_update' }),
    ]);
    expect(high.expires_at).toEqual(expect.any(Number));
    const low = await offersFor(upsell, { storage_used_percent: 40 });
    expect(low.offers).toEqual([]);

    const issued = sim.inspect.offers();
    expect(issued[0]).toMatchObject({ customer_id: 'cus_acme', subscription_id: 'sub_acme' });
    const sent = sim.inspect.requests().find((r) => r.path === '/api/v2/personalized_offers');
    expect(sent?.body).toMatchObject({
      customer_id: 'cus_acme',
      external_user_id: 'alice',
      email: 'alice@acme.test',
      custom: { storage_used_percent: 85 },
      request_context: { locale: 'en-US', user_agent: 'vitest' },
    });
  });

  it('401 for nobody, with no call to Chargebee', async () => {
    const { upsell, as } = setup();
    as(null);
    const response = await upsell(post('/offers', {}));
    expect(response.status).toBe(401);
    expect(sim.inspect.requests()).toHaveLength(0);
  });

  it('502 when the API key is wrong (Chargebee answers 401)', async () => {
    const { upsell } = setup({ chargebee: { site: 'upsell-kit-test', apiKey: 'wrong_key' } });
    const response = await upsell(post('/offers', {}));
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      error: { code: 'upstream_error', message: expect.not.stringContaining('wrong_key') },
    });
  });
});

describe('POST /events', () => {
  it('records viewed and dismissed; a dismissal cools the offer down', async () => {
    const { upsell, events } = setup();
    const { offers } = await offersFor(upsell, { storage_used_percent: 85 });
    const token = offers[0]!.token;
    expect((await upsell(post('/events', { token, type: 'viewed' }))).status).toBe(204);
    expect((await upsell(post('/events', { token, type: 'dismissed' }))).status).toBe(204);
    expect(sim.inspect.events().map((e) => [e.personalized_offer_id, e.type])).toEqual([
      [offers[0]!.id, 'viewed'],
      [offers[0]!.id, 'dismissed'],
    ]);
    expect((await offersFor(upsell, { storage_used_percent: 85 })).offers).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['offer_fetched', 'viewed', 'dismissed']);
  });

  it('403 for another customer’s token', async () => {
    const { upsell, as } = setup();
    const { offers } = await offersFor(upsell, { storage_used_percent: 85 });
    as(CAROL);
    expect(
      (await upsell(post('/events', { token: offers[0]!.token, type: 'viewed' }))).status,
    ).toBe(403);
    expect(sim.inspect.events()).toEqual([]);
  });
});

describe('POST /fulfillments and GET /fulfillments/{id}', () => {
  it('billing_update: 201 in_progress, then completed on a status read; a second accept is 200', async () => {
    const { upsell, events } = setup();
    const { offers } = await offersFor(upsell, { storage_used_percent: 85 });
    const { token, options } = offers[0]!;
    const created = await upsell(post('/fulfillments', { token, option_id: options[0]!.id }));
    expect(created.status).toBe(201);
    const { fulfillment, hosted_page } = (await created.json()) as {
      fulfillment: { id: string; status: string; grant: unknown };
      hosted_page: unknown;
    };
    expect(fulfillment).toMatchObject({ status: 'in_progress', grant: null });
    expect(hosted_page).toBeNull();

    sim.clock.advance(5_000);
    const read = await upsell(
      new Request(`${APP}/fulfillments/${fulfillment.id}?token=${encodeURIComponent(token)}`),
    );
    expect(read.status).toBe(200);
    expect(((await read.json()) as { fulfillment: { status: string } }).fulfillment.status).toBe(
      'completed',
    );

    const again = await upsell(post('/fulfillments', { token, option_id: options[0]!.id }));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({
      fulfillment: { id: fulfillment.id, status: 'completed' },
      hosted_page: null,
    });
    expect(sim.inspect.fulfillments()).toHaveLength(1);
    expect(events.map((e) => e.type)).toEqual(['offer_fetched', 'accepted', 'completed']);
  });

  it('checkout: 201 with the hosted page', async () => {
    const { upsell } = setup();
    const { offers } = await offersFor(upsell, { seats_used_percent: 95 });
    const option = offers[0]!.options[0]!;
    expect(option.processing_type).toBe('checkout');
    const created = await upsell(
      post('/fulfillments', { token: offers[0]!.token, option_id: option.id }),
    );
    expect(created.status).toBe(201);
    const body = (await created.json()) as { hosted_page: { id: string; url: string } | null };
    expect(body.hosted_page).toEqual({
      id: expect.any(String),
      url: expect.stringMatching(/^https?:\/\//),
      type: 'checkout_existing',
      state: 'created',
      embed: false,
      created_at: expect.any(Number),
      expires_at: expect.any(Number),
    });
  });

  it('409 offer_already_accepted when another user of the subscription accepted first', async () => {
    const { upsell, as } = setup();
    const alices = await offersFor(upsell, { storage_used_percent: 85 });
    as(BOB);
    const bobs = await offersFor(upsell, { storage_used_percent: 85 });
    expect(bobs.offers[0]!.id).not.toBe(alices.offers[0]!.id);

    as(ALICE);
    const first = await upsell(
      post('/fulfillments', { token: alices.offers[0]!.token, option_id: 'add_100gb_storage' }),
    );
    expect(first.status).toBe(201);
    as(BOB);
    const second = await upsell(
      post('/fulfillments', { token: bobs.offers[0]!.token, option_id: 'add_100gb_storage' }),
    );
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'offer_already_accepted',
      message: expect.not.stringMatching(/Retrieve the fulfillment/),
    });
    expect(sim.inspect.fulfillments()).toHaveLength(1);
  });

  it('20 concurrent accepts → one upstream create', async () => {
    const { upsell } = setup({ limits: { fulfillments: false } });
    const { offers } = await offersFor(upsell, { storage_used_percent: 85 });
    sim.faults.set('offer_fulfillments.create', { latencyMs: 100 });
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        upsell(post('/fulfillments', { token: offers[0]!.token, option_id: 'add_100gb_storage' })),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual(
      [200, ...Array(18).fill(200), 201].sort(),
    );
    expect(
      sim.inspect
        .requests()
        .filter((r) => r.method === 'POST' && r.path === '/api/v2/offer_fulfillments'),
    ).toHaveLength(1);
  });

  it('404 for a fulfillment of another offer, even one of the same customer', async () => {
    const { upsell } = setup();
    const storage = await offersFor(upsell, { storage_used_percent: 85 });
    const created = await upsell(
      post('/fulfillments', { token: storage.offers[0]!.token, option_id: 'add_100gb_storage' }),
    );
    const { fulfillment } = (await created.json()) as { fulfillment: { id: string } };
    const seats = await offersFor(upsell, { seats_used_percent: 95 });
    const read = await upsell(
      new Request(
        `${APP}/fulfillments/${fulfillment.id}?token=${encodeURIComponent(seats.offers[0]!.token)}`,
      ),
    );
    expect(read.status).toBe(404);
    const unknown = await upsell(
      new Request(
        `${APP}/fulfillments/doesnotexist?token=${encodeURIComponent(storage.offers[0]!.token)}`,
      ),
    );
    expect(unknown.status).toBe(404);
  });

  it('503 with Retry-After when Chargebee is overloaded, then a retry creates', async () => {
    const { upsell } = setup();
    const { offers } = await offersFor(upsell, { storage_used_percent: 85 });
    sim.faults.set('offer_fulfillments.create', { status: 503, retryAfter: 7, times: 1 });
    const failed = await upsell(
      post('/fulfillments', { token: offers[0]!.token, option_id: 'add_100gb_storage' }),
    );
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('7');
    const retried = await upsell(
      post('/fulfillments', { token: offers[0]!.token, option_id: 'add_100gb_storage' }),
    );
    expect(retried.status).toBe(201);
    expect(sim.inspect.fulfillments()).toHaveLength(1);
  });
});

describe('promotionalCredits fulfiller', () => {
  const THIRTY_DAYS = 30 * 86_400;

  it('grants the credits, completes the fulfillment and returns the grant', async () => {
    const { upsell, events } = setup({
      fulfill: {
        ai_credits_reward: promotionalCredits({
          unitId: 'ai_credits',
          amount: '50',
          expiresIn: THIRTY_DAYS,
          metadata: { reason: 'upsell' },
        }),
      },
    });
    const { offers } = await offersFor(upsell, { ai_credits_used_percent: 95 });
    const option = offers[0]!.options[0]!;
    expect(option.processing_type).toBe('webhook');
    const before = Math.floor(Date.now() / 1000);
    const created = await upsell(
      post('/fulfillments', { token: offers[0]!.token, option_id: option.id }),
    );
    expect(created.status).toBe(201);
    const { fulfillment } = (await created.json()) as {
      fulfillment: {
        id: string;
        status: string;
        grant: { unit_id: string; amount: string; expires_at: number };
      };
    };
    expect(fulfillment.status).toBe('completed');
    expect(fulfillment.grant).toEqual({
      unit_id: 'ai_credits',
      amount: '50',
      expires_at: expect.any(Number),
    });
    expect(fulfillment.grant.expires_at).toBeGreaterThanOrEqual(before + THIRTY_DAYS);

    const grants = sim.inspect.grants();
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({
      subscription_id: 'sub_acme',
      unit_id: 'ai_credits',
      amount: '50',
      metadata: { reason: 'upsell' },
      idempotency_key: `upsell-kit-fulfillment-${fulfillment.id}`,
    });
    expect(sim.balances('sub_acme', 'ai_credits')).toMatch(/^50(\.0+)?$/);
    expect(sim.inspect.fulfillments()[0]).toMatchObject({
      id: fulfillment.id,
      status: 'completed',
    });

    // A status read keeps reporting the grant; a second accept too, without a second grant.
    const read = await upsell(
      new Request(
        `${APP}/fulfillments/${fulfillment.id}?token=${encodeURIComponent(offers[0]!.token)}`,
      ),
    );
    expect(((await read.json()) as { fulfillment: { grant: unknown } }).fulfillment.grant).toEqual(
      fulfillment.grant,
    );
    const again = await upsell(
      post('/fulfillments', { token: offers[0]!.token, option_id: option.id }),
    );
    expect(again.status).toBe(200);
    expect(((await again.json()) as { fulfillment: { grant: unknown } }).fulfillment.grant).toEqual(
      fulfillment.grant,
    );
    expect(sim.inspect.grants()).toHaveLength(1);
    expect(events.map((e) => e.type)).toEqual(['offer_fetched', 'accepted', 'completed']);
  });

  it('maps by option id too, and marks the fulfillment failed with a reason when granting fails', async () => {
    const { upsell, events } = setup({
      fulfill: {
        claim_50_ai_credits: promotionalCredits({
          unitId: 'ai_credits',
          amount: '50',
          expiresIn: 3600,
        }),
      },
    });
    const { offers } = await offersFor(upsell, { ai_credits_used_percent: 95 });
    sim.faults.set('promotional_grants', { status: 400, times: 5 });
    const created = await upsell(
      post('/fulfillments', { token: offers[0]!.token, option_id: 'claim_50_ai_credits' }),
    );
    expect(created.status).toBe(201);
    const { fulfillment } = (await created.json()) as {
      fulfillment: { id: string; status: string; grant: unknown };
    };
    expect(fulfillment).toMatchObject({ status: 'failed', grant: null });
    expect(sim.inspect.grants()).toHaveLength(0);
    const upstream = sim.inspect.fulfillments()[0]!;
    expect(upstream.status).toBe('failed');
    const update = sim.inspect
      .requests()
      .find(
        (r) => r.path === `/api/v2/offer_fulfillments/${fulfillment.id}` && r.method === 'POST',
      );
    expect(update?.body).toMatchObject({ status: 'failed', failure_reason: expect.any(String) });
    expect(events.at(-1)).toMatchObject({ type: 'failed', fulfillmentId: fulfillment.id });
  });

  it('runs a fulfiller of your own with the context it needs; a bad result counts as failed', async () => {
    const seen: unknown[] = [];
    const { upsell } = setup({
      fulfill: {
        claim_50_ai_credits: async ({ fulfillment, offerId, identity, request }) => {
          seen.push({
            id: fulfillment.id,
            offerId,
            customer: identity.customerId,
            ua: request.headers.get('user-agent'),
          });
          return { status: 'completed' };
        },
      },
    });
    const { offers } = await offersFor(upsell, { ai_credits_used_percent: 95 });
    const created = await upsell(
      post('/fulfillments', { token: offers[0]!.token, option_id: 'claim_50_ai_credits' }),
    );
    const { fulfillment } = (await created.json()) as {
      fulfillment: { id: string; status: string };
    };
    expect(fulfillment.status).toBe('completed');
    expect(seen).toEqual([
      { id: fulfillment.id, offerId: 'ai_credits_reward', customer: 'cus_acme', ua: 'vitest' },
    ]);

    sim.reset();
    const broken = setup({
      fulfill: { claim_50_ai_credits: (async () => undefined) as never },
    });
    const again = await offersFor(broken.upsell, { ai_credits_used_percent: 95 });
    const response = await broken.upsell(
      post('/fulfillments', { token: again.offers[0]!.token, option_id: 'claim_50_ai_credits' }),
    );
    expect(response.status).toBe(201);
    expect(
      ((await response.json()) as { fulfillment: { status: string } }).fulfillment.status,
    ).toBe('failed');
  });

  it('stops waiting for a slow fulfiller at fulfillTimeoutMs, and reports its outcome when it arrives', async () => {
    const errors: unknown[] = [];
    let finish: () => void = () => {};
    const landed = new Promise<void>((resolve) => (finish = resolve));
    const { upsell, events } = setup({
      fulfillTimeoutMs: 100,
      logger: { info() {}, warn() {}, error: (...args: unknown[]) => void errors.push(args) },
      fulfill: {
        // A grant that lands after the accept stopped waiting.
        claim_50_ai_credits: async () => {
          await landed;
          return {
            status: 'completed',
            grant: { unit_id: 'ai_credits', amount: '50', expires_at: 1_900_000_000 },
          };
        },
      },
    });
    const { offers } = await offersFor(upsell, { ai_credits_used_percent: 95 });
    const token = offers[0]!.token;
    const created = await upsell(
      post('/fulfillments', { token, option_id: 'claim_50_ai_credits' }),
    );
    expect(created.status).toBe(201);
    const { fulfillment } = (await created.json()) as {
      fulfillment: { id: string; status: string; grant: unknown };
    };
    expect(fulfillment).toMatchObject({ status: 'in_progress', grant: null });
    expect(JSON.stringify(errors)).toContain('fulfillTimeoutMs');
    expect(sim.inspect.fulfillments()[0]?.status).toBe('in_progress');

    // The outcome arrives: Chargebee hears of it, and a status read shows it with the grant.
    finish();
    await vi.waitFor(() => expect(sim.inspect.fulfillments()[0]?.status).toBe('completed'));
    const read = await upsell(
      new Request(`${APP}/fulfillments/${fulfillment.id}?token=${encodeURIComponent(token)}`),
    );
    expect(await read.json()).toMatchObject({
      fulfillment: {
        status: 'completed',
        grant: { unit_id: 'ai_credits', amount: '50', expires_at: 1_900_000_000 },
      },
    });
    await vi.waitFor(() => expect(events.map((e) => e.type)).toContain('completed'));
  });

  it('still tells Chargebee when the store fails to keep the grant', async () => {
    const errors: unknown[] = [];
    const memory = createMemoryStore();
    const { upsell } = setup({
      store: {
        ...memory,
        set: (key, value, ttlMs) =>
          value.includes('"grant":{')
            ? Promise.reject(new Error('store down'))
            : memory.set(key, value, ttlMs),
      },
      logger: { info() {}, warn() {}, error: (...args: unknown[]) => void errors.push(args) },
      fulfill: {
        claim_50_ai_credits: async () => ({
          status: 'completed',
          grant: { unit_id: 'ai_credits', amount: '50', expires_at: 1_900_000_000 },
        }),
      },
    });
    const { offers } = await offersFor(upsell, { ai_credits_used_percent: 95 });
    const created = await upsell(
      post('/fulfillments', { token: offers[0]!.token, option_id: 'claim_50_ai_credits' }),
    );
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ fulfillment: { status: 'completed' } });
    expect(sim.inspect.fulfillments()[0]?.status).toBe('completed');
    expect(JSON.stringify(errors)).toContain('could not store the grant');
  });

  it('answers in_progress for a fulfiller that never finishes, and tells Chargebee nothing', async () => {
    const { upsell } = setup({
      fulfillTimeoutMs: 100,
      fulfill: { claim_50_ai_credits: () => new Promise(() => {}) },
    });
    const { offers } = await offersFor(upsell, { ai_credits_used_percent: 95 });
    const created = await upsell(
      post('/fulfillments', { token: offers[0]!.token, option_id: 'claim_50_ai_credits' }),
    );
    const { fulfillment } = (await created.json()) as {
      fulfillment: { id: string; status: string };
    };
    expect(fulfillment.status).toBe('in_progress');
    expect(
      sim.inspect
        .requests()
        .some(
          (r) => r.path === `/api/v2/offer_fulfillments/${fulfillment.id}` && r.method === 'POST',
        ),
    ).toBe(false);
    // The merchant finishes it later.
    expect((await upsell.completeFulfillment(fulfillment.id)).status).toBe('completed');
  });

  it('refuses a fulfillTimeoutMs that is not a usable timer delay', () => {
    expect(() => setup({ fulfillTimeoutMs: 0 })).toThrow(/fulfillTimeoutMs/);
    expect(() => setup({ fulfillTimeoutMs: Number.NaN })).toThrow(/fulfillTimeoutMs/);
    // Above 2^31 - 1 ms, setTimeout would fire at once.
    expect(() => setup({ fulfillTimeoutMs: 2 ** 31 })).toThrow(/fulfillTimeoutMs/);
    expect(() => setup({ fulfillTimeoutMs: 2 ** 31 - 1 })).not.toThrow();
  });

  it('does not run for options Chargebee fulfills itself (billing_update)', async () => {
    const { upsell } = setup({
      fulfill: {
        storage_upsell: promotionalCredits({ unitId: 'ai_credits', amount: '1', expiresIn: 60 }),
      },
    });
    const { offers } = await offersFor(upsell, { storage_used_percent: 85 });
    const created = await upsell(
      post('/fulfillments', { token: offers[0]!.token, option_id: 'add_100gb_storage' }),
    );
    expect(created.status).toBe(201);
    expect(sim.inspect.grants()).toHaveLength(0);
  });
});

describe('server-side operations', () => {
  it('completeFulfillment / failFulfillment update a webhook fulfillment', async () => {
    const { upsell } = setup();
    const { offers } = await offersFor(upsell, { ai_credits_used_percent: 95 });
    const created = await upsell(
      post('/fulfillments', { token: offers[0]!.token, option_id: 'claim_50_ai_credits' }),
    );
    const { fulfillment } = (await created.json()) as {
      fulfillment: { id: string; status: string };
    };
    expect(fulfillment.status).toBe('in_progress');
    const done = await upsell.completeFulfillment(fulfillment.id);
    expect(done).toMatchObject({ id: fulfillment.id, status: 'completed', error: null });
    expect(sim.inspect.fulfillments()[0]!.status).toBe('completed');
  });

  it('grantPromotionalCredits returns the grant blocks, idempotently', async () => {
    const { upsell } = setup();
    const input = {
      subscriptionId: 'sub_acme',
      unitId: 'ai_credits',
      amount: '12.5',
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
      metadata: { ticket: 'SUP-1' },
      idempotencyKey: 'apology-SUP-1',
    };
    const blocks = await upsell.grantPromotionalCredits(input);
    expect(blocks).toEqual([
      expect.objectContaining({
        subscription_id: 'sub_acme',
        unit_id: 'ai_credits',
        grant_source: 'promotional_grants',
      }),
    ]);
    await upsell.grantPromotionalCredits(input);
    expect(sim.inspect.grants()).toHaveLength(1);
    expect(sim.inspect.grants()[0]!.idempotency_key).toBe('apology-SUP-1');
  });
});
