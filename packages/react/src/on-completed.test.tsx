import { QueryClient, useQuery } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { useState } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UpsellBanner } from './banner/upsell-banner';
import { contractHandlers } from './test/contract';
import { settleRequests } from './test/in-flight-requests';
import { UpsellProvider } from './upsell-provider';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(async () => {
  await settleRequests();
  server.resetHandlers();
});
afterAll(() => server.close());

describe('onCompleted: after an accept, the app updates', () => {
  it("refreshes the app's own query when the fulfillment completes, provider first, then the prompt", async () => {
    const { handlers } = contractHandlers();
    server.use(...handlers);
    const calls: string[] = [];
    let storageGb = 500;
    const readPlan = vi.fn(async () => ({ storageGb }));
    function App() {
      // The app's own React Query client, shared with the kit.
      const [queryClient] = useState(() => new QueryClient());
      const plan = useQuery(
        { queryKey: ['plan'], queryFn: readPlan, staleTime: Infinity },
        queryClient,
      );
      return (
        <UpsellProvider
          queryClient={queryClient}
          onCompleted={(fulfillment) => {
            calls.push(`provider:${fulfillment.status}`);
            void queryClient.invalidateQueries({ queryKey: ['plan'] });
          }}
        >
          <p>Storage limit: {plan.data?.storageGb ?? '…'} GB</p>
          <UpsellBanner
            custom={{ storage_used_percent: 85 }}
            onCompleted={(_, offer) => calls.push(`prompt:${offer.offer_id}`)}
          />
        </UpsellProvider>
      );
    }
    render(<App />);
    await screen.findByText('Storage limit: 500 GB');
    storageGb = 600; // what the accept changes on the app's server
    await userEvent.click(await screen.findByRole('button', { name: 'Add 100 GB storage' }));
    await screen.findByText('Done! Your plan has been updated.');
    await waitFor(() => expect(screen.getByText('Storage limit: 600 GB')).toBeInTheDocument());
    expect(calls).toEqual(['provider:completed', 'prompt:vdyjO2qlLD']);
    expect(readPlan).toHaveBeenCalledTimes(2);
  });
});
