import { UpsellError } from '@upsell-kit/core';
import type { Fulfillment, Offer, OfferMachine, OfferOption } from '@upsell-kit/core';
import type { RefObject } from 'react';
import type { UpsellEvent } from '../upsell-event';
import type { UseUpsellOfferOptions } from '../use-upsell-offer';
import { isSafeRedirect } from './is-safe-redirect';
import type { UpsellContextValue } from './upsell-context';

/** The React Query key prefix of every offers query (the hook's and the invalidation's). */
export const OFFERS_KEY = 'upsell-offers';

/** What the actions read at call time: the props and provider of the latest render. */
export interface PromptInputs {
  ctx: UpsellContextValue;
  options: UseUpsellOfferOptions;
  /** The offers response's `expires_at` (Unix seconds), to keep a dismissal until then. */
  expiresAt: number | null | undefined;
}

/** The actions of one prompt, created once per mounted prompt (stable across renders). */
export interface PromptActions {
  accept: (optionId: string) => Promise<void>;
  dismiss: () => void;
  markViewed: () => void;
  /**
   * Hands an error to the prompt's `onError` and, unless `toProvider` is `false` (an error another
   * prompt already reported), to the provider's.
   */
  report: (error: unknown, toProvider?: boolean) => void;
  /** Stops polling (on unmount: polling outlives no prompt). */
  stop: () => void;
}

/** An unsafe URL is never followed, and the app hears about it. */
const refused = (url: string) => new Error(`Refused to navigate to an unsafe URL: ${url}`);

/**
 * The lifecycle side effects of a prompt: events to the server and to `onEvent`, accepting an
 * option and following it to its outcome. The machine decides what applies (`send` returns the
 * same state when an event did not), so every action is safe to call at any time, any number of
 * times. Inputs are read through `latest` when an action runs, never captured at creation.
 */
export function createPromptActions(
  machine: OfferMachine,
  latest: RefObject<PromptInputs>,
): PromptActions {
  let polling: AbortController | undefined;

  const emit = (type: UpsellEvent['type'], offer: Offer, extra: Partial<UpsellEvent> = {}) => {
    const { ctx, options } = latest.current;
    const event: UpsellEvent = {
      type,
      personalizedOfferId: offer.id,
      offerId: offer.offer_id,
      ...extra,
    };
    ctx.onEvent?.(event);
    options.onEvent?.(event);
  };

  const report = (error: unknown, toProvider = true) => {
    const { ctx, options } = latest.current;
    const value = error instanceof Error ? error : new Error(String(error));
    if (toProvider) ctx.onError?.(value);
    options.onError?.(value);
  };

  /** `viewed` and `dismissed`: to `onEvent` and, through the app's server, to Chargebee. */
  const record = (type: 'viewed' | 'dismissed', offer: Offer) => {
    emit(type, offer);
    latest.current.ctx.client.sendEvent({ token: offer.token, type }).catch(report);
  };

  const settled = (offer: Offer, fulfillment: Fulfillment) => {
    const extra = { optionId: fulfillment.option_id, fulfillmentId: fulfillment.id };
    if (fulfillment.status === 'completed') {
      emit('completed', offer, extra);
      // The customer's plan changed: what they are offered next may too.
      const { queryClient, baseUrl } = latest.current.ctx;
      void queryClient.invalidateQueries({ queryKey: [OFFERS_KEY, baseUrl] });
    } else if (fulfillment.status === 'failed') {
      emit('failed', offer, { ...extra, errorCode: fulfillment.error?.code ?? 'failed' });
    }
  };

  /** Leaves the page for `url` when it is safe (`true`); reports it otherwise (`false`). */
  const follow = (url: string) => {
    if (isSafeRedirect(url)) {
      latest.current.ctx.navigate(url);
      return true;
    }
    report(refused(url));
    return false;
  };

  const markViewed = () => {
    const before = machine.getSnapshot();
    const { offer } = before;
    if (!offer || machine.send({ type: 'VIEWED' }) === before) return;
    // The machine dedupes within this prompt; the registry across prompts and remounts.
    if (latest.current.ctx.registry.claimView(offer.id)) record('viewed', offer);
  };

  return {
    report,

    stop: () => polling?.abort(),

    markViewed,

    dismiss() {
      // A user who closes the prompt saw it, even before the visibility rule counted the view
      // (an inline callout dismissed while less than half of it was on screen).
      markViewed();
      const before = machine.getSnapshot();
      const { offer } = before;
      if (!offer || machine.send({ type: 'DISMISS' }) === before) return;
      const { ctx, expiresAt } = latest.current;
      ctx.registry.dismiss(offer, expiresAt ? expiresAt * 1000 : null);
      record('dismissed', offer);
    },

    async accept(optionId) {
      // A user who chose an option saw the prompt (see dismiss). A no-op unless `ready`.
      markViewed();
      const before = machine.getSnapshot();
      // The synchronous guard: the machine leaves `ready` now, so a second click in the same
      // frame (before React re-renders the disabled button) finds `accepting` and does nothing.
      if (machine.send({ type: 'ACCEPT', optionId }) === before) return;
      const offer = before.offer as Offer;
      const option = offer.options.find((o) => o.id === optionId) as OfferOption;
      const { ctx } = latest.current;
      emit('accepted', offer, { optionId });
      /** The request or a status read failed: the error state, `failed` for analytics, onError. */
      const fail = (error: unknown, extra: Partial<UpsellEvent>) => {
        machine.send({ type: 'ACCEPT_ERROR', error: error as Error });
        emit('failed', offer, {
          optionId,
          ...extra,
          errorCode: error instanceof UpsellError ? error.code : 'unknown',
        });
        report(error);
      };
      let result;
      try {
        result = await ctx.client.createFulfillment({ token: offer.token, option_id: optionId });
      } catch (error) {
        if (error instanceof UpsellError && error.code === 'offer_already_accepted') {
          machine.send({ type: 'ALREADY_ACCEPTED' });
          emit('already_accepted', offer, { optionId });
          return;
        }
        fail(error, {});
        return;
      }
      const { fulfillment, hosted_page: hostedPage, replayed } = result;
      const inProgress = fulfillment.status === 'in_progress';
      machine.send({ type: 'ACCEPTED', fulfillment, hostedPage, replayed });
      if (!inProgress) settled(offer, fulfillment);
      if (fulfillment.status === 'failed') return;

      if (option.processing_type === 'checkout' && hostedPage && inProgress) {
        // The app's in-app checkout (then polled below), else a full-page navigation.
        const { onCheckout } = latest.current.ctx;
        if (onCheckout) onCheckout(hostedPage, offer);
        else if (follow(hostedPage.url)) return;
      }
      const redirect =
        option.processing_type === 'url_redirect' &&
        (fulfillment.redirect_url ?? option.redirect_url);
      if ((redirect && follow(redirect)) || !inProgress) return;

      // billing_update, webhook, email, in-app checkout: poll until settled, with backoff.
      polling?.abort();
      const controller = (polling = new AbortController());
      try {
        const polled = await ctx.client.pollFulfillment(fulfillment.id, offer.token, {
          signal: controller.signal,
          timeoutMs: latest.current.options.pollTimeoutMs ?? 30_000,
          onUpdate: (update) => machine.send({ type: 'FULFILLMENT_UPDATE', fulfillment: update }),
        });
        machine.send({ type: 'FULFILLMENT_UPDATE', fulfillment: polled.fulfillment });
        if (polled.timedOut) machine.send({ type: 'TIMEOUT' });
        else settled(offer, polled.fulfillment);
      } catch (error) {
        if (controller.signal.aborted) return;
        fail(error, { fulfillmentId: fulfillment.id });
      }
    },
  };
}
