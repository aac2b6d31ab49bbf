import type { FulfillmentCreateResult } from './client';
import { isSafeUrl } from './is-safe-url';
import type { Fulfillment, HostedPage, OfferOption, ProcessingLayout } from './types';

/**
 * What the accept flow does next, as plain data: decided by {@link decideAfterAccept} and
 * {@link decideAfterPoll} without side effects, carried out by the controller's accept flow.
 */
export type AcceptDecision =
  /** Leave the page for `url` (a full-page checkout, a redirect): nothing is polled. */
  | { kind: 'navigate'; url: string }
  /** Hand the hosted page to the app's `onCheckout`, then poll until the fulfillment settles. */
  | { kind: 'checkout'; page: HostedPage; layout: ProcessingLayout | null }
  /** A URL the kit may not open: the prompt shows `unsafe_redirect`, and it is reported. */
  | { kind: 'refuse'; url: string; message: string }
  /** Poll the fulfillment until it settles (billing_update, webhook, email, …). */
  | { kind: 'poll' }
  /** Nothing more to do: the fulfillment is final and leads nowhere. */
  | { kind: 'settled' };

/** What {@link decideAfterAccept} decides from. */
export interface AfterAcceptInput {
  /** The option accepted, as the offer lists it (`undefined` if it does not). */
  option: OfferOption | undefined;
  /** What `POST /fulfillments` answered (created or replayed). */
  answer: Pick<FulfillmentCreateResult, 'fulfillment' | 'hosted_page' | 'replayed'>;
  /** Whether the app opens checkouts itself (`onCheckout`) instead of a full-page navigation. */
  hasOnCheckout: boolean;
  /** The page URLs are resolved against and compared with (`location.href` in a browser). */
  pageUrl: string | undefined;
}

const SETTLED: AcceptDecision = { kind: 'settled' };
const POLL: AcceptDecision = { kind: 'poll' };

/** Leaves the page for `url` when the kit may open it; refuses it otherwise. */
const go = (url: string, pageUrl: string | undefined): AcceptDecision =>
  isSafeUrl(url, pageUrl)
    ? { kind: 'navigate', url }
    : { kind: 'refuse', url, message: `Refused to navigate to an unsafe URL: ${url}` };

/**
 * What happens after `POST /fulfillments` answered, by the option's `processing_type`:
 *
 * | answer                                              | decision                               |
 * | --------------------------------------------------- | -------------------------------------- |
 * | `failed`                                            | `settled`                              |
 * | checkout in progress with a page, no `onCheckout`   | `navigate` to the page (else `refuse`) |
 * | checkout in progress with a page, `onCheckout`      | `checkout`, then poll (else `refuse`)  |
 * | url_redirect with a URL (the fulfillment's, option's) | `navigate` (else `refuse`)           |
 * | `completed` billing_update with a `redirect_url`    | `navigate` (else `refuse`)             |
 * | any other final answer                              | `settled`                              |
 * | anything else (`in_progress`, or a status not known yet) | `poll`                             |
 *
 * A refused URL is one {@link isSafeUrl} refuses. Pure: the same input, the same decision.
 *
 * @example
 * decideAfterAccept({ option, answer, hasOnCheckout: false, pageUrl: location.href });
 * // → { kind: 'navigate', url: 'https://acme.chargebee.com/pages/v4/…' }
 */
export function decideAfterAccept({
  option,
  answer: { fulfillment, hosted_page: page },
  hasOnCheckout,
  pageUrl,
}: AfterAcceptInput): AcceptDecision {
  const { status } = fulfillment;
  if (status === 'failed') return SETTLED;
  // Chargebee Growth is early access: a status the kit does not know yet is not final, and is
  // polled like `in_progress` (the lifecycle shows it as `fulfilling`, the client polls on).
  const inProgress = status !== 'completed';
  const type = option?.processing_type;
  if (type === 'checkout' && page && inProgress) {
    // The app's own checkout (then polled), else a full-page navigation. A refusal shows in the
    // prompt: polling a page that never opened would stall on "Processing…".
    if (!hasOnCheckout) return go(page.url, pageUrl);
    // The app's drawer would load it in an iframe or assign it: checked like a navigation.
    return isSafeUrl(page.url, pageUrl)
      ? { kind: 'checkout', page, layout: option?.processing_layout ?? null }
      : {
          kind: 'refuse',
          url: page.url,
          message: `Refused to hand an unsafe checkout URL to onCheckout: ${page.url}`,
        };
  }
  const redirect = type === 'url_redirect' && (fulfillment.redirect_url ?? option?.redirect_url);
  if (redirect) return go(redirect, pageUrl);
  return inProgress ? POLL : decideAfterPoll(fulfillment, pageUrl);
}

/**
 * What happens once polling read a final fulfillment. Chargebee returns `redirect_url` "only if
 * … billing_update or url_redirect": after a billing_update completes, the browser goes there
 * when the kit may open it (else `refuse`: the prompt stays completed, the refusal is reported).
 *
 * @example decideAfterPoll(fulfillment, location.href) // → { kind: 'settled' }
 */
export function decideAfterPoll(
  fulfillment: Fulfillment,
  pageUrl: string | undefined,
): AcceptDecision {
  const { processing_type: type, status, redirect_url: url } = fulfillment;
  return type === 'billing_update' && status === 'completed' && url ? go(url, pageUrl) : SETTLED;
}
