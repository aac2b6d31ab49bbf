import { decideAfterAccept, decideAfterPoll } from './accept-decision';
import type { AcceptDecision } from './accept-decision';
import { UpsellError } from './errors';
import { currentPage } from './is-safe-url';
import type { OfferEvent, OfferState } from './lifecycle';
import type { OfferAnalyticsEvent } from './offer-analytics-event';
import type { OfferControllerOptions } from './offer-controller-options';
import type { Fulfillment, Offer } from './types';

/** What the accept flow needs from the controller it runs in. */
export interface AcceptFlowHost {
  getSnapshot(): OfferState;
  /** Applies an event to the machine; `true` when it took it (the state changed). */
  send(event: OfferEvent): boolean;
  /** The controller's latest options (callbacks are read when they are called). */
  options(): OfferControllerOptions;
  markViewed(): void;
  emit(type: OfferAnalyticsEvent['type'], offer: Offer, extra?: Partial<OfferAnalyticsEvent>): void;
  report(error: unknown): void;
  /** Whether the prompt is mounted: an accept answered after the unmount polls nothing. */
  mounted(): boolean;
}

/** The accept flow of one controller. */
export interface AcceptFlow {
  /** Accepts `optionId`; never rejects (a throwing app callback is reported instead). */
  accept(optionId: string): Promise<void>;
  /** Stops polling: the prompt unmounted, and polling outlives no prompt. */
  abort(): void;
}

const assign = (url: string) => location.assign(url);

/**
 * The effectful side of an accept: `POST /fulfillments`, the machine's events, analytics, and
 * carrying out what {@link decideAfterAccept} / {@link decideAfterPoll} decided (a navigation,
 * `onCheckout`, a refusal, polling with backoff).
 */
export function createAcceptFlow(host: AcceptFlowHost): AcceptFlow {
  const { getSnapshot, send, options, emit, report } = host;
  let polling: AbortController | undefined;

  async function run(optionId: string) {
    // A user who chose an option saw the prompt (see dismiss). A no-op unless `canAccept`.
    host.markViewed();
    const offer = getSnapshot().offer as Offer;
    // The synchronous guard: the machine leaves `ready` now, so a second click in the same
    // frame (before the UI re-renders the disabled button) finds `accepting` and does nothing.
    if (!send({ type: 'ACCEPT', optionId })) return;
    const option = offer.options.find((o) => o.id === optionId);
    const { client } = options();
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
        options().onCompleted?.(fulfillment, offer);
      }
      if (status === 'failed')
        emit('failed', offer, { ...extra, errorCode: error?.code ?? status });
    };
    let answer;
    try {
      answer = await client.createFulfillment({ token: offer.token, option_id: optionId });
    } catch (error) {
      if (error instanceof UpsellError && error.code === 'offer_already_accepted') {
        send({ type: 'ALREADY_ACCEPTED' });
        emit('already_accepted', offer, { optionId });
      } else fail(error);
      return;
    }
    const { fulfillment, hosted_page: hostedPage, replayed } = answer;
    send({ type: 'ACCEPTED', fulfillment, hostedPage, replayed });
    if (fulfillment.status !== 'in_progress') settled(fulfillment);

    /** Carries out a decision; `true` when polling should follow. */
    const act = (decision: AcceptDecision) => {
      const { kind } = decision;
      if (kind === 'navigate') (options().navigate ?? assign)(decision.url);
      if (kind === 'checkout') options().onCheckout?.(decision.page, offer, decision.layout);
      if (kind === 'refuse') {
        // Shown instead of waiting on a page that never opened. A settled fulfillment (a
        // completed url_redirect or billing_update) stays settled: only the report remains.
        const error = Object.assign(new Error(decision.message), { code: 'unsafe_redirect' });
        if (send({ type: 'ACCEPT_ERROR', error })) {
          emit('failed', offer, {
            optionId,
            fulfillmentId: fulfillment.id,
            errorCode: 'unsafe_redirect',
          });
        }
        report(error);
      }
      return kind === 'checkout' || kind === 'poll';
    };
    /** Where the browser may go, read when it would go. */
    const rules = () => ({
      pageUrl: currentPage(),
      allowedRedirectHosts: options().allowedRedirectHosts,
    });
    const next = decideAfterAccept({
      option,
      answer,
      hasOnCheckout: !!options().onCheckout,
      ...rules(),
    });
    // billing_update, webhook, email, in-app checkout: poll until settled, with backoff; not
    // for a prompt that unmounted while the accept request was in flight.
    if (!act(next) || !host.mounted()) return;
    polling?.abort();
    const { signal } = (polling = new AbortController());
    try {
      const polled = await client.pollFulfillment(fulfillment.id, offer.token, {
        signal,
        timeoutMs: options().pollTimeoutMs,
        onUpdate: (update) => send({ type: 'FULFILLMENT_UPDATE', fulfillment: update }),
      });
      send(
        polled.timedOut
          ? { type: 'TIMEOUT' }
          : { type: 'FULFILLMENT_UPDATE', fulfillment: polled.fulfillment },
      );
      if (!polled.timedOut) {
        settled(polled.fulfillment);
        act(decideAfterPoll(polled.fulfillment, rules()));
      }
    } catch (error) {
      // An abort is the unmount's decision (`stop`), not a failure.
      if (!signal.aborted) fail(error, fulfillment.id);
    }
  }

  return {
    // An app callback (onEvent, onCheckout, navigate) that throws is the app's error: reported,
    // never a rejection that nobody awaits (a click handler calls `void accept(…)`).
    accept: (optionId) => run(optionId).catch(report),
    abort: () => polling?.abort(),
  };
}
