import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  GROW,
  handler,
  mockUpstream,
  post,
  record,
  server,
  upstreamOffers,
} from '../test-support/handler-harness';

// Issue 23: what only the server knows reaches the browser in development (`debug: true`), each
// reason caused here for real: a cap, the cache, options dropped as unknown, and the three causes
// of a 503 (the budget shed the fetch, a pause after Chargebee's 429, Chargebee itself).

mockUpstream();
afterEach(() => vi.unstubAllEnvs());

const HIGH = { storage_used_percent: 85 };
const offers = (body: unknown = upstreamOffers()) =>
  http.post(`${GROW}/personalized_offers`, async ({ request }) => {
    await record(request);
    return HttpResponse.json(body as Record<string, unknown>);
  });
const events = http.post(`${GROW}/offer_events`, () => new HttpResponse(null, { status: 204 }));

const fetchOffers = async (upsell: (r: Request) => Promise<Response>, extra: object = {}) => {
  const response = await upsell(post('/offers', { custom: HIGH, ...extra }));
  // Read loosely: each test asserts the members it is about.
  const body = (await response.json()) as {
    offers: { token: string; options: unknown[] }[];
    debug: { capped: { retry_after: number }; dropped_options?: unknown };
    error?: unknown;
  };
  return { status: response.status, body };
};

describe('debug: true — the debug member of POST /offers', () => {
  it('capped: the cap that held the offers back, no Chargebee call', async () => {
    server.use(offers(), events);
    const { upsell } = handler({ debug: true, frequency: { app: { max: 1, per: '24h' } } });
    const first = await fetchOffers(upsell, { placement_id: 'dashboard' });
    expect(first.body.debug).toEqual({ placement_id: 'dashboard', cached: false });
    await upsell(post('/events', { token: first.body.offers[0]!.token, type: 'viewed' }));
    const capped = await fetchOffers(upsell, { placement_id: 'dashboard' });
    expect(capped.body.offers).toEqual([]);
    expect(capped.body.debug).toEqual({
      placement_id: 'dashboard',
      capped: { scope: 'app', max: 1, per_ms: 86_400_000, retry_after: expect.any(Number) },
    });
    expect(capped.body.debug.capped.retry_after).toBeGreaterThan(86_000);
  });

  it('cached: an answer from the offer cache says so', async () => {
    server.use(offers());
    const { upsell } = handler({ debug: true });
    expect((await fetchOffers(upsell)).body.debug).toEqual({ cached: false });
    expect((await fetchOffers(upsell)).body.debug).toEqual({ cached: true });
  });

  it('dropped_options: an option of a processing type the kit does not know, also on a cached answer', async () => {
    const body = upstreamOffers();
    body.personalized_offers[0]!.options.push({
      id: 'opt_new',
      label: 'Teleport',
      processing_type: 'quantum_leap',
    } as never);
    server.use(offers(body));
    const { upsell } = handler({ debug: true });
    const dropped = [
      { offer_id: 'vdyjO2qlLD', option_id: 'opt_new', processing_type: 'quantum_leap' },
    ];
    const first = await fetchOffers(upsell);
    expect(first.body.offers[0]!.options).toHaveLength(2);
    expect(first.body.debug.dropped_options).toEqual(dropped);
    expect((await fetchOffers(upsell)).body.debug).toEqual({
      cached: true,
      dropped_options: dropped,
    });
  });

  it('dropped_options: an offer left with no option is left out, and the answer says why', async () => {
    const body = upstreamOffers();
    body.personalized_offers[0]!.options = [
      { id: 'opt_new', label: 'Teleport', processing_type: 'quantum_leap' } as never,
    ];
    server.use(offers(body));
    const { upsell } = handler({ debug: true });
    const answer = await fetchOffers(upsell);
    expect(answer.body.offers).toEqual([]);
    expect(answer.body.debug.dropped_options).toEqual([
      { offer_id: 'vdyjO2qlLD', option_id: 'opt_new', processing_type: 'quantum_leap' },
    ]);
  });

  it('shed: the budget had no room for the fetch (no Chargebee call)', async () => {
    server.use(offers());
    let n = 0;
    const { upsell } = handler({
      debug: true,
      offerCache: false,
      upstreamBudget: { requestsPerMinute: 5 },
      identify: () => ({ customerId: `cus_${++n}` }),
    });
    let answer = await fetchOffers(upsell);
    for (let i = 0; i < 10 && answer.status === 200; i++) answer = await fetchOffers(upsell);
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({
      error: { code: 'upstream_unavailable' },
      debug: { reason: 'shed' },
    });
  });

  it('paused: Chargebee answered 429; the next fetch is held by the pause without a call', async () => {
    let calls = 0;
    server.use(
      http.post(`${GROW}/personalized_offers`, () => {
        calls++;
        return HttpResponse.json(
          { message: 'Too many requests', api_error_code: 'api_request_limit_exceeded' },
          { status: 429, headers: { 'retry-after': '30' } },
        );
      }),
    );
    const { upsell } = handler({ debug: true });
    const hit = await fetchOffers(upsell);
    expect(hit).toMatchObject({ status: 503, body: { debug: { reason: 'paused' } } });
    const held = await fetchOffers(upsell, { custom: { storage_used_percent: 90 } });
    expect(held).toMatchObject({ status: 503, body: { debug: { reason: 'paused' } } });
    expect(calls).toBe(1);
  });

  it('upstream: Chargebee itself was unavailable (a 503 without Retry-After)', async () => {
    server.use(
      http.post(`${GROW}/personalized_offers`, () =>
        HttpResponse.json({ message: 'Service unavailable' }, { status: 503 }),
      ),
    );
    const { upsell } = handler({ debug: true });
    const answer = await fetchOffers(upsell);
    expect(answer).toMatchObject({ status: 503, body: { debug: { reason: 'upstream' } } });
  });

  it('is off by default, and ignored in production', async () => {
    server.use(offers());
    expect((await fetchOffers(handler().upsell)).body).not.toHaveProperty('debug');
    vi.stubEnv('NODE_ENV', 'production');
    const { upsell } = handler({
      debug: true,
      secret: 'a-production-secret-that-is-long-enough-0123',
    });
    expect((await fetchOffers(upsell)).body).not.toHaveProperty('debug');
  });
});
