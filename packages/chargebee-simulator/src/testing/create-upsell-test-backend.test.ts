import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UpsellTestChargebee } from './create-upsell-test-backend';
import { createUpsellTestBackend } from './create-upsell-test-backend';

/**
 * A stand-in for the kit's server handler (the simulator does not depend on @upsell-kit/server):
 * `POST {basePath}/offers` asks Chargebee for offers with the key, through `chargebee.transport`
 * as the real handler's SDK client does, and answers what it got; `POST {basePath}/fulfillments`
 * creates a fulfillment. The real handler is exercised by the demo's component tests.
 */
function stubServer({ transport, apiKey, site }: UpsellTestChargebee) {
  const upstream = (path: string, body: unknown) =>
    transport({
      url: `https://${site}.grow.chargebee.com/api/v2/${path}`,
      method: 'POST',
      headers: new Headers({
        authorization: `Basic ${btoa(`${apiKey}:`)}`,
        'content-type': 'application/json',
      }),
      body: new TextEncoder().encode(JSON.stringify(body)),
      signal: new AbortController().signal,
    });
  return async (request: Request): Promise<Response> => {
    const route = new URL(request.url).pathname.split('/').pop();
    const body = (await request.json()) as Record<string, unknown>;
    const answer =
      route === 'offers'
        ? await upstream('personalized_offers', {
            customer_id: 'cus_1',
            subscription_id: 'sub_1',
            ...body,
          })
        : await upstream('offer_fulfillments', body);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const post = (url: string, body: unknown) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('createUpsellTestBackend', () => {
  it('hands your handler the simulator’s site, key and origin, and serves it at basePath', async () => {
    let given: UpsellTestChargebee | undefined;
    const backend = createUpsellTestBackend({
      handler: (chargebee) => {
        given = chargebee;
        return stubServer(chargebee);
      },
    });
    server.use(...backend.handlers);
    expect(given).toEqual(backend.chargebee);
    expect(backend.chargebee).toMatchObject({
      site: 'upsell-kit-test',
      apiKey: 'test_simulator_key',
    });
    expect(backend.chargebee.baseUrl).toMatch(/^https:\/\/simulator-\d+\.upsell-kit\.test$/);

    const response = await post('http://localhost/api/upsell/offers', {
      custom: { storage_used_percent: 85 },
    });
    expect(response.status).toBe(200);
    const { personalized_offers: offers } = (await response.json()) as {
      personalized_offers: { offer_id: string }[];
    };
    expect(offers.map((o) => o.offer_id)).toEqual(['storage_upsell']);
    // It reached this backend's simulator, with the key (redacted in the record).
    expect(backend.sim.inspect.offers().map((o) => o.customer_id)).toEqual(['cus_1']);
    expect(backend.sim.inspect.requests()[0]?.headers.authorization).toBe('REDACTED');
  });

  it('passes the simulator options through, and serves checkout pages on its own https origin', async () => {
    const backend = createUpsellTestBackend({
      handler: stubServer,
      basePath: '/billing/upsell/',
      site: 'acme-test',
      scenario: {
        customFields: [],
        audiences: [{ id: 'all', rule: { field: 'customer_id', operator: '!=', value: '' } }],
        offers: [
          {
            id: 'upgrade',
            title: 'Upgrade',
            description: 'Business',
            options: [{ id: 'go', label: 'Go', processingType: 'checkout' }],
          },
        ],
        plays: [{ id: 'p', audience: 'all', offer: 'upgrade', priority: 1 }],
      },
    });
    server.use(...backend.handlers);
    expect(backend.chargebee.site).toBe('acme-test');
    const offers = await (await post('http://app.test/billing/upsell/offers', {})).json();
    const offer = offers.personalized_offers[0];
    const accepted = await post('http://app.test/billing/upsell/fulfillments', {
      personalized_offer_id: offer.id,
      option_id: 'go',
    });
    const { hosted_page: page } = await accepted.json();
    expect(page.url.startsWith(`${backend.chargebee.baseUrl}/hosted_pages/`)).toBe(true);
    // The page itself is answered by this simulator.
    const checkout = await fetch(page.url);
    expect(checkout.status).toBe(200);
    expect(await checkout.text()).toContain('Pay');
  });

  it('keeps backends apart: each simulator sees only its own handler’s calls', async () => {
    const one = createUpsellTestBackend({ handler: stubServer, basePath: '/one' });
    const two = createUpsellTestBackend({ handler: stubServer, basePath: '/two' });
    server.use(...one.handlers, ...two.handlers);
    expect(one.chargebee.baseUrl).not.toBe(two.chargebee.baseUrl);
    await post('http://localhost/two/offers', { custom: { storage_used_percent: 85 } });
    expect(one.sim.inspect.offers()).toEqual([]);
    expect(two.sim.inspect.offers()).toHaveLength(1);
  });

  it('answers a handler that fetches the simulator’s origin itself, a dropped connection as a network error', async () => {
    const backend = createUpsellTestBackend({
      handler: (chargebee) => async () => {
        try {
          await fetch(`${chargebee.baseUrl}/api/v2/personalized_offers`, { method: 'POST' });
          return new Response('reached', { status: 200 });
        } catch {
          return new Response('network error', { status: 502 });
        }
      },
    });
    server.use(...backend.handlers);
    backend.sim.faults.set('personalized_offers', { dropConnection: true });
    const response = await post('http://localhost/api/upsell/offers', {});
    expect([response.status, await response.text()]).toEqual([502, 'network error']);
  });

  it('answers the SDK’s calls through `chargebee.transport`, in process, as the kit’s server makes them', async () => {
    const backend = createUpsellTestBackend({ handler: stubServer });
    const { transport, site, apiKey } = backend.chargebee;
    const body = new TextEncoder().encode(
      JSON.stringify({ customer_id: 'cus_t', custom: { storage_used_percent: 85 } }),
    );
    const answer = await transport({
      url: `https://${site}.grow.chargebee.com/api/v2/personalized_offers`,
      method: 'POST',
      headers: new Headers({
        authorization: `Basic ${btoa(`${apiKey}:`)}`,
        'content-type': 'application/json',
      }),
      body,
      signal: new AbortController().signal,
    });
    expect(answer.status).toBe(200);
    const offers = JSON.parse(new TextDecoder().decode(answer.body));
    expect(offers.personalized_offers[0].offer_id).toBe('storage_upsell');
    expect(backend.sim.inspect.offers().map((o) => o.customer_id)).toEqual(['cus_t']);
  });

  it('makes the transport fail as the network would: a TypeError when dropped, the abort reason on timeout', async () => {
    const backend = createUpsellTestBackend({ handler: stubServer });
    const { transport } = backend.chargebee;
    const request = (signal: AbortSignal) => ({
      url: `${backend.chargebee.baseUrl}/api/v2/offer_events`,
      method: 'POST',
      headers: new Headers({ authorization: `Basic ${btoa('test_simulator_key:')}` }),
      body: new TextEncoder().encode('{}'),
      signal,
    });
    backend.sim.faults.set('offer_events', { dropConnection: true, times: 1 });
    await expect(transport(request(new AbortController().signal))).rejects.toThrow(TypeError);

    backend.sim.faults.set('offer_events', { latencyMs: 60_000, times: 1 });
    const timeout = new AbortController();
    const pending = transport(request(timeout.signal));
    timeout.abort(new DOMException('timed out', 'TimeoutError'));
    await expect(pending).rejects.toThrow('timed out');
  });

  it('gives the client a fetch that answers from the handlers, relative URLs included, and refuses the rest', async () => {
    const backend = createUpsellTestBackend({ handler: stubServer });
    const response = await backend.fetch('/api/upsell/offers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ custom: { storage_used_percent: 85 } }),
    });
    expect(response.status).toBe(200);
    expect(backend.sim.inspect.offers()).toHaveLength(1);
    await expect(backend.fetch('https://elsewhere.test/api/other')).rejects.toThrow(
      /Failed to fetch GET https:\/\/elsewhere\.test\/api\/other: no test handler/,
    );
  });
});
