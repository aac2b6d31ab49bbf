import { errorBodySchema, type Identity } from '@upsell-kit/core';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../stores/create-memory-store';
import { createUpsellHandler } from './create-upsell-handler';
import type { UpsellEvent } from './upsell-event';
import type { UpsellHandlerOptions } from './upsell-handler-options';

// Contract tests with Chargebee mocked at the network edge: MSW intercepts the SDK's fetch.

const SITE = 'acme-test';
const API_KEY = 'test_key_4f9a8b7c6d5e';
const GROW = `https://${SITE}.grow.chargebee.com/api/v2`;
const APP = 'https://app.example.com';
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const ALICE: Identity = {
  customerId: 'cus_acme',
  subscriptionId: 'sub_acme',
  email: 'alice@acme.test',
  firstName: 'Alice',
  externalUserId: 'user_alice',
};

interface Seen {
  method: string;
  path: string;
  body: unknown;
  headers: Headers;
}

const seen: Seen[] = [];
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

async function record(request: Request): Promise<void> {
  const text = request.method === 'GET' ? '' : await request.clone().text();
  seen.push({
    method: request.method,
    path: new URL(request.url).pathname,
    body: text ? JSON.parse(text) : null,
    headers: request.headers,
  });
}

const upstreamOffers = (expiresAt = Math.floor(Date.now() / 1000) + 3600) => ({
  personalized_offers: [
    {
      id: 'vdyjO2qlLD_715653d4',
      offer_id: 'vdyjO2qlLD',
      content: {
        title: '<div class="slate-p">Running out of storage?</div>',
        description: '<div class="slate-p">You\'ve used 80% <img src=x onerror=alert(1)></div>',
      },
      options: [
        {
          id: '6cd5280e',
          label: 'Add 100 GB storage',
          processing_type: 'billing_update',
          processing_layout: 'in_app',
          redirect_url: 'https://acme-test.chargebee.com/x',
        },
        { id: 'a1b2c3d4', label: 'Upgrade', processing_type: 'checkout' },
      ],
    },
  ],
  brand: { id: 'brand_1', name: 'Acme' },
  expires_at: expiresAt,
});

const upstreamFulfillment = (overrides: Record<string, unknown> = {}) => ({
  id: 'ful_507c340b',
  personalized_offer_id: 'vdyjO2qlLD_715653d4',
  option_id: '6cd5280e',
  processing_type: 'billing_update',
  status: 'in_progress',
  created_at: 1732790000,
  ...overrides,
});

function offersHandler(body: unknown = upstreamOffers()) {
  return http.post(`${GROW}/personalized_offers`, async ({ request }) => {
    await record(request);
    return HttpResponse.json(body as Record<string, unknown>);
  });
}

function handler(overrides: Partial<UpsellHandlerOptions> = {}) {
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const upsell = createUpsellHandler({
    chargebee: { site: SITE, apiKey: API_KEY, timeoutMs: 3_000 },
    identify: () => ALICE,
    secret: SECRET,
    logger,
    ...overrides,
  });
  return { upsell, logger };
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${APP}/api/upsell${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function get(path: string): Request {
  return new Request(`${APP}/api/upsell${path}`);
}

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const body = v.parse(errorBodySchema, await response.json());
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body;
}

async function fetchOffer(upsell: ReturnType<typeof handler>['upsell']) {
  const response = await upsell(post('/offers', { custom: { storage_used_percent: 85 } }));
  expect(response.status).toBe(200);
  const body = (await response.json()) as { offers: { id: string; token: string }[] };
  const offer = body.offers[0];
  if (!offer) throw new Error('no offer');
  return offer;
}

describe('POST /offers', () => {
  it('returns the personalized offer with a token, fetched with the identity from identify()', async () => {
    server.use(offersHandler());
    const { upsell } = handler();
    const response = await upsell(
      post(
        '/offers',
        {
          custom: { storage_used_percent: 82, plan: 'pro', trial: false },
          context: { url: `${APP}/files`, locale: 'en-US', timezone: 'Europe/Berlin' },
        },
        { 'user-agent': `Mozilla/5.0 ${'x'.repeat(400)}` },
      ),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toEqual({
      offers: [
        {
          id: 'vdyjO2qlLD_715653d4',
          offer_id: 'vdyjO2qlLD',
          token: expect.stringMatching(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/),
          content: {
            title: '<div class="slate-p">Running out of storage?</div>',
            // HTML passes through unchanged: the browser sanitizes where it renders.
            description: '<div class="slate-p">You\'ve used 80% <img src=x onerror=alert(1)></div>',
          },
          options: [
            {
              id: '6cd5280e',
              label: 'Add 100 GB storage',
              processing_type: 'billing_update',
              processing_layout: 'in_app',
              redirect_url: 'https://acme-test.chargebee.com/x',
            },
            {
              id: 'a1b2c3d4',
              label: 'Upgrade',
              processing_type: 'checkout',
              processing_layout: null,
              redirect_url: null,
            },
          ],
        },
      ],
      expires_at: expect.any(Number),
      brand: { id: 'brand_1', name: 'Acme' },
    });

    expect(seen).toHaveLength(1);
    const call = seen[0]!;
    expect(call.path).toBe('/api/v2/personalized_offers');
    expect(call.headers.get('authorization')).toBe(`Basic ${btoa(`${API_KEY}:`)}`);
    const sent = call.body as Record<string, unknown> & { request_context: { user_agent: string } };
    expect(sent).toMatchObject({
      customer_id: 'cus_acme',
      subscription_id: 'sub_acme',
      email: 'alice@acme.test',
      first_name: 'Alice',
      external_user_id: 'user_alice',
      custom: { storage_used_percent: 82, plan: 'pro', trial: false },
      request_context: { url: `${APP}/files`, locale: 'en-US', timezone: 'Europe/Berlin' },
    });
    expect(sent.request_context.user_agent).toHaveLength(255);
  });

  it('sends every field of the identity, and nothing for the fields it lacks', async () => {
    server.use(offersHandler());
    const full: Identity = { ...ALICE, lastName: 'Liddell', roles: ['admin', 'billing'] };
    await handler({ identify: () => full }).upsell(post('/offers', {}));
    await handler({ identify: () => ({ customerId: 'cus_min' }) }).upsell(post('/offers', {}));
    expect(seen.map((call) => call.body)).toEqual([
      {
        customer_id: 'cus_acme',
        subscription_id: 'sub_acme',
        first_name: 'Alice',
        last_name: 'Liddell',
        email: 'alice@acme.test',
        roles: ['admin', 'billing'],
        external_user_id: 'user_alice',
        custom: {},
        request_context: {},
      },
      { customer_id: 'cus_min', custom: {}, request_context: {} },
    ]);
  });

  it('returns an empty list when the customer is not eligible', async () => {
    server.use(offersHandler({ personalized_offers: [], expires_at: 1732790400 }));
    const { upsell } = handler();
    const response = await upsell(post('/offers', {}));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ offers: [], expires_at: 1732790400, brand: null });
  });

  it('lets custom() replace the usage context, given what the browser sent', async () => {
    server.use(offersHandler());
    const custom = vi.fn(async (_request: Request, identity: Identity, fromBrowser: object) => ({
      ...fromBrowser,
      storage_used_percent: 91,
      customer_seen: identity.customerId,
    }));
    const { upsell } = handler({ custom });
    await upsell(post('/offers', { custom: { storage_used_percent: 10, page: 'files' } }));
    expect(custom).toHaveBeenCalledWith(expect.any(Request), ALICE, {
      storage_used_percent: 10,
      page: 'files',
    });
    expect((seen[0]!.body as { custom: unknown }).custom).toEqual({
      storage_used_percent: 91,
      page: 'files',
      customer_seen: 'cus_acme',
    });
  });

  it('401 unauthenticated when identify() returns null, with no upstream call', async () => {
    server.use(offersHandler());
    const { upsell } = handler({ identify: async () => null });
    await expectError(await upsell(post('/offers', {})), 401, 'unauthenticated');
    expect(seen).toHaveLength(0);
  });

  it('400 invalid_request for unknown members, bad values, malformed JSON and non-objects', async () => {
    server.use(offersHandler());
    const { upsell } = handler();
    for (const body of [
      { customer_id: 'cus_other' },
      { custom: { 'bad key': 1 } },
      { custom: { n: Number.MAX_VALUE * 10 } },
      { context: { url: 'x'.repeat(251) } },
      '{"custom":',
      '[]',
      'null',
      '',
    ]) {
      await expectError(await upsell(post('/offers', body)), 400, 'invalid_request');
    }
    expect(seen).toHaveLength(0);
  });

  it('413 payload_too_large over 8 KiB, or the configured limit', async () => {
    server.use(offersHandler());
    const { upsell } = handler();
    const big = JSON.stringify({ custom: { s: 'x'.repeat(9000) } });
    await expectError(await upsell(post('/offers', big)), 413, 'payload_too_large');
    const small = handler({ limits: { bodyBytes: 100 } }).upsell;
    await expectError(
      await small(post('/offers', { custom: { s: 'x'.repeat(120) } })),
      413,
      'payload_too_large',
    );
    expect(seen).toHaveLength(0);
  });

  it('413 for an oversized streamed body without Content-Length', async () => {
    const { upsell } = handler();
    const chunk = new TextEncoder().encode('{"custom":{"s":"' + 'x'.repeat(4000));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        // An endless body: the handler must stop reading after the limit.
        controller.enqueue(chunk);
        if (sent > 1000) controller.close();
      },
    });
    const request = new Request(`${APP}/api/upsell/offers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    await expectError(await upsell(request), 413, 'payload_too_large');
    expect(sent).toBeLessThan(10);
  });

  it('415 unsupported_media_type for a POST that is not application/json', async () => {
    const { upsell } = handler();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      await expectError(
        await upsell(post('/offers', '{}', { 'content-type': type })),
        415,
        'unsupported_media_type',
      );
    }
    // Parameters are allowed.
    server.use(offersHandler());
    const ok = await upsell(
      post('/offers', '{}', { 'content-type': 'application/json; charset=utf-8' }),
    );
    expect(ok.status).toBe(200);
  });

  it('accepts the request’s own origin and allowedOrigins, rejects others', async () => {
    server.use(offersHandler());
    const { upsell } = handler({ allowedOrigins: ['https://admin.example.com'] });
    expect((await upsell(post('/offers', {}, { origin: APP }))).status).toBe(200);
    expect(
      (await upsell(post('/offers', {}, { origin: 'https://admin.example.com' }))).status,
    ).toBe(200);
    expect((await upsell(post('/offers', {}, { 'sec-fetch-site': 'same-origin' }))).status).toBe(
      200,
    );
    await expectError(
      await upsell(post('/offers', {}, { origin: 'https://evil.example' })),
      403,
      'cross_site_request',
    );
    await expectError(
      await upsell(post('/offers', {}, { origin: 'null' })),
      403,
      'cross_site_request',
    );
    await expectError(
      await upsell(post('/offers', {}, { 'sec-fetch-site': 'cross-site', origin: APP })),
      403,
      'cross_site_request',
    );
  });

  it('429 rate_limited per identity with Retry-After in whole seconds; false turns it off', async () => {
    server.use(offersHandler());
    // One store for all handlers here, so that only the identity tells the budgets apart.
    const store = createMemoryStore();
    // No offer cache: every request here would reach Chargebee, as the limits count.
    const { upsell } = handler({ limits: { offers: 2 }, store, offerCache: false });
    expect((await upsell(post('/offers', {}))).status).toBe(200);
    expect((await upsell(post('/offers', {}))).status).toBe(200);
    const limited = await upsell(post('/offers', {}));
    await expectError(limited, 429, 'rate_limited');
    const retryAfter = limited.headers.get('retry-after');
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    expect(seen).toHaveLength(2);

    // Another instance sharing the store: the same identity is still over its budget.
    const again = handler({ limits: { offers: 2 }, store, offerCache: false }).upsell;
    await expectError(await again(post('/offers', {})), 429, 'rate_limited');
    // Another user of the same customer, and another customer, have their own budgets.
    const bob = handler({
      limits: { offers: 2 },
      store,
      offerCache: false,
      identify: () => ({ ...ALICE, externalUserId: 'user_bob', email: 'bob@acme.test' }),
    });
    expect((await bob.upsell(post('/offers', {}))).status).toBe(200);
    const other = handler({
      limits: { offers: 2 },
      store,
      offerCache: false,
      identify: () => ({ customerId: 'cus_other', externalUserId: 'user_alice' }),
    });
    expect((await other.upsell(post('/offers', {}))).status).toBe(200);
    expect(seen).toHaveLength(4);
    // Any string is an id: a lone surrogate in the identity does not break the counting.
    const odd = handler({
      limits: { offers: 1 },
      store,
      identify: () => ({ customerId: 'cus_\ud800', email: 'odd\udc00@acme.test' }),
    }).upsell;
    expect((await odd(post('/offers', {}))).status).toBe(200);
    await expectError(await odd(post('/offers', {})), 429, 'rate_limited');

    const unlimited = handler({ limits: { offers: false } }).upsell;
    for (let i = 0; i < 5; i++) expect((await unlimited(post('/offers', {}))).status).toBe(200);
  });

  it('only counts requests that passed every earlier check', async () => {
    server.use(offersHandler());
    const { upsell } = handler({ limits: { offers: 1 } });
    await expectError(await upsell(post('/offers', { bad: 1 })), 400, 'invalid_request');
    await expectError(
      await upsell(post('/offers', '{}', { 'content-type': 'text/plain' })),
      415,
      'unsupported_media_type',
    );
    expect((await upsell(post('/offers', {}))).status).toBe(200);
  });

  it('maps upstream failures: 4xx/500 → 502, 503/429 → 503 with Retry-After, malformed → 502', async () => {
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const cases: [number, unknown, Record<string, string>, number, string][] = [
      [
        400,
        {
          message: 'custom is invalid',
          api_error_code: 'param_wrong_value',
          http_status_code: 400,
        },
        {},
        502,
        'upstream_error',
      ],
      [
        401,
        {
          message: 'auth failed',
          api_error_code: 'api_authentication_failed',
          http_status_code: 401,
        },
        {},
        502,
        'upstream_error',
      ],
      [
        500,
        { message: 'boom', api_error_code: 'internal_error', http_status_code: 500 },
        {},
        502,
        'upstream_error',
      ],
      [
        503,
        { message: 'site warming up', api_error_code: 'site_not_ready', http_status_code: 503 },
        { 'retry-after': '7' },
        503,
        'upstream_unavailable',
      ],
      [
        429,
        {
          message: 'slow down',
          api_error_code: 'api_request_limit_exceeded',
          http_status_code: 429,
        },
        { 'retry-after': '12' },
        503,
        'upstream_unavailable',
      ],
      [200, { unexpected: true }, {}, 502, 'upstream_error'],
    ];
    for (const [status, body, headers, expected, code] of cases) {
      // A handler per case: a 429 or 503 pauses the next calls of its handler (tested elsewhere).
      const { upsell } = handler({ logger });
      server.use(
        http.post(`${GROW}/personalized_offers`, () =>
          HttpResponse.json(body as Record<string, unknown>, { status, headers }),
        ),
      );
      const response = await upsell(post('/offers', {}));
      const envelope = await expectError(response, expected, code);
      expect(JSON.stringify(envelope)).not.toMatch(
        /custom is invalid|auth failed|boom|warming|slow down/,
      );
      if (headers['retry-after'])
        expect(response.headers.get('retry-after')).toBe(headers['retry-after']);
    }
    expect(logger.error).toHaveBeenCalled();
  });

  it('504 upstream_timeout when Chargebee does not answer in time', async () => {
    server.use(
      http.post(`${GROW}/personalized_offers`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const { upsell } = handler({ chargebee: { site: SITE, apiKey: API_KEY, timeoutMs: 300 } });
    await expectError(await upsell(post('/offers', {})), 504, 'upstream_timeout');
  });

  it('emits offer_fetched through onEvent; a throwing hook does not break the response', async () => {
    server.use(offersHandler());
    const events: UpsellEvent[] = [];
    const { upsell, logger } = handler({
      onEvent: (event) => {
        events.push(event);
        throw new Error('analytics down');
      },
    });
    expect((await upsell(post('/offers', {}))).status).toBe(200);
    expect(events).toEqual([
      {
        type: 'offer_fetched',
        identity: ALICE,
        personalizedOfferId: 'vdyjO2qlLD_715653d4',
        offerId: 'vdyjO2qlLD',
        cached: false,
      },
    ]);
    expect(logger.error).toHaveBeenCalledWith('upsell-kit: onEvent failed', expect.anything());
  });
});

describe('rate limit defaults', () => {
  it('60 offers, 120 events, 20 fulfillments and 120 reads per identity and minute', async () => {
    server.use(
      offersHandler(),
      http.post(`${GROW}/offer_events`, () => new HttpResponse(null, { status: 204 })),
      http.post(`${GROW}/offer_fulfillments`, () =>
        HttpResponse.json({ offer_fulfillment: upstreamFulfillment() }, { status: 202 }),
      ),
      http.get(`${GROW}/offer_fulfillments/:id`, () =>
        HttpResponse.json({ offer_fulfillment: upstreamFulfillment() }),
      ),
    );
    // The clock stands still: every request is in one window.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-21T12:00:05Z') });
    try {
      const { upsell } = handler();
      const offer = await fetchOffer(upsell);
      const read = `/fulfillments/ful_507c340b?token=${encodeURIComponent(offer.token)}`;
      const cases: [string, number, () => Request][] = [
        ['offers', 59, () => post('/offers', {})],
        ['events', 120, () => post('/events', { token: offer.token, type: 'viewed' })],
        [
          'fulfillments',
          20,
          () => post('/fulfillments', { token: offer.token, option_id: '6cd5280e' }),
        ],
        ['reads', 120, () => get(read)],
      ];
      for (const [name, allowed, request] of cases) {
        for (let i = 0; i < allowed; i++) {
          const response = await upsell(request());
          expect(response.status, `${name} #${i + 1}`).toBeLessThan(300);
        }
        const limited = await upsell(request());
        await expectError(limited, 429, 'rate_limited');
        // Sliding windows: the first request leaves its window 60 s after it came.
        expect(limited.headers.get('retry-after')).toBe('60');
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('slide: a burst across a minute boundary can not pass twice the limit', async () => {
    server.use(offersHandler());
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-21T12:00:59.500Z') });
    try {
      const { upsell } = handler({ limits: { offers: 3 }, offerCache: false });
      for (let i = 0; i < 3; i++) expect((await upsell(post('/offers', {}))).status).toBe(200);
      // A fixed window would start afresh at 12:01:00; the sliding one still holds the three.
      vi.setSystemTime(new Date('2026-11-21T12:01:00.500Z'));
      const limited = await upsell(post('/offers', {}));
      await expectError(limited, 429, 'rate_limited');
      expect(limited.headers.get('retry-after')).toBe('59');
      vi.setSystemTime(new Date('2026-11-21T12:01:59.501Z'));
      expect((await upsell(post('/offers', {}))).status).toBe(200);
      expect(seen).toHaveLength(4);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('order of checks', () => {
  it('cross-site → body size → JSON and schema → identify → token → rate limit', async () => {
    server.use(offersHandler());
    const identify = vi.fn((): Identity | null => ALICE);
    const { upsell } = handler({ identify, limits: { fulfillments: 1 } });
    const offer = await fetchOffer(upsell);
    identify.mockClear();
    const big = JSON.stringify({ token: 'x'.repeat(9000), option_id: '6cd5280e' });

    // 415 before the other cross-site rules; cross-site before the body size.
    await expectError(
      await upsell(
        post('/fulfillments', big, {
          'content-type': 'text/plain',
          origin: 'https://evil.example',
        }),
      ),
      415,
      'unsupported_media_type',
    );
    await expectError(
      await upsell(post('/fulfillments', big, { 'sec-fetch-site': 'cross-site' })),
      403,
      'cross_site_request',
    );
    // The body size before JSON: an oversized malformed body is 413.
    await expectError(await upsell(post('/fulfillments', `{${big}`)), 413, 'payload_too_large');
    // Schema before identify: nobody signed in still gets 400 for a bad body, without identify.
    identify.mockReturnValue(null);
    await expectError(
      await upsell(post('/fulfillments', { token: offer.token })),
      400,
      'invalid_request',
    );
    expect(identify).not.toHaveBeenCalled();
    // identify before the token.
    await expectError(
      await upsell(post('/fulfillments', { token: 'garbage', option_id: '6cd5280e' })),
      401,
      'unauthenticated',
    );
    identify.mockReturnValue(ALICE);
    // The token before the rate limit: use up the budget, then a bad token is still 403 / 410.
    server.use(
      http.post(`${GROW}/offer_fulfillments`, () =>
        HttpResponse.json({ offer_fulfillment: upstreamFulfillment() }, { status: 202 }),
      ),
    );
    expect(
      (await upsell(post('/fulfillments', { token: offer.token, option_id: '6cd5280e' }))).status,
    ).toBe(201);
    await expectError(
      await upsell(post('/fulfillments', { token: 'garbage', option_id: '6cd5280e' })),
      403,
      'forbidden',
    );
    await expectError(
      await upsell(post('/fulfillments', { token: offer.token, option_id: 'nope' })),
      400,
      'invalid_request',
    );
    await expectError(
      await upsell(post('/fulfillments', { token: offer.token, option_id: '6cd5280e' })),
      429,
      'rate_limited',
    );
  });
});

describe('routing', () => {
  it('404 not_found for unknown routes and paths outside basePath', async () => {
    const { upsell } = handler();
    await expectError(await upsell(post('/nope', {})), 404, 'not_found');
    await expectError(
      await upsell(new Request(`${APP}/other/offers`, { method: 'POST' })),
      404,
      'not_found',
    );
    await expectError(await upsell(get('/fulfillments/a/b')), 404, 'not_found');
  });

  it('405 method_not_allowed with Allow on known routes', async () => {
    const { upsell } = handler();
    const offers = await upsell(get('/offers'));
    await expectError(offers, 405, 'method_not_allowed');
    expect(offers.headers.get('allow')).toBe('POST');
    const read = await upsell(post('/fulfillments/ful_1', {}));
    await expectError(read, 405, 'method_not_allowed');
    expect(read.headers.get('allow')).toBe('GET');
    const del = await upsell(new Request(`${APP}/api/upsell/events`, { method: 'DELETE' }));
    await expectError(del, 405, 'method_not_allowed');
  });

  it('honours a custom basePath and an adapter-given route path', async () => {
    server.use(offersHandler());
    const { upsell } = handler({ basePath: '/billing/upsell/' });
    const request = new Request(`${APP}/billing/upsell/offers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect((await upsell(request)).status).toBe(200);
    await expectError(await upsell(post('/offers', {})), 404, 'not_found');
    const routed = await upsell(post('/offers', {}), { routePath: '/offers' });
    expect(routed.status).toBe(200);
  });

  it('500 internal_error, opaque, when identify() throws; the detail is logged', async () => {
    const { upsell, logger } = handler({
      identify: () => {
        throw new Error('session store exploded at db.internal:5432');
      },
    });
    const response = await upsell(post('/offers', {}));
    const body = await expectError(response, 500, 'internal_error');
    expect(JSON.stringify(body)).not.toContain('exploded');
    expect(JSON.stringify(logger.error.mock.calls)).toContain('exploded');
  });
});

describe('POST /events', () => {
  it('204 and records the event upstream by personalized offer id', async () => {
    const events: UpsellEvent[] = [];
    server.use(
      offersHandler(),
      http.post(`${GROW}/offer_events`, async ({ request }) => {
        await record(request);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { upsell } = handler({ onEvent: (event) => void events.push(event) });
    const offer = await fetchOffer(upsell);
    for (const type of ['viewed', 'dismissed']) {
      const response = await upsell(post('/events', { token: offer.token, type }));
      expect(response.status).toBe(204);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).toBe('');
    }
    expect(seen.filter((s) => s.path === '/api/v2/offer_events').map((s) => s.body)).toEqual([
      { personalized_offer_id: 'vdyjO2qlLD_715653d4', type: 'viewed' },
      { personalized_offer_id: 'vdyjO2qlLD_715653d4', type: 'dismissed' },
    ]);
    expect(events.map((e) => e.type)).toEqual(['offer_fetched', 'viewed', 'dismissed']);
  });

  it('400 for a bad type, a missing token and extra members', async () => {
    server.use(offersHandler());
    const { upsell } = handler();
    const offer = await fetchOffer(upsell);
    for (const body of [
      { token: offer.token, type: 'accepted' },
      { type: 'viewed' },
      { token: offer.token, type: 'viewed', personalized_offer_id: 'x' },
    ]) {
      await expectError(await upsell(post('/events', body)), 400, 'invalid_request');
    }
  });

  it('403 for a garbled token, 410 offer_expired past expires_at', async () => {
    server.use(offersHandler(upstreamOffers(Math.floor(Date.now() / 1000) - 10)));
    const { upsell } = handler();
    const offer = await fetchOffer(upsell);
    await expectError(
      await upsell(post('/events', { token: 'garbage', type: 'viewed' })),
      403,
      'forbidden',
    );
    await expectError(
      await upsell(post('/events', { token: offer.token, type: 'viewed' })),
      410,
      'offer_expired',
    );
    expect(seen.filter((s) => s.path === '/api/v2/offer_events')).toHaveLength(0);
  });

  it('429 after the events limit', async () => {
    server.use(
      offersHandler(),
      http.post(`${GROW}/offer_events`, () => new HttpResponse(null, { status: 204 })),
    );
    const { upsell } = handler({ limits: { events: 1 } });
    const offer = await fetchOffer(upsell);
    expect((await upsell(post('/events', { token: offer.token, type: 'viewed' }))).status).toBe(
      204,
    );
    await expectError(
      await upsell(post('/events', { token: offer.token, type: 'viewed' })),
      429,
      'rate_limited',
    );
  });
});

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
      hosted_page: { id: 'hp_1', url: 'https://acme-test.chargebee.com/pages/hp_1' },
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
    const second = await upsell(
      post('/fulfillments', { token: offer.token, option_id: '6cd5280e' }),
    );
    expect(second.status).toBe(200);
    const body = await second.json();
    expect(body).toEqual({
      fulfillment: expect.objectContaining({ id: 'ful_507c340b', status: 'completed' }),
      hosted_page: null,
    });
    expect(creates()).toHaveLength(1);
    expect(events.map((e) => e.type)).toEqual(['offer_fetched', 'accepted', 'fulfilled']);
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
    for (const response of responses) {
      await expectError(response, 503, 'upstream_unavailable');
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
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
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
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
    const { upsell } = handler({ onEvent: (event) => void events.push(event) });
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

  it('404 when the fulfillment belongs to another offer or does not exist', async () => {
    server.use(...readHandlers(upstreamFulfillment({ personalized_offer_id: 'someone_else_1' })));
    const { upsell } = handler();
    const offer = await fetchOffer(upsell);
    await expectError(
      await upsell(get(`/fulfillments/ful_other?token=${encodeURIComponent(offer.token)}`)),
      404,
      'not_found',
    );
    server.use(...readHandlers(null));
    await expectError(
      await upsell(get(`/fulfillments/ful_missing?token=${encodeURIComponent(offer.token)}`)),
      404,
      'not_found',
    );
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
    expect((await upsell(get(`/fulfillments/ful_507c340b?token=${token}`))).status).toBe(200);
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(1);
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
    const { upsell } = handler();
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
    const { upsell } = handler({ limits: { fulfillmentReads: 1 } });
    const offer = await fetchOffer(upsell);
    const path = `/fulfillments/ful_507c340b?token=${encodeURIComponent(offer.token)}`;
    expect((await upsell(get(path))).status).toBe(200);
    await expectError(await upsell(get(path)), 429, 'rate_limited');
  });
});

describe('completeFulfillment / failFulfillment', () => {
  it('call the Update API and return the fulfillment', async () => {
    server.use(
      http.post(`${GROW}/offer_fulfillments/:id`, async ({ request, params }) => {
        await record(request);
        const body = (await request.json()) as { status: string };
        return HttpResponse.json({
          offer_fulfillment: upstreamFulfillment({
            id: params.id,
            processing_type: 'webhook',
            status: body.status,
          }),
        });
      }),
    );
    const events: UpsellEvent[] = [];
    const { upsell } = handler({ onEvent: (event) => void events.push(event) });
    const done = await upsell.completeFulfillment('ful_1');
    expect(done).toMatchObject({ id: 'ful_1', status: 'completed', grant: null });
    const failed = await upsell.failFulfillment('ful_2', 'Out of stock');
    expect(failed).toMatchObject({ id: 'ful_2', status: 'failed' });
    expect(seen.map((s) => [s.path, s.body])).toEqual([
      ['/api/v2/offer_fulfillments/ful_1', { id: 'ful_1', status: 'completed' }],
      [
        '/api/v2/offer_fulfillments/ful_2',
        { id: 'ful_2', status: 'failed', failure_reason: 'Out of stock' },
      ],
    ]);
    expect(events.map((e) => [e.type, e.fulfillmentId, e.identity])).toEqual([
      ['fulfilled', 'ful_1', null],
      ['failed', 'ful_2', null],
    ]);
  });

  it('reject bad arguments before any call', async () => {
    const { upsell } = handler();
    await expect(upsell.failFulfillment('ful_1', '')).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(upsell.failFulfillment('ful_1', 'x'.repeat(101))).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(upsell.completeFulfillment('../x')).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(seen).toHaveLength(0);
  });
});
