'use client';
import type { ButtonHTMLAttributes } from 'react';
import { cx } from '../internal/cx';
import { useUpsellPrompt } from './upsell-prompt-context';

/** Props of {@link UpsellDismiss}. */
export type UpsellDismissProps = ButtonHTMLAttributes<HTMLButtonElement>;

/**
 * The dismiss button: "×" named by `messages.dismiss` ("Dismiss"), or your children (which then
 * name it).
 * Closes the prompt; in `ready` it also records the dismissal. Marked `data-upsell-dismiss`, which
 * `UpsellModal`'s `initialFocus="dismiss"` looks for.
 *
 * @example <UpsellDismiss className="close" />
 */
export function UpsellDismiss({ className, children, ...props }: UpsellDismissProps) {
  const { getDismissProps } = useUpsellPrompt();
  // Visible text of the caller's names the button itself (label in name, WCAG 2.5.3).
  const label = children === undefined ? {} : { 'aria-label': undefined };
  return (
    <button
      data-upsell-dismiss=""
      {...getDismissProps({ ...label, ...props, className: cx('upsell-dismiss', className) })}
    >
      {children ?? <span aria-hidden="true">×</span>}
    </button>
  );
}
