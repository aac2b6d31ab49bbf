import { QueryClient } from '@tanstack/react-query';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { OffersResponse } from '@upsell-kit/core';
import { setupServer } from 'msw/node';
import { StrictMode, Suspense, useState } from 'react';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPromptArbiter } from './arbitration';
import { UpsellBanner } from './banner/upsell-banner';
import { UpsellInlineCallout } from './inline-callout/upsell-inline-callout';
import { UpsellModal } from './modal/upsell-modal';
import { contractHandlers, makeOffer } from './test/contract';
import { settleRequests } from './test/in-flight-requests';
import { UpsellProvider } from './upsell-provider';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(async () => {
  await settleRequests();
  server.resetHandlers();
});
afterAll(() => server.close());

/** One offer per usage field, each its own base offer. */
const OFFERS = {
  seats: makeOffer({
    id: 'seats_1',
    offer_id: 'seats',
    token: 'tok_seats',
    content: { title: 'Upgrade to Business', description: 'Unlimited seats.' },
  }),
  storage: makeOffer({
    id: 'storage_1',
    offer_id: 'storage',
    token: 'tok_storage',
    content: { title: 'Running out of storage?', description: 'Add 100 GB.' },
  }),
  ai: makeOffer({
    id: 'ai_1',
    offer_id: 'ai',
    token: 'tok_ai',
    content: { title: 'Almost out of AI credits', description: 'Claim 50.' },
  }),
};
const custom = {
  seats: { seats_used_percent: 95 },
  storage: { storage_used_percent: 86 },
  ai: { ai_credits_used_percent: 93 },
};

/**
 * Answers each prompt's offers request. With `first`, the others are held until `release()`: the
 * test decides which prompt has its offer first, as a real network would in some order.
 */
function serveOffers(first?: keyof typeof OFFERS) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const { handlers, recorded } = contractHandlers({
    offers: (body) => {
      const fields = Object.keys((body as { custom: Record<string, number> }).custom);
      const key = fields[0]?.split('_')[0] as keyof typeof OFFERS;
      const answer: OffersResponse = {
        offers: [OFFERS[key]],
        expires_at: Math.floor(Date.now() / 1000) + 3600,
        brand: null,
      };
      if (!first || key === first) return answer;
      // contractHandlers takes a Response, not a promise of one: a body that waits instead.
      const stream = new ReadableStream({
        async start(controller) {
          await released;
          controller.enqueue(new TextEncoder().encode(JSON.stringify(answer)));
          controller.close();
        },
      });
      return new Response(stream, { headers: { 'content-type': 'application/json' } });
    },
  });
  server.use(...handlers);
  return { recorded, release: () => act(async () => release()) };
}

/** A controlled modal that opens at once (no idle wait) and closes for real. */
function Modal({ priority }: { priority: number }) {
  const [open, setOpen] = useState(true);
  return (
    <UpsellModal custom={custom.seats} priority={priority} open={open} onOpenChange={setOpen} />
  );
}

function Page({ children }: { children: ReactNode }) {
  const [arbiter] = useState(() => createPromptArbiter());
  const [queryClient] = useState(() => new QueryClient());
  return (
    <UpsellProvider arbiter={arbiter} queryClient={queryClient}>
      {children}
    </UpsellProvider>
  );
}

const modal = () => screen.queryByRole('dialog', { name: 'Upgrade to Business' });
const banner = () => screen.queryByRole('region', { name: 'Running out of storage?' });
const callout = () => screen.queryByRole('region', { name: 'Almost out of AI credits' });
const visible = () => [modal(), banner(), callout()].filter(Boolean).length;

describe('arbitration: prompts take turns', () => {
  it('a modal, a banner and a callout all eligible: one at a time, in priority order as each closes', async () => {
    const { recorded, release } = serveOffers('seats');
    const user = userEvent.setup();
    render(
      <StrictMode>
        <Page>
          <UpsellInlineCallout custom={custom.ai} priority={10} />
          <UpsellBanner custom={custom.storage} priority={20} />
          <Modal priority={30} />
        </Page>
      </StrictMode>,
    );
    await waitFor(() => expect(recorded.offers).toHaveLength(3));
    await waitFor(() => expect(modal()).not.toBeNull());
    await release();
    await act(() => new Promise((resolve) => setTimeout(resolve, 80)));
    expect(visible()).toBe(1);
    // Only what is on screen counts as viewed: the waiting two sent nothing.
    expect(recorded.events).toEqual([{ token: 'tok_seats', type: 'viewed' }]);

    await user.click(screen.getByRole('button', { name: 'Not now' }));
    await waitFor(() => expect(banner()).not.toBeNull());
    expect(visible()).toBe(1);

    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(callout()).not.toBeNull());
    expect(visible()).toBe(1);
    await waitFor(() => expect(recorded.events).toHaveLength(5));
    expect(recorded.events).toEqual([
      { token: 'tok_seats', type: 'viewed' },
      { token: 'tok_seats', type: 'dismissed' },
      { token: 'tok_storage', type: 'viewed' },
      { token: 'tok_storage', type: 'dismissed' },
      { token: 'tok_ai', type: 'viewed' },
    ]);
  });

  it('a modal of higher priority interrupts a banner already on screen; the callout waits for both', async () => {
    const { recorded, release } = serveOffers('storage');
    const user = userEvent.setup();
    render(
      <Page>
        <UpsellInlineCallout custom={custom.ai} priority={10} />
        <UpsellBanner custom={custom.storage} priority={20} />
        <Modal priority={30} />
      </Page>,
    );
    await waitFor(() => expect(banner()).not.toBeNull());
    await release();
    await waitFor(() => expect(modal()).not.toBeNull());
    await waitFor(() => expect(recorded.offers).toHaveLength(3));
    await act(() => new Promise((resolve) => setTimeout(resolve, 80)));
    expect(callout()).toBeNull();
    expect(screen.getAllByRole('dialog')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Not now' }));
    await waitFor(() => expect(modal()).toBeNull());
    // The banner keeps its slot: the callout (one non-modal at a time) still waits.
    expect(banner()).not.toBeNull();
    expect(callout()).toBeNull();
  });

  it('a waiting modal takes no focus; it opens (and takes it) once the banner before it closes', async () => {
    const { recorded } = serveOffers();
    const user = userEvent.setup();
    render(
      <Page>
        <UpsellBanner custom={custom.storage} priority={50} />
        <Modal priority={10} />
      </Page>,
    );
    await waitFor(() => expect(banner()).not.toBeNull());
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(modal()).toBeNull();
    expect(document.activeElement).toBe(document.body);
    expect(recorded.events.map((e) => e.token)).toEqual(['tok_storage']);
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(modal()).not.toBeNull());
    await waitFor(() => expect(modal()).toHaveFocus());
  });

  it('an unmounted prompt gives its slot back (StrictMode)', async () => {
    serveOffers();
    function Toggle() {
      const [shown, setShown] = useState(true);
      return (
        <>
          <button type="button" onClick={() => setShown(false)}>
            Hide banner
          </button>
          {shown ? <UpsellBanner custom={custom.storage} priority={20} /> : null}
          <UpsellInlineCallout custom={custom.ai} priority={10} />
        </>
      );
    }
    render(
      <StrictMode>
        <Page>
          <Toggle />
        </Page>
      </StrictMode>,
    );
    await waitFor(() => expect(banner()).not.toBeNull());
    expect(callout()).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Hide banner' }));
    await waitFor(() => expect(callout()).not.toBeNull());
  });

  it('a prompt hidden by a suspending Suspense boundary gives its slot back, and waits when shown again', async () => {
    serveOffers();
    let resolve: () => void = () => {};
    const pending = new Promise<void>((r) => (resolve = r));
    let suspend = false;
    function MaybeSuspend() {
      if (suspend) throw pending;
      return null;
    }
    function Boundary() {
      const [, rerender] = useState(0);
      return (
        <>
          <button
            type="button"
            onClick={() => {
              suspend = true;
              rerender((n) => n + 1);
            }}
          >
            Suspend
          </button>
          <Suspense fallback={<p>Loading the dashboard…</p>}>
            <UpsellBanner custom={custom.storage} priority={20} />
            <MaybeSuspend />
          </Suspense>
          <UpsellInlineCallout custom={custom.ai} priority={10} />
        </>
      );
    }
    render(
      <Page>
        <Boundary />
      </Page>,
    );
    await waitFor(() => expect(banner()).not.toBeNull());
    expect(callout()).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Suspend' }));
    await screen.findByText('Loading the dashboard…');
    // The hidden banner holds no slot: the callout shows.
    await waitFor(() => expect(callout()).not.toBeNull());
    suspend = false;
    await act(async () => {
      resolve();
      await pending;
    });
    await waitFor(() => expect(screen.queryByText('Loading the dashboard…')).toBeNull());
    // Back on screen, the banner asks again and waits behind the callout now showing.
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(banner()).toBeNull();
    expect(callout()).not.toBeNull();
  });

  it('without an arbiter, every prompt shows', async () => {
    serveOffers();
    render(
      <UpsellProvider queryClient={new QueryClient()}>
        <UpsellBanner custom={custom.storage} />
        <UpsellInlineCallout custom={custom.ai} />
      </UpsellProvider>,
    );
    await waitFor(() => expect(visible()).toBe(2));
  });
});
