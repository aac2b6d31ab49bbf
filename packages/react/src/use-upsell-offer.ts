'use client';
import { offerStatusMessage } from '@upsell-kit/core';
import { useCallback, useContext, useState } from 'react';
import { UpsellContext } from './internal/upsell-context';
import { promptExtras } from './internal/debug-hub';
import { useDebugReport } from './internal/use-debug-report';
import { useIsClient } from './internal/use-is-client';
import { useOfferController } from './internal/use-offer-controller';
import { useOffersQuery } from './internal/use-offers-query';
import { usePropGetters } from './internal/use-prop-getters';
import { useRefComposer } from './internal/use-ref-composer';
import { useViewedRule } from './internal/use-viewed-rule';
import type { UseUpsellOfferOptions } from './use-upsell-offer-options';
import type { UseUpsellOfferResult } from './use-upsell-offer-result';

/**
 * The headless offer prompt: fetches the offer for a usage context (React Query, one request per
 * distinct context), runs the lifecycle (`@upsell-kit/core`'s offer controller) and returns state,
 * actions and prop getters. Must be used inside {@link UpsellProvider}.
 *
 * It is a thin binding, the shape a Vue or Svelte one would take too: one
 * `createOfferController` per mounted prompt, its snapshot through `useSyncExternalStore`, the
 * query's state fed with `setQuery`, `start` / `stop` with the mount; what is React's own stays
 * here (React Query, the viewed rule's IntersectionObserver, focus keeping, prop getters).
 *
 * @example
 * const upsell = useUpsellOffer({ custom: { storage_used_percent: 82 } });
 * if (!upsell.offer || upsell.status === 'dismissed') return null;
 * return (
 *   <section {...upsell.getRootProps()}>
 *     <h2 {...upsell.getTitleProps()} />
 *     <div {...upsell.getDescriptionProps()} />
 *     {upsell.offer.options.map((option) => (
 *       <button key={option.id} {...upsell.getCtaProps(option)}>{option.label}</button>
 *     ))}
 *     <button {...upsell.getDismissProps()}>×</button>
 *     <div {...upsell.getStatusProps()} />
 *   </section>
 * );
 */
export function useUpsellOffer(options: UseUpsellOfferOptions = {}): UseUpsellOfferResult {
  const ctx = useContext(UpsellContext);
  if (!ctx) {
    throw new Error(
      process.env.NODE_ENV !== 'production'
        ? 'useUpsellOffer must be used inside <UpsellProvider>. Wrap your app (or the part that ' +
            'shows offers) in <UpsellProvider>.'
        : 'No <UpsellProvider>',
    );
  }
  const { custom = {}, context, enabled = true, placement = 'banner' } = options;
  const { messages } = ctx;
  const active = useIsClient() && enabled;

  const query = useOffersQuery(ctx, custom, context, active, options.placementId);
  const { refetch } = query;
  const [controller, state] = useOfferController(ctx, options, active, query);
  const { accept, dismiss, markViewed } = controller;
  const { status, viewed } = state;

  // The element shown, for the viewed rule; state so that the effects re-run with it.
  const [root, setRoot] = useState<HTMLElement | null>(null);
  useViewedRule(root, status, viewed, placement, markViewed);
  if (process.env.NODE_ENV !== 'production') {
    // The build decides, once: the hooks' order never changes while the app runs. Production
    // builds carry none of the debug panel's reporting.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    useDebugReport(ctx.registry, () => {
      const extra = promptExtras.get(options);
      const title = state.offer?.content.title.replace(/<[^>]*>/g, '').trim();
      return {
        placementId: options.placementId,
        placement,
        title: title || undefined,
        facts: {
          enabled,
          open: extra?.open,
          waiting: extra?.waiting,
          state,
          data: query.data,
          error: query.error,
        },
      };
    });
  }
  const result = {
    status,
    offer: state.offer,
    fulfillment: state.fulfillment,
    error: state.error,
    message: offerStatusMessage(state, messages, ctx.locale),
    stillProcessing: state.stillProcessing,
    messages,
    accept,
    dismiss,
    markViewed,
    refetch: useCallback(() => void refetch(), [refetch]),
  };
  return {
    ...result,
    ...usePropGetters(
      state,
      result,
      placement === 'modal',
      useRefComposer<HTMLElement>(setRoot),
      (optionId) => void accept(optionId),
    ),
  };
}
