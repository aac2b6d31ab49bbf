import { describe, expect, it } from 'vitest';
import { createSimulator } from '../create-simulator';
import { defaultScenario } from '../default-scenario';
import type { Scenario } from '../scenario';
import type { Simulator } from '../simulator';

const AUTH = `Basic ${btoa('test_simulator_key:')}`;
const GROW = 'https://upsell-kit-test.grow.chargebee.com/api/v2';

async function api(sim: Simulator, method: string, path: string, body?: unknown) {
  const response = await sim.handle(
    new Request(`${GROW}/${path}`, {
      method,
      headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  return response.json();
}

async function startCheckout(sim: Simulator) {
  const offers = await api(sim, 'POST', 'personalized_offers', {
    customer_id: 'c',
    subscription_id: 's',
    custom: { seats_used_percent: 95 },
  });
  const offer = offers.personalized_offers[0];
  const created = await api(sim, 'POST', 'offer_fulfillments', {
    personalized_offer_id: offer.id,
    option_id: 'upgrade_to_business',
  });
  return {
    fulfillmentId: created.offer_fulfillment.id as string,
    page: created.hosted_page as {
      id: string;
      url: string;
      created_at: number;
      expires_at: number;
    },
  };
}

const status = async (sim: Simulator, id: string) =>
  (await api(sim, 'GET', `offer_fulfillments/${id}`)).offer_fulfillment;

function postForm(sim: Simulator, html: string, pageUrl: string, button: 'Pay' | 'Abandon') {
  // Follow the page's own form, as a browser would.
  const form = new RegExp(
    `<form method="post" action="([^"]+)"><button type="submit">${button}</button>`,
  ).exec(html);
  expect(form, `a ${button} form`).not.toBeNull();
  return sim.handle(
    new Request(new URL(form?.[1] ?? '', pageUrl), { method: 'POST', redirect: 'manual' }),
  );
}

describe('hosted checkout page', () => {
  it('serves an accessible HTML page with Pay and Abandon buttons', async () => {
    const sim = createSimulator();
    const { page } = await startCheckout(sim);
    const response = await sim.handle(new Request(page.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<title>Checkout: Upgrade to Business</title>');
    expect(html).toContain('<h1>Checkout</h1>');
    expect(html).toMatch(/<button type="submit">Pay<\/button>/);
    expect(html).toMatch(/<button type="submit">Abandon<\/button>/);
    expect(html).not.toContain('<script');
  });

  it('Pay completes the fulfillment and marks the page succeeded', async () => {
    const sim = createSimulator();
    const { page, fulfillmentId } = await startCheckout(sim);
    const html = await (await sim.handle(new Request(page.url))).text();
    const paid = await postForm(sim, html, page.url, 'Pay');
    expect(paid.status).toBe(200);
    expect(await paid.text()).toContain('Payment complete');
    expect(await status(sim, fulfillmentId)).toMatchObject({
      status: 'completed',
      completed_at: expect.any(Number),
    });
    // the page now shows its final state and offers no buttons
    const after = await (await sim.handle(new Request(page.url))).text();
    expect(after).toContain('Payment complete');
    expect(after).not.toContain('>Pay<');
  });

  it('Abandon fails the fulfillment with checkout_abandoned', async () => {
    const sim = createSimulator();
    const { page, fulfillmentId } = await startCheckout(sim);
    const html = await (await sim.handle(new Request(page.url))).text();
    const abandoned = await postForm(sim, html, page.url, 'Abandon');
    expect(await abandoned.text()).toContain('Checkout cancelled');
    expect(await status(sim, fulfillmentId)).toMatchObject({
      status: 'failed',
      error: { code: 'checkout_abandoned' },
    });
  });

  it('redirects back to the option redirect_url with id and state', async () => {
    const scenario: Scenario = {
      ...defaultScenario,
      offers: defaultScenario.offers.map((o) =>
        o.id === 'plan_upgrade'
          ? {
              ...o,
              options: o.options.map((opt) => ({
                ...opt,
                redirectUrl: 'http://localhost:3000/billing?from=offer',
              })),
            }
          : o,
      ),
    };
    const sim = createSimulator({ scenario });
    const { page } = await startCheckout(sim);
    const html = await (await sim.handle(new Request(page.url))).text();
    const paid = await postForm(sim, html, page.url, 'Pay');
    expect(paid.status).toBe(303);
    const location = new URL(paid.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('http://localhost:3000/billing');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      from: 'offer',
      id: page.id,
      state: 'succeeded',
    });
  });

  it('links back to the page that opened the checkout when the option has no redirect_url', async () => {
    const sim = createSimulator();
    const { page } = await startCheckout(sim);
    await sim.handle(
      new Request(page.url, { headers: { Referer: 'http://localhost:3000/files' } }),
    );
    const paid = await sim.handle(new Request(`${page.url}/pay`, { method: 'POST' }));
    expect(paid.status).toBe(200);
    expect(await paid.text()).toContain(
      '<a href="http://localhost:3000/files">Return to the app</a>',
    );
  });

  it('ignores a non-http Referer', async () => {
    const sim = createSimulator();
    const { page } = await startCheckout(sim);
    await sim.handle(new Request(page.url, { headers: { Referer: 'javascript:alert(1)' } }));
    const paid = await sim.handle(new Request(`${page.url}/pay`, { method: 'POST' }));
    expect(await paid.text()).not.toContain('Return to the app');
  });

  it('refuses to pay twice (409) and 404s unknown pages', async () => {
    const sim = createSimulator();
    const { page } = await startCheckout(sim);
    const pay = () => sim.handle(new Request(`${page.url}/pay`, { method: 'POST' }));
    expect((await pay()).status).toBe(200);
    expect((await pay()).status).toBe(409);
    expect((await sim.handle(new Request(`${page.url}/abandon`, { method: 'POST' }))).status).toBe(
      409,
    );
    expect(
      (await sim.handle(new Request('https://upsell-kit-test.chargebee.com/hosted_pages/hp_nope')))
        .status,
    ).toBe(404);
  });

  it('expires after 3 hours: the page answers 410 and the fulfillment fails', async () => {
    const sim = createSimulator();
    const { page, fulfillmentId } = await startCheckout(sim);
    expect(page.expires_at - page.created_at).toBe(3 * 3600);
    sim.clock.advance(3 * 3600 * 1000 - 1000);
    expect((await sim.handle(new Request(page.url))).status).toBe(200);
    sim.clock.advance(1000);
    const expiredPage = await sim.handle(new Request(page.url));
    expect(expiredPage.status).toBe(410);
    expect(await expiredPage.text()).toContain('This checkout link has expired');
    expect((await sim.handle(new Request(`${page.url}/pay`, { method: 'POST' }))).status).toBe(410);
    expect(await status(sim, fulfillmentId)).toMatchObject({
      status: 'failed',
      error: { code: 'fulfillment_expired' },
    });
  });
});
