import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { setupServer } from 'msw/node';
import { StrictMode, useState } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UpsellProvider } from '../upsell-provider';
import { useUpsellOffer } from '../use-upsell-offer';
import { contractHandlers, errorResponse } from '../test/contract';
import { UpsellModal } from './upsell-modal';
import type { UpsellModalProps } from './upsell-modal';
import { settleRequests } from '../test/in-flight-requests';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(async () => {
  await settleRequests();
  server.resetHandlers();
});
afterAll(() => server.close());

const custom = { storage_used_percent: 85 };

/** An app with an opener button that opens the (controlled) modal. */
function App(props: Partial<UpsellModalProps>) {
  const [open, setOpen] = useState(false);
  return (
    <main>
      <button type="button" onClick={() => setOpen(true)}>
        See offers
      </button>
      <a href="#behind">Behind the dialog</a>
      <UpsellModal custom={custom} open={open} onOpenChange={setOpen} {...props} />
    </main>
  );
}

function renderApp(props: Partial<UpsellModalProps> = {}) {
  return render(
    <StrictMode>
      <UpsellProvider queryClient={new QueryClient()}>
        <App {...props} />
      </UpsellProvider>
    </StrictMode>,
  );
}

/** Another prompt of the same query: tells the test the offer is there. */
function OfferArrived() {
  const { offer } = useUpsellOffer({ custom, placement: 'inline' });
  return offer ? <p>offer arrived</p> : null;
}

describe('UpsellModal', () => {
  it('is a modal dialog named by the title and described by the description', async () => {
    const { handlers } = contractHandlers();
    server.use(...handlers);
    render(
      <UpsellProvider queryClient={new QueryClient()}>
        <UpsellModal custom={custom} />
      </UpsellProvider>,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Running out of storage?' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription('Add 100 GB for $5/month.');
    expect(dialog).toHaveClass('upsell-modal');
    // Portalled to the body, out of any overflow: hidden container.
    expect(dialog.closest('.upsell-overlay')?.parentElement).toBe(document.body);
    const results = await axe.run(document.body);
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it('focuses the dialog (never an option) on open, traps Tab, and returns focus on close', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    renderApp();
    const user = userEvent.setup();
    const opener = screen.getByRole('button', { name: 'See offers' });
    await waitFor(() => expect(recorded.offers).toHaveLength(1));
    await user.click(opener);
    const dialog = await screen.findByRole('dialog');
    const cta = screen.getByRole('button', { name: 'Add 100 GB storage' });
    const dismiss = screen.getByRole('button', { name: 'Dismiss' });
    const notNow = screen.getByRole('button', { name: 'Not now' });
    await waitFor(() => expect(dialog).toHaveFocus());
    // An Enter now accepts nothing.
    await user.keyboard('{Enter}');
    expect(recorded.fulfillments).toHaveLength(0);
    // The corner × first, then the option, then "Not now", then around again.
    await user.tab();
    expect(dismiss).toHaveFocus();
    await user.tab();
    expect(cta).toHaveFocus();
    await user.tab();
    expect(notNow).toHaveFocus();
    await user.tab();
    expect(dismiss).toHaveFocus();
    await user.tab({ shift: true });
    expect(notNow).toHaveFocus();
    expect(dialog).toContainElement(document.activeElement as HTMLElement);

    await user.click(dismiss);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(opener).toHaveFocus();
  });

  it('initialFocus="dismiss" focuses the corner ×', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const { unmount } = renderApp({ initialFocus: 'dismiss' });
    await waitFor(() => expect(recorded.offers).toHaveLength(1));
    await userEvent.click(screen.getByRole('button', { name: 'See offers' }));
    await screen.findByRole('dialog');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Dismiss' })).toHaveFocus());
    unmount();
  });

  it('makes the page behind inert and locks its scroll while open, and restores both', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const { container } = renderApp();
    const user = userEvent.setup();
    await waitFor(() => expect(recorded.offers).toHaveLength(1));
    document.documentElement.style.overflow = 'scroll';
    await user.click(screen.getByRole('button', { name: 'See offers' }));
    const dialog = await screen.findByRole('dialog');
    expect(container).toHaveAttribute('inert');
    expect(dialog.closest('[inert]')).toBeNull();
    expect(document.documentElement.style.overflow).toBe('hidden');
    await user.keyboard('{Escape}');
    expect(container).not.toHaveAttribute('inert');
    expect(document.documentElement.style.overflow).toBe('scroll');
    document.documentElement.style.overflow = '';
  });

  it('an overlay click keeps focus in the dialog and closes it as a dismissal (configurable)', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const { unmount } = renderApp({ closeOnOutsideClick: false });
    const user = userEvent.setup();
    await waitFor(() => expect(recorded.offers).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: 'See offers' }));
    const dialog = await screen.findByRole('dialog');
    const overlay = dialog.closest('.upsell-overlay') as HTMLElement;
    await user.click(overlay);
    // Not closed, and focus did not fall to the body.
    expect(dialog).toBeInTheDocument();
    expect(dialog).toHaveFocus();
    unmount();

    renderApp();
    await user.click(screen.getByRole('button', { name: 'See offers' }));
    const again = await screen.findByRole('dialog');
    // A press inside that ends outside (selecting text) is no outside click.
    await user.pointer([
      { keys: '[MouseLeft>]', target: again },
      { target: again.closest('.upsell-overlay') as HTMLElement },
      { keys: '[/MouseLeft]' },
    ]);
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    await user.click(again.closest('.upsell-overlay') as HTMLElement);
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() =>
      expect(recorded.events.filter((e) => e.type === 'dismissed')).toHaveLength(1),
    );
    expect(screen.getByRole('button', { name: 'See offers' })).toHaveFocus();
  });

  it('uncontrolled, it does not open while a text field has focus or the user is typing', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    render(
      <UpsellProvider queryClient={new QueryClient()}>
        <label>
          Storage quota <input />
        </label>
        {/* Shows when the offer is there: the modal had it too, and held back. */}
        <UpsellModal custom={custom} />
        <OfferArrived />
      </UpsellProvider>,
    );
    const input = screen.getByRole('textbox', { name: 'Storage quota' });
    input.focus();
    await screen.findByText('offer arrived');
    expect(screen.queryByRole('dialog')).toBeNull();
    // Typing goes on; the dialog waits for the user to leave the field.
    await userEvent.type(input, '85');
    expect(screen.queryByRole('dialog')).toBeNull();
    input.blur();
    const dialog = await screen.findByRole('dialog', {}, { timeout: 4000 });
    expect(dialog).toHaveFocus();
    // The viewed event is a request of its own: wait for it to arrive.
    await waitFor(() => expect(recorded.events.map((e) => e.type)).toEqual(['viewed']));
  });
  it('Escape closes it and records one dismissal', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const onOpenChange = vi.fn();
    render(
      <StrictMode>
        <UpsellProvider queryClient={new QueryClient()}>
          <UpsellModal custom={custom} onOpenChange={onOpenChange} />
        </UpsellProvider>
      </StrictMode>,
    );
    const user = userEvent.setup();
    await screen.findByRole('dialog');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await user.keyboard('{Escape}');
    await waitFor(() =>
      expect(recorded.events.filter((e) => e.type === 'dismissed')).toEqual([
        { token: 'tok_storage', type: 'dismissed' },
      ]),
    );
    expect(onOpenChange).toHaveBeenCalledTimes(1);
    expect(onOpenChange).toHaveBeenCalledWith(false);
  });

  it('keeps focus inside while an option is accepted, and "Done" closes without a dismissal', async () => {
    const { handlers, recorded } = contractHandlers({
      fulfill: () => errorResponse(409, 'offer_already_accepted'),
    });
    server.use(...handlers);
    renderApp();
    const user = userEvent.setup();
    await waitFor(() => expect(recorded.offers).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: 'See offers' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(screen.getByRole('button', { name: 'Add 100 GB storage' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'This offer has already been accepted.',
    );
    // The pressed option gave way to "Done", which has focus now.
    const done = screen.getByRole('button', { name: 'Done' });
    await waitFor(() => expect(done).toHaveFocus());
    await user.tab();
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    const results = await axe.run(document.body);
    expect(results.violations.map((v) => v.id)).toEqual([]);
    await user.click(done);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(recorded.events.filter((e) => e.type === 'dismissed')).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'See offers' })).toHaveFocus();
  });

  it('opens by itself when the offer arrives unless defaultOpen is false', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    render(
      <UpsellProvider queryClient={new QueryClient()}>
        <UpsellModal custom={custom} defaultOpen={false} />
      </UpsellProvider>,
    );
    await waitFor(() => expect(recorded.offers).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(screen.queryByRole('dialog')).toBeNull();
    // Not shown, so not viewed.
    expect(recorded.events).toHaveLength(0);
  });
});
