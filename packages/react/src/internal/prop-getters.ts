'use client';
import type { OfferStatus } from '@upsell-kit/core';
import type { RefCallback } from 'react';
import type { UpsellMessages } from '../default-messages';
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

/** What the prop getters of one render are built from. */
export interface PropGetterInputs {
  /** `useId()`: the parts' ids derive from it. */
  id: string;
  status: OfferStatus;
  modal: boolean;
  messages: UpsellMessages;
  message: string;
  /** Sanitized once per offer content (see the hook). */
  titleHtml: { __html: string };
  descriptionHtml: { __html: string };
  /** Whether an option can be accepted now (`canAccept`). */
  acceptable: boolean;
  /** The option being accepted and fulfilled (busy), else `null`. */
  pressed: string | null;
  /** The root's ref composed with the caller's: the same callback while the caller's ref is. */
  composeRoot: (theirs: RefCallback<HTMLElement> | undefined) => RefCallback<HTMLElement>;
  onAccept: (optionId: string) => void;
  dismiss: () => void;
}

/**
 * The prop getters (Downshift style): each part's own attributes, then `data-state`, then the
 * caller's props, with the caller's handlers composed in front of ours.
 */
export function createPropGetters(inputs: PropGetterInputs): PropGetters {
  const { id, status, modal, messages, message, titleHtml, descriptionHtml } = inputs;
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
          // A dialog takes focus itself when it opens (by script only, never by Tab); a region never
          // does: focus stays where the user put it.
          tabIndex: modal ? -1 : undefined,
          'aria-labelledby': `${id}-title`,
          'aria-modal': modal || undefined,
          'aria-describedby': modal ? `${id}-description` : undefined,
        },
        props,
      ),
      ref: inputs.composeRoot(props.ref as RefCallback<HTMLElement> | undefined),
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
          'aria-disabled': !inputs.acceptable || undefined,
          'aria-busy': inputs.pressed === option.id || undefined,
          'data-option-id': option.id,
        },
        {
          ...props,
          onClick: composeEventHandlers(props.onClick, (event) => {
            if (inputs.acceptable) inputs.onAccept(option.id);
            else event.preventDefault();
          }),
        },
      ),
    getDismissProps: (props = {}) =>
      part(
        { type: 'button', 'aria-label': messages.dismiss },
        { ...props, onClick: composeEventHandlers(props.onClick, inputs.dismiss) },
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
