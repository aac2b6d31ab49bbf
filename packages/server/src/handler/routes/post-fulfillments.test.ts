import { http, HttpResponse, delay } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import {
  SITE,
  API_KEY,
  GROW,
  seen,
  server,
  upstreamOffers,
  upstreamFulfillment,
  record,
  offersHandler,
  handler,
  post,
  expectError,
  fetchOffer,
  mockUpstream,
} from '../../test-support/handler-harness';
import type { UpsellServerEvent as UpsellEvent } from '../../handler/upsell-server-event';

mockUpstream();

describe('POST /fulfillments', () => {
  function fulfillmentHandlers(
    createStatus = 202,
    createBody: unknown = { offer_fulfillment: upstreamFulfillment() },
  ) {
    return [
      offersHandler(),
      http.post(`${GROW}/offer_fulfillments`, async ({ request }) => {
        await record(request);
        return HttpResponse.json(createBody as Record<string, unknown>, { status: createStatus });
      }),
      http.get(`${GROW}/offer_fulfillments/:id`, async ({ request, params }) => {
        await record(request);
        return HttpResponse.json({
          offer_fulfillment: upstreamFulfillment({ id: params.id, status: 'completed' }),
        });
      }),
    ];
  }
  const creates = () =>
    seen.filter((s) => s.method === 'POST' && s.path === '/api/v2/offer_fulfillments');

  it('201 with the fulfillment (error message dropped) and hosted_page', async () => {
    server.use(
      ...fulfillmentHandlers(202, {
        offer_fulfillment: upstreamFulfillment({
          option_id: 'a1b2c3d4',
          processing_type: 'checkout',
          error: { code: 'checkout_abandoned', message: 'internal detail' },
        }),
        hosted_page: {
          id: 'hp_1',
          url: 'https://acme-test.chargebee.com/pages/hp_1',
          type: 'checkout_new',
        },
      }),
    );
    const { upsell } = handler();
    const offer = await fetchOffer(upsell);
    const response = await upsell(
      post('/fulfillments', { token: offer.token, option_id: 'a1b2c3d4' }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      fulfillment: {
        id: 'ful_507c340b',
        personalized_offer_id: 'vdyjO2qlLD_715653d4',
        option_id: 'a1b2c3d4',
        processing_type: 'checkout',
        status: 'in_progress',
        redirect_url: null,
        error: { code: 'checkout_abandoned' },
        grant: null,
      },
      hosted_page: {
        id: 'hp_1',
        url: 'https://acme-test.chargebee.com/pages/hp_1',
        type: 'checkout_new',
      },
    });
    expect(creates().map((s) => s.body)).toEqual([
      { personalized_offer_id: 'vdyjO2qlLD_715653d4', option_id: 'a1b2c3d4' },
    ]);
  });

  it('200 with the existing fulfillment, fresh, on a second accept: one upstream create', async () => {
    server.use(...fulfillmentHandlers());
    const events: UpsellEvent[] = [];
    const { upsell } = handler({ onEvent: (event) => void events.push(event) });
    const offer = await fetchOffer(upsell);
    const first = await upsell(
      post('/fulfillments', { token: offer.token, option_id: '6cd5280e' }),
    );
    expect(first.status).toBe(201);
    // Past the 2 s in which the create's answer is the fleet's status read: a read of its own.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 2_100);
    const second = await upsell(
      post('/fulfillments', { token: offer.token, option_id: '6cd5280e' }),
    );
    vi.useRealTimers();
    expect(second.status).toBe(200);
    const body = await second.json();
    expect(body).toEqual({
      fulfillment: expect.objectContaining({ id: 'ful_507c340b', status: 'completed' }),
      hosted_page: null,
    });
    expect(creates()).toHaveLength(1);
    expect(events.map((e) => e.type)).toEqual(['offer_fetched', 'accepted', 'completed']);
  });

  it('20 concurrent accepts → one upstream create, one 201 and nineteen 200', async () => {
    server.use(
      http.post(`${GROW}/offer_fulfillments`, async ({ request }) => {
        await record(request);
        await delay(100);
        return HttpResponse.json({ offer_fulfillment: upstreamFulfillment() }, { status: 202 });
      }),
      ...fulfillmentHandlers(),
    );
    const { upsell } = handler({ chargebee: { site: SITE, apiKey: API_KEY, timeoutMs: 2000 } });
    const offer = await fetchOffer(upsell);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        upsell(post('/fulfillments', { token: offer.token, option_id: '6cd5280e' })),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    expect(creates()).toHaveLength(1);
    // The waiters answer with the create's fulfillment: no retrieve per waiter on one instance.
    expect(seen.filter((s) => s.path.startsWith('/api/v2/offer_fulfillments'))).toHaveLength(1);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as {
      fulfillment: { id: string; status: string };
      hosted_page: unknown;
    }[];
    for (const body of bodies) {
      expect(body.fulfillment).toMatchObject({ id: 'ful_507c340b', status: 'in_progress' });
    }
    expect(bodies.filter((body) => body.hosted_page !== null)).toHaveLength(0);
  });

  it('400 for an option that is not one of the token’s, with no upstream call', async () => {
    server.use(...fulfillmentHandlers());
    const { upsell } = handler();
    const offer = await fetchOffer(upsell);
    await expectError(
      await upsell(post('/fulfillments', { token: offer.token, option_id: 'not_an_option' })),
      400,
      'invalid_request',
    );
    expect(creates()).toHaveLength(0);
  });

  it('409 offer_already_accepted when Chargebee refuses the create with a 4xx', async () => {
    for (const [status, code] of [
      [409, 'invalid_state_for_request'],
      [400, 'param_wrong_value'],
    ] as const) {
      server.use(
        ...fulfillmentHandlers(status, {
          message:
            'Fulfillment is already in progress/completed. Retrieve the fulfillment to know the latest status.',
          api_error_code: code,
          http_status_code: status,
        }),
      );
      const { upsell } = handler();
      const offer = await fetchOffer(upsell);
      const body = await expectError(
        await upsell(post('/fulfillments', { token: offer.token, option_id: '6cd5280e' })),
        409,
        'offer_already_accepted',
      );
      expect(body.error.message).not.toMatch(/Retrieve the fulfillment/);
    }
  });

  it('concurrent accepts refused by Chargebee → all 409, one upstream create', async () => {
    server.use(
      http.post(`${GROW}/offer_fulfillments`, async ({ request }) => {
        await record(request);
        await delay(400);
        return HttpResponse.json(
          {
            message: 'Fulfillment is already in progress/completed.',
            api_error_code: 'invalid_state_for_request',
            http_status_code: 409,
          },
          { status: 409 },
        );
      }),
      ...fulfillmentHandlers(),
    );
    const { upsell } = handler();
    const offer = await fetchOffer(upsell);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        upsell(post('/fulfillments', { token: offer.token, option_id: '6cd5280e' })),
      ),
    );
    for (const response of responses) await expectError(response, 409, 'offer_already_accepted');
    expect(creates()).toHaveLength(1);
  });

  it('concurrent accepts while the create fails (503) answer at once, without more creates', async () => {
    server.use(
      http.post(`${GROW}/offer_fulfillments`, async ({ request }) => {
        await record(request);
        await delay(400);
        return HttpResponse.json(
          { message: 'x', api_error_code: 'internal_temporary_error', http_status_code: 503 },
          { status: 503, headers: { 'Retry-After': '7' } },
        );
      }),
      ...fulfillmentHandlers(),
    );
    // A long timeout: waiters that only gave up at their deadline would end the test by timing out.
    const { upsell } = handler({ chargebee: { site: SITE, apiKey: API_KEY, timeoutMs: 60_000 } });
    const offer = await fetchOffer(upsell);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        upsell(post('/fulfillments', { token: offer.token, option_id: '6cd5280e' })),
      ),
    );
    for (const response of responses) await expectError(response, 503, 'upstream_unavailable');
    // The creator relays Chargebee's Retry-After; the waiters see the claim released: retry soon.
    expect(responses.map((response) => response.headers.get('retry-after')).sort()).toEqual([
      '1',
      '1',
      '1',
      '1',
      '7',
    ]);
    expect(creates()).toHaveLength(1);
  }, 10_000);

  it('releases the claim after a definite failure (503) so that a retry creates', async () => {
    let calls = 0;
    server.use(
      http.post(`${GROW}/offer_fulfillments`, async ({ request }) => {
        await record(request);
        calls += 1;
        if (calls === 1) {
          return HttpResponse.json(
            {
              message: 'try later',
              api_error_code: 'internal_temporary_error',
              http_status_code: 503,
            },
            { status: 503, headers: { 'Retry-After': '7' } },
          );
        }
        return HttpResponse.json({ offer_fulfillment: upstreamFulfillment() }, { status: 202 });
      }),
      ...fulfillmentHandlers(),
    );
    const { upsell } = handler();
    const offer = await fetchOffer(upsell);
    const failed = await upsell(
      post('/fulfillments', { token: offer.token, option_id: '6cd5280e' }),
    );
    await expectError(failed, 503, 'upstream_unavailable');
    expect(failed.headers.get('retry-after')).toBe('7');
    const retried = await upsell(
      post('/fulfillments', { token: offer.token, option_id: '6cd5280e' }),
    );
    expect(retried.status).toBe(201);
    expect(creates()).toHaveLength(2);
  });

  it('a 500 on create is sent once (no SDK retry) and blocks further creates for a while', async () => {
    server.use(
      ...fulfillmentHandlers(500, {
        message: 'boom',
        api_error_code: 'internal_error',
        http_status_code: 500,
      }),
    );
    const { upsell } = handler();
    const offer = await fetchOffer(upsell);
    const request = () =>
      upsell(post('/fulfillments', { token: offer.token, option_id: '6cd5280e' }));
    await expectError(await request(), 502, 'upstream_error');
    await expectError(await request(), 503, 'upstream_unavailable');
    expect(creates()).toHaveLength(1);
  });

  it('after a timeout (outcome unknown) does not create again blindly', async () => {
    server.use(
      http.post(`${GROW}/offer_fulfillments`, async ({ request }) => {
        await record(request);
        await delay('infinite');
        return HttpResponse.json({});
      }),
      ...fulfillmentHandlers(),
    );
    const { upsell } = handler({ chargebee: { site: SITE, apiKey: API_KEY, timeoutMs: 300 } });
    const offer = await fetchOffer(upsell);
    await expectError(
      await upsell(post('/fulfillments', { token: offer.token, option_id: '6cd5280e' })),
      504,
      'upstream_timeout',
    );
    const again = await upsell(
      post('/fulfillments', { token: offer.token, option_id: '6cd5280e' }),
    );
    await expectError(again, 503, 'upstream_unavailable');
    // Blocked for as long as the unknown outcome is remembered (UNKNOWN_TTL_MS, 30 s).
    expect(again.headers.get('retry-after')).toBe('30');
    expect(creates()).toHaveLength(1);
  });

  it('410 offer_expired past expires_at, before any upstream call', async () => {
    server.use(...fulfillmentHandlers());
    server.use(offersHandler(upstreamOffers(Math.floor(Date.now() / 1000) - 1)));
    const { upsell } = handler();
    const offer = await fetchOffer(upsell);
    await expectError(
      await upsell(post('/fulfillments', { token: offer.token, option_id: '6cd5280e' })),
      410,
      'offer_expired',
    );
    expect(creates()).toHaveLength(0);
  });

  it('429 after the fulfillments limit', async () => {
    server.use(...fulfillmentHandlers());
    const { upsell } = handler({ limits: { fulfillments: 1 } });
    const offer = await fetchOffer(upsell);
    expect(
      (await upsell(post('/fulfillments', { token: offer.token, option_id: '6cd5280e' }))).status,
    ).toBe(201);
    await expectError(
      await upsell(post('/fulfillments', { token: offer.token, option_id: '6cd5280e' })),
      429,
      'rate_limited',
    );
  });
});
