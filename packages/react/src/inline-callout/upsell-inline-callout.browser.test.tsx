import '../styles.css';
import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { describe, expect, it } from 'vitest';
import { UpsellProvider } from '../upsell-provider';
import { contractHandlers } from '../test/contract';
import { clientFor } from '../test/contract-fetch';
import { UpsellInlineCallout } from './upsell-inline-callout';

const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));

describe('UpsellInlineCallout in a real engine', () => {
  it('counts as viewed only once at least half of it is in the viewport, and only once', async () => {
    const { handlers, recorded } = contractHandlers();
    render(
      <StrictMode>
        <UpsellProvider client={clientFor(handlers)} queryClient={new QueryClient()}>
          <main>
            <div data-testid="spacer" className="spacer" />
            <UpsellInlineCallout custom={{ storage_used_percent: 85 }} />
          </main>
        </UpsellProvider>
      </StrictMode>,
    );
    // Push the callout below the fold.
    screen.getByTestId('spacer').style.height = `${window.innerHeight * 3}px`;
    const region = await screen.findByRole('region', { name: 'Running out of storage?' });
    await frame();
    await frame();
    expect(recorded.events).toHaveLength(0);

    // A sliver in view is not "shown".
    const { top } = region.getBoundingClientRect();
    window.scrollTo(0, window.scrollY + top - window.innerHeight + 4);
    await frame();
    await frame();
    expect(recorded.events).toHaveLength(0);

    region.scrollIntoView({ block: 'center' });
    await waitFor(() =>
      expect(recorded.events).toEqual([{ token: 'tok_storage', type: 'viewed' }]),
    );
    // Scrolling away and back is the same display: no second viewed.
    window.scrollTo(0, 0);
    await frame();
    region.scrollIntoView({ block: 'center' });
    await frame();
    await frame();
    expect(recorded.events).toHaveLength(1);
    window.scrollTo(0, 0);
  });

  it('a dismissal while less than half of it is in view records viewed, then dismissed', async () => {
    const { handlers, recorded } = contractHandlers();
    render(
      <StrictMode>
        <UpsellProvider client={clientFor(handlers)} queryClient={new QueryClient()}>
          <main>
            <div data-testid="spacer" className="spacer" />
            <UpsellInlineCallout custom={{ storage_used_percent: 85 }} />
          </main>
        </UpsellProvider>
      </StrictMode>,
    );
    screen.getByTestId('spacer').style.height = `${window.innerHeight * 3}px`;
    const region = await screen.findByRole('region', { name: 'Running out of storage?' });
    // Only its top 40 px (with the Dismiss button) in view: not "shown" by the visibility rule.
    const { top, height } = region.getBoundingClientRect();
    expect(height).toBeGreaterThan(80);
    window.scrollTo(0, window.scrollY + top - window.innerHeight + 40);
    await frame();
    await frame();
    expect(recorded.events).toHaveLength(0);

    // A DOM click (no scrolling first): the user acted on what they saw.
    screen.getByRole('button', { name: 'Dismiss' }).click();
    await waitFor(() =>
      expect(recorded.events).toEqual([
        { token: 'tok_storage', type: 'viewed' },
        { token: 'tok_storage', type: 'dismissed' },
      ]),
    );
    expect(screen.queryByRole('region')).toBeNull();
    window.scrollTo(0, 0);
  });
});
