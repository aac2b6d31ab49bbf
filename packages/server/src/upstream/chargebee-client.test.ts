import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createChargebeeClient } from './chargebee-client';

// `baseUrl` sends every SDK call, Growth and Billing hosts alike, to one origin with the same
// /api/v2 paths; the SDK's JSON bodies and Basic auth are kept.

const seen: {
  url: string;
  method: string;
  body: string;
  auth: string | null;
  type: string | null;
}[] = [];
const server = setupServer(
  http.all('http://127.0.0.1:4999/*', async ({ request }) => {
    seen.push({
      url: request.url,
      method: request.method,
      body: request.method === 'GET' ? '' : await request.text(),
      auth: request.headers.get('authorization'),
      type: request.headers.get('content-type'),
    });
    if (request.url.includes('promotional_grants')) {
      return HttpResponse.json({ ledger_operations: [], grant_blocks: [] });
    }
    return HttpResponse.json({ personalized_offers: [], expires_at: 1 });
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  seen.length = 0;
});
afterAll(() => server.close());

it('routes Growth and Billing calls to baseUrl, keeping paths, JSON bodies and auth', async () => {
  const chargebee = createChargebeeClient({
    site: 'acme-test',
    apiKey: 'base_url_key_0123',
    baseUrl: 'http://127.0.0.1:4999/chargebee/',
  });
  await chargebee.personalizedOffer.personalizedOffers({
    customer_id: 'cus_ü',
    custom: { a: 'ß' },
  });
  await chargebee.promotionalGrant.promotionalGrants({
    subscription_id: 'sub_1',
    unit_id: 'ai_credits',
    amount: '1',
    expires_at: 2_000_000_000,
  });
  await chargebee.offerFulfillment.offerFulfillmentsGet('ful 1');
  expect(seen.map((call) => [call.method, call.url])).toEqual([
    ['POST', 'http://127.0.0.1:4999/chargebee/api/v2/personalized_offers'],
    ['POST', 'http://127.0.0.1:4999/chargebee/api/v2/promotional_grants'],
    ['GET', 'http://127.0.0.1:4999/chargebee/api/v2/offer_fulfillments/ful%201'],
  ]);
  expect(JSON.parse(seen[0]!.body)).toEqual({ customer_id: 'cus_ü', custom: { a: 'ß' } });
  expect(seen[0]!.type).toMatch(/^application\/json/);
  for (const call of seen) expect(call.auth).toBe(`Basic ${btoa('base_url_key_0123:')}`);
});
