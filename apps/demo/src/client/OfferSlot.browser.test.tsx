// The demo's own component against the simulator in a real browser: the kit's server handler and
// the simulator run in the page (`createUpsellTestBackend`, and `chargebeeInTheBrowser()` in the
// Vite config); the kit's client gets `backend.fetch`, so no service worker is involved (Firefox
// would send the kit's keepalive event posts past one).
import { createUpsellClient } from '@upsell-kit/core';
import { UpsellProvider } from '@upsell-kit/react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import { demoTestBackend } from './offer-slot.test-backend';
import { OfferSlot } from './OfferSlot';

it('shows the storage offer at 85 %, records one view, and completes an accept', async () => {
  const backend = demoTestBackend();
  render(
    <UpsellProvider client={createUpsellClient({ fetch: backend.fetch })}>
      <OfferSlot style="inline" custom={{ storage_used_percent: 85 }} />
    </UpsellProvider>,
  );
  const callout = await screen.findByRole('region', { name: 'Running out of storage?' });
  // Viewed once half of it is in the viewport (IntersectionObserver, a real layout here).
  await waitFor(() => expect(backend.sim.inspect.events().map((e) => e.type)).toEqual(['viewed']));

  await userEvent.click(screen.getByRole('button', { name: 'Add 100 GB storage' }));
  await waitFor(() => expect(backend.sim.inspect.fulfillments()).toHaveLength(1));
  backend.sim.clock.advance(2_000);
  await waitFor(() => expect(callout).toHaveTextContent('Done! Your plan has been updated.'));
  expect(backend.sim.inspect.fulfillments().map((f) => f.status)).toEqual(['completed']);
  // A new plan may mean new offers: the kit asks again (and the test ends once it has).
  await waitFor(() =>
    expect(
      backend.sim.inspect.requests().filter((r) => r.path === '/api/v2/personalized_offers'),
    ).toHaveLength(2),
  );
});
