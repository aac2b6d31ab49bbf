import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  GROW,
  seen,
  server,
  upstreamOffers,
  upstreamFulfillment,
  record,
  offersHandler,
  handler,
  post,
  get,
  expectError,
  fetchOffer,
  mockUpstream,
} from '../../test-support/handler-harness';
import type { UpsellServerEvent as UpsellEvent } from '../../handler/upsell-server-event';
import type { UpsellHandlerOptions } from '../../handler/upsell-handler-options';
import { RECORD_TTL_MS, recordKey, writeRecord } from '../../fulfillment/record';
import { createMemoryStore } from '../../stores/create-memory-store';

mockUpstream();
afterEach(() => {
  vi.useRealTimers();
});

describe('GET /fulfillments/{id}', () => {
  function readHandlers(fulfillment: Record<string, unknown> | null, expiresAt?: number) {
    return [
      offersHandler(upstreamOffers(expiresAt)),
      http.get(`${GROW}/offer_fulfillments/:id`, async ({ request }) => {
        await record(request);
        if (!fulfillment) {
          return HttpResponse.json(
            { message: 'not found', api_error_code: 'resource_not_found', http_status_code: 404 },
            { status: 404 },
          );
        }
        return HttpResponse.json({ offer_fulfillment: fulfillment });
      }),
    ];
  }

  /** A handler whose store holds its record of having created `id` for the offer. */
  async function handlerThatCreated(
    overrides: Partial<UpsellHandlerOptions> = {},
    id = 'ful_507c340b',
  ) {
    const store = createMemoryStore();
    const done = { state: 'done', id, grant: null } as const;
    await writeRecord(store, recordKey('vdyjO2qlLD_715653d4'), done, RECORD_TTL_MS);
    return handler({ store, ...overrides });
  }

  it('200 with the fresh status when the fulfillment belongs to the token’s offer', async () => {
    server.use(
      ...readHandlers(
        upstreamFulfillment({
          status: 'failed',
          error: { code: 'billing_update_failed', message: 'card declined for cus_acme' },
        }),
      ),
    );
    const events: UpsellEvent[] = [];
    const { upsell } = await handlerThatCreated({ onEvent: (event) => void events.push(event) });
    const offer = await fetchOffer(upsell);
    const response = await upsell(
      get(`/fulfillments/ful_507c340b?token=${encodeURIComponent(offer.token)}`),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      fulfillment: {
        id: 'ful_507c340b',
        personalized_offer_id: 'vdyjO2qlLD_715653d4',
        option_id: '6cd5280e',
        processing_type: 'billing_update',
        status: 'failed',
        redirect_url: null,
        error: { code: 'billing_update_failed' },
        grant: null,
      },
    });
    expect(seen.at(-1)!.path).toBe('/api/v2/offer_fulfillments/ful_507c340b');
    // Reading twice reports the final status once.
    await upsell(get(`/fulfillments/ful_507c340b?token=${encodeURIComponent(offer.token)}`));
    expect(events.filter((e) => e.type === 'failed')).toEqual([
      expect.objectContaining({ fulfillmentId: 'ful_507c340b', reason: 'billing_update_failed' }),
    ]);
  });

  it('404 when Chargebee says the recorded fulfillment is of another offer, or does not know it', async () => {
    server.use(...readHandlers(upstreamFulfillment({ personalized_offer_id: 'someone_else_1' })));
    const { upsell } = await handlerThatCreated({}, 'ful_other');
    const offer = await fetchOffer(upsell);
    await expectError(
      await upsell(get(`/fulfillments/ful_other?token=${encodeURIComponent(offer.token)}`)),
      404,
      'not_found',
    );
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(1);
    server.use(...readHandlers(null));
    const { upsell: other } = await handlerThatCreated({}, 'ful_missing');
    await expectError(
      await other(get(`/fulfillments/ful_missing?token=${encodeURIComponent(offer.token)}`)),
      404,
      'not_found',
    );
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(2);
    await expectError(
      await upsell(
        get(
          `/fulfillments/${encodeURIComponent('../../customers')}?token=${encodeURIComponent(offer.token)}`,
        ),
      ),
      404,
      'not_found',
    );
  });

  it('404 without an upstream call for another id than the one this adapter created for the offer', async () => {
    server.use(
      ...readHandlers(upstreamFulfillment()),
      http.post(`${GROW}/offer_fulfillments`, () =>
        HttpResponse.json({ offer_fulfillment: upstreamFulfillment() }, { status: 202 }),
      ),
    );
    const { upsell } = handler();
    const offer = await fetchOffer(upsell);
    const token = encodeURIComponent(offer.token);
    expect(
      (await upsell(post('/fulfillments', { token: offer.token, option_id: '6cd5280e' }))).status,
    ).toBe(201);
    await expectError(
      await upsell(get(`/fulfillments/ful_other?token=${token}`)),
      404,
      'not_found',
    );
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(0);
    // Its own id: the create's status at first (the fleet's read for 2 s), then Chargebee's.
    expect((await upsell(get(`/fulfillments/ful_507c340b?token=${token}`))).status).toBe(200);
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(0);
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 2_100);
    expect((await upsell(get(`/fulfillments/ful_507c340b?token=${token}`))).status).toBe(200);
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(1);
  });

  it('guessed ids cost no Chargebee call, before an accept and after it, and get one answer each time', async () => {
    server.use(
      ...readHandlers(upstreamFulfillment()),
      http.post(`${GROW}/offer_fulfillments`, () =>
        HttpResponse.json({ offer_fulfillment: upstreamFulfillment() }, { status: 202 }),
      ),
    );
    const { upsell } = handler();
    const offer = await fetchOffer(upsell);
    const token = encodeURIComponent(offer.token);
    const reads = () => seen.filter((s) => s.method === 'GET').length;
    const guess = async (id: string, status: number, bodies: Set<string>) => {
      const response = await upsell(get(`/fulfillments/${id}?token=${token}`));
      expect(response.status).toBe(status);
      bodies.add(await response.text());
    };
    // Chargebee knows every id here (MSW answers each as the token's offer's), but this adapter
    // created none of them yet: the offer has no record, so no id can be vouched for (503,
    // which polling retries, never a final 404), the same for every id.
    const before = new Set<string>();
    for (const id of ['ful_507c340b', 'ful_guess_1', 'ful_guess_2']) await guess(id, 503, before);
    expect(reads()).toBe(0);
    expect(before.size).toBe(1);
    expect(
      (await upsell(post('/fulfillments', { token: offer.token, option_id: '6cd5280e' }))).status,
    ).toBe(201);
    const after = new Set<string>();
    for (const id of ['ful_guess_1', 'ful_other']) await guess(id, 404, after);
    expect(reads()).toBe(0);
    // One answer for every guess: nothing tells an id that exists from one that does not.
    expect(after.size).toBe(1);
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 2_100);
    expect((await upsell(get(`/fulfillments/ful_507c340b?token=${token}`))).status).toBe(200);
    expect(reads()).toBe(1);
  });

  it('503 store_unavailable, retried by polling, when the store can not tell whose it is; no Chargebee call', async () => {
    server.use(...readHandlers(upstreamFulfillment()));
    const memory = createMemoryStore();
    let down = false;
    const store = {
      ...memory,
      get: (key: string) => (down ? Promise.reject(new Error('ECONNREFUSED')) : memory.get(key)),
    };
    const { upsell } = handler({ store });
    const offer = await fetchOffer(upsell);
    down = true;
    const response = await upsell(
      get(`/fulfillments/ful_507c340b?token=${encodeURIComponent(offer.token)}`),
    );
    await expectError(response, 503, 'store_unavailable');
    expect(response.headers.get('retry-after')).toBe('5');
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(0);
  });

  it('400 without a token, 404 with a bad one (reads never tell whose fulfillment exists)', async () => {
    server.use(...readHandlers(upstreamFulfillment()));
    const { upsell } = handler();
    await expectError(await upsell(get('/fulfillments/ful_507c340b')), 400, 'invalid_request');
    await expectError(
      await upsell(get('/fulfillments/ful_507c340b?token=abc.def')),
      404,
      'not_found',
    );
    expect(seen.filter((s) => s.path.startsWith('/api/v2/offer_fulfillments'))).toHaveLength(0);
  });

  it('accepts an expired token for 24 hours more, then 410', async () => {
    const now = Math.floor(Date.now() / 1000);
    server.use(...readHandlers(upstreamFulfillment(), now - 23 * 3600));
    const { upsell } = await handlerThatCreated();
    const recent = await fetchOffer(upsell);
    expect(
      (await upsell(get(`/fulfillments/ful_507c340b?token=${encodeURIComponent(recent.token)}`)))
        .status,
    ).toBe(200);
    server.use(...readHandlers(upstreamFulfillment(), now - 25 * 3600));
    const old = await fetchOffer(upsell);
    await expectError(
      await upsell(get(`/fulfillments/ful_507c340b?token=${encodeURIComponent(old.token)}`)),
      410,
      'offer_expired',
    );
  });

  it('429 after the reads limit', async () => {
    server.use(...readHandlers(upstreamFulfillment()));
    const { upsell } = await handlerThatCreated({ limits: { fulfillmentReads: 1 } });
    const offer = await fetchOffer(upsell);
    const path = `/fulfillments/ful_507c340b?token=${encodeURIComponent(offer.token)}`;
    expect((await upsell(get(path))).status).toBe(200);
    await expectError(await upsell(get(path)), 429, 'rate_limited');
  });
});
