import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  GROW,
  seen,
  server,
  upstreamOffers,
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
