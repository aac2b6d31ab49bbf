import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { StrictMode } from 'react';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UpsellBanner } from './banner/upsell-banner';
import { UpsellProvider } from './upsell-provider';
import { useUpsellOffer } from './use-upsell-offer';
import type { UseUpsellOfferOptions } from './use-upsell-offer-options';
import { contractHandlers, errorResponse, makeFulfillment, makeOffer } from './test/contract';
import { settleRequests } from './test/in-flight-requests';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(async () => {
  vi.useRealTimers();
  await settleRequests();
  server.resetHandlers();
});
afterAll(() => server.close());

const custom = { storage_used_percent: 85 };

/** A headless prompt: the hook's prop getters on plain markup. */
function Prompt(props: UseUpsellOfferOptions) {
  const upsell = useUpsellOffer(props);
  if (!upsell.offer || upsell.status === 'dismissed') return null;
  return (
    <section {...upsell.getRootProps()}>
      <div {...upsell.getTitleProps()} />
      <div {...upsell.getDescriptionProps()} />
      {upsell.offer.options.map((option) => (
        <button key={option.id} {...upsell.getCtaProps(option)}>
          {option.label}
        </button>
      ))}
      <button {...upsell.getDismissProps()}>×</button>
      <div {...upsell.getStatusProps()} />
    </section>
  );
}

function wrapper(queryClient = new QueryClient()) {
  return function Wrapper({ children }: { children: ReactNode }) {
    return (
      <StrictMode>
        <UpsellProvider queryClient={queryClient}>{children}</UpsellProvider>
      </StrictMode>
    );
  };
}

describe('useUpsellOffer: requests and events', () => {
  it('StrictMode: one offers request and one viewed per display', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    render(<Prompt custom={custom} />, { wrapper: wrapper() });
    await screen.findByRole('region', { name: 'Running out of storage?' });
    await waitFor(() => expect(recorded.events).toHaveLength(1));
    // Give stray double effects a chance to show up.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorded.offers).toHaveLength(1);
    expect(recorded.events).toEqual([{ token: 'tok_storage', type: 'viewed' }]);
  });

  it('a re-render storm (100 renders) sends no extra request and no extra event', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const { rerender } = render(<Prompt custom={{ storage_used_percent: 85 }} />, {
      wrapper: wrapper(),
    });
    await screen.findByRole('region');
    await waitFor(() => expect(recorded.events).toHaveLength(1));
    // A new `custom` object every render, as apps write it inline.
    for (let i = 0; i < 100; i++) rerender(<Prompt custom={{ storage_used_percent: 85 }} />);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorded.offers).toHaveLength(1);
    expect(recorded.events).toHaveLength(1);
  });

  it('ten prompts with the same context: one offers request, one viewed', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    render(
      <>
        {Array.from({ length: 10 }, (_, i) => (
          <Prompt key={i} custom={{ storage_used_percent: 85 }} />
        ))}
      </>,
      { wrapper: wrapper() },
    );
    expect(await screen.findAllByRole('region')).toHaveLength(10);
    await waitFor(() => expect(recorded.events).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorded.offers).toHaveLength(1);
    expect(recorded.events).toHaveLength(1);
  });

  it('refetches when the context changes, not before expires_at otherwise', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const { rerender } = render(<Prompt custom={{ storage_used_percent: 85 }} />, {
      wrapper: wrapper(),
    });
    await screen.findByRole('region');
    rerender(<Prompt custom={{ storage_used_percent: 85 }} />);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorded.offers).toHaveLength(1);
    rerender(<Prompt custom={{ storage_used_percent: 90 }} />);
    await waitFor(() => expect(recorded.offers).toHaveLength(2));
    expect(recorded.offers[1]).toMatchObject({ custom: { storage_used_percent: 90 } });
  });

  it('a failed offers fetch reaches onError once per failure, however many prompts show it', async () => {
    const { handlers, recorded } = contractHandlers({
      offers: () => errorResponse(502, 'upstream_error', 'Upstream.'),
    });
    server.use(...handlers);
    const queryClient = new QueryClient();
    const onProviderError = vi.fn();
    const onPromptError = vi.fn();
    render(
      <StrictMode>
        <UpsellProvider queryClient={queryClient} onError={onProviderError}>
          <Prompt custom={custom} onError={onPromptError} />
          <Prompt custom={custom} onError={onPromptError} />
          <Prompt custom={custom} onError={onPromptError} />
        </UpsellProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(onPromptError).toHaveBeenCalledTimes(3));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorded.offers).toHaveLength(1);
    expect(onProviderError).toHaveBeenCalledTimes(1);
    expect(onProviderError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'upstream_error' }),
    );
    expect(onPromptError).toHaveBeenCalledTimes(3);

    // A second failure (a refetch) is a new one: reported again, once.
    await act(() => queryClient.refetchQueries());
    await waitFor(() => expect(onProviderError).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(onPromptError).toHaveBeenCalledTimes(6));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorded.offers).toHaveLength(2);
    expect(onProviderError).toHaveBeenCalledTimes(2);
    expect(onPromptError).toHaveBeenCalledTimes(6);
  });

  it('keeps the offer fresh until expires_at, then fetches it again', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    const { handlers, recorded } = contractHandlers({
      offers: () => ({
        offers: [makeOffer()],
        expires_at: Math.floor(Date.now() / 1000) + 60,
        brand: null,
      }),
    });
    server.use(...handlers);
    render(<Prompt custom={custom} />, { wrapper: wrapper() });
    await vi.waitFor(() => expect(recorded.offers).toHaveLength(1));
    await act(() => vi.advanceTimersByTimeAsync(50_000));
    expect(recorded.offers).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(15_000));
    expect(recorded.offers).toHaveLength(2);
    // The same offer again: still one display, one viewed.
    expect(recorded.events.filter((e) => e.type === 'viewed')).toHaveLength(1);
  });

  it('a second mount within expires_at uses the cache', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const queryClient = new QueryClient();
    const first = render(<Prompt custom={custom} />, { wrapper: wrapper(queryClient) });
    await screen.findByRole('region');
    first.unmount();
    render(<Prompt custom={custom} />, { wrapper: wrapper(queryClient) });
    await screen.findByRole('region');
    expect(recorded.offers).toHaveLength(1);
  });

  it('a refetch of the offer on display sends no second viewed', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const queryClient = new QueryClient();
    render(<Prompt custom={custom} />, { wrapper: wrapper(queryClient) });
    await screen.findByRole('region');
    await waitFor(() => expect(recorded.events).toHaveLength(1));
    await act(() => queryClient.refetchQueries());
    await act(() => queryClient.refetchQueries());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorded.offers).toHaveLength(3);
    expect(recorded.events).toHaveLength(1);
  });

  it('a refetch that returns a fresh personalized id for the offer on display sends no second viewed', async () => {
    // Chargebee personalizes the offer anew on every request: same base offer, new id and token.
    let count = 0;
    const { handlers, recorded } = contractHandlers({
      offers: () => {
        count += 1;
        return {
          offers: [makeOffer({ id: `vdyjO2qlLD_0000000${count}`, token: `tok_${count}` })],
          expires_at: Math.floor(Date.now() / 1000) + 3600,
          brand: null,
        };
      },
    });
    server.use(...handlers);
    const queryClient = new QueryClient();
    render(<Prompt custom={custom} />, { wrapper: wrapper(queryClient) });
    await screen.findByRole('region');
    await waitFor(() => expect(recorded.events).toHaveLength(1));
    await act(() => queryClient.refetchQueries());
    await act(() => queryClient.refetchQueries());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorded.offers).toHaveLength(3);
    expect(recorded.events).toEqual([{ token: 'tok_1', type: 'viewed' }]);
    // The prompt acts on the offer it now holds: a dismissal names the latest token.
    act(() => screen.getByRole('button', { name: 'Dismiss' }).click());
    await waitFor(() => expect(recorded.events).toHaveLength(2));
    expect(recorded.events[1]).toEqual({ token: 'tok_3', type: 'dismissed' });
  });

  it('showing the offer again after every prompt of it went away is a new display', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const Page = ({ first, second }: { first: boolean; second: boolean }) => (
      <>
        {first && <Prompt custom={custom} />}
        {second && <Prompt custom={custom} />}
      </>
    );
    const viewed = () => recorded.events.filter((e) => e.type === 'viewed');
    const { rerender } = render(<Page first second={false} />, { wrapper: wrapper() });
    await screen.findByRole('region');
    await waitFor(() => expect(viewed()).toHaveLength(1));

    // A second prompt while the first still shows the offer: the same display.
    rerender(<Page first second />);
    expect(await screen.findAllByRole('region')).toHaveLength(2);
    // The first one goes; the second one still shows the offer: still the same display.
    rerender(<Page first={false} second />);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(viewed()).toHaveLength(1);

    // Every prompt of it gone (the user navigated away), then back: a new display.
    rerender(<Page first={false} second={false} />);
    expect(screen.queryByRole('region')).toBeNull();
    rerender(<Page first second={false} />);
    await screen.findByRole('region');
    await waitFor(() => expect(viewed()).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(viewed()).toHaveLength(2);
    // From the cache: no new offers request for it.
    expect(recorded.offers).toHaveLength(1);
  });

  it('a prompt that stops showing the offer (no longer eligible) ends its display', async () => {
    // Eligible from 80 %: each request is personalized anew (new id and token).
    let count = 0;
    const { handlers, recorded } = contractHandlers({
      offers: (body) => {
        count += 1;
        const percent = (body as { custom: { storage_used_percent: number } }).custom
          .storage_used_percent;
        return {
          offers: percent >= 80 ? [makeOffer({ id: `po_${count}`, token: `tok_${count}` })] : [],
          expires_at: Math.floor(Date.now() / 1000) + 3600,
          brand: null,
        };
      },
    });
    server.use(...handlers);
    const Page = ({ a, b }: { a: number; b: boolean }) => (
      <>
        <Prompt custom={{ storage_used_percent: a }} />
        {b && <Prompt custom={{ storage_used_percent: 95 }} />}
      </>
    );
    const { rerender } = render(<Page a={85} b={false} />, { wrapper: wrapper() });
    await screen.findByRole('region');
    await waitFor(() => expect(recorded.events).toHaveLength(1));
    // The first prompt's usage drops: it shows nothing, but stays mounted.
    rerender(<Page a={40} b={false} />);
    await waitFor(() => expect(screen.queryByRole('region')).toBeNull());
    // Another prompt shows the offer later: a new display.
    rerender(<Page a={40} b />);
    await screen.findByRole('region');
    await waitFor(() => expect(recorded.events).toHaveLength(2));
    expect(recorded.events.map((e) => e.type)).toEqual(['viewed', 'viewed']);
  });

  it('a refetch beside a failed accept request sends no second viewed', async () => {
    let count = 0;
    const { handlers, recorded } = contractHandlers({
      offers: () => {
        count += 1;
        return {
          offers: [makeOffer({ id: `vdyjO2qlLD_${count}`, token: `tok_${count}` })],
          expires_at: Math.floor(Date.now() / 1000) + 3600,
          brand: null,
        };
      },
      fulfill: () => HttpResponse.error(),
    });
    server.use(...handlers);
    const queryClient = new QueryClient();
    render(<Prompt custom={custom} />, { wrapper: wrapper(queryClient) });
    const button = await screen.findByRole('button', { name: 'Add 100 GB storage' });
    await waitFor(() => expect(recorded.events).toHaveLength(1));
    act(() => button.click());
    await waitFor(() => expect(screen.getByRole('region')).toHaveAttribute('data-state', 'error'));
    await act(() => queryClient.refetchQueries());
    await waitFor(() => expect(screen.getByRole('region')).toHaveAttribute('data-state', 'ready'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorded.events).toEqual([{ token: 'tok_1', type: 'viewed' }]);
  });

  it('waits for a visible tab before counting a view', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    render(<Prompt custom={custom} />, { wrapper: wrapper() });
    await screen.findByRole('region');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorded.events).toHaveLength(0);
    visibility.mockReturnValue('visible');
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await waitFor(() => expect(recorded.events).toHaveLength(1));
    visibility.mockRestore();
  });

  it('a dismissal in one prompt hides every prompt of that offer, with one event', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    render(
      <>
        <Prompt custom={custom} />
        <Prompt custom={custom} placement="inline" />
      </>,
      { wrapper: wrapper() },
    );
    const [first] = await screen.findAllByRole('button', { name: 'Dismiss' });
    act(() => first!.click());
    await waitFor(() => expect(screen.queryAllByRole('region')).toHaveLength(0));
    await waitFor(() =>
      expect(recorded.events.filter((e) => e.type === 'dismissed')).toHaveLength(1),
    );
  });

  it('sends no request when disabled', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const { result } = renderHook(() => useUpsellOffer({ custom, enabled: false }), {
      wrapper: wrapper(),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorded.offers).toHaveLength(0);
    expect(result.current.status).toBe('idle');
  });

  it('enabled={false} after an offer was shown: shows nothing, as its doc says', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const { rerender } = render(<UpsellBanner custom={custom} />, { wrapper: wrapper() });
    await screen.findByRole('region', { name: 'Running out of storage?' });
    rerender(<UpsellBanner custom={custom} enabled={false} />);
    await waitFor(() => expect(screen.queryByRole('region')).toBeNull());
    const { result } = renderHook(() => useUpsellOffer({ custom, enabled: false }), {
      wrapper: wrapper(),
    });
    expect(result.current).toMatchObject({ status: 'idle', offer: null });
    // Enabled again: from the cache, shown again.
    rerender(<UpsellBanner custom={custom} />);
    await screen.findByRole('region', { name: 'Running out of storage?' });
    expect(recorded.offers).toHaveLength(1);
  });

  it('double click in the same frame: one fulfillment request', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    render(<Prompt custom={custom} />, { wrapper: wrapper() });
    const button = await screen.findByRole('button', { name: 'Add 100 GB storage' });
    // Both clicks land before React re-renders the disabled button: only the guard stops #2.
    act(() => {
      button.click();
      button.click();
    });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    await screen.findByText('Done! Your plan has been updated.');
    expect(recorded.fulfillments).toHaveLength(1);
  });

  it('accept() and dismiss() act once, and dismiss is a no-op after accept', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const { result } = renderHook(() => useUpsellOffer({ custom }), { wrapper: wrapper() });
    await waitFor(() => expect(result.current.status).toBe('ready'));
    await act(async () => {
      await Promise.all([result.current.accept('6cd5280e'), result.current.accept('6cd5280e')]);
    });
    act(() => result.current.dismiss());
    expect(result.current.status).toBe('completed');
    expect(recorded.fulfillments).toHaveLength(1);
    expect(recorded.events.filter((e) => e.type === 'dismissed')).toHaveLength(0);
  });

  it('reports viewed, accepted and completed to onEvent with ids', async () => {
    const { handlers } = contractHandlers();
    server.use(...handlers);
    const onEvent = vi.fn();
    const { result } = renderHook(() => useUpsellOffer({ custom, onEvent }), {
      wrapper: wrapper(),
    });
    await waitFor(() => expect(result.current.status).toBe('ready'));
    act(() => result.current.markViewed());
    act(() => result.current.markViewed());
    await act(() => result.current.accept('6cd5280e'));
    expect(onEvent.mock.calls.map(([event]) => event)).toEqual([
      { type: 'viewed', personalizedOfferId: 'vdyjO2qlLD_715653d4', offerId: 'vdyjO2qlLD' },
      {
        type: 'accepted',
        personalizedOfferId: 'vdyjO2qlLD_715653d4',
        offerId: 'vdyjO2qlLD',
        optionId: '6cd5280e',
      },
      {
        type: 'completed',
        personalizedOfferId: 'vdyjO2qlLD_715653d4',
        offerId: 'vdyjO2qlLD',
        optionId: '6cd5280e',
        fulfillmentId: '507c340b',
      },
    ]);
  });

  it("uses the app's own QueryClient from a surrounding QueryClientProvider", async () => {
    const { handlers } = contractHandlers();
    server.use(...handlers);
    const queryClient = new QueryClient();
    render(
      <QueryClientProvider client={queryClient}>
        <UpsellProvider>
          <Prompt custom={custom} />
        </UpsellProvider>
      </QueryClientProvider>,
    );
    await screen.findByRole('region');
    expect(queryClient.getQueryCache().findAll({ queryKey: ['upsell-offers'] })).toHaveLength(1);
  });

  it('warns in development about a custom field the server would reject', async () => {
    const { handlers } = contractHandlers();
    server.use(...handlers);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    renderHook(() => useUpsellOffer({ custom: { 'storage-used': 85 } }), { wrapper: wrapper() });
    await waitFor(() =>
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('custom key "storage-used"')),
    );
    warn.mockRestore();
  });

  it('throws a helpful error outside the provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => renderHook(() => useUpsellOffer({ custom }))).toThrow(/inside <UpsellProvider>/);
  });
});

describe('useUpsellOffer: polling', () => {
  it('a fulfillment that takes 30 s is polled with backoff: at most 8 status reads', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const start = Date.now();
    const { handlers, recorded } = contractHandlers({
      fulfill: () => ({ status: 201, body: { fulfillment: makeFulfillment(), hosted_page: null } }),
      read: (id) =>
        makeFulfillment({ id, status: Date.now() - start >= 29_000 ? 'completed' : 'in_progress' }),
    });
    server.use(...handlers);
    const { result } = renderHook(() => useUpsellOffer({ custom, pollTimeoutMs: 60_000 }), {
      wrapper: wrapper(),
    });
    await vi.waitFor(() => expect(result.current.status).toBe('ready'));
    let done: Promise<void> | undefined;
    act(() => {
      done = result.current.accept('6cd5280e');
    });
    for (let i = 0; i < 70 && result.current.status !== 'completed'; i++) {
      await act(() => vi.advanceTimersByTimeAsync(1000));
    }
    await act(() => done);
    expect(result.current.status).toBe('completed');
    expect(recorded.reads.length).toBeGreaterThan(0);
    expect(recorded.reads.length).toBeLessThanOrEqual(8);
  });

  it('a prompt unmounted while the accept request is in flight polls nothing after', async () => {
    let answer: () => void = () => {};
    const { handlers, recorded } = contractHandlers({
      fulfill: () => ({ status: 201, body: { fulfillment: makeFulfillment(), hosted_page: null } }),
      read: (id) => makeFulfillment({ id, status: 'completed' }),
    });
    server.use(...handlers);
    // In front of the contract's handler: the accept request waits until the test releases it,
    // then falls through to it.
    const gate = new Promise<void>((resolve) => (answer = resolve));
    server.use(
      http.post('*/api/upsell/fulfillments', async () => {
        await gate;
      }),
    );
    const onEvent = vi.fn();
    const { unmount } = render(<Prompt custom={custom} onEvent={onEvent} />, {
      wrapper: wrapper(),
    });
    const button = await screen.findByRole('button', { name: 'Add 100 GB storage' });
    act(() => button.click());
    unmount();
    answer();
    await waitFor(() => expect(recorded.fulfillments).toHaveLength(1));
    // The first status read would come a second after the answer.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(recorded.reads).toEqual([]);
    expect(onEvent).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'completed' }));
  });

  it('a status read that fails: the error state, one failed event with ids, one onError', async () => {
    const { handlers } = contractHandlers({
      fulfill: () => ({ status: 201, body: { fulfillment: makeFulfillment(), hosted_page: null } }),
      read: () => errorResponse(404, 'not_found', 'Not found.'),
    });
    server.use(...handlers);
    const onEvent = vi.fn();
    const onError = vi.fn();
    const { result } = renderHook(() => useUpsellOffer({ custom, onEvent, onError }), {
      wrapper: wrapper(),
    });
    await waitFor(() => expect(result.current.status).toBe('ready'));
    await act(() => result.current.accept('6cd5280e'));
    expect(result.current.status).toBe('error');
    expect(result.current.message).toBe('Something went wrong. Please try again later.');
    expect(onEvent).toHaveBeenLastCalledWith({
      type: 'failed',
      personalizedOfferId: 'vdyjO2qlLD_715653d4',
      offerId: 'vdyjO2qlLD',
      optionId: '6cd5280e',
      fulfillmentId: '507c340b',
      errorCode: 'not_found',
    });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'not_found' }));
  });

  it('gives up politely after pollTimeoutMs with a still-processing state', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { handlers, recorded } = contractHandlers({
      fulfill: () => ({ status: 201, body: { fulfillment: makeFulfillment(), hosted_page: null } }),
      read: (id) => makeFulfillment({ id, status: 'in_progress' }),
    });
    server.use(...handlers);
    const { result } = renderHook(() => useUpsellOffer({ custom }), { wrapper: wrapper() });
    await vi.waitFor(() => expect(result.current.status).toBe('ready'));
    let done: Promise<void> | undefined;
    act(() => {
      done = result.current.accept('6cd5280e');
    });
    for (let i = 0; i < 40 && !result.current.stillProcessing; i++) {
      await act(() => vi.advanceTimersByTimeAsync(1000));
    }
    await act(() => done);
    expect(result.current.status).toBe('fulfilling');
    expect(result.current.stillProcessing).toBe(true);
    expect(result.current.message).toBe(
      'Still processing. This can take a few minutes; you can keep working.',
    );
    expect(recorded.reads.length).toBeLessThanOrEqual(8);
  });
});

describe('useUpsellOffer: prop getters', () => {
  it('compose handlers: the caller runs first and can preventDefault() ours', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const { result } = renderHook(() => useUpsellOffer({ custom }), { wrapper: wrapper() });
    await waitFor(() => expect(result.current.status).toBe('ready'));
    const option = makeOffer().options[0]!;
    const onClick = vi.fn((event: { preventDefault: () => void }) => event.preventDefault());
    const props = result.current.getCtaProps(option, { onClick, className: 'x' });
    expect(props).toMatchObject({
      type: 'button',
      'aria-disabled': undefined,
      className: 'x',
      'data-state': 'ready',
      'data-option-id': '6cd5280e',
    });
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    act(() => props.onClick?.(event as never));
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(result.current.status).toBe('ready');
    expect(recorded.fulfillments).toHaveLength(0);
  });

  it("spreads the caller's props last, but never over the sanitized HTML", async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const { result } = renderHook(() => useUpsellOffer({ custom }), { wrapper: wrapper() });
    await waitFor(() => expect(result.current.status).toBe('ready'));
    expect(
      result.current.getRootProps({ id: 'mine', role: 'complementary', 'aria-labelledby': 'x' }),
    ).toMatchObject({ id: 'mine', role: 'complementary', 'aria-labelledby': 'x' });
    expect(result.current.getStatusProps({ 'aria-live': 'assertive' })).toMatchObject({
      role: 'status',
      'aria-live': 'assertive',
    });
    // The title's and description's HTML is only ever sanitizeOfferHtml's output.
    const hostile = { dangerouslySetInnerHTML: { __html: '<img src=x onerror="alert(1)">' } };
    const title = result.current.getTitleProps({ id: 'my-title', ...hostile } as object);
    expect(title.id).toBe('my-title');
    expect(title.dangerouslySetInnerHTML).toEqual({
      __html: '<div class="slate-p">Running out of storage?</div>',
    });
    expect(
      result.current.getDescriptionProps(hostile as object).dangerouslySetInnerHTML,
    ).not.toEqual(hostile.dangerouslySetInnerHTML);

    // A caller's handler that does not preventDefault() runs first, then ours.
    const order: string[] = [];
    const dismissProps = result.current.getDismissProps({
      'aria-label': 'Close',
      onClick: () => order.push('theirs'),
    });
    expect(dismissProps['aria-label']).toBe('Close');
    act(() => {
      dismissProps.onClick?.({ defaultPrevented: false } as never);
      order.push('after');
    });
    expect(order).toEqual(['theirs', 'after']);
    expect(result.current.status).toBe('dismissed');
    await waitFor(() =>
      expect(recorded.events.filter((e) => e.type === 'dismissed')).toHaveLength(1),
    );
  });

  it('ties the title, description and status to the root by id', async () => {
    const { handlers } = contractHandlers();
    server.use(...handlers);
    const { result } = renderHook(() => useUpsellOffer({ custom, placement: 'modal' }), {
      wrapper: wrapper(),
    });
    await waitFor(() => expect(result.current.status).toBe('ready'));
    const root = result.current.getRootProps();
    const title = result.current.getTitleProps();
    const description = result.current.getDescriptionProps();
    expect(root).toMatchObject({
      role: 'dialog',
      'aria-modal': true,
      'aria-labelledby': title.id,
      'aria-describedby': description.id,
    });
    expect(title.dangerouslySetInnerHTML).toEqual({
      __html: '<div class="slate-p">Running out of storage?</div>',
    });
    expect(result.current.getStatusProps()).toMatchObject({ role: 'status', children: '' });
  });

  it('sanitizes once per offer content, not per render', async () => {
    const { handlers } = contractHandlers();
    server.use(...handlers);
    const { result, rerender } = renderHook(() => useUpsellOffer({ custom }), {
      wrapper: wrapper(),
    });
    await waitFor(() => expect(result.current.status).toBe('ready'));
    const first = result.current.getTitleProps().dangerouslySetInnerHTML;
    rerender();
    rerender();
    expect(result.current.getTitleProps().dangerouslySetInnerHTML).toBe(first);
  });
});
