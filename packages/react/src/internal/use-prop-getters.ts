'use client';
import { canAccept, sanitizeOfferHtml } from '@upsell-kit/core';
import type { OfferState, OfferStatus } from '@upsell-kit/core';
import { useId, useMemo } from 'react';
import type { RefCallback } from 'react';
import type { UseUpsellOfferResult } from '../use-upsell-offer-result';
import { composeEventHandlers } from './compose-event-handlers';

type PropGetters = Pick<
  UseUpsellOfferResult,
  | 'getRootProps'
  | 'getTitleProps'
  | 'getDescriptionProps'
  | 'getCtaProps'
  | 'getDismissProps'
  | 'getStatusProps'
>;

/**
 * The prop getters (Downshift style): each part's own attributes, then `data-state`, then the
 * caller's props, with the caller's handlers composed in front of ours. The parts' ids derive from
 * one `useId`; the title and description are sanitized once per offer content, never per render
 * (`sanitizeOfferHtml` memoizes per string too).
 */
export function usePropGetters(
  state: OfferState,
  { message, messages, dismiss }: Pick<UseUpsellOfferResult, 'message' | 'messages' | 'dismiss'>,
  modal: boolean,
  /** The root's ref composed with the caller's: the same callback while the caller's ref is. */
  composeRoot: (theirs: RefCallback<HTMLElement> | undefined) => RefCallback<HTMLElement>,
  onAccept: (optionId: string) => void,
): PropGetters {
  const { status, offer } = state;
  const id = useId();
  const title = offer?.content.title;
  const description = offer?.content.description;
  // Links open a new tab and say so (`messages.newTab`, for screen readers).
  const newTabLabel = messages.newTab;
  const titleHtml = useMemo(
    () => ({ __html: sanitizeOfferHtml(title as string, { newTabLabel }) }),
    [title, newTabLabel],
  );
  const descriptionHtml = useMemo(
    () => ({ __html: sanitizeOfferHtml(description as string, { newTabLabel }) }),
    [description, newTabLabel],
  );
  const acceptable = canAccept(state);
  // The option being accepted and fulfilled: its button says it is busy (spinner, aria-busy).
  const pressed =
    (status === 'accepting' || status === 'fulfilling') && !state.stillProcessing
      ? state.optionId
      : null;
  /** Every part: its own attributes, then `data-state`, then the caller's props. */
  const part = <O, P>(own: O, props?: P): O & { 'data-state': OfferStatus } & P => ({
    ...own,
    'data-state': status,
    ...(props as P),
  });
  return {
    // No aria-busy on the root: screen readers hold back a busy region's live updates, and the
    // status region inside it must announce "Processing…" at once.
    getRootProps: (props = {}) => ({
      ...part(
        {
          role: modal ? 'dialog' : 'region',
          'aria-labelledby': `${id}-title`,
          // A dialog takes focus itself when it opens (by script only, never by Tab); a region never
          // does: focus stays where the user put it.
          ...(modal && {
            tabIndex: -1,
            'aria-modal': true,
            'aria-describedby': `${id}-description`,
          }),
        },
        props,
      ),
      ref: composeRoot(props.ref as RefCallback<HTMLElement> | undefined),
    }),
    getTitleProps: (props) => ({
      ...part({ id: `${id}-title`, role: 'heading', 'aria-level': 2 }, props),
      dangerouslySetInnerHTML: titleHtml,
    }),
    getDescriptionProps: (props) => ({
      ...part({ id: `${id}-description` }, props),
      dangerouslySetInnerHTML: descriptionHtml,
    }),
    // `aria-disabled`, not `disabled`: a disabled button loses focus (to the body, or to the
    // prompt with a ring around it), and the keyboard user who pressed it would start over. The
    // pressed button keeps focus and says it is busy; activation is ignored until the outcome.
    getCtaProps: (option, props = {}) =>
      part(
        {
          type: 'button',
          'aria-disabled': !acceptable || undefined,
          'aria-busy': pressed === option.id || undefined,
          'data-option-id': option.id,
        },
        {
          ...props,
          onClick: composeEventHandlers(props.onClick, (event) => {
            if (acceptable) onAccept(option.id);
            else event.preventDefault();
          }),
        },
      ),
    getDismissProps: (props = {}) =>
      part(
        { type: 'button', 'aria-label': messages.dismiss },
        { ...props, onClick: composeEventHandlers(props.onClick, dismiss) },
      ),
    getStatusProps: (props) =>
      part(
        {
          id: `${id}-status`,
          role: 'status',
          'aria-live': 'polite',
          'aria-atomic': true,
          children: message,
        },
        props,
      ),
  };
}
