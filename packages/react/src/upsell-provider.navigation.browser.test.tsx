import { QueryClient } from '@tanstack/react-query';
import type { HostedPage, OfferOption } from '@upsell-kit/core';
import { render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { UpsellBanner } from './banner/upsell-banner';
import { contractHandlers, makeFulfillment, makeOffer } from './test/contract';
import { clientFor } from './test/contract-fetch';
import { UpsellProvider } from './upsell-provider';
import type { UpsellProviderProps } from './upsell-provider';

// In Chromium, with the real location: a server (or anything between it and the browser) that
// answers an accept with a foreign https: URL does not move the customer. The prompt says so.

const HOSTILE = 'https://evil.example/phish';
const REFUSED_TEXT = 'The checkout could not be opened from this page.';

/** A server whose one offer has `option`, and whose accept answers in progress with `page`. */
function serverWith(option: OfferOption, page: HostedPage | null, redirectUrl: string | null) {
  return contractHandlers({
    offers: () => ({
      offers: [makeOffer({ options: [option] })],
      expires_at: Math.floor(Date.now() / 1000) + 3600,
      brand: null,
    }),
    fulfill: () => ({
      status: 201,
      body: {
        fulfillment: makeFulfillment({
          option_id: option.id,
          processing_type: option.processing_type,
          redirect_url: redirectUrl,
        }),
        hosted_page: page,
      },
    }),
  });
}

const checkout: OfferOption = {
  id: 'co',
  label: 'Upgrade to Business',
  processing_type: 'checkout',
  processing_layout: 'full_page',
  redirect_url: null,
};

function renderPrompt(
  { handlers }: ReturnType<typeof contractHandlers>,
  provider: Partial<UpsellProviderProps> = {},
) {
  const onError = vi.fn();
  render(
    <UpsellProvider
      client={clientFor(handlers)}
      queryClient={new QueryClient()}
      onError={onError}
      {...provider}
    >
      <UpsellBanner custom={{ seats_used_percent: 95 }} />
    </UpsellProvider>,
  );
  return { onError };
}

/** The README's drawer: `onCheckout` loads the hosted page in an iframe of the app's own. */
function CheckoutDrawer({ register }: { register: (open: (url: string) => void) => void }) {
  const [url, setUrl] = useState<string | null>(null);
  register(setUrl);
  return url ? <iframe title="Checkout" src={url} /> : null;
}

describe('navigation allow-list in Chromium', () => {
  it(`the default navigation does not follow a hosted page at ${HOSTILE}; the prompt says so`, async () => {
    const before = window.location.href;
    const server = serverWith(checkout, { id: 'hp_1', url: HOSTILE }, null);
    const { onError } = renderPrompt(server);
    await userEvent.click(await screen.findByRole('button', { name: 'Upgrade to Business' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(REFUSED_TEXT));
    // Still this page: no navigation was even started (a started one would unload the runner).
    expect(window.location.href).toBe(before);
    expect(screen.getByRole('region', { name: 'Running out of storage?' })).toHaveAttribute(
      'data-state',
      'error',
    );
    expect(onError).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({
        code: 'unsafe_redirect',
        message: expect.stringContaining(HOSTILE),
      }),
    );
    expect(server.recorded.reads).toEqual([]);
  });

  it('the README’s onCheckout iframe never gets a hostile page, and the prompt says so', async () => {
    let open: (url: string) => void = () => {};
    const onCheckout = vi.fn((page: HostedPage) => open(page.url));
    const server = serverWith(checkout, { id: 'hp_1', url: HOSTILE }, null);
    renderPrompt(server, { onCheckout });
    render(<CheckoutDrawer register={(fn) => (open = fn)} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Upgrade to Business' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(REFUSED_TEXT));
    expect(onCheckout).not.toHaveBeenCalled();
    expect(document.querySelector('iframe')).toBeNull();
  });

  it('a Chargebee hosted page reaches onCheckout', async () => {
    const chargebee = 'https://acme.chargebee.com/pages/v4/hp_1/';
    const onCheckout = vi.fn();
    renderPrompt(serverWith(checkout, { id: 'hp_1', url: chargebee }, null), { onCheckout });
    await userEvent.click(await screen.findByRole('button', { name: 'Upgrade to Business' }));
    await waitFor(() =>
      expect(onCheckout).toHaveBeenCalledWith(
        { id: 'hp_1', url: chargebee },
        expect.anything(),
        'full_page',
      ),
    );
  });

  it('a redirect goes to a host the app lists, never to another', async () => {
    const option: OfferOption = {
      id: 'ur',
      label: 'See annual plans',
      processing_type: 'url_redirect',
      redirect_url: null,
    };
    const navigate = vi.fn();
    const listed = 'https://billing.example.net/annual';
    renderPrompt(serverWith(option, null, listed), {
      navigate,
      allowedRedirectHosts: ['billing.example.net'],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'See annual plans' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledExactlyOnceWith(listed));
  });

  it(`a redirect to ${HOSTILE} is refused though another host is listed; the prompt says so`, async () => {
    const option: OfferOption = {
      id: 'ur',
      label: 'See annual plans',
      processing_type: 'url_redirect',
      redirect_url: null,
    };
    const navigate = vi.fn();
    const { onError } = renderPrompt(serverWith(option, null, HOSTILE), {
      navigate,
      allowedRedirectHosts: ['billing.example.net'],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'See annual plans' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(REFUSED_TEXT));
    expect(navigate).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'unsafe_redirect' }));
  });
});
