import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { OffersResponse } from '@upsell-kit/core';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPromptArbiter } from '../arbitration';
import { UpsellBanner } from '../banner/upsell-banner';
import { UpsellInlineCallout } from '../inline-callout/upsell-inline-callout';
import { contractHandlers, makeOffer } from '../test/contract';
import { settleRequests } from '../test/in-flight-requests';
import { UpsellProvider } from '../upsell-provider';
import { UpsellDebugPanel } from '../debug';

// Issue 23: "why no offer?" — each reason of the panel caused by the answer or the action that
// causes it. The server's own members (capped, dropped_options, shed / paused) are the contract's
// (`docs/http-api.md`), as packages/server/src/handler/offers-debug.test.ts has the real handler
// send them.

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(async () => {
  await settleRequests();
  server.resetHandlers();
});
afterAll(() => server.close());

const soon = () => Math.floor(Date.now() / 1000) + 3600;
const none: OffersResponse = { offers: [], expires_at: null, brand: null };
const error = (status: number, code: string, debug?: object) =>
  HttpResponse.json(
    { error: { code, message: 'Not now.' }, ...(debug && { debug }) },
    { status, headers: { 'retry-after': '0' } },
  );

/** The server's answer for each placement (each prompt names one). */
function serve() {
  const { handlers, recorded } = contractHandlers({
    offers: (body) => {
      const placement = (body as { placement_id?: string }).placement_id;
      const offer = makeOffer({
        id: `${placement}_1`,
        offer_id: String(placement),
        token: `tok_${placement}`,
        content: { title: `Offer ${placement}`, description: '' },
      });
      switch (placement) {
        case 'none':
          return none;
        case 'capped':
          return {
            ...none,
            debug: {
              placement_id: 'capped',
              capped: { scope: 'placement', max: 2, per_ms: 86_400_000, retry_after: 3600 },
            },
          };
        case 'dropped':
          return {
            ...none,
            debug: {
              dropped_options: [{ offer_id: 'o', option_id: 'x', processing_type: 'quantum_leap' }],
            },
          };
        case 'shed':
          return error(503, 'upstream_unavailable', { reason: 'shed' });
        case 'paused':
          return error(503, 'upstream_unavailable', { reason: 'paused' });
        case 'anon':
          return error(401, 'unauthenticated');
        case 'expired':
          return { offers: [offer], expires_at: Math.floor(Date.now() / 1000) - 5, brand: null };
        default:
          return { offers: [offer], expires_at: soon(), brand: null };
      }
    },
  });
  server.use(...handlers);
  return recorded;
}

function Page({ children, arbiter }: { children: ReactNode; arbiter?: boolean }) {
  const [queryClient] = useState(() => new QueryClient());
  const [promptArbiter] = useState(() => (arbiter ? createPromptArbiter() : undefined));
  return (
    <UpsellProvider queryClient={queryClient} {...(promptArbiter && { arbiter: promptArbiter })}>
      {children}
      <UpsellDebugPanel />
    </UpsellProvider>
  );
}

/** The panel's rows as { placement: reason }. */
function reasons(): Record<string, string> {
  const panel = screen.getByRole('region', { name: 'Why no offer?' });
  const rows = within(panel).getAllByRole('row').slice(1);
  return Object.fromEntries(
    rows.map((row) => {
      const cells = within(row).getAllByRole('cell');
      return [cells[1]!.textContent, cells[2]!.textContent];
    }),
  );
}

const custom = { storage_used_percent: 85 };

describe('UpsellDebugPanel: why no offer?', () => {
  it('names the reason of each prompt: from the answer, the error and the app', async () => {
    serve();
    render(
      <Page>
        <UpsellBanner custom={custom} placementId="shown" />
        <UpsellBanner custom={custom} placementId="below" enabled={false} />
        <UpsellBanner custom={custom} placementId="none" />
        <UpsellBanner custom={custom} placementId="capped" />
        <UpsellBanner custom={custom} placementId="dropped" />
        <UpsellBanner custom={custom} placementId="shed" />
        <UpsellBanner custom={custom} placementId="paused" />
        <UpsellBanner custom={custom} placementId="anon" />
        <UpsellBanner custom={custom} placementId="expired" />
        <UpsellInlineCallout custom={custom} placementId="closed" open={false} />
      </Page>,
    );
    await waitFor(
      () =>
        expect(reasons()).toEqual({
          shown: 'shown',
          below: 'disabled',
          none: 'no_offer',
          capped: 'capped',
          dropped: 'options_dropped',
          shed: 'shed',
          paused: 'paused',
          anon: 'unauthenticated',
          expired: 'expired',
          closed: 'closed',
        }),
      { timeout: 15_000 },
    );
    expect(screen.getByRole('row', { name: /capped/ }).textContent).toMatch(
      /A frequency cap holds it back \(placement capped: 2 displays per 24 h\), for 60 min more/,
    );
  });

  it('waiting behind another prompt, dismissed, and accepted', async () => {
    serve();
    const user = userEvent.setup();
    render(
      <Page arbiter>
        <UpsellBanner custom={custom} placementId="first" priority={2} />
        <UpsellBanner custom={custom} placementId="second" priority={1} />
      </Page>,
    );
    await waitFor(() => expect(reasons()).toEqual({ first: 'shown', second: 'waiting' }));
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(reasons()).toEqual({ first: 'dismissed', second: 'shown' }));
    await user.click(screen.getByRole('button', { name: 'Add 100 GB storage' }));
    await waitFor(() => expect(reasons()).toEqual({ first: 'dismissed', second: 'accepted' }));
  });

  it('an unmounted prompt leaves the panel; without prompts it says so', async () => {
    serve();
    const { rerender } = render(
      <Page>
        <UpsellBanner custom={custom} placementId="shown" />
      </Page>,
    );
    await waitFor(() => expect(reasons()).toEqual({ shown: 'shown' }));
    rerender(<Page>{null}</Page>);
    await screen.findByText('No prompt is mounted under this provider.');
  });
});
