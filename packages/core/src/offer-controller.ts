import { createAcceptFlow } from './accept-flow';
import type { UpsellError } from './errors';
import { createOfferMachine } from './lifecycle';
import type { OfferEvent, OfferState } from './lifecycle';
import type { OfferAnalyticsEvent } from './offer-analytics-event';
import type { OfferControllerOptions } from './offer-controller-options';
import { createOfferRegistry } from './offer-registry';
import type { Offer, OffersResponse } from './types';

/** The offers request as the binding's cache sees it, for {@link OfferController.setQuery}. */
export interface OfferQuery {
  /** `false`: the prompt is disabled and shows nothing (the state goes back to `idle`). */
  enabled: boolean;
  /** The last answer, if any. */
  data: OffersResponse | undefined;
  /** The last failure, if any (kept beside older `data` by most caches). */
  error: UpsellError | Error | null;
  /** `true` while a request is in flight. */
  fetching: boolean;
}

/**
 * One offer prompt's lifecycle and side effects, without a UI framework: the state machine
 * (`getSnapshot` / `subscribe`, shaped for React's `useSyncExternalStore`, a Vue `shallowRef` or
 * a Svelte store), the actions (`accept`, `dismiss`, `markViewed`), events to the app's server
 * and to `onEvent`, checkout / redirect and polling. Every action is safe to call at any time,
 * any number of times: the machine decides what applies.
 *
 * A binding creates one per mounted prompt, feeds it the offers request (`setQuery`) and the
 * latest callbacks (`setOptions`), calls `start` on mount and `stop` on unmount, and renders the
 * snapshot. Fetching and caching the offers stay the binding's (React Query in
 * `@upsell-kit/react`).
 */
export interface OfferController {
  /** The current state (the same object until something changes). */
  getSnapshot(): OfferState;
  /** Listen for state changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Replaces the options (except `registry`, fixed at creation); read when they are needed. */
  setOptions(options: OfferControllerOptions): void;
  /**
   * Feeds the offers request's state into the lifecycle, and reports a new failure once (see
   * `onError`'s `firstReport`). Idempotent: call it whenever the request's state may have changed.
   */
  setQuery(query: OfferQuery): void;
  /**
   * Accepts an option: only in `ready`, or after a failed accept request or status read (`error`
   * with the offer on screen; a repeat never creates a second fulfillment). Records the view
   * first. Never rejects: failures end in the `error` state and `onError`.
   */
  accept(optionId: string): Promise<void>;
  /** Records the dismissal (once) and hides the offer until it expires. Only acts in `ready`. */
  dismiss(): void;
  /** Records the display (once per display, across the registry's prompts). */
  markViewed(): void;
  /**
   * The prompt is mounted (again, under React's StrictMode): follows dismissals in other prompts,
   * and holds the display of an offer already viewed.
   */
  start(): void;
  /** The prompt is unmounted: stops polling (it outlives no prompt) and ends its display. */
  stop(): void;
}

/**
 * Creates the controller of one offer prompt. Creating it has no side effects (nothing is sent,
 * nothing subscribed) until `start`, so a framework may create it while rendering.
 *
 * @example
 * const controller = createOfferController({ client, registry, onEvent: console.log });
 * controller.subscribe(() => render(controller.getSnapshot()));
 * controller.start();
 * controller.setQuery({ enabled: true, data: await client.getOffers({ custom }), error: null, fetching: false });
 * await controller.accept(controller.getSnapshot().offer!.options[0]!.id);
 */
export function createOfferController(initial: OfferControllerOptions): OfferController {
  let options = initial;
  const registry = initial.registry ?? createOfferRegistry();
  const machine = createOfferMachine();
  /**
   * Set while the prompt is mounted (from `start` to `stop`): its subscriptions to the machine and
   * the registry. An accept request that returns after the unmount starts no polling.
   */
  let unsubscribe: (() => void) | undefined;
  /** The base offer this prompt shows and counted as viewed: its part of the registry's count. */
  let shown: string | undefined;
  /** The offers response's `expires_at` (Unix seconds), to keep a dismissal until then. */
  let expiresAt: number | null | undefined;
  /** The last query error reported: every `setQuery` sees it until the next request. */
  let reportedError: unknown;

  /** Ends this prompt's part of the display it counted (see `show`). */
  const hide = () => {
    if (shown) registry.releaseView(shown);
    shown = undefined;
  };

  /**
   * Counts this prompt as showing `offer` (instead of what it showed before); `true` when no other
   * prompt was showing it, so that this is a new display.
   */
  const show = (offer: Offer) => {
    hide();
    shown = offer.offer_id;
    return registry.claimView(shown);
  };

  /** Applies `event`; `true` when the machine took it (the state changed). */
  const send = (event: OfferEvent) => machine.getSnapshot() !== machine.send(event);

  const emit = (
    type: OfferAnalyticsEvent['type'],
    offer: Offer,
    extra?: Partial<OfferAnalyticsEvent>,
  ) =>
    options.onEvent?.({ type, personalizedOfferId: offer.id, offerId: offer.offer_id, ...extra });

  const report = (error: unknown, firstReport = true) =>
    options.onError?.(error instanceof Error ? error : new Error(String(error)), { firstReport });

  /** `viewed` and `dismissed`: to `onEvent` and, through the app's server, to Chargebee. */
  const record = (type: 'viewed' | 'dismissed', offer: Offer) => {
    emit(type, offer);
    options.client.sendEvent({ token: offer.token, type }).catch(report);
  };

  const markViewed = () => {
    const { offer } = machine.getSnapshot();
    // The machine dedupes within this prompt; the registry across the prompts showing it.
    if (offer && send({ type: 'VIEWED' }) && show(offer)) record('viewed', offer);
  };

  const flow = createAcceptFlow({
    getSnapshot: machine.getSnapshot,
    send,
    options: () => options,
    markViewed,
    emit,
    report,
    mounted: () => !!unsubscribe,
  });

  return {
    getSnapshot: machine.getSnapshot,
    subscribe: machine.subscribe,

    setOptions(next) {
      options = next;
    },

    setQuery({ enabled, data, error, fetching }) {
      expiresAt = data?.expires_at;
      const offer = data?.offers[0];
      const event: OfferEvent | false = !enabled
        ? { type: 'RESET' }
        : offer
          ? { type: 'OFFER', offer, dismissed: registry.isDismissed(offer) }
          : data
            ? { type: 'EMPTY' }
            : error
              ? { type: 'FETCH_ERROR', error }
              : fetching && { type: 'FETCH' };
      if (event) machine.send(event);
      // Once per failure: the controller sees the same error object on every call. This prompt's
      // `onError` hears of it once, and `firstReport` is true once for all prompts of the registry.
      if (error && error !== reportedError) {
        reportedError = error;
        report(error, registry.claimError(error));
      }
    },

    start() {
      unsubscribe?.();
      // The prompt stops showing that offer while mounted (no longer eligible: `empty`; another
      // base offer took its place; disabled): that display is over, for this prompt.
      const offMachine = machine.subscribe(() => {
        if (shown !== machine.getSnapshot().offer?.offer_id) hide();
      });
      // A dismissal in another prompt of the same offer hides this one too.
      const offRegistry = registry.subscribe(() => {
        const { offer, status } = machine.getSnapshot();
        if (offer && status === 'ready' && registry.isDismissed(offer)) {
          machine.send({ type: 'OFFER', offer, dismissed: true });
        }
      });
      unsubscribe = () => {
        offMachine();
        offRegistry();
      };
      const { offer, viewed } = machine.getSnapshot();
      if (offer && viewed) show(offer);
    },

    stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      flow.abort();
      hide();
    },

    markViewed,

    dismiss() {
      // A user who closes the prompt saw it, even before the visibility rule counted the view
      // (an inline callout dismissed while less than half of it was on screen).
      markViewed();
      const { offer } = machine.getSnapshot();
      if (!offer || !send({ type: 'DISMISS' })) return;
      registry.dismiss(offer, expiresAt ? expiresAt * 1000 : null);
      record('dismissed', offer);
    },

    accept: flow.accept,
  };
}
