// sim.handlers with MSW's setupServer: the official SDK keeps its default fetch client and real
// Chargebee URLs (https://{site}.grow.chargebee.com, https://{site}.chargebee.com).
import Chargebee from 'chargebee';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator } from './create-simulator';

const sim = createSimulator({ site: 'acme-test', apiKey: 'test_msw_key' });
const server = setupServer(...sim.handlers);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => sim.reset());

const cb = new Chargebee({ site: 'acme-test', apiKey: 'test_msw_key' });

describe('MSW handlers', () => {
  it('serve the Growth host through the SDK default fetch', async () => {
    const offers = await cb.personalizedOffer.personalizedOffers({
      customer_id: 'c',
      subscription_id: 's',
      custom: { storage_used_percent: 81 },
    });
    expect(offers.personalized_offers[0]?.offer_id).toBe('storage_upsell');
    const [request] = sim.inspect.requests();
    expect(request?.path).toBe('/api/v2/personalized_offers');
  });

  it('serve the Billing host (promotional grants, grant blocks)', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    await cb.promotionalGrant.promotionalGrants({
      subscription_id: 's',
      unit_id: 'ai_credits',
      amount: '50',
      expires_at: expiresAt,
    });
    const blocks = await cb.grantBlock.listGrantBlocks({ subscription_id: { is: 's' } });
    expect(blocks.list).toHaveLength(1);
    expect(sim.inspect.requests()[1]?.query).toEqual({ 'subscription_id[is]': 's' });
  });

  it('serve hosted checkout pages on https://{site}.chargebee.com and the control API', async () => {
    const offer = (
      await cb.personalizedOffer.personalizedOffers({
        customer_id: 'c',
        custom: { seats_used_percent: 99 },
      })
    ).personalized_offers[0]!;
    const created = await cb.offerFulfillment.offerFulfillments({
      personalized_offer_id: offer.id,
      option_id: 'upgrade_to_business',
    });
    const url = created.hosted_page?.url ?? '';
    expect(url.startsWith('https://acme-test.chargebee.com/hosted_pages/')).toBe(true);
    expect(await (await fetch(url)).text()).toContain('Abandon');
    await fetch(`${url}/abandon`, { method: 'POST' });
    const fulfillments = await (
      await fetch('https://anything.example/__simulator/fulfillments')
    ).json();
    expect(fulfillments).toEqual([
      expect.objectContaining({
        status: 'failed',
        error: expect.objectContaining({ code: 'checkout_abandoned' }),
      }),
    ]);
  });

  it('answer a network error (HttpResponse.error) for dropConnection', async () => {
    sim.faults.set('personalized_offers', { dropConnection: true });
    const error = await cb.personalizedOffer
      .personalizedOffers({ customer_id: 'c' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
  });

  it('answer Chargebee-shaped errors for faults', async () => {
    sim.faults.set('offer_fulfillments.retrieve', { status: 503 });
    const error = await cb.offerFulfillment.offerFulfillmentsGet('abc').catch((e: unknown) => e);
    expect(error).toMatchObject({
      http_status_code: 503,
      api_error_code: 'internal_temporary_error',
    });
  });
});
