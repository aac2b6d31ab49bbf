// The demo's own component, tested against the simulator in jsdom: what an app does with
// `createUpsellTestBackend` (@upsell-kit/chargebee-simulator/testing) and `setupServer`.
import type { UpsellTestBackend } from '@upsell-kit/chargebee-simulator/testing';
import { UpsellProvider } from '@upsell-kit/react';
import { de } from '@upsell-kit/react/locales/de';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { demoTestBackend } from './offer-slot.test-backend';
import { OfferSlot } from './OfferSlot';

const server = setupServer();
let backend: UpsellTestBackend;
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  backend = demoTestBackend();
  server.use(...backend.handlers);
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

it('shows the storage offer at 85 %, records one view, and completes an accept', async () => {
  render(
    <UpsellProvider>
      <OfferSlot style="banner" custom={{ storage_used_percent: 85 }} />
    </UpsellProvider>,
  );
  const banner = await screen.findByRole('region', { name: 'Running out of storage?' });
  await waitFor(() => expect(backend.sim.inspect.events().map((e) => e.type)).toEqual(['viewed']));

  await userEvent.click(await screen.findByRole('button', { name: 'Add 100 GB storage' }));
  await waitFor(() => expect(backend.sim.inspect.fulfillments()).toHaveLength(1));
  // The simulator completes a billing update 1.5 s after it began, on its own clock.
  backend.sim.clock.advance(2_000);
  await waitFor(() => expect(banner).toHaveTextContent('Done! Your plan has been updated.'));
  expect(backend.sim.inspect.fulfillments().map((f) => f.status)).toEqual(['completed']);
  // A new plan may mean new offers: the kit asks again (and the test ends once it has, before
  // the handlers go away under a request still in flight).
  await waitFor(() =>
    expect(
      backend.sim.inspect.requests().filter((r) => r.path === '/api/v2/personalized_offers'),
    ).toHaveLength(2),
  );
});

it('shows nothing at 40 %, where no play of the default scenario matches', async () => {
  render(
    <UpsellProvider>
      <OfferSlot style="banner" custom={{ storage_used_percent: 40 }} />
    </UpsellProvider>,
  );
  await waitFor(() => expect(backend.sim.inspect.requests()).toHaveLength(1));
  expect(screen.queryByRole('region')).toBeNull();
  expect(backend.sim.inspect.offers()).toEqual([]);
});

it('speaks German with the bundled locale: the offer from the simulator, the kit’s own strings', async () => {
  render(
    <UpsellProvider locale="de-DE" messages={de}>
      <OfferSlot style="inline" custom={{ storage_used_percent: 85 }} />
    </UpsellProvider>,
  );
  const callout = await screen.findByRole('region', { name: 'Ihr Speicherplatz wird knapp' });
  expect(screen.getByRole('button', { name: '100 GB Speicher hinzufügen' })).toBeEnabled();
  expect(screen.getByRole('button', { name: 'Ausblenden' })).toBeEnabled();
  await userEvent.click(screen.getByRole('button', { name: 'Ausblenden' }));
  await waitFor(() => expect(callout).not.toBeInTheDocument());
  await waitFor(() =>
    expect(backend.sim.inspect.events().map((e) => e.type)).toContain('dismissed'),
  );
});
