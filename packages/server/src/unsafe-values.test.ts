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
  let created = 'opt_checkout';
  server.use(
    http.post(`${grow}/personalized_offers`, () => HttpResponse.json(offers(pageUrl))),
    // Retrieve has no hosted page (as Chargebee's); a retry gets it from the record.
    http.get(`${grow}/offer_fulfillments/:id`, () =>
      HttpResponse.json({
        offer_fulfillment: fulfillment(created, created === 'opt_redirect' ? pageUrl : null),
      }),
    ),
    http.post(`${grow}/offer_fulfillments`, async ({ request }) => {
      const { option_id: optionId } = (await request.json()) as { option_id: string };
      created = optionId;
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
  ])('refuses %j as checkout page and redirect URL against a production site', async (url) => {
    const { upsell, lines } = setup(url, { allowedRedirectHosts: ['evil.example'] });
    const offer = await offerToken(upsell);
    expect(offer.options.find((o) => o.id === 'opt_redirect')?.redirect_url).toBeNull();

    const checkout = await upsell(
      post('/fulfillments', { token: offer.token, option_id: 'opt_checkout' }),
    );
    expect(checkout.status).toBe(502);
    expect(await checkout.json()).toMatchObject({ error: { code: 'unsafe_redirect' } });
    expect(lines.join('\n')).toContain('checkout page that is not https:');
  });

  it('keeps https: checkout pages of the site', async () => {
    const url = 'https://acme-test.chargebee.com/pages/v3/hp_1/';
    const { upsell } = setup(url);
    const offer = await offerToken(upsell);
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

  it('refuses a url_redirect accept whose redirect_url is not https:', async () => {
    const { upsell } = setup('javascript:alert(1)');
    const offer = await offerToken(upsell);
    const accepted = await upsell(
      post('/fulfillments', { token: offer.token, option_id: 'opt_redirect' }),
    );
    expect(accepted.status).toBe(502);
    expect(await accepted.json()).toMatchObject({ error: { code: 'unsafe_redirect' } });
  });
});

describe('foreign https: hosts from Chargebee', () => {
  const PHISH = 'https://evil.example/phish';

  it('never become a checkout page: the accept is refused with the prompt’s error, logged once, and retries answer the same', async () => {
    const { upsell, lines } = setup(PHISH);
    const offer = await offerToken(upsell);
    for (let attempt = 0; attempt < 2; attempt++) {
      const checkout = await upsell(
        post('/fulfillments', { token: offer.token, option_id: 'opt_checkout' }),
      );
      expect(checkout.status).toBe(502);
      expect(await checkout.json()).toMatchObject({ error: { code: 'unsafe_redirect' } });
    }
    // Once per host and kind: here the checkout page (and, at /offers, the option's redirect).
    const logged = lines.filter((line) => line.includes('evil.example'));
    expect(logged.filter((line) => line.includes('checkout page'))).toHaveLength(1);
    expect(logged.filter((line) => line.includes('option redirect_url'))).toHaveLength(1);
    for (const line of logged) {
      expect(line).toContain('allowedRedirectHosts');
      expect(line).not.toContain('/phish');
    }
  });

  it('are no redirect: an option’s is dropped, a url_redirect accept is refused with the prompt’s error', async () => {
    const { upsell } = setup(PHISH);
    const offer = await offerToken(upsell);
    expect(offer.options.find((o) => o.id === 'opt_redirect')?.redirect_url).toBeNull();
    const accepted = await upsell(
      post('/fulfillments', { token: offer.token, option_id: 'opt_redirect' }),
    );
    expect(accepted.status).toBe(502);
    expect(await accepted.json()).toMatchObject({ error: { code: 'unsafe_redirect' } });
  });

  it('pass as redirects when allowedRedirectHosts names them (exactly, or by a *. wildcard), or when they are the app’s own host', async () => {
    for (const [url, allowed] of [
      ['https://evil.example/phish', ['evil.example']],
      ['https://plans.acme.example/pro', ['*.acme.example']],
      ['https://app.example.com/plans', []],
    ] as const) {
      const { upsell } = setup(url, { allowedRedirectHosts: [...allowed] });
      const offer = await offerToken(upsell);
      expect(offer.options.find((o) => o.id === 'opt_redirect')?.redirect_url).toBe(url);
      const accepted = await upsell(
        post('/fulfillments', { token: offer.token, option_id: 'opt_redirect' }),
      );
      expect(accepted.status).toBe(201);
      expect(await accepted.json()).toMatchObject({ fulfillment: { redirect_url: url } });
    }
    // A wildcard is for subdomains only; a look-alike suffix is another host.
    for (const url of ['https://acme.example/pro', 'https://plans.notacme.example/pro']) {
      const { upsell } = setup(url, { allowedRedirectHosts: ['*.acme.example'] });
      const offer = await offerToken(upsell);
      expect(offer.options.find((o) => o.id === 'opt_redirect')?.redirect_url).toBeNull();
    }
  });

  it('checkout pages come from the site’s Chargebee hosts, or a custom domain named in allowedRedirectHosts', async () => {
    for (const [url, allowed] of [
      ['https://acme-test.chargebee.com/pages/v3/hp_1/', []],
      ['https://billing.acme.example/pages/v3/hp_1/', ['billing.acme.example']],
    ] as const) {
      const { upsell } = setup(url, { allowedRedirectHosts: [...allowed] });
      const offer = await offerToken(upsell);
      const checkout = await upsell(
        post('/fulfillments', { token: offer.token, option_id: 'opt_checkout' }),
      );
      expect(checkout.status).toBe(201);
      expect(await checkout.json()).toMatchObject({ hosted_page: { url } });
    }
    // Another site's page is not this merchant's checkout.
    const { upsell } = setup('https://other-site.chargebee.com/pages/v3/hp_1/');
    const offer = await offerToken(upsell);
    const checkout = await upsell(
      post('/fulfillments', { token: offer.token, option_id: 'opt_checkout' }),
    );
    expect(checkout.status).toBe(502);
  });

  it('refuses allowedRedirectHosts entries that are no host', () => {
    for (const entry of [
      'https://evil.example',
      'evil.example/x',
      '*',
      '*.com',
      'a*.example',
      '',
    ]) {
      expect(() => setup(PHISH, { allowedRedirectHosts: [entry] })).toThrow(/allowedRedirectHosts/);
    }
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
