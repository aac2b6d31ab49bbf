import { QueryClient } from '@tanstack/react-query';
import { act, render, screen, waitFor } from '@testing-library/react';
import { createUpsellClient } from '@upsell-kit/core';
import { setupServer } from 'msw/node';
import { memo, useEffect } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UpsellBanner } from './banner/upsell-banner';
import { UpsellModal } from './modal/upsell-modal';
import { UpsellProvider } from './upsell-provider';
import type { UpsellProviderProps } from './upsell-provider';
import { useUpsellOffer } from './use-upsell-offer';
import { contractHandlers, makeFulfillment, makeOffer } from './test/contract';
import { settleRequests } from './test/in-flight-requests';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(async () => {
  await settleRequests();
  server.resetHandlers();
});
afterAll(() => server.close());

const custom = { storage_used_percent: 85 };

describe('UpsellProvider: the offers cache', () => {
  it('with a client of its own, the cache is per client, whatever baseUrl says', async () => {
    const { handlers, recorded } = contractHandlers();
    server.use(...handlers);
    const queryClient = new QueryClient();
    const a = createUpsellClient({ headers: { 'x-tenant': 'a' } });
    const b = createUpsellClient({ headers: { 'x-tenant': 'b' } });
    const Page = ({ baseUrl }: { baseUrl: string }) => (
      <>
        <UpsellProvider client={a} baseUrl={baseUrl} queryClient={queryClient}>
          <UpsellBanner custom={custom} />
        </UpsellProvider>
        <UpsellProvider client={b} baseUrl={baseUrl} queryClient={queryClient}>
          <UpsellBanner custom={custom} />
        </UpsellProvider>
      </>
    );
    const { rerender } = render(<Page baseUrl="/api/upsell" />);
    await waitFor(() => expect(screen.getAllByRole('region')).toHaveLength(2));
    // Two clients (two tenants' headers): two requests, not one answer shared between them.
    await waitFor(() => expect(recorded.offers).toHaveLength(2));
    // The ignored baseUrl changes: the same clients, the same cache, no new request.
    rerender(<Page baseUrl="/elsewhere" />);
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(screen.getAllByRole('region')).toHaveLength(2);
    expect(recorded.offers).toHaveLength(2);
  });
});

describe('UpsellProvider: renders', () => {
  it('a parent render renders each prompt once (a stable root ref), banner and modal alike', async () => {
    const { handlers } = contractHandlers();
    server.use(...handlers);
    const renders = { banner: 0, modal: 0 };
    const Page = (_: { n: number }) => (
      <UpsellProvider queryClient={new QueryClient()}>
        <UpsellBanner custom={custom}>
          {(upsell) => {
            renders.banner += 1;
            return <section {...upsell.getRootProps()}>banner</section>;
          }}
        </UpsellBanner>
        <UpsellModal custom={custom}>
          {(upsell) => {
            renders.modal += 1;
            return <div {...upsell.getRootProps()}>modal</div>;
          }}
        </UpsellModal>
      </UpsellProvider>
    );
    const { rerender } = render(<Page n={0} />);
    await screen.findByRole('region');
    await screen.findByRole('dialog');
    // Let the mount's own updates (viewed, focus) settle before counting.
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    const before = { ...renders };
    rerender(<Page n={1} />);
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(renders.banner - before.banner).toBe(1);
    expect(renders.modal - before.modal).toBe(1);
  });

  it('an inline messages object re-renders no prompt while its text stays; new text does', async () => {
    const { handlers } = contractHandlers();
    server.use(...handlers);
    const queryClient = new QueryClient();
    let renders = 0;
    // Memoized: only the provider's context can re-render it.
    const Prompt = memo(function Prompt() {
      const upsell = useUpsellOffer({ custom });
      renders += 1;
      return upsell.offer ? (
        <section {...upsell.getRootProps()}>
          <button {...upsell.getDismissProps()}>×</button>
        </section>
      ) : null;
    });
    const Page = ({ dismiss }: { dismiss: string }) => (
      // A new object every render, as apps write it inline.
      <UpsellProvider
        queryClient={queryClient}
        messages={{ dismiss, failure: { default: 'Nope' } }}
      >
        <Prompt />
      </UpsellProvider>
    );
    const { rerender } = render(<Page dismiss="Close" />);
    await screen.findByRole('button', { name: 'Close' });
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    const before = renders;
    for (let i = 0; i < 5; i++) rerender(<Page dismiss="Close" />);
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(renders).toBe(before);
    rerender(<Page dismiss="Fermer" />);
    expect(await screen.findByRole('button', { name: 'Fermer' })).toBeInTheDocument();
    expect(renders).toBe(before + 1);
  });

  it('an inline onEvent re-renders no prompt, and the latest one hears the events', async () => {
    const { handlers } = contractHandlers();
    server.use(...handlers);
    const queryClient = new QueryClient();
    let renders = 0;
    let effects = 0;
    // Memoized: only the provider's context can re-render it.
    const Prompt = memo(function Prompt() {
      const upsell = useUpsellOffer({ custom });
      renders += 1;
      useEffect(() => {
        effects += 1;
      });
      return upsell.offer ? (
        <section {...upsell.getRootProps()}>
          <button {...upsell.getDismissProps()}>×</button>
        </section>
      ) : null;
    });
    const first = vi.fn();
    const latest = vi.fn();
    const Page = ({ onEvent }: Pick<UpsellProviderProps, 'onEvent'>) => (
      // A new function every render, as apps write it inline.
      <UpsellProvider queryClient={queryClient} onEvent={(event) => onEvent?.(event)}>
        <Prompt />
      </UpsellProvider>
    );
    const { rerender } = render(<Page onEvent={first} />);
    await screen.findByRole('region');
    await waitFor(() =>
      expect(first).toHaveBeenCalledWith(expect.objectContaining({ type: 'viewed' })),
    );
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    const before = { renders, effects };
    for (let i = 0; i < 5; i++) rerender(<Page onEvent={latest} />);
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect({ renders, effects }).toEqual(before);
    act(() => screen.getByRole('button', { name: 'Dismiss' }).click());
    expect(latest).toHaveBeenCalledWith(expect.objectContaining({ type: 'dismissed' }));
    expect(first).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'dismissed' }));
  });
});

describe('UpsellProvider: allowedRedirectHosts', () => {
  it('is read when the browser would go: an inline list re-renders no prompt, the latest one rules', async () => {
    const url = 'https://billing.example.net/annual';
    const offer = makeOffer({
      options: [
        { id: 'ur', label: 'See annual plans', processing_type: 'url_redirect', redirect_url: url },
      ],
    });
    const { handlers } = contractHandlers({
      offers: () => ({
        offers: [offer],
        expires_at: Math.floor(Date.now() / 1000) + 3600,
        brand: null,
      }),
      fulfill: () => ({
        status: 201,
        body: {
          fulfillment: makeFulfillment({
            option_id: 'ur',
            processing_type: 'url_redirect',
            redirect_url: url,
          }),
          hosted_page: null,
        },
      }),
    });
    server.use(...handlers);
    const navigate = vi.fn();
    const onError = vi.fn();
    const Page = ({ hosts }: { hosts: string[] }) => (
      <UpsellProvider
        queryClient={new QueryClient()}
        navigate={navigate}
        onError={onError}
        // A new array every render, as apps write it inline.
        allowedRedirectHosts={[...hosts]}
      >
        <UpsellBanner custom={custom} />
      </UpsellProvider>
    );
    const { rerender } = render(<Page hosts={[]} />);
    const button = await screen.findByRole('button', { name: 'See annual plans' });
    rerender(<Page hosts={['billing.example.net']} />);
    act(() => button.click());
    await waitFor(() => expect(navigate).toHaveBeenCalledExactlyOnceWith(url));
    expect(onError).not.toHaveBeenCalled();
  });
});
