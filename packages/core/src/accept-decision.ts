import type { FulfillmentCreateResult } from './client';
import { allowsNavigation } from './is-allowed-navigation';
import type { NavigationKind } from './is-allowed-navigation';
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

/** Where the browser may go, as {@link decideAfterAccept} and {@link decideAfterPoll} take it. */
export interface NavigationInput {
  /** The page URLs are resolved against and compared with (`location.href` in a browser). */
  pageUrl: string | undefined;
  /** The app's extra hosts for checkouts and redirects (see `NavigationRules`). */
  allowedRedirectHosts: readonly string[] | undefined;
}

/** What {@link decideAfterAccept} decides from. */
export interface AfterAcceptInput extends NavigationInput {
  /** The option accepted, as the offer lists it (`undefined` if it does not). */
  option: OfferOption | undefined;
  /** What `POST /fulfillments` answered (created or replayed). */
  answer: Pick<FulfillmentCreateResult, 'fulfillment' | 'hosted_page' | 'replayed'>;
  /** Whether the app opens checkouts itself (`onCheckout`) instead of a full-page navigation. */
  hasOnCheckout: boolean;
}

const SETTLED: AcceptDecision = { kind: 'settled' };
const POLL: AcceptDecision = { kind: 'poll' };

const refuse = (url: string, what: string): AcceptDecision => ({
  kind: 'refuse',
  url,
  message: `Refused to ${what} an unsafe or unlisted URL (see allowedRedirectHosts): ${url}`,
});

/** Leaves the page for `url` when the kit may go there; refuses it otherwise. */
const go = (url: string, kind: NavigationKind, rules: NavigationInput): AcceptDecision =>
  allowsNavigation(url, kind, rules) ? { kind: 'navigate', url } : refuse(url, 'navigate to');

/**
 * What happens after `POST /fulfillments` answered, by the option's `processing_type`:
 *
 * | answer                                                   | decision                               |
 * | -------------------------------------------------------- | -------------------------------------- |
 * | `failed`                                                 | `settled`                              |
 * | checkout in progress with a page, no `onCheckout`        | `navigate` to the page (else `refuse`) |
 * | checkout in progress with a page, `onCheckout`           | `checkout`, then poll (else `refuse`)  |
 * | url_redirect with a URL (the fulfillment's, else option's) | `navigate` (else `refuse`)           |
 * | `completed` billing_update with a `redirect_url`         | `navigate` (else `refuse`)             |
 * | any other final answer                                   | `settled`                              |
 * | anything else (`in_progress`, or a status not known yet) | `poll`                                 |
 *
 * A checkout page may be on the page's own origin, under `chargebee.com` or on a host of
 * `allowedRedirectHosts`; a redirect on the page's own origin or a listed host (see
 * `isAllowedNavigation`). Pure: it reads nothing but its input.
 *
 * @example
 * decideAfterAccept({ option, answer, hasOnCheckout: false, pageUrl: location.href, allowedRedirectHosts: [] });
 * // → { kind: 'navigate', url: 'https://acme.chargebee.com/pages/v4/…' }
 */
export function decideAfterAccept(input: AfterAcceptInput): AcceptDecision {
  const { option, answer, hasOnCheckout } = input;
  const { fulfillment, hosted_page: page } = answer;
  const { status } = fulfillment;
  if (status === 'failed') return SETTLED;
  // Chargebee Growth is early access: a status the kit does not know yet is not final, and is
  // polled like `in_progress` (the lifecycle shows it as `fulfilling`, the client polls on).
  const inProgress = status !== 'completed';
  const type = option?.processing_type;
  if (type === 'checkout' && page && inProgress) {
    // The app's own checkout (then polled), else a full-page navigation. A refusal shows in the
    // prompt: polling a page that never opened would stall on "Processing…".
    if (!hasOnCheckout) return go(page.url, 'checkout', input);
    // The app's drawer would load it in an iframe or assign it: checked like a navigation.
    return allowsNavigation(page.url, 'checkout', input)
      ? { kind: 'checkout', page, layout: option?.processing_layout ?? null }
      : refuse(page.url, 'hand onCheckout');
  }
  const redirect = type === 'url_redirect' && (fulfillment.redirect_url ?? option?.redirect_url);
  if (redirect) return go(redirect, 'redirect', input);
  return inProgress ? POLL : decideAfterPoll(fulfillment, input);
}

/**
 * What happens once polling read a final fulfillment. Chargebee returns `redirect_url` "only if
 * … billing_update or url_redirect": after a billing_update completes, the browser goes there
 * when it is an allowed redirect (else `refuse`: the prompt stays completed, the refusal is
 * reported).
 *
 * @example decideAfterPoll(fulfillment, { pageUrl: location.href, allowedRedirectHosts: [] }) // → { kind: 'settled' }
 */
export function decideAfterPoll(fulfillment: Fulfillment, rules: NavigationInput): AcceptDecision {
  const { processing_type: type, status, redirect_url: url } = fulfillment;
  return type === 'billing_update' && status === 'completed' && url
    ? go(url, 'redirect', rules)
    : SETTLED;
}
