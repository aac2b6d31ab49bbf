import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { StrictMode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UpsellProvider } from '../upsell-provider';
import { contractHandlers } from '../test/contract';
import { UpsellBanner } from './upsell-banner';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function renderBanner(ui = <UpsellBanner custom={{ storage_used_percent: 85 }} />) {
  const queryClient = new QueryClient();
  return render(
    <StrictMode>
      <UpsellProvider queryClient={queryClient}>{ui}</UpsellProvider>
    </StrictMode>,
  );
}

describe('UpsellBanner', () => {
  it('shows the sanitized title as the region name, the description and one button per option', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    renderBanner();
    const region = await screen.findByRole('region', { name: 'Running out of storage?' });
    expect(screen.getByRole('heading', { name: 'Running out of storage?' })).toBeInTheDocument();
    expect(region).toHaveTextContent('Add 100 GB for $5/month.');
    expect(region.querySelector('img')).toBeNull();
    expect(screen.getByRole('button', { name: 'Add 100 GB storage' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Dismiss' })).toBeInTheDocument();
    expect(region).toHaveAttribute('data-state', 'ready');
    expect(recorded.offers).toEqual([
      {
        custom: { storage_used_percent: 85 },
        context: expect.objectContaining({ timezone: expect.any(String) }),
      },
    ]);
    await waitFor(() =>
      expect(recorded.events).toEqual([{ token: 'tok_storage', type: 'viewed' }]),
    );
  });

  it('accepts: one click, completed, announced', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    renderBanner();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add 100 GB storage' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Done! Your plan has been updated.',
    );
    expect(recorded.fulfillments).toEqual([{ token: 'tok_storage', option_id: '6cd5280e' }]);
  });
});
