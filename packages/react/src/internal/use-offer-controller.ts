'use client';
import { createOfferController } from '@upsell-kit/core';
import type { OfferController, OfferQuery, OfferState } from '@upsell-kit/core';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { UpsellErrorHandler, UpsellEvent } from '../upsell-event';
import { OFFERS_KEY } from './use-offers-query';
import type { UpsellContextValue } from './upsell-context';
import { useLatest } from './use-latest';

/** The prompt's own callbacks, beside the provider's. */
interface PromptCallbacks {
  onEvent?: ((event: UpsellEvent) => void) | undefined;
  onError?: UpsellErrorHandler | undefined;
  pollTimeoutMs?: number | undefined;
}

/**
 * The core's offer controller for one mounted prompt, bound to React: created once (a pure
 * constructor, so StrictMode's second render is harmless), rendered through
 * `useSyncExternalStore`, fed the offers query in an effect, started and stopped with the mount.
 * Its callbacks read the latest provider and prompt props when they run.
 */
export function useOfferController(
  ctx: UpsellContextValue,
  prompt: PromptCallbacks,
  query: OfferQuery,
): [OfferController, OfferState] {
  const latest = useLatest({ ctx, prompt });
  const [controller] = useState(() => {
    const provider = () => latest.current.ctx.callbacks.current;
    const own = () => latest.current.prompt;
    return createOfferController({
      registry: ctx.registry,
      get client() {
        return latest.current.ctx.client;
      },
      get onCheckout() {
        return provider().onCheckout;
      },
      get navigate() {
        return provider().navigate;
      },
      get pollTimeoutMs() {
        return own().pollTimeoutMs;
      },
      // The provider's first, then the prompt's.
      onEvent: (event) => {
        provider().onEvent?.(event);
        own().onEvent?.(event);
      },
      onError: (error, { firstReport }) => {
        if (firstReport) provider().onError?.(error);
        own().onError?.(error);
      },
      // A new plan may mean new offers, for every prompt of this client.
      onCompleted: () =>
        void latest.current.ctx.queryClient.invalidateQueries({
          queryKey: [OFFERS_KEY, latest.current.ctx.scope],
        }),
    });
  });
  const state = useSyncExternalStore(
    controller.subscribe,
    controller.getSnapshot,
    controller.getSnapshot,
  );

  const { enabled, data, error, fetching } = query;
  useEffect(() => {
    controller.setQuery({ enabled, data, error, fetching });
  }, [controller, enabled, data, error, fetching]);

  // Polling outlives no prompt, and an unmounted prompt shows nothing: a later mount is a new
  // display. StrictMode's simulated remount keeps the display (`start` holds it again, unsent).
  useEffect(() => {
    controller.start();
    return controller.stop;
  }, [controller]);

  return [controller, state];
}
