'use client';
import { createOfferController, offersQueryKey } from '@upsell-kit/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { OfferController, OfferState, OffersResponse, UpsellError } from '@upsell-kit/core';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { UseUpsellOfferOptions } from '../use-upsell-offer-options';
import type { UpsellContextValue } from './upsell-context';
import { useIsomorphicLayoutEffect } from './use-isomorphic-layout-effect';

/**
 * The core's offer controller for one mounted prompt, bound to React: created once (a pure
 * constructor, so StrictMode's second render is harmless), rendered through
 * `useSyncExternalStore`, handed this render's options before any effect can act, fed the offers
 * query (`setQuery`) in an effect, started and stopped with the mount.
 */
export function useOfferController(
  ctx: UpsellContextValue,
  { onEvent, onError, onCompleted, pollTimeoutMs }: UseUpsellOfferOptions,
  enabled: boolean,
  { data, error, isFetching: fetching }: UseQueryResult<OffersResponse, UpsellError | Error>,
): [OfferController, OfferState] {
  const { client, registry, callbacks, queryClient, scope } = ctx;
  const [controller] = useState(() => createOfferController({ client, registry }));
  const state = useSyncExternalStore(
    controller.subscribe,
    controller.getSnapshot,
    controller.getSnapshot,
  );

  // Once per render, in a layout effect (a discarded render leaves nothing behind). The provider's
  // callbacks are read through its ref when they run: a provider that re-renders alone (a new
  // inline `onEvent`) re-renders no prompt.
  useIsomorphicLayoutEffect(() =>
    controller.setOptions({
      client,
      pollTimeoutMs,
      // The provider's first, then the prompt's.
      onEvent: (event) => {
        callbacks.current.onEvent?.(event);
        onEvent?.(event);
      },
      onError: (reported, { firstReport }) => {
        if (firstReport) callbacks.current.onError?.(reported);
        onError?.(reported);
      },
      get onCheckout() {
        return callbacks.current.onCheckout;
      },
      get navigate() {
        return callbacks.current.navigate;
      },
      get allowedRedirectHosts() {
        return callbacks.current.allowedRedirectHosts;
      },
      // A new plan may mean new offers, for every prompt of this client; then the app refreshes
      // what the accept changed (the provider's first, then the prompt's).
      onCompleted: (fulfillment, offer) => {
        void queryClient.invalidateQueries({ queryKey: offersQueryKey(scope) });
        callbacks.current.onCompleted?.(fulfillment, offer);
        onCompleted?.(fulfillment, offer);
      },
    }),
  );

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
