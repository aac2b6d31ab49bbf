import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { setupServer } from 'msw/node';
import { StrictMode } from 'react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { UpsellActions } from '../parts/upsell-actions';
import { UpsellDismiss } from '../parts/upsell-dismiss';
import { UpsellStatus } from '../parts/upsell-status';
import { UpsellTitle } from '../parts/upsell-title';
import type { UpsellClientEvent as UpsellEvent } from '../upsell-client-event';
import { UpsellProvider } from '../upsell-provider';
import { contractHandlers, errorResponse } from '../test/contract';
import { UpsellInlineCallout } from './upsell-inline-callout';
import { settleRequests } from '../test/in-flight-requests';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(async () => {
  await settleRequests();
  server.resetHandlers();
});
afterAll(() => server.close());

const custom = { storage_used_percent: 85 };

describe('UpsellInlineCallout', () => {
  it('is a region named by the title with the default layout, and axe-clean', async () => {
    const { handlers } = contractHandlers();
    server.use(...handlers);
    const { container } = render(
      <StrictMode>
        <UpsellProvider queryClient={new QueryClient()}>
          <UpsellInlineCallout custom={custom} className="near-meter" />
        </UpsellProvider>
      </StrictMode>,
    );
    const region = await screen.findByRole('region', { name: 'Running out of storage?' });
    expect(region).toHaveClass('upsell-callout', 'near-meter');
    expect(region).toHaveAttribute('data-state', 'ready');
    expect(screen.getByRole('button', { name: 'Add 100 GB storage' })).toBeEnabled();
    const results = await axe.run(container);
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it('lays out custom parts, each carrying data-state', async () => {
    const { handlers } = contractHandlers({
      fulfill: () => errorResponse(409, 'offer_already_accepted'),
    });
    server.use(...handlers);
    render(
      <UpsellProvider queryClient={new QueryClient()}>
        <UpsellInlineCallout custom={custom}>
          <UpsellActions className="row" buttonClassName="btn" />
          <UpsellTitle aria-level={3} />
          <UpsellStatus />
          <UpsellDismiss>Not now</UpsellDismiss>
        </UpsellInlineCallout>
      </UpsellProvider>,
    );
    const heading = await screen.findByRole('heading', { level: 3 });
    expect(heading).toHaveAttribute('data-state', 'ready');
    const button = screen.getByRole('button', { name: 'Add 100 GB storage' });
    expect(button).toHaveClass('upsell-cta', 'btn');
    expect(screen.queryByRole('button', { name: 'Dismiss' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Not now' })).toHaveClass('upsell-dismiss');
    await userEvent.click(button);
    await waitFor(() => expect(heading).toHaveAttribute('data-state', 'already_accepted'));
    expect(screen.getByRole('status')).toHaveTextContent('This offer has already been accepted.');
  });

  describe('before the visibility rule counted a view', () => {
    // An observer that never reports: the callout is, as far as the kit knows, below the fold.
    beforeEach(() => {
      vi.stubGlobal(
        'IntersectionObserver',
        class {
          observe() {}
          unobserve() {}
          disconnect() {}
          takeRecords() {
            return [];
          }
        },
      );
    });
    afterEach(() => {
      vi.unstubAllGlobals();
    });

    function renderCallout() {
      const onEvent = vi.fn();
      render(
        <StrictMode>
          <UpsellProvider queryClient={new QueryClient()} onEvent={onEvent}>
            <UpsellInlineCallout custom={custom} />
          </UpsellProvider>
        </StrictMode>,
      );
      return { onEvent };
    }

    it('sends no viewed while nothing shows it was seen', async () => {
      const { handlers, recorded } = contractHandlers();
      server.use(...handlers);
      renderCallout();
      await screen.findByRole('region', { name: 'Running out of storage?' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(recorded.events).toEqual([]);
    });

    it('a dismissal counts the view first: one viewed, then one dismissed', async () => {
      const { handlers, recorded } = contractHandlers();
      server.use(...handlers);
      const { onEvent } = renderCallout();
      await userEvent.click(await screen.findByRole('button', { name: 'Dismiss' }));
      await waitFor(() => expect(recorded.events).toHaveLength(2));
      // Both are sent at once (keepalive POSTs), so the server may see them in either order (msw 3
      // mocks at the socket, like a real network); the kit records the view first.
      expect(recorded.events.map((e) => e.type).sort()).toEqual(['dismissed', 'viewed']);
      expect(onEvent.mock.calls.map(([e]) => (e as UpsellEvent).type)).toEqual([
        'viewed',
        'dismissed',
      ]);
      expect(screen.queryByRole('region')).toBeNull();
    });

    it('an accepted option counts the view first: one viewed, then the fulfillment', async () => {
      const { handlers, recorded } = contractHandlers();
      server.use(...handlers);
      const { onEvent } = renderCallout();
      await userEvent.click(await screen.findByRole('button', { name: 'Add 100 GB storage' }));
      await screen.findByText('Done! Your plan has been updated.');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(recorded.events.map((e) => e.type)).toEqual(['viewed']);
      expect(recorded.fulfillments).toHaveLength(1);
      expect(onEvent.mock.calls.map(([e]) => (e as UpsellEvent).type)).toEqual([
        'viewed',
        'accepted',
        'completed',
      ]);
    });
  });
});
