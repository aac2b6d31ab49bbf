import type { Identity } from '@upsell-kit/core';
import type Chargebee from 'chargebee';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HandlerContext } from '../handler/context';
import type { UpsellServerEvent as UpsellEvent } from '../handler/upsell-server-event';
import { createMemoryStore } from '../stores/create-memory-store';
import { createStoreFallback } from '../stores/create-store-fallback';
import type { OfferTokenClaims } from '../tokens/offer-token';
import { callUpstream } from '../upstream/call-upstream';
import { createCallBudget } from '../upstream/call-budget';
import { createFleetPause } from '../upstream/fleet-pause';
import { createFulfillmentReads } from '../upstream/fulfillment-reads';
import { createMeteredCaller } from '../upstream/metered-caller';
import { createOfferCache } from '../upstream/offer-cache';
import { createNavigationCheck } from '../navigation/create-navigation-check';
import { createOnce } from './create-once';
import { createUnknownOutcomeLedger } from './create-unknown-outcome-ledger';
import type { Fulfiller } from './fulfiller';
import { readRecord, RECORD_TTL_MS, recordKey } from './record';

// The exactly-once protocol against the memory store and a stubbed SDK: no HTTP, no router.

const IDENTITY: Identity = { customerId: 'cus_1', subscriptionId: 'sub_1' };
const CLAIMS: OfferTokenClaims = {
  personalizedOfferId: 'po_1',
  offerId: 'offer_1',
  options: [{ id: 'opt_1', processingType: 'webhook' }],
  customerId: 'cus_1',
  subscriptionId: 'sub_1',
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
};
const fulfillment = (status = 'in_progress') => ({
  id: 'ful_1',
  personalized_offer_id: 'po_1',
  option_id: 'opt_1',
  processing_type: 'webhook',
  status,
});

function context(sdk: { create: () => Promise<unknown>; fulfillers?: Record<string, Fulfiller> }) {
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const events: UpsellEvent[] = [];
  const create = vi.fn(sdk.create);
  const retrieve = vi.fn(async (id: string) => ({
    offer_fulfillment: { ...fulfillment('completed'), id },
  }));
  const update = vi.fn(async (id: string, params: { status: string }) => ({
    offer_fulfillment: { ...fulfillment(params.status), id },
  }));
  const chargebee = {
    offerFulfillment: {
      offerFulfillments: create,
      offerFulfillmentsGet: retrieve,
      offerFulfillmentsUpdate: update,
    },
  } as unknown as Chargebee;
  const store = createMemoryStore();
  // No budget here; status reads still share one call (coalesced fulfillment reads).
  const pause = createFleetPause({ store, now: Date.now, logger });
  const budget = createCallBudget({
    store,
    pause,
    requestsPerMinute: false,
    now: Date.now,
    logger,
  });
  const caller = createMeteredCaller({
    budget,
    pause,
    logger,
    now: Date.now,
    deadlineMs: 2_000,
    telemetry: undefined,
    emit: () => {},
  });
  const ctx = {
    chargebee,
    upstream: <T>(operation: string, run: () => Promise<T>) =>
      callUpstream(operation, run, { logger }),
    caller,
    offers: createOfferCache({ store, maxAgeMs: 0, now: Date.now }),
    fulfillmentReads: createFulfillmentReads({ store, caller, now: () => Date.now() }),
    store,
    storeFallback: createStoreFallback(store, logger),
    unknownOutcomes: createUnknownOutcomeLedger(store, { ttlMs: RECORD_TTL_MS }),
    uncertainClaims: new Map(),
    navigation: createNavigationCheck({
      chargebee,
      baseUrl: undefined,
      allowedRedirectHosts: undefined,
      trustProxy: false,
      logger,
    }),
    logger,
    listening: true,
    emit: (event: UpsellEvent) => void events.push(event),
    timeouts: { upstreamMs: 1_000, deadlineMs: 2_000, fulfillMs: 1_000 },
    fulfillers: sdk.fulfillers ?? {},
    creating: new Map(),
  } satisfies Partial<HandlerContext>;
  return { ctx, create, retrieve, update, events, logger };
}

afterEach(() => {
  vi.useRealTimers();
});

const accept = () => ({
  request: new Request('https://app.example.com/api/upsell/fulfillments'),
  optionId: 'opt_1',
  claims: CLAIMS,
  identity: IDENTITY,
});

describe('createOnce', () => {
  it('creates once for concurrent accepts; the losers answer from the record', async () => {
    const { ctx, create, retrieve, events } = context({
      create: async () => ({ offer_fulfillment: fulfillment(), hosted_page: null }),
    });
    const results = await Promise.all(Array.from({ length: 5 }, () => createOnce(ctx, accept())));
    expect(create).toHaveBeenCalledTimes(1);
    // Every loser lost the claim, so it waits for the record and answers the status the create
    // just learned (the fleet's status read for 2 s): no retrieve.
    expect(retrieve).toHaveBeenCalledTimes(0);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(results.map((result) => result.response.fulfillment.id)).toEqual(Array(5).fill('ful_1'));
    expect(results.map((result) => result.response.fulfillment.status)).toEqual(
      Array(5).fill('in_progress'),
    );
    expect(events.map((event) => event.type)).toEqual(['accepted']);
    expect(await readRecord(ctx.store, recordKey('po_1'))).toEqual({
      state: 'done',
      id: 'ful_1',
      grant: null,
    });
  });

  it('a second accept while the create is in flight on this instance waits for it', async () => {
    let answer: (body: unknown) => void = () => {};
    const { ctx, create, retrieve } = context({
      create: () => new Promise((resolve) => (answer = resolve)),
    });
    const first = createOnce(ctx, accept());
    await vi.waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    expect(ctx.creating.size).toBe(1);
    const second = createOnce(ctx, accept());
    answer({ offer_fulfillment: fulfillment() });
    const [a, b] = await Promise.all([first, second]);
    expect(a.created).toBe(true);
    expect(b).toMatchObject({ created: false, response: { hosted_page: null } });
    expect(b.response.fulfillment.id).toBe('ful_1');
    expect(create).toHaveBeenCalledTimes(1);
    expect(retrieve).toHaveBeenCalledTimes(0);
    expect(ctx.creating.size).toBe(0);
  });

  it('answers a later accept from the done record with a fresh retrieve, not a create', async () => {
    const { ctx, create, retrieve, events } = context({
      create: async () => ({ offer_fulfillment: fulfillment() }),
    });
    await createOnce(ctx, accept());
    // 2 s later: the status is read again.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 2_100);
    const again = await createOnce(ctx, accept());
    expect(again).toMatchObject({ created: false, response: { hosted_page: null } });
    expect(again.response.fulfillment.status).toBe('completed');
    expect(create).toHaveBeenCalledTimes(1);
    expect(retrieve).toHaveBeenCalledTimes(1);
    expect(events.map((event) => event.type)).toEqual(['accepted', 'completed']);
  });

  it("records Chargebee's refusal of a second fulfillment and answers 409 from it without asking again", async () => {
    const { ctx, create } = context({
      create: () =>
        Promise.reject({
          http_status_code: 409,
          api_error_code: 'invalid_state_for_request',
          message:
            'Fulfillment is already in progress/completed. Retrieve the fulfillment to know the latest status.',
        }),
    });
    await expect(createOnce(ctx, accept())).rejects.toMatchObject({
      code: 'offer_already_accepted',
    });
    await expect(createOnce(ctx, accept())).rejects.toMatchObject({
      code: 'offer_already_accepted',
    });
    expect(create).toHaveBeenCalledTimes(1);
    expect(await readRecord(ctx.store, recordKey('po_1'))).toEqual({ state: 'refused' });
  });

  it('answers from the record, not 409, when the creator wrote it back while Chargebee refused this create', async () => {
    // After a store loss: this instance claimed an offer another instance had created, and that
    // instance put its record back while this create was on its way to Chargebee.
    const done = { state: 'done', id: 'ful_1', grant: null } as const;
    const shared: { store?: ReturnType<typeof createMemoryStore> } = {};
    const { ctx, create, retrieve } = context({
      create: async () => {
        await shared.store!.set(recordKey('po_1'), JSON.stringify(done), RECORD_TTL_MS);
        throw {
          http_status_code: 409,
          api_error_code: 'invalid_state_for_request',
          message: 'Fulfillment is already in progress/completed.',
        };
      },
    });
    shared.store = ctx.store;
    const result = await createOnce(ctx, accept());
    expect(result).toMatchObject({ created: false, response: { fulfillment: { id: 'ful_1' } } });
    expect(create).toHaveBeenCalledTimes(1);
    expect(retrieve).toHaveBeenCalledTimes(1);
    expect(await readRecord(ctx.store, recordKey('po_1'))).toEqual(done);
  });

  it.each([
    [404, 'resource_not_found', undefined],
    [400, 'param_wrong_value', 'personalized_offer_id'],
  ])(
    'answers 410 offer_expired for a %i %s (unknown or expired offer) and records nothing',
    async (status, code, param) => {
      const { ctx, create } = context({
        create: () =>
          Promise.reject({ http_status_code: status, api_error_code: code, param, message: 'x' }),
      });
      await expect(createOnce(ctx, accept())).rejects.toMatchObject({
        code: 'offer_expired',
        status: 410,
      });
      expect(await readRecord(ctx.store, recordKey('po_1'))).toBeNull();
      await expect(createOnce(ctx, accept())).rejects.toMatchObject({ code: 'offer_expired' });
      expect(create).toHaveBeenCalledTimes(2);
    },
  );

  it.each([
    [400, 'param_wrong_value', 'option_id'],
    [400, 'invalid_request', undefined],
    [405, 'http_method_not_supported', undefined],
  ])(
    'answers any other %i %s with 502 upstream_error, logs the cause, and lets a retry create',
    async (status, code, param) => {
      const { ctx, create, logger } = context({
        create: () =>
          Promise.reject({ http_status_code: status, api_error_code: code, param, message: 'no' }),
      });
      await expect(createOnce(ctx, accept())).rejects.toMatchObject({
        code: 'upstream_error',
        status: 502,
      });
      expect(logger.error).toHaveBeenCalledWith(
        'Chargebee offer_fulfillments.create failed',
        expect.objectContaining({ status, apiErrorCode: code }),
      );
      expect(await readRecord(ctx.store, recordKey('po_1'))).toBeNull();
      await expect(createOnce(ctx, accept())).rejects.toMatchObject({ code: 'upstream_error' });
      expect(create).toHaveBeenCalledTimes(2);
    },
  );

  it('keeps the hosted page with the record and returns it on repeats until it expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const now = Date.now();
      const page = {
        id: 'hp_1',
        url: 'https://acme-test.chargebee.com/pages/v4/hp_1/',
        type: 'checkout_existing',
        state: 'created',
        embed: false,
        created_at: Math.floor(now / 1000),
        expires_at: Math.floor(now / 1000) + 3 * 3600,
        content: { customer: { email: 'not for the browser' } },
      };
      const { ctx, create } = context({
        create: async () => ({
          offer_fulfillment: { ...fulfillment(), processing_type: 'checkout' },
          hosted_page: page,
        }),
      });
      const { content: _content, ...expected } = page;
      const first = await createOnce(ctx, accept());
      expect(first.response.hosted_page).toEqual(expected);
      const again = await createOnce(ctx, accept());
      expect(again.created).toBe(false);
      expect(again.response.hosted_page).toEqual(expected);
      vi.setSystemTime(now + 3 * 3600 * 1000);
      expect((await createOnce(ctx, accept())).response.hosted_page).toBeNull();
      expect(create).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never loses a created fulfillment: an unknown status is kept, polled as not final', async () => {
    const { ctx, create } = context({
      create: async () => ({
        offer_fulfillment: fulfillment('awaiting_review'),
        hosted_page: null,
      }),
    });
    const first = await createOnce(ctx, accept());
    expect(first.response.fulfillment.status).toBe('awaiting_review');
    expect(await readRecord(ctx.store, recordKey('po_1'))).toMatchObject({
      state: 'done',
      id: 'ful_1',
    });
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('records the fulfillment id even when the rest of the answer is not understood', async () => {
    const { ctx, create, retrieve } = context({
      create: async () => ({
        offer_fulfillment: { ...fulfillment(), processing_type: 'carrier_pigeon' },
        hosted_page: null,
      }),
    });
    await expect(createOnce(ctx, accept())).rejects.toMatchObject({ code: 'upstream_error' });
    expect(await readRecord(ctx.store, recordKey('po_1'))).toMatchObject({
      state: 'done',
      id: 'ful_1',
    });
    // The repeat answers from Chargebee's fulfillment, never with a second create.
    await createOnce(ctx, accept());
    expect(create).toHaveBeenCalledTimes(1);
    expect(retrieve).toHaveBeenCalledWith('ful_1');
  });

  it('blocks further creates while the outcome is unknown (a timeout)', async () => {
    const { ctx, create } = context({
      create: () => Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
    });
    await expect(createOnce(ctx, accept())).rejects.toMatchObject({ code: 'upstream_timeout' });
    await expect(createOnce(ctx, accept())).rejects.toMatchObject({
      code: 'upstream_unavailable',
      retryAfter: 30,
    });
    expect(create).toHaveBeenCalledTimes(1);
    expect(await readRecord(ctx.store, recordKey('po_1'))).toEqual({ state: 'unknown' });
  });

  it('runs the fulfiller of a webhook option, records its grant and reports it', async () => {
    const grant = { unit_id: 'ai_credits', amount: '50', expires_at: 1_800_000_000 };
    const fulfiller = vi.fn<Fulfiller>(async () => ({ status: 'completed', grant }));
    const { ctx, update, events } = context({
      create: async () => ({ offer_fulfillment: fulfillment() }),
      fulfillers: { opt_1: fulfiller },
    });
    const result = await createOnce(ctx, accept());
    expect(fulfiller).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenCalledTimes(1);
    expect(result.response.fulfillment).toMatchObject({ status: 'completed', grant });
    expect(await readRecord(ctx.store, recordKey('po_1'))).toEqual({
      state: 'done',
      id: 'ful_1',
      grant,
    });
    expect(events.map((event) => event.type)).toEqual(['accepted', 'completed']);
  });
});
