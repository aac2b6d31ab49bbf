import { QueryClient } from '@tanstack/react-query';
import { act, screen, waitFor } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { UpsellBanner } from './banner/upsell-banner';
import { UpsellInlineCallout } from './inline-callout/upsell-inline-callout';
import { UpsellModal } from './modal/upsell-modal';
import { UpsellProvider } from './upsell-provider';
import { contractHandlers } from './test/contract';
import { settleRequests } from './test/in-flight-requests';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(async () => {
  await settleRequests();
  server.resetHandlers();
});
afterAll(() => server.close());

function App({ queryClient }: { queryClient: QueryClient }) {
  return (
    <UpsellProvider queryClient={queryClient}>
      <main>
        <h1>Storage</h1>
        <UpsellBanner custom={{ storage_used_percent: 85 }} />
        <UpsellInlineCallout custom={{ storage_used_percent: 85 }} />
        <UpsellModal custom={{ storage_used_percent: 85 }} defaultOpen={false} />
      </main>
    </UpsellProvider>
  );
}

it('hydrates the server HTML without warnings, then shows the offer', async () => {
  const { handlers, recorded } = contractHandlers();
  server.use(...handlers);
  const html = renderToString(<App queryClient={new QueryClient()} />);
  expect(html).toBe('<main><h1>Storage</h1></main>');
  expect(recorded.offers).toHaveLength(0);

  const container = document.createElement('div');
  container.innerHTML = html;
  document.body.append(container);
  const consoleError = vi.spyOn(console, 'error');
  const onRecoverableError = vi.fn();
  const root = hydrateRoot(container, <App queryClient={new QueryClient()} />, {
    onRecoverableError,
  });
  // Both prompts, not the first one found (findAll resolves on one); the bound is the setup file's.
  await waitFor(() =>
    expect(screen.getAllByRole('region', { name: 'Running out of storage?' })).toHaveLength(2),
  );
  expect(consoleError).not.toHaveBeenCalled();
  expect(onRecoverableError).not.toHaveBeenCalled();
  expect(recorded.offers).toHaveLength(1);
  act(() => root.unmount());
  container.remove();
});
