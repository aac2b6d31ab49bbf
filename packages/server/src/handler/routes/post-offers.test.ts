import { type Identity } from '@upsell-kit/core';
import { http, HttpResponse, delay } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../../stores/create-memory-store';
import {
  SITE,
  API_KEY,
  GROW,
  APP,
  ALICE,
  seen,
  server,
  offersHandler,
  handler,
  post,
  expectError,
  mockUpstream,
} from '../../test-support/handler-harness';
import type { UpsellServerEvent as UpsellEvent } from '../../handler/upsell-server-event';

mockUpstream();

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
              redirect_url: 'https://app.example.com/billing/done',
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
