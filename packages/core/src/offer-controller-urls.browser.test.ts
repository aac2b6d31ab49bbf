import { afterEach, describe, expect, it, vi } from 'vitest';
import { createUpsellClient } from './client';
import { createOfferController } from './offer-controller';
import type { Fulfillment, HostedPage, Offer } from './types';

// In Chromium, against the browser's own URL parser and location: the controller hands an
// upstream checkout URL to the app (`onCheckout`) or to a navigation only when it is the page's
// own origin or an https: Chargebee page (or a listed host). The server drops such URLs too; this
// is the browser's check of its own.

afterEach(() => vi.restoreAllMocks());

const offer: Offer = {
  id: 'po_1',
  offer_id: 'offer_1',
  token: 'tok',
  content: { title: 't', description: 'd' },
  options: [
    {
      id: 'co',
      label: 'Upgrade',
      processing_type: 'checkout',
      processing_layout: 'in_app',
      redirect_url: null,
    },
  ],
};
const fulfillment: Fulfillment = {
  id: 'ful_1',
  personalized_offer_id: 'po_1',
  option_id: 'co',
  processing_type: 'checkout',
  status: 'in_progress',
  redirect_url: null,
  error: null,
  grant: null,
};

/** A client whose accept answers with `url` as the hosted page, and whose reads complete. */
function clientWith(url: string) {
  const fetchStub: typeof fetch = async (input) => {
    const path = new URL(String(input), location.href).pathname;
    if (path.endsWith('/fulfillments')) {
      return Response.json({ fulfillment, hosted_page: { id: 'hp_1', url } }, { status: 201 });
    }
    return Response.json({ fulfillment: { ...fulfillment, status: 'completed' } });
  };
  return createUpsellClient({ baseUrl: '/api/upsell', fetch: fetchStub });
}

async function accept(url: string) {
  const onCheckout = vi.fn<(page: HostedPage) => void>();
  const navigate = vi.fn<(url: string) => void>();
  const onError = vi.fn();
  for (const withCheckout of [true, false]) {
    const controller = createOfferController({
      client: clientWith(url),
      ...(withCheckout ? { onCheckout } : {}),
      navigate,
      onError,
      pollTimeoutMs: 10,
    });
    controller.start();
    controller.setQuery({
      enabled: true,
      data: { offers: [offer], expires_at: null, brand: null },
      error: null,
      fetching: false,
    });
    await controller.accept('co');
    controller.stop();
  }
  return { onCheckout, navigate, onError };
}

describe('checkout URLs in Chromium', () => {
  it.each([
    'javascript:alert(document.domain)',
    ' JavaScript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'http://evil.example/pay',
    'https://evil.example/phish',
    'https://chargebee.com@evil.example/phish',
    'https://acme.chargebee.com.evil.example/pages/v4/hp_1/',
  ])('%j reaches neither onCheckout nor a navigation, and is reported', async (url) => {
    const { onCheckout, navigate, onError } = await accept(url);
    expect(onCheckout).not.toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringContaining('unsafe') }),
      expect.anything(),
    );
  });

  it('an https: page reaches onCheckout, and a navigation without it', async () => {
    const url = 'https://acme.chargebee.com/pages/v4/hp_1/';
    const { onCheckout, navigate } = await accept(url);
    expect(onCheckout).toHaveBeenCalledWith({ id: 'hp_1', url }, offer, 'in_app');
    expect(navigate).toHaveBeenCalledWith(url);
  });
});
