import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  sim,
  ALICE,
  BOB,
  CAROL,
  APP,
  setup,
  post,
  offersFor,
} from './test-support/simulator-setup';

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
  afterEach(() => {
    vi.useRealTimers();
  });

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
    // Past the 2 s in which the create's answer is the fleet's status read.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 2_100);
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
    const readWithSeats = () =>
      upsell(
        new Request(
          `${APP}/fulfillments/${fulfillment.id}?token=${encodeURIComponent(seats.offers[0]!.token)}`,
        ),
      );
    // The seats offer has no record yet: nothing can be vouched for (503, polling retries) …
    expect((await readWithSeats()).status).toBe(503);
    const seatsOption = seats.offers[0]!.options[0]!.id;
    expect(
      (
        await upsell(
          post('/fulfillments', { token: seats.offers[0]!.token, option_id: seatsOption }),
        )
      ).status,
    ).toBe(201);
    // … once it names a fulfillment of its own, another id is not its: 404.
    const read = await readWithSeats();
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
