import { UpsellError } from '@upsell-kit/core';
import type { Fulfillment, Offer, OfferEvent, OfferMachine } from '@upsell-kit/core';
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
  /**
   * On mount (again, under StrictMode): follows the machine, and holds the display of an offer
   * already viewed.
   */
  start: () => void;
  /** On unmount: stops polling (it outlives no prompt) and ends this prompt's display. */
  stop: () => void;
}

/**
 * The lifecycle side effects of a prompt: events to the server and to `onEvent`, accepting an
 * option and following it to its outcome. The machine decides what applies, so every action is
 * safe to call at any time, any number of times. Inputs are read through `latest` when an action
 * runs, never captured at creation.
 */
export function createPromptActions(
  machine: OfferMachine,
  latest: RefObject<PromptInputs>,
): PromptActions {
  let polling: AbortController | undefined;
  /**
   * Set while the prompt is mounted (from `start` to `stop`): its subscription to the machine.
   * An accept request that returns after the unmount starts no polling.
   */
  let unsubscribe: (() => void) | undefined;
  /** The base offer this prompt shows and counted as viewed: its part of the registry's count. */
  let shown: string | undefined;
  const ctx = () => latest.current.ctx;

  /** Ends this prompt's part of the display it counted (see `show`). */
  const hide = () => {
    if (shown) ctx().registry.releaseView(shown);
    shown = undefined;
  };

  /**
   * Counts this prompt as showing `offer` (instead of what it showed before); `true` when no other
   * prompt was showing it, so that this is a new display.
   */
  const show = (offer: Offer) => {
    hide();
    shown = offer.offer_id;
    return ctx().registry.claimView(shown);
  };

  /** Applies `event`; `true` when the machine took it (the state changed). */
  const send = (event: OfferEvent) => machine.getSnapshot() !== machine.send(event);

  const emit = (type: UpsellEvent['type'], offer: Offer, extra?: Partial<UpsellEvent>) => {
    const event = { type, personalizedOfferId: offer.id, offerId: offer.offer_id, ...extra };
    ctx().onEvent?.(event);
    latest.current.options.onEvent?.(event);
  };

  const report = (error: unknown, toProvider = true) => {
    const value = error instanceof Error ? error : new Error(String(error));
    if (toProvider) ctx().onError?.(value);
    latest.current.options.onError?.(value);
  };

  /** `viewed` and `dismissed`: to `onEvent` and, through the app's server, to Chargebee. */
  const record = (type: 'viewed' | 'dismissed', offer: Offer) => {
    emit(type, offer);
    ctx().client.sendEvent({ token: offer.token, type }).catch(report);
  };

  /** A final fulfillment: `completed` or `failed` for analytics; a new plan may mean new offers. */
  const settled = (offer: Offer, { status, option_id, id, error }: Fulfillment) => {
    const extra = { optionId: option_id, fulfillmentId: id };
    if (status === 'completed') {
      emit('completed', offer, extra);
      void ctx().queryClient.invalidateQueries({ queryKey: [OFFERS_KEY, ctx().baseUrl] });
    }
    if (status === 'failed') emit('failed', offer, { ...extra, errorCode: error?.code ?? status });
  };

  /** Leaves the page for `url` when it is safe (`true`); reports it otherwise (`false`). */
  const follow = (url: string) => {
    const safe = isSafeRedirect(url);
    if (safe) ctx().navigate(url);
    else report(new Error(`Refused to navigate to an unsafe URL: ${url}`));
    return safe;
  };

  const markViewed = () => {
    const { offer } = machine.getSnapshot();
    // The machine dedupes within this prompt; the registry across the prompts showing it.
    if (offer && send({ type: 'VIEWED' }) && show(offer)) record('viewed', offer);
  };

  return {
    report,

    start() {
      unsubscribe?.();
      // The prompt stops showing that offer while mounted (no longer eligible: `empty`; another
      // base offer took its place): that display is over, for this prompt.
      unsubscribe = machine.subscribe(() => {
        if (shown !== machine.getSnapshot().offer?.offer_id) hide();
      });
      const { offer, viewed } = machine.getSnapshot();
      if (offer && viewed) show(offer);
    },

    stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      polling?.abort();
      hide();
    },

    markViewed,

    dismiss() {
      // A user who closes the prompt saw it, even before the visibility rule counted the view
      // (an inline callout dismissed while less than half of it was on screen).
      markViewed();
      const { offer } = machine.getSnapshot();
      if (!offer || !send({ type: 'DISMISS' })) return;
      const { expiresAt } = latest.current;
      ctx().registry.dismiss(offer, expiresAt ? expiresAt * 1000 : null);
      record('dismissed', offer);
    },

    async accept(optionId) {
      // A user who chose an option saw the prompt (see dismiss). A no-op unless `canAccept`.
      markViewed();
      const offer = machine.getSnapshot().offer as Offer;
      // The synchronous guard: the machine leaves `ready` now, so a second click in the same
      // frame (before React re-renders the disabled button) finds `accepting` and does nothing.
      if (!send({ type: 'ACCEPT', optionId })) return;
      const option = offer.options.find((o) => o.id === optionId);
      const { client } = ctx();
      emit('accepted', offer, { optionId });
      /** The request or a status read failed: the error state, `failed` for analytics, onError. */
      const fail = (error: unknown, fulfillmentId?: string) => {
        send({ type: 'ACCEPT_ERROR', error: error as Error });
        const errorCode = error instanceof UpsellError ? error.code : 'unknown';
        emit('failed', offer, { optionId, ...(fulfillmentId && { fulfillmentId }), errorCode });
        report(error);
      };
      let result;
      try {
        result = await client.createFulfillment({ token: offer.token, option_id: optionId });
      } catch (error) {
        if (error instanceof UpsellError && error.code === 'offer_already_accepted') {
          send({ type: 'ALREADY_ACCEPTED' });
          emit('already_accepted', offer, { optionId });
        } else fail(error);
        return;
      }
      const { fulfillment, hosted_page: hostedPage, replayed } = result;
      const inProgress = fulfillment.status === 'in_progress';
      send({ type: 'ACCEPTED', fulfillment, hostedPage, replayed });
      if (!inProgress) settled(offer, fulfillment);
      if (fulfillment.status === 'failed') return;

      const type = option?.processing_type;
      if (type === 'checkout' && hostedPage && inProgress) {
        // The app's in-app checkout (then polled below), else a full-page navigation.
        const { onCheckout } = ctx();
        if (onCheckout) onCheckout(hostedPage, offer);
        else if (follow(hostedPage.url)) return;
      }
      const redirect =
        type === 'url_redirect' && (fulfillment.redirect_url ?? option?.redirect_url);
      if ((redirect && follow(redirect)) || !inProgress) return;

      // billing_update, webhook, email, in-app checkout: poll until settled, with backoff; not
      // for a prompt that unmounted while the accept request was in flight.
      if (!unsubscribe) return;
      polling?.abort();
      const { signal } = (polling = new AbortController());
      try {
        const polled = await client.pollFulfillment(fulfillment.id, offer.token, {
          signal,
          timeoutMs: latest.current.options.pollTimeoutMs,
          onUpdate: (update) => send({ type: 'FULFILLMENT_UPDATE', fulfillment: update }),
        });
        send(
          polled.timedOut
            ? { type: 'TIMEOUT' }
            : { type: 'FULFILLMENT_UPDATE', fulfillment: polled.fulfillment },
        );
        if (!polled.timedOut) settled(offer, polled.fulfillment);
      } catch (error) {
        if (!signal.aborted) fail(error, fulfillment.id);
      }
    },
  };
}
