import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { setupServer } from 'msw/node';
import { StrictMode, useState } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UpsellProvider } from '../upsell-provider';
import { contractHandlers, errorResponse } from '../test/contract';
import { UpsellModal } from './upsell-modal';
import type { UpsellModalProps } from './upsell-modal';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
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

  it('moves focus in on open, traps Tab, and returns focus to the opener on close', async () => {
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
    await waitFor(() => expect(cta).toHaveFocus());
    await user.tab();
    expect(dismiss).toHaveFocus();
    await user.tab();
    expect(cta).toHaveFocus();
    await user.tab({ shift: true });
    expect(dismiss).toHaveFocus();
    expect(dialog).toContainElement(document.activeElement as HTMLElement);

    await user.click(dismiss);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(opener).toHaveFocus();
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

  it('keeps focus inside while an option is accepted, and closes without a dismissal after', async () => {
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
    await user.tab();
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    const results = await axe.run(document.body);
    expect(results.violations.map((v) => v.id)).toEqual([]);
    await user.keyboard('{Escape}');
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
