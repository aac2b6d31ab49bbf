import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../stores/create-memory-store';
import type { UpsellStore } from '../stores/upsell-store';
import {
  GROW,
  handler,
  mockUpstream,
  post,
  record,
  seen,
  server,
  upstreamOffers,
} from '../test-support/handler-harness';
import { checkFrequencyCaps } from './frequency-caps';

mockUpstream();

const HIGH = { storage_used_percent: 85 };
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 12);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

/** A page load that displays what it got: the offers request, then `viewed` for its offer. */
async function display(upsell: (request: Request) => Promise<Response>, placement?: string) {
  const response = await upsell(
    post('/offers', { custom: HIGH, ...(placement && { placement_id: placement }) }),
  );
  const body = (await response.json()) as { offers: { token: string }[] };
  const offer = body.offers[0];
  if (offer) {
    expect((await upsell(post('/events', { token: offer.token, type: 'viewed' }))).status).toBe(
      204,
    );
  }
  return body.offers.length;
}

/** Offers that expire an hour after each request (the clock moves by days here). */
const freshOffers = http.post(`${GROW}/personalized_offers`, async ({ request }) => {
  await record(request);
  return HttpResponse.json(upstreamOffers());
});
const eventsHandler = http.post(
  `${GROW}/offer_events`,
  () => new HttpResponse(null, { status: 204 }),
);

const offerCalls = () => seen.filter((s) => s.path.endsWith('/personalized_offers')).length;

describe('frequency caps (memory store)', () => {
  it('app-wide: two displays in 24 h, then none (no Chargebee call) until the first leaves the window', async () => {
    server.use(freshOffers, eventsHandler);
    const { upsell } = handler({ frequency: { app: { max: 2, per: '24h' } } });
    expect(await display(upsell)).toBe(1);
    vi.setSystemTime(NOW + 60 * 60_000);
    expect(await display(upsell)).toBe(1);
    const calls = offerCalls();
    expect(await display(upsell)).toBe(0);
    expect(offerCalls()).toBe(calls);
    vi.setSystemTime(NOW + DAY + 1);
    expect(await display(upsell)).toBe(1);
  });

  it('per placement, by id or "*"; a placement over its cap holds, the app cap counts them all', async () => {
    server.use(freshOffers, eventsHandler);
    const { upsell } = handler({
      offerCache: false,
      frequency: {
        app: { max: 3, per: '24h' },
        placements: { 'export-modal': { max: 1, per: '7d' }, '*': { max: 2, per: '24h' } },
      },
    });
    expect(await display(upsell, 'export-modal')).toBe(1);
    expect(await display(upsell, 'export-modal')).toBe(0);
    expect(await display(upsell, 'dashboard')).toBe(1);
    expect(await display(upsell, 'settings')).toBe(1);
    // Three displays in all: the app-wide cap now holds every placement, and unnamed prompts.
    expect(await display(upsell, 'billing')).toBe(0);
    expect(await display(upsell)).toBe(0);
  });

  it('a prompt without a placement counts app-wide only', async () => {
    server.use(freshOffers, eventsHandler);
    const { upsell } = handler({ frequency: { placements: { '*': { max: 1, per: '1h' } } } });
    for (let i = 0; i < 3; i++) expect(await display(upsell)).toBe(1);
  });

  it('a store without sliding windows counts in fixed windows (increment)', async () => {
    server.use(freshOffers, eventsHandler);
    const memory = createMemoryStore();
    const { slidingWindow: _sliding, ...rest } = memory;
    const store: UpsellStore = rest;
    const { upsell } = handler({ store, frequency: { app: { max: 1, per: '1h' } } });
    expect(await display(upsell)).toBe(1);
    expect(await display(upsell)).toBe(0);
    vi.setSystemTime(NOW + 60 * 60_000);
    expect(await display(upsell)).toBe(1);
  });

  it('counts per identity: another user of the same customer has displays of their own', async () => {
    server.use(freshOffers, eventsHandler);
    let user = 'alice';
    const { upsell } = handler({
      identify: () => ({ customerId: 'cus_acme', externalUserId: user }),
      frequency: { app: { max: 1, per: '24h' } },
    });
    expect(await display(upsell)).toBe(1);
    expect(await display(upsell)).toBe(0);
    user = 'bob';
    expect(await display(upsell)).toBe(1);
  });

  it('a capped answer is a plain empty answer (no debug member without debug: true)', async () => {
    server.use(freshOffers, eventsHandler);
    const { upsell } = handler({ frequency: { app: { max: 1, per: '24h' } } });
    await display(upsell);
    const response = await upsell(post('/offers', { custom: HIGH }));
    expect(await response.json()).toEqual({ offers: [], expires_at: null, brand: null });
  });

  it('an invalid placement_id is a 400, no upstream call', async () => {
    server.use(
      http.post(`${GROW}/personalized_offers`, () =>
        HttpResponse.json({ personalized_offers: [] }),
      ),
    );
    const { upsell } = handler();
    const response = await upsell(post('/offers', { custom: HIGH, placement_id: 'has space' }));
    expect(response.status).toBe(400);
    expect(offerCalls()).toBe(0);
  });
});

describe('checkFrequencyCaps', () => {
  it('reads windows as ms or with a unit; nothing set is no cap', () => {
    expect(checkFrequencyCaps({ app: { max: 2, per: '24h' } })?.app).toEqual({
      max: 2,
      perMs: DAY,
    });
    expect(checkFrequencyCaps({ app: { max: 1, per: '30m' } })?.app?.perMs).toBe(1_800_000);
    expect(checkFrequencyCaps({ app: { max: 1, per: 5_000 } })?.app?.perMs).toBe(5_000);
    expect(
      checkFrequencyCaps({ placements: { a: { max: 1, per: '7d' } } })?.placements.get('a'),
    ).toEqual({
      max: 1,
      perMs: 7 * DAY,
    });
    expect(checkFrequencyCaps(undefined)).toBeUndefined();
    expect(checkFrequencyCaps({})).toBeUndefined();
  });

  it.each([
    [{ app: { max: 0, per: '24h' } }, /frequency.app.max must be a positive integer/],
    [{ app: { max: 1.5, per: '24h' } }, /positive integer/],
    [{ app: { max: 1, per: '24 hours' } }, /frequency.app.per must be a window/],
    [{ app: { max: 1, per: 10 } }, /from 1 s to 366 d/],
    [{ app: { max: 1, per: '400d' } }, /from 1 s to 366 d/],
    [{ placements: { x: { max: -1, per: '1h' } } }, /frequency.placements\["x"\].max/],
  ])('refuses %j', (options, message) => {
    expect(() => checkFrequencyCaps(options as never)).toThrow(message);
  });
});
