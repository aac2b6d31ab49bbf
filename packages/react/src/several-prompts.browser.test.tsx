import './styles.css';
import { QueryClient } from '@tanstack/react-query';
import type { OffersResponse, UpsellClient } from '@upsell-kit/core';
import { render, screen, waitFor, within } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { createPromptArbiter } from './arbitration';
import { UpsellBanner } from './banner/upsell-banner';
import { UpsellModal } from './modal/upsell-modal';
import { contractHandlers, makeOffer } from './test/contract';
import { clientFor } from './test/contract-fetch';
import { UpsellProvider } from './upsell-provider';

// Issue 23 in each engine (Chromium, Firefox, WebKit): prompts taking turns with real focus and
// rendering, and a dismissal crossing to another provider of the same app over BroadcastChannel
// (two providers of one page stand in for two tabs: the channel delivers to every other object of
// its name, in this document or another).

const seats = makeOffer({
  id: 'seats_1',
  offer_id: 'seats',
  token: 'tok_seats',
  content: { title: 'Upgrade to Business', description: 'Unlimited seats.' },
});
const storage = makeOffer();

function serve() {
  return contractHandlers({
    offers: (body): OffersResponse => ({
      offers: ['seats_used_percent' in (body as { custom: object }).custom ? seats : storage],
      expires_at: Math.floor(Date.now() / 1000) + 3600,
      brand: null,
    }),
  });
}

function Provider({
  client,
  children,
  arbiter,
}: {
  client: UpsellClient;
  children: ReactNode;
  arbiter?: boolean;
}) {
  const [queryClient] = useState(() => new QueryClient());
  const [prompts] = useState(() => (arbiter ? createPromptArbiter() : undefined));
  return (
    <UpsellProvider
      client={client}
      queryClient={queryClient}
      {...(prompts && { arbiter: prompts })}
    >
      {children}
    </UpsellProvider>
  );
}

describe('several prompts in a real engine', () => {
  it('the modal first (focus inside, the banner waiting), then the banner as it closes', async () => {
    const { handlers, recorded } = serve();
    const client = clientFor(handlers);
    function Modal() {
      const [open, setOpen] = useState(true);
      return (
        <UpsellModal
          custom={{ seats_used_percent: 95 }}
          priority={30}
          open={open}
          onOpenChange={setOpen}
        />
      );
    }
    render(
      <StrictMode>
        <Provider client={client} arbiter>
          <Modal />
          <UpsellBanner custom={{ storage_used_percent: 85 }} priority={20} />
        </Provider>
      </StrictMode>,
    );
    await waitFor(() => expect(recorded.offers).toHaveLength(2));
    const dialog = await screen.findByRole('dialog', { name: 'Upgrade to Business' });
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));
    // Whichever offer came first, the banner is not shown while the modal is open unless it was
    // already on screen; with the modal's offer first it waits.
    const bannerNow = screen.queryByRole('region', { name: 'Running out of storage?' });
    if (!bannerNow) expect(recorded.events.map((e) => e.token)).not.toContain('tok_storage');
    await userEvent.keyboard('{Escape}');
    await screen.findByRole('region', { name: 'Running out of storage?' });
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() =>
      expect(
        recorded.events
          .filter((e) => e.type === 'viewed')
          .map((e) => e.token)
          .sort(),
      ).toEqual(['tok_seats', 'tok_storage']),
    );
  });

  it('a dismissal under one provider hides the prompt under another of the same app (BroadcastChannel)', async () => {
    const { handlers, recorded } = serve();
    const client = clientFor(handlers);
    render(
      <>
        <section aria-label="First tab">
          <Provider client={client}>
            <UpsellBanner custom={{ storage_used_percent: 85 }} />
          </Provider>
        </section>
        <section aria-label="Second tab">
          <Provider client={client}>
            <UpsellBanner custom={{ storage_used_percent: 85 }} />
          </Provider>
        </section>
      </>,
    );
    const first = screen.getByRole('region', { name: 'First tab' });
    const second = screen.getByRole('region', { name: 'Second tab' });
    const prompt = (tab: HTMLElement) => tab.querySelector('.upsell-banner');
    await waitFor(() => expect(prompt(first) && prompt(second)).toBeTruthy());
    await userEvent.click(within(first).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(prompt(second)).toBeNull());
    expect(prompt(first)).toBeNull();
    await waitFor(() =>
      expect(recorded.events.filter((e) => e.type === 'dismissed')).toHaveLength(1),
    );
  });
});
