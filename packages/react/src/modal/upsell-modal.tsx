'use client';
import { useRef, useState } from 'react';
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
import type { InitialFocus } from './use-focus-trap';
import { useIdle } from './use-idle';
import { useModalBackground } from './use-modal-background';

/**
 * How long the user must not have typed before an uncontrolled modal opens by itself: long enough
 * that an Enter meant for the page never lands in the dialog, short enough to feel immediate.
 */
const IDLE_MS = 1500;

/** Props of {@link UpsellModal}. */
export interface UpsellModalProps extends UpsellPromptProps {
  /**
   * Where to portal the dialog.
   * @default document.body
   * @example <UpsellModal custom={custom} container={document.getElementById('modals')} />
   */
  container?: Element | null;
  /**
   * Where focus goes when the dialog opens: the dialog itself (screen readers read its title and
   * description), the dismiss button, or an element of yours inside it. Never an option by
   * default: a keystroke meant for the page must not accept an offer.
   * @default 'dialog'
   * @example <UpsellModal custom={custom} initialFocus="dismiss" />
   */
  initialFocus?: InitialFocus;
  /**
   * Whether a click on the overlay (outside the dialog) closes it; it then counts as a dismissal,
   * like Escape and the dismiss buttons. Focus stays in the dialog either way.
   * @default true
   * @example <UpsellModal custom={custom} closeOnOutsideClick={false} />
   */
  closeOnOutsideClick?: boolean;
}

/**
 * A modal dialog (`role="dialog"`, `aria-modal`), named by the offer's title and described by its
 * description, as in WAI-ARIA's dialog pattern and Radix Dialog: focus moves to the dialog when it
 * opens (see `initialFocus`), stays inside while open and returns to the opener when it closes;
 * the page behind is inert and does not scroll; Escape, the corner × and "Not now" close it (a
 * dismissal), and so does a click on the overlay unless `closeOnOutsideClick={false}`. The header
 * and the actions stay in view while a long description scrolls.
 *
 * Uncontrolled, it opens by itself when an offer arrives, but only once the user is idle: no
 * keystroke for 1.5 s and no text field focused (typing in a field holds it back until the field
 * loses focus). `defaultOpen={false}` keeps it closed; with `open` / `onOpenChange` the app
 * decides when it opens and this rule does not apply.
 *
 * @example
 * <UpsellModal custom={{ seats_used: 10 }} onOpenChange={(open) => console.log(open)} />
 */
export function UpsellModal(props: UpsellModalProps) {
  const { upsell, visible, close } = usePrompt(props, 'modal');
  const { initialFocus, closeOnOutsideClick = true } = props;
  const idle = useIdle(visible && props.open === undefined, IDLE_MS);
  const shown = visible && (props.open !== undefined || idle);
  // The dialog and the overlay, as state: the trap and the inert background follow them.
  const [dialog, setDialog] = useState<HTMLElement | null>(null);
  const [overlay, setOverlay] = useState<HTMLDivElement | null>(null);
  const pressedOutside = useRef(false);
  useFocusTrap(shown ? dialog : null, close, initialFocus);
  useModalBackground(shown ? overlay : null);
  const composeDialog = useRefComposer<HTMLElement>(setDialog);
  if (!shown) return null;
  // Every root the caller builds goes through the trap's ref too.
  const trapped: UseUpsellOfferResult = {
    ...upsell,
    getRootProps: <E extends HTMLElement = HTMLDivElement>(p: UpsellElementProps<E> = {}) =>
      upsell.getRootProps<E>({ ...p, ref: composeDialog(p.ref as Ref<HTMLElement>) }),
  };
  return createPortal(
    // Pointer input only: Escape is the keyboard's way out (handled by the focus trap).
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions
    <div
      ref={setOverlay}
      className="upsell-overlay"
      data-state={upsell.status}
      onMouseDown={(event) => {
        pressedOutside.current = event.target === event.currentTarget;
        // A press on the overlay would move focus to the body, out of the dialog.
        if (pressedOutside.current) event.preventDefault();
      }}
      onClick={(event) => {
        // Pressed and released on the overlay: a drag that started in the dialog (selecting its
        // text) and ended outside is no outside click.
        if (closeOnOutsideClick && pressedOutside.current && event.target === event.currentTarget)
          close();
        pressedOutside.current = false;
      }}
    >
      {renderPrompt(
        trapped,
        props,
        'upsell-modal',
        <>
          <div className="upsell-modal-header">
            <UpsellTitle />
            <UpsellDismiss />
          </div>
          <div className="upsell-modal-body">
            <UpsellDescription />
            <UpsellStatus />
          </div>
          <UpsellActions notNow className="upsell-modal-footer" />
        </>,
      )}
    </div>,
    props.container ?? document.body,
  );
}
