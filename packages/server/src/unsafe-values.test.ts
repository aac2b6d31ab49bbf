import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUpsellHandler } from './handler/create-upsell-handler';
import type { UpsellHandlerOptions } from './handler/upsell-handler-options';

// Unsafe values from Chargebee never reach the browser, and no log line carries a token. Chargebee
// is mocked at the network edge (MSW) so that its answers can be as hostile as needed.

const GROW = 'https://acme-test.grow.chargebee.com/api/v2';
const APP = 'https://app.example.com/api/upsell';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const offers = (redirect: string) => ({
  personalized_offers: [
    {
      id: 'po_1',
      offer_id: 'offer_1',
      content: { title: 't', description: 'd' },
      options: [
        { id: 'opt_checkout', label: 'Upgrade', processing_type: 'checkout' },
        {
          id: 'opt_redirect',
          label: 'See plans',
          processing_type: 'url_redirect',
          redirect_url: redirect,
        },
      ],
    },
  ],
  expires_at: Math.floor(Date.now() / 1000) + 3600,
});
const fulfillment = (optionId: string, redirect: string | null = null) => ({
  id: 'ful_1',
  personalized_offer_id: 'po_1',
  option_id: optionId,
  processing_type: optionId === 'opt_checkout' ? 'checkout' : 'url_redirect',
  status: 'in_progress',
  ...(redirect ? { redirect_url: redirect } : {}),
});

function setup(pageUrl: string, overrides: Partial<UpsellHandlerOptions> = {}, grow = GROW) {
  const lines: string[] = [];
  server.use(
    http.post(`${grow}/personalized_offers`, () => HttpResponse.json(offers(pageUrl))),
    http.post(`${grow}/offer_fulfillments`, async ({ request }) => {
      const { option_id: optionId } = (await request.json()) as { option_id: string };
      return HttpResponse.json(
        {
          offer_fulfillment: fulfillment(optionId, optionId === 'opt_redirect' ? pageUrl : null),
          ...(optionId === 'opt_checkout'
            ? { hosted_page: { id: 'hp_1', url: pageUrl, object: 'hosted_page' } }
            : {}),
        },
        { status: 202 },
      );
    }),
  );
  const log = (message: string, detail?: unknown) =>
    void lines.push(`${message} ${JSON.stringify(detail ?? {})}`);
  const upsell = createUpsellHandler({
    chargebee: { site: 'acme-test', apiKey: 'test_key_unsafe_values' },
    identify: () => ({ customerId: 'cus_acme', subscriptionId: 'sub_acme' }),
    secret: 'unsafe-values-test-secret-0123456789abcdef',
    logger: { info: log, warn: log, error: log },
    ...overrides,
  });
  return { upsell, lines };
}

const post = (path: string, body: unknown) =>
  new Request(`${APP}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function offerToken(upsell: ReturnType<typeof setup>['upsell']) {
  const response = await upsell(post('/offers', {}));
  const body = (await response.json()) as {
    offers: { token: string; options: { id: string; redirect_url: string | null }[] }[];
  };
  return body.offers[0]!;
}

describe('URLs from Chargebee', () => {
  it.each([
    'javascript:alert(document.domain)',
    'data:text/html,<script>alert(1)</script>',
    'http://evil.example/pay',
    'http://127.0.0.1:4010/hosted_pages/1',
  ])('drops %j as hosted page and redirect URL against a production site', async (url) => {
    const { upsell, lines } = setup(url);
    const offer = await offerToken(upsell);
    expect(offer.options.find((o) => o.id === 'opt_redirect')?.redirect_url).toBeNull();

    const checkout = await upsell(
      post('/fulfillments', { token: offer.token, option_id: 'opt_checkout' }),
    );
    expect(checkout.status).toBe(201);
    expect(await checkout.json()).toMatchObject({
      hosted_page: null,
      fulfillment: { id: 'ful_1' },
    });
    expect(lines.join('\n')).toContain('hosted page URL that is not https:');
  });

  it('keeps https: pages', async () => {
    const url = 'https://acme-test.chargebee.com/pages/v3/hp_1/';
    const { upsell } = setup(url);
    const offer = await offerToken(upsell);
    expect(offer.options.find((o) => o.id === 'opt_redirect')?.redirect_url).toBe(url);
    const checkout = await upsell(
      post('/fulfillments', { token: offer.token, option_id: 'opt_checkout' }),
    );
    expect(await checkout.json()).toMatchObject({ hosted_page: { id: 'hp_1', url } });
  });

  it('keeps the loopback http: pages of a loopback baseUrl (the simulator)', async () => {
    const url = 'http://127.0.0.1:4999/hosted_pages/hp_1';
    const base = 'http://127.0.0.1:4999';
    const { upsell } = setup(
      url,
      { chargebee: { site: 'acme-test', apiKey: 'test_key_unsafe_values', baseUrl: base } },
      `${base}/api/v2`,
    );
    const offer = await offerToken(upsell);
    const checkout = await upsell(
      post('/fulfillments', { token: offer.token, option_id: 'opt_checkout' }),
    );
    expect(await checkout.json()).toMatchObject({ hosted_page: { url } });
  });

  it('drops a fulfillment redirect_url that is not https:', async () => {
    const { upsell } = setup('javascript:alert(1)');
    const offer = await offerToken(upsell);
    const accepted = await upsell(
      post('/fulfillments', { token: offer.token, option_id: 'opt_redirect' }),
    );
    expect(await accepted.json()).toMatchObject({ fulfillment: { redirect_url: null } });
  });
});

describe('log lines', () => {
  it('never carry the token of a status read that failed unexpectedly', async () => {
    const { upsell, lines } = setup('https://ok.example/', {
      identify: () => {
        throw new Error('session store down');
      },
    });
    const token = 'v1.eyJjdXN0b21lcklkIjoiY3VzX2FjbWUifQ.c2lnbmF0dXJl';
    const response = await upsell(
      new Request(`${APP}/fulfillments/ful_1?token=${encodeURIComponent(token)}`),
    );
    expect(response.status).toBe(500);
    const text = lines.join('\n');
    expect(text).toContain('unexpected error');
    expect(text).toContain('/fulfillments/ful_1?[redacted]');
    expect(text).not.toContain(token);
    expect(text).not.toContain(encodeURIComponent(token));
    expect(text).not.toContain('eyJjdXN0b21lcklkIjoiY3VzX2FjbWUifQ');
  });
});
