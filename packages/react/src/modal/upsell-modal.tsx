'use client';
import { useState } from 'react';
import type { Ref } from 'react';
import { createPortal } from 'react-dom';
import { renderPrompt } from '../internal/render-prompt';
import { usePrompt } from '../use-prompt';
import { useRefComposer } from '../internal/use-ref-composer';
import { UpsellActions } from '../parts/upsell-actions';
import { UpsellDescription } from '../parts/upsell-description';
import { UpsellDismiss } from '../parts/upsell-dismiss';
import { UpsellStatus } from '../parts/upsell-status';
import { UpsellTitle } from '../parts/upsell-title';
import type { UpsellPromptProps } from '../upsell-prompt-props';
import type { UpsellElementProps, UseUpsellOfferResult } from '../use-upsell-offer-result';
import { useFocusTrap } from './use-focus-trap';

/** Props of {@link UpsellModal}. */
export interface UpsellModalProps extends UpsellPromptProps {
  /**
   * Where to portal the dialog.
   * @default document.body
   * @example <UpsellModal custom={custom} container={document.getElementById('modals')} />
   */
  container?: Element | null;
}

/**
 * A modal dialog (`role="dialog"`, `aria-modal`), named by the offer's title and described by its
 * description. Focus moves in when it opens, stays inside while open and returns to the opener
 * when it closes; Escape closes it and counts as a dismissal. Opens by itself when an offer
 * arrives unless `defaultOpen={false}` or controlled through `open`.
 *
 * @example
 * <UpsellModal custom={{ seats_used: 10 }} onOpenChange={(open) => console.log(open)} />
 */
export function UpsellModal(props: UpsellModalProps) {
  const { upsell, visible, close } = usePrompt(props, 'modal');
  // The dialog element, as state: the focus trap (de)activates when it (un)mounts.
  const [dialog, setDialog] = useState<HTMLElement | null>(null);
  useFocusTrap(visible ? dialog : null, close);
  const composeDialog = useRefComposer<HTMLElement>(setDialog);
  if (!visible) return null;
  // Every root the caller builds goes through the trap's ref too.
  const trapped: UseUpsellOfferResult = {
    ...upsell,
    getRootProps: <E extends HTMLElement = HTMLDivElement>(p: UpsellElementProps<E> = {}) =>
      upsell.getRootProps<E>({ ...p, ref: composeDialog(p.ref as Ref<HTMLElement>) }),
  };
  return createPortal(
    <div className="upsell-overlay" data-state={upsell.status}>
      {renderPrompt(
        trapped,
        props,
        'upsell-modal',
        <>
          <UpsellTitle />
          <UpsellDescription />
          <UpsellStatus />
          <UpsellActions />
          <UpsellDismiss />
        </>,
      )}
    </div>,
    props.container ?? document.body,
  );
}
