import { describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from './stores/create-memory-store';
import { promotionalCredits } from './grants/promotional-credits';
import { sim, APP, setup, post, offersFor } from './test-support/simulator-setup';

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
