import { QueryClient } from '@tanstack/react-query';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { StrictMode } from 'react';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UpsellProvider } from '../upsell-provider';
import type { UpsellProviderProps } from '../upsell-provider';
import { contractHandlers, errorResponse, makeFulfillment, makeOffer } from '../test/contract';
import { UpsellBanner } from './upsell-banner';
import { settleRequests } from '../test/in-flight-requests';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(async () => {
  await settleRequests();
  server.resetHandlers();
});
afterAll(() => server.close());

const custom = { storage_used_percent: 85 };
const inHour = () => Math.floor(Date.now() / 1000) + 3600;

function renderBanner(
  ui: ReactNode = <UpsellBanner custom={custom} />,
  provider: Partial<UpsellProviderProps> = {},
) {
  const queryClient = new QueryClient();
  const navigate = vi.fn();
  const onEvent = vi.fn();
  const onError = vi.fn();
  const utils = render(
    <StrictMode>
      <UpsellProvider
        queryClient={queryClient}
        navigate={navigate}
        onEvent={onEvent}
        onError={onError}
        {...provider}
      >
        {ui}
      </UpsellProvider>
    </StrictMode>,
  );
  return { ...utils, navigate, onEvent, onError, queryClient };
}

async function expectNoAxeViolations(container: HTMLElement) {
  const results = await axe.run(container);
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

const cta = () => screen.findByRole('button', { name: 'Add 100 GB storage' });

describe('UpsellBanner: ready', () => {
  it('is a region named by the sanitized title, with the description and one button per option', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const { container } = renderBanner();
    const region = await screen.findByRole('region', { name: 'Running out of storage?' });
    expect(screen.getByRole('heading', { name: 'Running out of storage?' })).toBeInTheDocument();
    expect(region).toHaveTextContent('Add 100 GB for $5/month.');
    // The description's <img onerror> never reaches the DOM.
    expect(region.querySelector('img, [onerror]')).toBeNull();
    expect(await cta()).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Dismiss' })).toBeEnabled();
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
    expect(region).toHaveAttribute('data-state', 'ready');
    expect(recorded.offers).toEqual([
      {
        custom,
        context: expect.objectContaining({ timezone: expect.any(String), locale: 'en-US' }),
      },
    ]);
    await waitFor(() =>
      expect(recorded.events).toEqual([{ token: 'tok_storage', type: 'viewed' }]),
    );
    await expectNoAxeViolations(container);
  });

  it('renders one button per option, each named by its label', async () => {
    const offer = makeOffer({
      options: [
        { id: 'a', label: 'Add 100 GB storage', processing_type: 'billing_update' },
        { id: 'b', label: 'Upgrade to Pro', processing_type: 'checkout' },
      ],
    });
    const { handlers } = contractHandlers({
      offers: () => ({ offers: [offer], expires_at: inHour(), brand: null }),
    });
    server.use(...handlers);
    renderBanner();
    expect(await cta()).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Upgrade to Pro' })).toBeInTheDocument();
  });

  it('passes the provider locale in the offer request context', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    renderBanner(undefined, { locale: 'de-DE' });
    await cta();
    expect(recorded.offers[0]).toMatchObject({ context: { locale: 'de-DE' } });
  });

  it('accepts a className and custom parts', async () => {
    const { handlers } = contractHandlers();
    server.use(...handlers);
    renderBanner(<UpsellBanner custom={custom} className="mine" />);
    expect(await screen.findByRole('region')).toHaveClass('upsell-banner', 'mine');
  });
});

describe('UpsellBanner: nothing to show', () => {
  it('renders nothing while loading, when not eligible, and on an upstream error', async () => {
    const onError = vi.fn();
    const { handlers, recorded } = contractHandlers({
      offers: () => ({ offers: [], expires_at: inHour(), brand: null }),
    });
    server.use(...handlers);
    const { container } = renderBanner(<UpsellBanner custom={custom} />);
    expect(container).toBeEmptyDOMElement();
    await waitFor(() => expect(recorded.offers).toHaveLength(1));
    expect(container).toBeEmptyDOMElement();

    server.use(
      http.post('*/api/upsell/offers', () => errorResponse(502, 'upstream_error', 'Upstream.')),
    );
    const other = renderBanner(<UpsellBanner custom={{ x: 1 }} onError={onError} />);
    await waitFor(() =>
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'upstream_error' })),
    );
    expect(other.container).toBeEmptyDOMElement();
  });

  it('sends no request when disabled', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const { container } = renderBanner(<UpsellBanner custom={custom} enabled={false} />);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorded.offers).toHaveLength(0);
    expect(container).toBeEmptyDOMElement();
  });
});

describe('UpsellBanner: dismiss', () => {
  it('sends dismissed once, hides, and stays hidden when a refetch returns the offer', async () => {
    let n = 0;
    const { handlers, recorded } = contractHandlers({
      // A refetch returns the same base offer under a fresh personalized id.
      offers: () => ({
        offers: [makeOffer({ id: `vdyjO2qlLD_${++n}` })],
        expires_at: inHour(),
        brand: null,
      }),
    });
    server.use(...handlers);
    const onOpenChange = vi.fn();
    const { queryClient, onEvent } = renderBanner(
      <UpsellBanner custom={custom} onOpenChange={onOpenChange} />,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('region')).toBeNull();
    expect(onOpenChange).toHaveBeenCalledWith(false);
    await waitFor(() =>
      expect(recorded.events.filter((e) => e.type === 'dismissed')).toHaveLength(1),
    );
    expect(onEvent).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'dismissed', offerId: 'vdyjO2qlLD' }),
    );
    await act(() => queryClient.refetchQueries());
    expect(recorded.offers).toHaveLength(2);
    expect(screen.queryByRole('region')).toBeNull();
    expect(recorded.events.filter((e) => e.type === 'dismissed')).toHaveLength(1);
  });

  it('is controlled through open / onOpenChange', async () => {
    const { handlers } = contractHandlers();
    server.use(...handlers);
    const onOpenChange = vi.fn();
    const { rerender } = renderBanner(
      <UpsellBanner custom={custom} open={false} onOpenChange={onOpenChange} />,
    );
    await waitFor(() => expect(screen.queryByRole('region')).toBeNull());
    rerender(
      <StrictMode>
        <UpsellProvider>
          <UpsellBanner custom={custom} open onOpenChange={onOpenChange} />
        </UpsellProvider>
      </StrictMode>,
    );
    expect(await screen.findByRole('region')).toBeInTheDocument();
  });
});

describe('UpsellBanner: accept by processing type', () => {
  it('billing_update: disables the button at once, polls, announces completion, refetches offers', async () => {
    const { handlers, recorded } = contractHandlers({
      fulfill: () => ({ status: 201, body: { fulfillment: makeFulfillment(), hosted_page: null } }),
      read: (id) => makeFulfillment({ id, status: 'completed' }),
    });
    server.use(...handlers);
    const { container, onEvent } = renderBanner();
    const user = userEvent.setup();
    const button = await cta();
    await user.click(button);
    // Unavailable at once (aria-disabled keeps it focusable), busy where the user pressed.
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByRole('status')).toHaveTextContent('Processing…');
    expect(screen.getByRole('region')).toHaveAttribute('data-state', 'fulfilling');
    await expectNoAxeViolations(container);
    await waitFor(
      () =>
        expect(screen.getByRole('status')).toHaveTextContent('Done! Your plan has been updated.'),
      { timeout: 3000 },
    );
    // The options gave way to the next step.
    expect(button).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Done' })).toBeInTheDocument();
    expect(screen.getByRole('region')).toHaveAttribute('data-state', 'completed');
    expect(recorded.fulfillments).toEqual([{ token: 'tok_storage', option_id: '6cd5280e' }]);
    expect(recorded.reads).toEqual(['507c340b']);
    expect(onEvent).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'completed', fulfillmentId: '507c340b' }),
    );
    // The offers query was invalidated: the plan changed, so the offer is fetched again.
    await waitFor(() => expect(recorded.offers).toHaveLength(2));
    await expectNoAxeViolations(container);
  });

  it('checkout: opens the hosted page in full page', async () => {
    const offer = makeOffer({
      options: [{ id: 'co', label: 'Upgrade to Pro', processing_type: 'checkout' }],
    });
    const { handlers } = contractHandlers({
      offers: () => ({ offers: [offer], expires_at: inHour(), brand: null }),
      fulfill: () => ({
        status: 201,
        body: {
          fulfillment: makeFulfillment({ option_id: 'co', processing_type: 'checkout' }),
          hosted_page: { id: 'hp_1', url: 'https://acme.chargebee.com/pages/v4/hp_1/' },
        },
      }),
    });
    server.use(...handlers);
    const { navigate } = renderBanner();
    await userEvent.click(await screen.findByRole('button', { name: 'Upgrade to Pro' }));
    await waitFor(() =>
      expect(navigate).toHaveBeenCalledWith('https://acme.chargebee.com/pages/v4/hp_1/'),
    );
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('checkout: hands the hosted page to onCheckout for an in-app layout, then polls', async () => {
    const offer = makeOffer({
      options: [
        {
          id: 'co',
          label: 'Upgrade to Pro',
          processing_type: 'checkout',
          processing_layout: 'in_app',
        },
      ],
    });
    const hostedPage = { id: 'hp_1', url: 'https://acme.chargebee.com/pages/v4/hp_1/' };
    const { handlers, recorded } = contractHandlers({
      offers: () => ({ offers: [offer], expires_at: inHour(), brand: null }),
      fulfill: () => ({
        status: 201,
        body: {
          fulfillment: makeFulfillment({ option_id: 'co', processing_type: 'checkout' }),
          hosted_page: hostedPage,
        },
      }),
    });
    server.use(...handlers);
    const onCheckout = vi.fn();
    const { navigate } = renderBanner(undefined, { onCheckout });
    await userEvent.click(await screen.findByRole('button', { name: 'Upgrade to Pro' }));
    await waitFor(() => expect(onCheckout).toHaveBeenCalledWith(hostedPage, offer, 'in_app'));
    expect(navigate).not.toHaveBeenCalled();
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Done!'), {
      timeout: 3000,
    });
    expect(recorded.reads.length).toBeGreaterThan(0);
  });

  it.each([
    ['https://example.com/welcome', true],
    ['/settings/storage', true],
    ['http://localhost:3000/same-origin', true],
    ['javascript:alert(1)', false],
    ['http://evil.example/phish', false],
    ['https://evil.example/phish', false],
    ['https://example.com.evil.example/phish', false],
    ['data:text/html,<script>alert(1)</script>', false],
  ])('url_redirect to %s: navigates = %s (example.com listed)', async (url, allowed) => {
    const offer = makeOffer({
      options: [
        { id: 'ur', label: 'Learn more', processing_type: 'url_redirect', redirect_url: url },
      ],
    });
    const { handlers } = contractHandlers({
      offers: () => ({ offers: [offer], expires_at: inHour(), brand: null }),
      fulfill: () => ({
        status: 201,
        body: {
          fulfillment: makeFulfillment({
            option_id: 'ur',
            processing_type: 'url_redirect',
            status: 'completed',
            redirect_url: url,
          }),
          hosted_page: null,
        },
      }),
    });
    server.use(...handlers);
    const { navigate, onError } = renderBanner(undefined, {
      allowedRedirectHosts: ['example.com'],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Learn more' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Done!'));
    if (allowed) {
      expect(navigate).toHaveBeenCalledWith(url);
    } else {
      expect(navigate).not.toHaveBeenCalled();
      expect(onError).toHaveBeenCalledWith(
        expect.objectContaining({ message: expect.stringContaining('Refused') }),
      );
    }
  });

  it('webhook: shows the fulfillment state and the granted credits', async () => {
    const offer = makeOffer({
      options: [{ id: 'wh', label: 'Get 50 AI credits', processing_type: 'webhook' }],
    });
    const grant = { unit_id: 'ai_credits', amount: '50', expires_at: inHour() };
    const { handlers } = contractHandlers({
      offers: () => ({ offers: [offer], expires_at: inHour(), brand: null }),
      fulfill: () => ({
        status: 201,
        body: {
          fulfillment: makeFulfillment({ option_id: 'wh', processing_type: 'webhook' }),
          hosted_page: null,
        },
      }),
      read: (id) =>
        makeFulfillment({
          id,
          option_id: 'wh',
          processing_type: 'webhook',
          status: 'completed',
          grant,
        }),
    });
    server.use(...handlers);
    const { container } = renderBanner(<UpsellBanner custom={custom} />, {
      messages: { units: { ai_credits: { one: 'AI credit', other: 'AI credits' } } },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Get 50 AI credits' }));
    // In words, in the amount's plural form; not the raw unit id, not "your plan was updated".
    await waitFor(
      () =>
        expect(screen.getByRole('status')).toHaveTextContent(
          'Done! 50 AI credits added to your account.',
        ),
      { timeout: 3000 },
    );
    await expectNoAxeViolations(container);
  });

  it('email: shows the fulfillment state when it completes at once', async () => {
    const offer = makeOffer({
      options: [{ id: 'em', label: 'Talk to sales', processing_type: 'email' }],
    });
    const { handlers, recorded } = contractHandlers({
      offers: () => ({ offers: [offer], expires_at: inHour(), brand: null }),
      fulfill: () => ({
        status: 201,
        body: {
          fulfillment: makeFulfillment({
            option_id: 'em',
            processing_type: 'email',
            status: 'completed',
          }),
          hosted_page: null,
        },
      }),
    });
    server.use(...handlers);
    renderBanner();
    await userEvent.click(await screen.findByRole('button', { name: 'Talk to sales' }));
    expect(await screen.findByText('Done! Your plan has been updated.')).toBeInTheDocument();
    expect(recorded.reads).toEqual([]);
  });

  it('200 replay: shows the existing fulfillment', async () => {
    const { handlers, onEvent } = {
      ...contractHandlers({
        fulfill: () => ({
          status: 200,
          body: { fulfillment: makeFulfillment({ status: 'completed' }), hosted_page: null },
        }),
      }),
      onEvent: vi.fn(),
    };
    server.use(...handlers);
    renderBanner(<UpsellBanner custom={custom} onEvent={onEvent} />);
    await userEvent.click(await cta());
    expect(await screen.findByText('Done! Your plan has been updated.')).toBeInTheDocument();
    expect(onEvent).toHaveBeenCalledWith(expect.objectContaining({ type: 'completed' }));
  });

  it('409: already accepted, with the message and "Done" in place of the options', async () => {
    const { handlers, recorded } = contractHandlers({
      fulfill: () => errorResponse(409, 'offer_already_accepted', 'Already accepted upstream.'),
    });
    server.use(...handlers);
    const { container } = renderBanner();
    const button = await cta();
    await userEvent.click(button);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'This offer has already been accepted.',
    );
    await waitFor(() =>
      expect(screen.getByRole('region')).toHaveAttribute('data-state', 'already_accepted'),
    );
    // Informational, with a way out: "Done" closes it, and is no dismissal.
    expect(button).not.toBeInTheDocument();
    await expectNoAxeViolations(container);
    await userEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('region')).toBeNull();
    expect(recorded.events.filter((e) => e.type === 'dismissed')).toHaveLength(0);
    await expectNoAxeViolations(container);
  });

  it.each([
    [
      'billing_update_failed',
      'We could not update your subscription. Please check your payment method.',
    ],
    ['checkout_abandoned', 'The checkout was not completed.'],
    ['external_fulfillment_failed', 'We could not apply this offer. Please contact support.'],
    ['fulfillment_expired', 'This offer expired before it could be applied.'],
    ['something_new', 'We could not complete this upgrade. You have not been charged.'],
    // Codes that name Object.prototype members still get the default text.
    ['constructor', 'We could not complete this upgrade. You have not been charged.'],
    ['__proto__', 'We could not complete this upgrade. You have not been charged.'],
  ])('failed with %s: shows our message, never Chargebee text', async (code, text) => {
    const { handlers } = contractHandlers({
      read: (id) =>
        HttpResponse.json({
          fulfillment: {
            ...makeFulfillment({ id, status: 'failed', error: { code } }),
            // Even if a server leaked Chargebee's message, the kit would not show it.
            error: { code, message: 'CHARGEBEE SAYS: card_declined 4242' },
          },
        }),
      fulfill: () => ({ status: 201, body: { fulfillment: makeFulfillment(), hosted_page: null } }),
    });
    server.use(...handlers);
    const { container } = renderBanner();
    await userEvent.click(await cta());
    // Announced assertively: a failure must not wait for a polite pause.
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(text), {
      timeout: 3000,
    });
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
    expect(container).not.toHaveTextContent('CHARGEBEE');
    expect(screen.getByRole('region')).toHaveAttribute('data-state', 'failed');
    // The next step: another try (a fresh offer from Chargebee) or closing it.
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Close' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add 100 GB storage' })).toBeNull();
    await expectNoAxeViolations(container);
  });

  it('a failed accept request: a message per error code, reported to onError', async () => {
    const { handlers } = contractHandlers({
      fulfill: () => errorResponse(410, 'offer_expired', 'Offer expired.'),
    });
    server.use(...handlers);
    const { onError, container } = renderBanner();
    await userEvent.click(await cta());
    expect(await screen.findByText('This offer has expired.')).toBeInTheDocument();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'offer_expired' }));
    expect(screen.getByRole('region')).toHaveAttribute('data-state', 'error');
    await expectNoAxeViolations(container);
  });

  it('"Try again" after a failed fulfillment shows the newly personalized offer', async () => {
    let personalized = 0;
    const { handlers, recorded } = contractHandlers({
      offers: () => ({
        offers: [makeOffer({ id: `vdyjO2qlLD_${++personalized}`, token: `tok_${personalized}` })],
        expires_at: inHour(),
        brand: null,
      }),
      fulfill: () => ({
        status: 201,
        body: {
          fulfillment: makeFulfillment({ status: 'failed', error: { code: 'checkout_abandoned' } }),
          hosted_page: null,
        },
      }),
    });
    server.use(...handlers);
    renderBanner();
    await userEvent.click(await cta());
    await userEvent.click(await screen.findByRole('button', { name: 'Try again' }));
    const again = await screen.findByRole('button', { name: 'Add 100 GB storage' });
    expect(again).not.toHaveAttribute('aria-disabled');
    expect(screen.getByRole('region')).toHaveAttribute('data-state', 'ready');
    expect(screen.getByRole('alert')).toBeEmptyDOMElement();
    await userEvent.click(again);
    await waitFor(() => expect(recorded.fulfillments).toHaveLength(2));
    expect(recorded.fulfillments[1]).toEqual({ token: 'tok_2', option_id: '6cd5280e' });
  });

  it('a failed accept request (offline): the message, then the buttons work again', async () => {
    const { handlers, recorded } = contractHandlers({
      // The first request never gets an answer; the second one completes at once.
      fulfill: (_body, count) =>
        count === 1
          ? HttpResponse.error()
          : {
              status: 201,
              body: { fulfillment: makeFulfillment({ status: 'completed' }), hosted_page: null },
            },
    });
    server.use(...handlers);
    const { container, onError } = renderBanner();
    const user = userEvent.setup();
    const button = await cta();
    await user.click(button);
    expect(
      await screen.findByText('You seem to be offline. Please try again.'),
    ).toBeInTheDocument();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'network_error' }));
    expect(screen.getByRole('region')).toHaveAttribute('data-state', 'error');
    expect(button).toBeEnabled();
    await expectNoAxeViolations(container);

    await user.click(button);
    expect(await screen.findByText('Done! Your plan has been updated.')).toBeInTheDocument();
    expect(button).not.toBeInTheDocument();
    expect(recorded.fulfillments).toHaveLength(2);
  });

  it('uses overridden messages', async () => {
    const { handlers } = contractHandlers({
      fulfill: () => errorResponse(409, 'offer_already_accepted'),
    });
    server.use(...handlers);
    renderBanner(undefined, {
      messages: {
        dismiss: 'Schließen',
        alreadyAccepted: 'Dieses Angebot wurde bereits angenommen.',
      },
    });
    expect(await screen.findByRole('button', { name: 'Schließen' })).toBeInTheDocument();
    await userEvent.click(await cta());
    expect(await screen.findByText('Dieses Angebot wurde bereits angenommen.')).toBeInTheDocument();
  });
});

describe('UpsellBanner: styling', () => {
  it('injects no inline style and no style element, before or after accepting', async () => {
    const { handlers } = contractHandlers();
    server.use(...handlers);
    renderBanner(<UpsellBanner custom={custom} className="mine" />);
    expect(await screen.findByRole('region')).toHaveClass('upsell-banner', 'mine');
    expect(document.querySelectorAll('[style], style')).toHaveLength(0);
    await userEvent.click(await cta());
    await screen.findByText('Done! Your plan has been updated.');
    expect(document.querySelectorAll('[style], style')).toHaveLength(0);
  });
});

describe('UpsellBanner: render prop', () => {
  it('gives full control over the markup through the prop getters', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    renderBanner(
      <UpsellBanner custom={custom}>
        {(upsell) => (
          <aside {...upsell.getRootProps({ className: 'custom' })}>
            <div {...upsell.getTitleProps()} />
            {upsell.offer?.options.map((option) => (
              <button key={option.id} {...upsell.getCtaProps(option)}>
                {option.label}!
              </button>
            ))}
          </aside>
        )}
      </UpsellBanner>,
    );
    const region = await screen.findByRole('region', { name: 'Running out of storage?' });
    expect(region.tagName).toBe('ASIDE');
    await userEvent.click(screen.getByRole('button', { name: 'Add 100 GB storage!' }));
    await waitFor(() => expect(recorded.fulfillments).toHaveLength(1));
  });
});
