import { type Identity } from '@upsell-kit/core';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import {
  GROW,
  ALICE,
  server,
  upstreamFulfillment,
  offersHandler,
  handler,
  post,
  get,
  expectError,
  fetchOffer,
  mockUpstream,
} from '../test-support/handler-harness';

mockUpstream();

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
  }, 30_000); // 321 requests: a busy 2-core machine needs more than the default 5 s

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
