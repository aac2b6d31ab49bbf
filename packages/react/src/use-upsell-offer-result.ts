import type { Fulfillment, Offer, OfferOption, OfferStatus, UpsellError } from '@upsell-kit/core';
import type { ButtonHTMLAttributes, HTMLAttributes, Ref } from 'react';
import type { UpsellMessages } from './default-messages';

/** Attributes and ref of an element a prop getter is spread on. */
export type UpsellElementProps<E extends HTMLElement> = HTMLAttributes<E> & { ref?: Ref<E> };
type Props<E extends HTMLElement> = UpsellElementProps<E>;
type DataState = { 'data-state': OfferStatus };

/** What {@link useUpsellOffer} returns: state, actions and prop getters. */
export interface UseUpsellOfferResult {
  /** The lifecycle state, also set as `data-state` on every part. */
  status: OfferStatus;
  /** The offer on display, or `null`. */
  offer: Offer | null;
  /** The fulfillment once an option was accepted. */
  fulfillment: Fulfillment | null;
  /** The last error (a failed fetch or accept request). */
  error: UpsellError | Error | null;
  /** The text announced in the status region for the current state ('' when there is none). */
  message: string;
  /** `true` when polling gave up while the fulfillment was still in progress. */
  stillProcessing: boolean;
  /** The messages in use (the provider's, merged over the defaults). */
  messages: UpsellMessages;
  /**
   * Accepts an option. Only acts in `ready` (a second call is a no-op) or after the accept request
   * or a status read failed (`error` with the offer on screen: trying again never creates a second
   * fulfillment). Records the view first when
   * it was not yet counted (the user saw what they accepted).
   */
  accept: (optionId: string) => Promise<void>;
  /**
   * Records the dismissal (once) and hides this offer until it expires. Only acts in `ready`.
   * Records the view first when it was not yet counted (the user saw what they closed).
   */
  dismiss: () => void;
  /** Records the display (once). Called for you when the root from `getRootProps` is shown. */
  markViewed: () => void;
  /** Fetches the offer again. */
  refetch: () => void;
  /** Props of the container: id, role (`region` or `dialog`), ARIA names, `data-state`, ref. */
  getRootProps: <E extends HTMLElement = HTMLDivElement>(props?: Props<E>) => Props<E> & DataState;
  /** Props of the title: id, heading role and the sanitized title HTML. */
  getTitleProps: <E extends HTMLElement = HTMLDivElement>(props?: Props<E>) => Props<E> & DataState;
  /** Props of the description: id and the sanitized description HTML. */
  getDescriptionProps: <E extends HTMLElement = HTMLDivElement>(
    props?: Props<E>,
  ) => Props<E> & DataState;
  /**
   * Props of an option's button: accepts on click. `aria-disabled="true"` (activation ignored,
   * focus kept) unless an option can be accepted (`ready`, or `error` after a failed request);
   * the pressed one is `aria-busy="true"` while it is accepted and fulfilled. Render the label.
   */
  getCtaProps: (
    option: OfferOption,
    props?: ButtonHTMLAttributes<HTMLButtonElement>,
  ) => ButtonHTMLAttributes<HTMLButtonElement> & DataState & { 'data-option-id': string };
  /** Props of the dismiss button: named by `messages.dismiss`, dismisses on click. */
  getDismissProps: (
    props?: ButtonHTMLAttributes<HTMLButtonElement>,
  ) => ButtonHTMLAttributes<HTMLButtonElement> & DataState;
  /** Props of the `role="status"` live region, with the current message as children. */
  getStatusProps: <E extends HTMLElement = HTMLDivElement>(
    props?: Props<E>,
  ) => Props<E> & DataState;
}
