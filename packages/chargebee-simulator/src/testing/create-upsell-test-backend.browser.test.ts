// The test backend in a real browser: MSW's service worker, and a stand-in server handler that
// reaches Chargebee through the official SDK, loaded in the page by `chargebeeInTheBrowser()`
// (this project's Vite config), as an app's browser-mode tests would with the kit's own handler.
import Chargebee from 'chargebee';
import { setupWorker } from 'msw/browser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { UpsellTestChargebee } from './create-upsell-test-backend';
import { createUpsellTestBackend } from './create-upsell-test-backend';

/** The SDK pointed at the simulator's origin, as the kit's server does with `chargebee.baseUrl`. */
function sdkServer({ site, apiKey, baseUrl }: UpsellTestChargebee) {
  const chargebee = new Chargebee({
    site,
    apiKey,
    httpClient: {
      async makeApiRequest(request: Request) {
        const url = new URL(request.url);
        const target = new URL(`${url.pathname}${url.search}`, baseUrl);
        return fetch(target, {
          method: request.method,
          headers: request.headers,
          ...(request.method === 'GET' ? {} : { body: await request.text() }),
        });
      },
    },
  });
  return async (request: Request): Promise<Response> => {
    const { custom } = (await request.json()) as { custom: Record<string, number> };
    const { personalized_offers: offers } = await chargebee.personalizedOffer.personalizedOffers({
      customer_id: 'cus_browser',
      subscription_id: 'sub_browser',
      custom,
    } as Parameters<typeof chargebee.personalizedOffer.personalizedOffers>[0]);
    return Response.json({ offers: offers.map((o) => o.offer_id) });
  };
}

const backend = createUpsellTestBackend({ handler: sdkServer });
const worker = setupWorker(...backend.handlers);
beforeAll(() => worker.start({ quiet: true, onUnhandledFrame: 'bypass' }));
afterAll(() => worker.stop());

it('answers the page’s request with your handler, the SDK and the simulator, all in the browser', async () => {
  const response = await fetch('/api/upsell/offers', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ custom: { storage_used_percent: 85 } }),
  });
  expect(await response.json()).toEqual({ offers: ['storage_upsell'] });
  const [request] = backend.sim.inspect.requests();
  expect(request).toMatchObject({ method: 'POST', path: '/api/v2/personalized_offers' });
  // Basic auth with the simulator's key reached it (and is never recorded).
  expect(request?.headers.authorization).toBe('REDACTED');
  expect(backend.sim.inspect.offers().map((o) => o.customer_id)).toEqual(['cus_browser']);
});
