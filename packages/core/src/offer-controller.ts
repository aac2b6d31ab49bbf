import type { UpsellClient } from './client';
import { UpsellError } from './errors';
import { isSafeUrl } from './is-safe-url';
import { createOfferMachine } from './lifecycle';
import type { OfferEvent, OfferState } from './lifecycle';
import type { OfferAnalyticsEvent } from './offer-analytics-event';
import { createOfferRegistry } from './offer-registry';
import type { OfferRegistry } from './offer-registry';
import type { Fulfillment, HostedPage, Offer, OffersResponse, ProcessingLayout } from './types';

/** Options of {@link createOfferController}. Callbacks are read when they are called. */
export interface OfferControllerOptions {
  /**
   * The browser client of the app's server.
   * @example createOfferController({ client: createUpsellClient() })
   */
  client: UpsellClient;
  /**
   * Shared by every controller of the page (one per provider / app): one `viewed` per display of
   * an offer however many prompts show it, and dismissals that hold across prompts. Read once, at
   * creation.
   * @default a private registry (this controller counts alone)
   * @example createOfferController({ client, registry })
   */
  registry?: OfferRegistry;
  /**
   * Analytics events: viewed, dismissed, accepted, completed, failed, already_accepted.
   * @default undefined
   * @example createOfferController({ client, onEvent: (e) => analytics.track(e.type, e) })
   */
  onEvent?: ((event: OfferAnalyticsEvent) => void) | undefined;
  /**
   * Every error (fetch, events, accept, polling). `firstReport` is `false` when another controller
   * of the same registry already reported this very error (a failed offers request that every
   * prompt of it sees): app-wide handlers such as an error tracker skip those.
   * @default undefined
   * @example createOfferController({ client, onError: (e, { firstReport }) => firstReport && track(e) })
   */
  onError?: ((error: UpsellError | Error, info: { firstReport: boolean }) => void) | undefined;
  /**
   * Opens Chargebee's hosted checkout page yourself instead of the full-page navigation; the
   * controller then polls the fulfillment until it settles. It receives the whole hosted page (as
   * Chargebee.js's `openCheckout` takes it) and the option's `processing_layout` (`in_app`: open
   * it in Chargebee.js's modal; `full_page` or `null`: navigate). Called only with a URL that
   * passes `isSafeUrl` (`https:`, or the page's own origin); any other is refused and reported.
   * @default undefined (full-page navigation to `hostedPage.url`)
   * @example
   * onCheckout: (page, offer, layout) =>
   *   layout === 'in_app'
   *     ? cbInstance.openCheckout({ hostedPage: () => Promise.resolve(page) })
   *     : window.location.assign(page.url)
   */
  onCheckout?:
    ((hostedPage: HostedPage, offer: Offer, layout: ProcessingLayout | null) => void) | undefined;
  /**
   * Leaves the page for a checkout or a redirect. Only ever called with `https:` or same-origin
   * URLs.
   * @default (url) => location.assign(url)
   * @example createOfferController({ client, navigate: (url) => router.push(url) })
   */
  navigate?: ((url: string) => void) | undefined;
  /**
   * A fulfillment completed: the customer's plan changed, so cached offers are stale. Bindings
   * invalidate their offers cache here (`@upsell-kit/react`: the React Query key).
   * @default undefined
   * @example createOfferController({ client, onCompleted: () => queryClient.invalidateQueries(…) })
   */
  onCompleted?: ((fulfillment: Fulfillment, offer: Offer) => void) | undefined;
  /**
   * How long to poll an in-progress fulfillment before settling for "still processing".
   * @default 30_000
   * @example createOfferController({ client, pollTimeoutMs: 60_000 })
   */
  pollTimeoutMs?: number | undefined;
}

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

const assign = (url: string) => location.assign(url);

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
  let polling: AbortController | undefined;
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

  /**
   * Chargebee returns `redirect_url` "only if … billing_update or url_redirect": after a
   * billing_update completes, the browser goes there when it is safe (else it stays, reported).
   */
  const followAfterBillingUpdate = (fulfillment: Fulfillment) => {
    if (fulfillment.processing_type !== 'billing_update' || fulfillment.status !== 'completed')
      return;
    const url = fulfillment.redirect_url;
    if (!url) return;
    if (isSafeUrl(url)) (options.navigate ?? assign)(url);
    else report(new Error(`Refused to navigate to an unsafe URL: ${url}`));
  };

  /** The accept flow; `accept` wraps it so that a throwing callback never becomes a rejection. */
  async function acceptFlow(optionId: string) {
    // A user who chose an option saw the prompt (see dismiss). A no-op unless `canAccept`.
    markViewed();
    const offer = machine.getSnapshot().offer as Offer;
    // The synchronous guard: the machine leaves `ready` now, so a second click in the same
    // frame (before the UI re-renders the disabled button) finds `accepting` and does nothing.
    if (!send({ type: 'ACCEPT', optionId })) return;
    const option = offer.options.find((o) => o.id === optionId);
    const { client } = options;
    emit('accepted', offer, { optionId });
    /** The request or a status read failed: the error state, `failed` for analytics, onError. */
    const fail = (error: unknown, fulfillmentId?: string) => {
      send({ type: 'ACCEPT_ERROR', error: error as Error });
      const errorCode = error instanceof UpsellError ? error.code : 'unknown';
      emit('failed', offer, { optionId, ...(fulfillmentId && { fulfillmentId }), errorCode });
      report(error);
    };
    /** A final fulfillment: `completed` or `failed` for analytics; a new plan may mean new offers. */
    const settled = (fulfillment: Fulfillment) => {
      const { status, option_id, id, error } = fulfillment;
      const extra = { optionId: option_id, fulfillmentId: id };
      if (status === 'completed') {
        emit('completed', offer, extra);
        options.onCompleted?.(fulfillment, offer);
      }
      if (status === 'failed')
        emit('failed', offer, { ...extra, errorCode: error?.code ?? status });
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
    if (!inProgress) settled(fulfillment);
    if (fulfillment.status === 'failed') return;

    /**
     * Shows a refused URL (error code `unsafe_redirect`) instead of waiting on a page that never
     * opened. A settled fulfillment (a completed url_redirect) stays settled: only the report
     * remains.
     */
    const refuse = (message: string) => {
      const error = Object.assign(new Error(message), { code: 'unsafe_redirect' });
      if (send({ type: 'ACCEPT_ERROR', error })) {
        emit('failed', offer, {
          optionId,
          fulfillmentId: fulfillment.id,
          errorCode: 'unsafe_redirect',
        });
      }
      report(error);
    };
    /** Leaves the page for `url` when it is safe; refuses it otherwise. */
    const go = (url: string) => {
      if (isSafeUrl(url)) (options.navigate ?? assign)(url);
      else refuse(`Refused to navigate to an unsafe URL: ${url}`);
    };

    const type = option?.processing_type;
    if (type === 'checkout' && hostedPage && inProgress) {
      // The app's own checkout (then polled below), else a full-page navigation.
      const { onCheckout } = options;
      if (!onCheckout) {
        // Navigated, or refused (the prompt says so: polling a page never opened would stall).
        go(hostedPage.url);
        return;
      }
      if (!isSafeUrl(hostedPage.url)) {
        // The app's drawer would load it in an iframe or assign it: checked like a navigation.
        refuse(`Refused to hand an unsafe checkout URL to onCheckout: ${hostedPage.url}`);
        return;
      }
      onCheckout(hostedPage, offer, option?.processing_layout ?? null);
    }
    const redirect = type === 'url_redirect' && (fulfillment.redirect_url ?? option?.redirect_url);
    if (redirect) {
      go(redirect);
      return;
    }
    if (!inProgress) {
      followAfterBillingUpdate(fulfillment);
      return;
    }

    // billing_update, webhook, email, in-app checkout: poll until settled, with backoff; not
    // for a prompt that unmounted while the accept request was in flight.
    if (!unsubscribe) return;
    polling?.abort();
    const { signal } = (polling = new AbortController());
    try {
      const polled = await client.pollFulfillment(fulfillment.id, offer.token, {
        signal,
        timeoutMs: options.pollTimeoutMs,
        onUpdate: (update) => send({ type: 'FULFILLMENT_UPDATE', fulfillment: update }),
      });
      send(
        polled.timedOut
          ? { type: 'TIMEOUT' }
          : { type: 'FULFILLMENT_UPDATE', fulfillment: polled.fulfillment },
      );
      if (!polled.timedOut) {
        settled(polled.fulfillment);
        followAfterBillingUpdate(polled.fulfillment);
      }
    } catch (error) {
      // An abort is the unmount's decision (`stop`), not a failure.
      if (!signal.aborted) fail(error, fulfillment.id);
    }
  }

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
      registry.dismiss(offer, expiresAt ? expiresAt * 1000 : null);
      record('dismissed', offer);
    },

    accept: (optionId) =>
      // An app callback (onEvent, onCheckout, navigate) that throws is the app's error: reported,
      // never a rejection that nobody awaits (a click handler calls `void accept(…)`).
      acceptFlow(optionId).catch(report),
  };
}
